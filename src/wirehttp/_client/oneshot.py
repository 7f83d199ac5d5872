"""`wirehttp.request()`: one request with a session of its own, closed with the response.

Owns only that function (aiohttp's module-level `request`); everything else is the session's.
Must not import `_server` or `_web`.
"""

from __future__ import annotations

import asyncio
from typing import Any

from yarl import URL

from .connector.base import BaseConnector
from .connector.tcp import TCPConnector
from .response import SessionRequestContextManager
from .session import ClientSession

__all__ = ("request",)


def request(
    method: str,
    url: str | URL,
    *,
    connector: BaseConnector | None = None,
    loop: asyncio.AbstractEventLoop | None = None,
    **kwargs: Any,
) -> SessionRequestContextManager:
    """One request with a session of its own: `async with wirehttp.request("GET", url) as r:`."""
    session_kw = {
        k: kwargs.pop(k)
        for k in (
            "timeout",
            "cookies",
            "version",
            "connector_owner",
            "raise_for_status",
            "read_bufsize",
            "max_line_size",
            "max_field_size",
            "auto_decompress",
        )
        if k in kwargs
    }
    if connector is None:
        connector = TCPConnector(force_close=True)
        session_kw["connector_owner"] = True
    session = ClientSession(connector=connector, **session_kw)
    if (tracker := kwargs.get("upload_tracker")) is None:
        return SessionRequestContextManager(session._request(method, url, **kwargs), session)
    running = tracker._run(session._request, method, url, **kwargs)  # upload_tracker.py
    return SessionRequestContextManager(running, session)


request.__module__ = "wirehttp"

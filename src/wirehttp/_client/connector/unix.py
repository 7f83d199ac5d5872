"""Connections over a Unix domain socket.

Owns `UnixConnector` (public as `wirehttp.UnixConnector`): every key connects to the one socket
`path`; the URL's host only names the server in the request. Imports nothing from _server or _web.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Sequence
from typing import Any

from ..exceptions import ClientConnectorError, ConnectionTimeoutError
from ..timeouts import ClientTimeout
from .base import BaseConnector
from .protocol import ResponseHandler
from .within import within

__all__ = ("UnixConnector",)


class UnixConnector(BaseConnector):
    """Connections to the Unix socket at `path`."""

    def __init__(self, path: str | os.PathLike[str], **base: Any) -> None:
        super().__init__(**base)
        self._path = os.fspath(path)

    @property
    def path(self) -> str:
        return self._path

    async def _create_connection(
        self, req: Any, traces: Sequence[Any], timeout: ClientTimeout
    ) -> tuple[asyncio.Transport, ResponseHandler]:
        try:
            transport, protocol = await within(
                timeout.sock_connect,
                self._loop.create_unix_connection(lambda: ResponseHandler(self._loop), self._path),
            )
        except asyncio.TimeoutError as exc:
            raise ConnectionTimeoutError(f"Connection timeout to {self._path}") from exc
        except OSError as exc:
            raise ClientConnectorError(req.connection_key, exc) from exc
        return transport, protocol


UnixConnector.__module__ = "wirehttp"

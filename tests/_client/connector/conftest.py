"""Fixtures for connector tests: a real wirehttp server on loopback and a stand-in request.

`served` starts an Application on 127.0.0.1:0 (optionally TLS, or on a Unix socket) and tears
it down after the test. The helpers live in connector_helpers.py.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest
from connector_helpers import peer_port_app

from wirehttp import web

CLEANUP_TIMEOUT = 10.0


@pytest.fixture
def served(loop: asyncio.AbstractEventLoop) -> Iterator[Callable[..., Awaitable[Any]]]:
    """`await served(site_factory=..., **runner_kwargs)` -> (runner, port or path)."""
    runners: list[Any] = []

    async def start(
        *, ssl_context: ssl.SSLContext | None = None, unix_path: str | None = None, **kwargs: Any
    ) -> Any:
        runner = web.AppRunner(peer_port_app(), shutdown_timeout=2.0, **kwargs)
        await runner.setup()
        runners.append(runner)
        if unix_path is not None:
            await web.UnixSite(runner, unix_path).start()
            return unix_path
        await web.TCPSite(runner, "127.0.0.1", 0, ssl_context=ssl_context).start()
        return runner.addresses[0][1]

    yield start
    for runner in reversed(runners):
        loop.run_until_complete(asyncio.wait_for(runner.cleanup(), CLEANUP_TIMEOUT))

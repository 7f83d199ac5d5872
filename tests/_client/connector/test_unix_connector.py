"""UnixConnector against a wirehttp UnixSite."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest
from connector_helpers import FakeRequest, get, make_key

from wirehttp import ClientConnectorError, ClientTimeout, UnixConnector

Serve = Callable[..., Awaitable[Any]]
TIMEOUT = ClientTimeout(total=10, sock_connect=5)


@pytest.fixture
def sock_path() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as tmp:
        yield os.path.join(tmp, "server.sock")


async def test_request_over_unix_socket_and_reuse(served: Serve, sock_path: str) -> None:
    await served(unix_path=sock_path)
    req = FakeRequest(make_key("localhost", 80))
    async with UnixConnector(sock_path) as connector:
        assert connector.path == sock_path
        conn = await connector.connect(req, [], TIMEOUT)
        proto = conn.protocol
        assert await get(conn, host="localhost") == (200, b"unix")
        conn.release()
        conn = await connector.connect(req, [], TIMEOUT)
        assert conn.protocol is proto
        conn.release()


async def test_missing_socket_is_connector_error(sock_path: str) -> None:
    async with UnixConnector(sock_path) as connector:
        with pytest.raises(ClientConnectorError):
            await connector.connect(FakeRequest(make_key("localhost", 80)), [], TIMEOUT)

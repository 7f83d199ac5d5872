"""enable_cleanup_closed: a TLS connection whose peer never answers close_notify is aborted.

The peer is a TLS server on loopback (trustme certificate) run on a MemoryBIO, so the test
decides what it sends: it answers one request, notes the client's close_notify, and never sends
its own. Closing then cannot complete on the client's side (asyncio would wait for its 30 s
ssl_shutdown_timeout); with the option on, the connector aborts the transport after the cleanup
delay (shortened here) and the server sees its connection end.
"""

from __future__ import annotations

import asyncio
import ssl
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, cast

import aiohttp
import pytest
import trustme
from connector_helpers import FakeRequest, get, make_key

from wirehttp import ClientTimeout, TCPConnector
from wirehttp._client.connector import cleanup_closed
from wirehttp._client.connector.connection import Connection

Serve = Callable[..., Awaitable[Any]]
TIMEOUT = ClientTimeout(total=10, sock_connect=5)
WAIT = 10.0
SHORT_DELAY = 0.1
HOST = "tls.test"
REPLY = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"


class SilentCloser(asyncio.Protocol):
    """A TLS server on a MemoryBIO that answers each request and never sends close_notify."""

    def __init__(self, ctx: ssl.SSLContext) -> None:
        self.incoming, self.outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        self.tls = ctx.wrap_bio(self.incoming, self.outgoing, server_side=True)
        self.transport: asyncio.Transport | None = None
        self.handshaken = False
        self.request = b""
        self.close_notify = asyncio.Event()
        self.lost = asyncio.Event()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's is not a subclass

    def data_received(self, data: bytes) -> None:
        self.incoming.write(data)
        try:
            if not self.handshaken:
                self.tls.do_handshake()
                self.handshaken = True
            while chunk := self.tls.read(65536):
                self.request += chunk
                if self.request.endswith(b"\r\n\r\n"):
                    self.request = b""
                    self.tls.write(REPLY)
            # an empty read is the client's close_notify; deliberately no unwrap(): ours
            # never goes out
            self.close_notify.set()
        except ssl.SSLWantReadError:
            pass
        self._flush()

    def _flush(self) -> None:
        data = self.outgoing.read()
        if data and self.transport is not None:
            self.transport.write(data)

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost.set()


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@asynccontextmanager
async def silent_server(ca: trustme.CA) -> AsyncIterator[tuple[int, list[SilentCloser]]]:
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(HOST).configure_cert(ctx)
    peers: list[SilentCloser] = []

    def factory() -> SilentCloser:
        peers.append(SilentCloser(ctx))
        return peers[-1]

    server = await asyncio.get_running_loop().create_server(factory, "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1], peers
    finally:
        server.close()
        for peer in peers:
            if peer.transport is not None:
                peer.transport.abort()
        await server.wait_closed()


async def _tls_served(served: Serve, ca: trustme.CA) -> int:
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(HOST).configure_cert(ctx)
    port: int = await served(ssl_context=ctx)
    return port


def _client_ctx(ca: trustme.CA) -> ssl.SSLContext:
    ctx = ssl.create_default_context()
    ca.configure_trust(ctx)
    return ctx


async def _used_connection(connector: TCPConnector, port: int, ca: trustme.CA) -> Connection:
    key = make_key("127.0.0.1", port, is_ssl=True, ssl_setting=_client_ctx(ca))
    conn = await connector.connect(FakeRequest(key, server_hostname=HOST), [], TIMEOUT)
    assert (await get(conn))[0] == 200
    return conn


@pytest.fixture
def short_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cleanup_closed, "NEEDS_CLEANUP_CLOSED", True)
    monkeypatch.setattr(cleanup_closed, "CLEANUP_CLOSED_DELAY", SHORT_DELAY)


@pytest.mark.usefixtures("short_delay")
async def test_unanswered_close_notify_is_aborted(ca: trustme.CA) -> None:
    async with (
        silent_server(ca) as (port, peers),
        TCPConnector(enable_cleanup_closed=True) as connector,
    ):
        conn = await _used_connection(connector, port, ca)
        protocol = conn.protocol
        assert protocol is not None
        conn.close()
        [peer] = peers
        await asyncio.wait_for(peer.close_notify.wait(), WAIT)
        await asyncio.wait_for(peer.lost.wait(), WAIT)  # aborted: the TCP connection ended
        await asyncio.wait_for(protocol.closed, WAIT)


@pytest.mark.usefixtures("short_delay")
async def test_without_the_option_the_close_stays_pending(ca: trustme.CA) -> None:
    # the control: the same peer and close, but nothing aborts; the close is still pending
    # well after the delay the option would have used (asyncio itself waits 30 s)
    async with silent_server(ca) as (port, peers), TCPConnector() as connector:
        conn = await _used_connection(connector, port, ca)
        transport = conn.transport
        assert transport is not None
        conn.close()
        [peer] = peers
        await asyncio.wait_for(peer.close_notify.wait(), WAIT)
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(peer.lost.wait(), SHORT_DELAY * 5)
        transport.abort()  # the test's own cleanup, so no transport outlives it


@pytest.mark.usefixtures("short_delay")
async def test_a_clean_close_is_never_aborted(ca: trustme.CA, served: Serve) -> None:
    port = await _tls_served(served, ca)  # a wirehttp server: it answers close_notify
    aborted: list[object] = []
    async with TCPConnector(enable_cleanup_closed=True) as connector:
        conn = await _used_connection(connector, port, ca)
        protocol, transport = conn.protocol, conn.transport
        assert protocol is not None and transport is not None
        assert protocol.abort_closed_after == SHORT_DELAY  # armed on close, like the test above
        protocol._abort_unclosed = lambda: aborted.append(transport)  # type: ignore[method-assign]
        conn.close()
        await asyncio.wait_for(protocol.closed, WAIT)  # the server answered close_notify
        await asyncio.sleep(SHORT_DELAY * 3)  # past the deadline the timer would have had
    assert aborted == []


async def test_plain_tcp_connections_get_no_abort_deadline(served: Serve) -> None:
    port = await served()
    async with TCPConnector(enable_cleanup_closed=True) as connector:
        conn = await connector.connect(FakeRequest(make_key("127.0.0.1", port)), [], TIMEOUT)
        assert conn.protocol is not None and conn.protocol.abort_closed_after is None
        conn.release()


async def test_ignored_with_a_deprecation_warning_where_python_is_fixed(
    monkeypatch: pytest.MonkeyPatch, ca: trustme.CA, served: Serve
) -> None:
    monkeypatch.setattr(cleanup_closed, "NEEDS_CLEANUP_CLOSED", False)
    with pytest.warns(DeprecationWarning, match="^enable_cleanup_closed ignored") as record:
        connector = TCPConnector(enable_cleanup_closed=True)
    assert record[0].filename == __file__  # pointed at the caller
    port = await _tls_served(served, ca)
    async with connector:
        conn = await _used_connection(connector, port, ca)
        assert conn.protocol is not None and conn.protocol.abort_closed_after is None
        conn.release()


async def test_warns_exactly_where_aiohttp_does() -> None:
    def deprecations(make: object) -> list[type[Warning]]:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            connectors.append(make(enable_cleanup_closed=True))  # type: ignore[operator]
        return [w.category for w in caught if "enable_cleanup_closed" in str(w.message)]

    connectors: list[object] = []
    try:
        assert deprecations(TCPConnector) == deprecations(aiohttp.TCPConnector)
    finally:
        for connector in connectors:
            await connector.close()  # type: ignore[attr-defined]

"""TCPConnector against a real wirehttp server on loopback: reuse, limits, stale connections."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from connector_helpers import FakeRequest, get, make_key

from wirehttp import (
    ClientConnectionError,
    ClientConnectorDNSError,
    ClientConnectorError,
    ClientPayloadError,
    ClientResponseError,
    ClientTimeout,
    ConnectionTimeoutError,
    TCPConnector,
)
from wirehttp._client.connector.dns import ResolveResult

Serve = Callable[..., Awaitable[Any]]
TIMEOUT = ClientTimeout(total=10, sock_connect=5)


async def test_connection_is_reused(served: Serve) -> None:
    port = await served()
    req = FakeRequest(make_key("127.0.0.1", port))
    async with TCPConnector() as connector:
        conn = await connector.connect(req, [], TIMEOUT)
        first_proto = conn.protocol
        status, body = await get(conn)
        assert status == 200
        conn.release()
        assert conn.closed and conn.protocol is None
        conn2 = await connector.connect(req, [], TIMEOUT)
        assert conn2.protocol is first_proto
        status, body2 = await get(conn2)
        assert body2 == body  # the server saw the same client port: one TCP connection
        conn2.release()
        assert connector.book.idle_count() == 1


async def test_force_close_never_pools(served: Serve) -> None:
    port = await served()
    req = FakeRequest(make_key("127.0.0.1", port))
    async with TCPConnector(force_close=True) as connector:
        conn = await connector.connect(req, [], TIMEOUT)
        await get(conn)
        proto = conn.protocol
        conn.release()
        assert connector.book.idle_count() == 0
        assert proto is not None and proto.should_close


async def test_unread_response_is_not_pooled(served: Serve) -> None:
    port = await served()
    req = FakeRequest(make_key("127.0.0.1", port))
    async with TCPConnector() as connector:
        conn = await connector.connect(req, [], TIMEOUT)
        conn.release()  # no request was sent: still idle and reusable
        assert connector.book.idle_count() == 1
        conn = await connector.connect(req, [], TIMEOUT)
        assert conn.protocol is not None
        conn.protocol.start_response("GET")  # in flight, never answered
        conn.release()
        assert connector.book.idle_count() == 0


async def test_limit_per_host_waits_for_release(served: Serve) -> None:
    port = await served()
    req = FakeRequest(make_key("127.0.0.1", port))
    async with TCPConnector(limit_per_host=1) as connector:
        conn = await connector.connect(req, [], TIMEOUT)
        await get(conn)
        second = asyncio.ensure_future(connector.connect(req, [], TIMEOUT))
        await asyncio.sleep(0.05)
        assert not second.done()
        proto = conn.protocol
        conn.release()
        conn2 = await asyncio.wait_for(second, 5)
        assert conn2.protocol is proto
        conn2.release()


async def test_slot_wait_expiry_is_connection_timeout(served: Serve) -> None:
    port = await served()
    req = FakeRequest(make_key("127.0.0.1", port))
    async with TCPConnector(limit=1) as connector:
        conn = await connector.connect(req, [], TIMEOUT)
        with pytest.raises(ConnectionTimeoutError):
            await connector.connect(req, [], ClientTimeout(connect=0.1))
        assert connector.book.in_use == 1  # the timed-out waiter holds nothing
        conn.release()
        conn = await connector.connect(req, [], TIMEOUT)
        conn.release()


async def test_cancelled_waiter_passes_slot_on(served: Serve) -> None:
    port = await served()
    req = FakeRequest(make_key("127.0.0.1", port))
    async with TCPConnector(limit=1) as connector:
        conn = await connector.connect(req, [], TIMEOUT)
        waiting = asyncio.ensure_future(connector.connect(req, [], TIMEOUT))
        await asyncio.sleep(0.01)
        waiting.cancel()
        conn.release()
        with pytest.raises(asyncio.CancelledError):
            await waiting
        conn = await asyncio.wait_for(connector.connect(req, [], TIMEOUT), 5)
        conn.release()
        assert connector.book.in_use == 0


async def test_server_closed_idle_connection_not_handed_out(served: Serve) -> None:
    port = await served(keepalive_timeout=0.1)
    req = FakeRequest(make_key("127.0.0.1", port))
    async with TCPConnector() as connector:
        conn = await connector.connect(req, [], TIMEOUT)
        _, first = await get(conn)
        proto = conn.protocol
        conn.release()
        assert proto is not None
        await asyncio.wait_for(proto.closed, 5)  # the server's keep-alive ran out
        conn = await connector.connect(req, [], TIMEOUT)
        assert conn.protocol is not proto
        _, second = await get(conn)
        assert second != first
        conn.release()


async def test_connect_refused_is_connector_error() -> None:
    async with TCPConnector() as connector:
        probe = await asyncio.get_running_loop().create_server(asyncio.Protocol, "127.0.0.1", 0)
        port = probe.sockets[0].getsockname()[1]
        probe.close()
        await probe.wait_closed()
        with pytest.raises(ClientConnectorError) as info:
            await connector.connect(FakeRequest(make_key("127.0.0.1", port)), [], TIMEOUT)
        assert not isinstance(info.value, ClientConnectorDNSError)
        assert connector.book.in_use == 0


class FailingResolver:
    async def resolve(self, host: str, port: int = 0, family: int = 0) -> list[ResolveResult]:
        raise OSError(-2, "Name or service not known")

    async def close(self) -> None:
        pass


class CountingResolver:
    def __init__(self, port: int) -> None:
        self.calls = 0
        self.port = port

    async def resolve(self, host: str, port: int = 0, family: int = 0) -> list[ResolveResult]:
        self.calls += 1
        return [
            ResolveResult(hostname=host, host="127.0.0.1", port=port, family=2, proto=0, flags=0)
        ]

    async def close(self) -> None:
        pass


async def test_resolver_error_is_dns_error() -> None:
    async with TCPConnector(resolver=FailingResolver()) as connector:  # type: ignore[arg-type]
        with pytest.raises(ClientConnectorDNSError):
            await connector.connect(FakeRequest(make_key("no.such.host", 80)), [], TIMEOUT)


async def test_dns_cache_used_and_ip_literals_skip_dns(served: Serve) -> None:
    port = await served()
    resolver = CountingResolver(port)
    connector = TCPConnector(resolver=resolver, force_close=True)  # type: ignore[arg-type]
    async with connector:
        for _ in range(2):
            conn = await connector.connect(FakeRequest(make_key("example.test", port)), [], TIMEOUT)
            conn.release()
        assert resolver.calls == 1
        connector.clear_dns_cache()
        conn = await connector.connect(FakeRequest(make_key("127.0.0.1", port)), [], TIMEOUT)
        conn.release()
        assert resolver.calls == 1


async def test_closed_connector_refuses_and_closes_lent_connections(served: Serve) -> None:
    port = await served()
    req = FakeRequest(make_key("127.0.0.1", port))
    connector = TCPConnector()
    conn = await connector.connect(req, [], TIMEOUT)
    proto = conn.protocol
    await connector.close()
    assert connector.closed and proto is not None and not proto.connected
    conn.release()
    with pytest.raises(ClientConnectionError):
        await connector.connect(req, [], TIMEOUT)


class CannedServer(asyncio.Protocol):
    """Answers every read with one canned (hostile) response."""

    reply = b""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.transport.write(self.reply)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("reply", "error"),
    [
        (
            b"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
            ClientResponseError,
        ),
        (b"HTTP/1.1 200 OK\r\nX: a\x00b\r\nContent-Length: 0\r\n\r\n", ClientResponseError),
        (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nq\r\n", ClientPayloadError),
    ],
)
async def test_hostile_response_never_pooled(reply: bytes, error: type[Exception]) -> None:
    loop = asyncio.get_running_loop()
    factory = type("Canned", (CannedServer,), {"reply": reply})
    server = await loop.create_server(factory, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        async with TCPConnector() as connector:
            conn = await connector.connect(FakeRequest(make_key("127.0.0.1", port)), [], TIMEOUT)
            with pytest.raises(error):
                await get(conn)
            conn.release()
            assert connector.book.idle_count() == 0 and connector.book.in_use == 0
    finally:
        server.close()
        await server.wait_closed()


class GatedResolver(CountingResolver):
    def __init__(self, port: int) -> None:
        super().__init__(port)
        self.gate = asyncio.Event()

    async def resolve(self, host: str, port: int = 0, family: int = 0) -> list[ResolveResult]:
        self.calls += 1
        await self.gate.wait()
        return [
            ResolveResult(hostname=host, host="127.0.0.1", port=port, family=2, proto=0, flags=0)
        ]


async def test_concurrent_lookups_of_one_host_share_one_query(served: Serve) -> None:
    port = await served()
    resolver = GatedResolver(port)
    req = FakeRequest(make_key("example.test", port))
    async with TCPConnector(resolver=resolver) as connector:  # type: ignore[arg-type]
        tasks = [asyncio.ensure_future(connector.connect(req, [], TIMEOUT)) for _ in range(3)]
        await asyncio.sleep(0.01)
        resolver.gate.set()
        conns = await asyncio.wait_for(asyncio.gather(*tasks), 5)
        assert resolver.calls == 1 and len({id(c.protocol) for c in conns}) == 3
        for conn in conns:
            conn.release()


async def test_ipv6_literal_skips_dns() -> None:
    resolver = CountingResolver(0)
    async with TCPConnector(resolver=resolver) as connector:  # type: ignore[arg-type]
        addrs = await connector._resolve(make_key("[::1]", 80), 80, [])
        assert addrs[0]["host"] == "::1" and resolver.calls == 0

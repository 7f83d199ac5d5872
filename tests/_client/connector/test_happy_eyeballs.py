"""Happy Eyeballs in TCPConnector, on real loopback sockets.

A resolver hands the connector several addresses: a wirehttp server on 127.0.0.1, a refusing
address (127.0.0.2 or a closed port: the attempt fails at once) and a black hole (a listener
whose accept queue is full: Linux drops the SYN, so that attempt neither connects nor fails).
Every socket an attempt opens comes from a recording `socket_factory`, so each test checks that
all but the winner are closed when the connect returns, fails or is cancelled.
"""

from __future__ import annotations

import asyncio
import errno
import socket
import ssl
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import trustme
from connector_helpers import FakeRequest, get, make_key

from wirehttp import ClientConnectorError, ClientTimeout, ConnectionTimeoutError, TCPConnector
from wirehttp._client.connector.dns import ResolveResult
from wirehttp._client.connector.eyeballs import AddrInfoType, interleave

Serve = Callable[..., Awaitable[Any]]
HOST = "multi.test"  # a name, so the resolver below is asked
TIMEOUT = ClientTimeout(total=20, sock_connect=10)
V4, V6 = socket.AF_INET, socket.AF_INET6


class FixedResolver:
    def __init__(self, *addresses: tuple[str, int]) -> None:
        self.addresses = addresses

    async def resolve(self, host: str, port: int = 0, family: int = 0) -> list[ResolveResult]:
        return [
            ResolveResult(
                hostname=host, host=ip, port=p, family=V6 if ":" in ip else V4, proto=0, flags=0
            )
            for ip, p in self.addresses
        ]

    async def close(self) -> None:
        pass


class RecordingFactory:
    """A socket_factory keeping every socket it made, in attempt order."""

    def __init__(self) -> None:
        self.made: list[tuple[AddrInfoType, socket.socket]] = []

    def __call__(self, info: AddrInfoType) -> socket.socket:
        sock = socket.socket(info[0], info[1], info[2])
        self.made.append((info, sock))
        return sock

    def targets(self) -> list[tuple[str, int]]:
        return [(info[4][0], info[4][1]) for info, _ in self.made]

    def open_sockets(self) -> list[socket.socket]:
        return [sock for _, sock in self.made if sock.fileno() != -1]


@contextmanager
def black_hole() -> Iterator[int]:
    """A port on 127.0.0.1 whose SYNs go unanswered: backlog 0, one queued connection."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    filler = socket.create_connection(listener.getsockname(), timeout=5)
    try:
        yield listener.getsockname()[1]
    finally:
        filler.close()
        listener.close()


def closed_port() -> int:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port: int = probe.getsockname()[1]
    probe.close()
    return port


def _connector(factory: RecordingFactory, resolver: FixedResolver, **kwargs: Any) -> TCPConnector:
    return TCPConnector(resolver=resolver, socket_factory=factory, force_close=True, **kwargs)  # type: ignore[arg-type]


async def test_unanswered_address_loses_to_the_next_one_after_the_delay(served: Serve) -> None:
    port = await served()
    factory = RecordingFactory()
    with black_hole() as hole:
        resolver = FixedResolver(("127.0.0.1", hole), ("127.0.0.1", port))
        async with _connector(factory, resolver, happy_eyeballs_delay=0.05) as connector:
            conn = await connector.connect(FakeRequest(make_key(HOST, port)), [], TIMEOUT)
            assert factory.targets() == [("127.0.0.1", hole), ("127.0.0.1", port)]
            [still_open] = factory.open_sockets()  # the loser was closed, the winner is in use
            status, served_port = await get(conn)
            assert status == 200
            assert int(served_port) == still_open.getsockname()[1]
            conn.release()


async def test_no_delay_means_one_address_after_another(served: Serve) -> None:
    port = await served()
    factory = RecordingFactory()
    with black_hole() as hole:
        resolver = FixedResolver(("127.0.0.1", hole), ("127.0.0.1", port))
        async with _connector(factory, resolver, happy_eyeballs_delay=None) as connector:
            with pytest.raises(ConnectionTimeoutError):
                timeout = ClientTimeout(total=20, sock_connect=0.3)
                await connector.connect(FakeRequest(make_key(HOST, port)), [], timeout)
    assert factory.targets() == [("127.0.0.1", hole)]  # the server's address was never tried
    assert factory.open_sockets() == []


async def test_a_failed_attempt_starts_the_next_at_once(served: Serve) -> None:
    port = await served()
    factory = RecordingFactory()
    # the delay is far longer than the connect timeout: only the failure can start attempt two
    resolver = FixedResolver(("127.0.0.2", port), ("127.0.0.1", port))
    async with _connector(factory, resolver, happy_eyeballs_delay=60) as connector:
        conn = await connector.connect(FakeRequest(make_key(HOST, port)), [], TIMEOUT)
        assert (await get(conn))[0] == 200
        conn.release()
    assert factory.targets() == [("127.0.0.2", port), ("127.0.0.1", port)]


@pytest.mark.parametrize("delay", [0.05, None], ids=["staggered", "sequential"])
async def test_every_address_refused_reports_the_last_error(delay: float | None) -> None:
    port = closed_port()
    factory = RecordingFactory()
    resolver = FixedResolver(("127.0.0.2", port), ("127.0.0.1", port))
    async with _connector(factory, resolver, happy_eyeballs_delay=delay) as connector:
        with pytest.raises(ClientConnectorError) as info:
            await connector.connect(FakeRequest(make_key(HOST, port)), [], TIMEOUT)
    assert type(info.value) is ClientConnectorError
    assert info.value.os_error.errno == errno.ECONNREFUSED
    assert (info.value.host, info.value.port) == (HOST, port)
    assert len(factory.made) == 2 and factory.open_sockets() == []


async def test_families_interleaved_through_the_connector(served: Serve) -> None:
    port = await served()
    dead = closed_port()
    factory = RecordingFactory()
    resolver = FixedResolver(("::1", dead), ("::1", dead), ("127.0.0.1", port))
    async with _connector(factory, resolver, happy_eyeballs_delay=60) as connector:
        conn = await connector.connect(FakeRequest(make_key(HOST, port)), [], TIMEOUT)
        conn.release()
    # the IPv4 address came second, not after every IPv6 one
    assert factory.targets() == [("::1", dead), ("127.0.0.1", port)]


async def test_a_connect_cancelled_mid_race_leaves_no_socket_nor_task() -> None:
    factory = RecordingFactory()
    tasks_before = asyncio.all_tasks()
    with black_hole() as first, black_hole() as second:
        resolver = FixedResolver(("127.0.0.1", first), ("127.0.0.1", second))
        async with _connector(factory, resolver, happy_eyeballs_delay=0.01) as connector:
            connecting = asyncio.ensure_future(
                connector.connect(FakeRequest(make_key(HOST, first)), [], TIMEOUT)
            )
            while len(factory.made) < 2:  # both attempts under way
                await asyncio.sleep(0.01)
            connecting.cancel()
            with pytest.raises(asyncio.CancelledError):
                await connecting
            assert factory.open_sockets() == []
            assert asyncio.all_tasks() - tasks_before == set()
            assert connector.book.in_use == 0


async def test_tls_is_set_up_on_the_winning_socket(served: Serve) -> None:
    ca = trustme.CA()
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(HOST).configure_cert(server_ctx)
    client_ctx = ssl.create_default_context()
    ca.configure_trust(client_ctx)
    port = await served(ssl_context=server_ctx)
    factory = RecordingFactory()
    with black_hole() as hole:
        resolver = FixedResolver(("127.0.0.1", hole), ("127.0.0.1", port))
        async with _connector(factory, resolver, happy_eyeballs_delay=0.05) as connector:
            key = make_key(HOST, port, is_ssl=True, ssl_setting=client_ctx)
            conn = await connector.connect(FakeRequest(key), [], TIMEOUT)
            assert conn.transport is not None
            assert conn.transport.get_extra_info("ssl_object").server_hostname == HOST
            assert (await get(conn, host=HOST))[0] == 200
            conn.release()


A, B, C = (V6, 1, 6, "", ("a", 1)), (V6, 1, 6, "", ("b", 1)), (V6, 1, 6, "", ("c", 1))
X, Y = (V4, 1, 6, "", ("x", 1)), (V4, 1, 6, "", ("y", 1))


@pytest.mark.parametrize(
    ("infos", "count", "expected"),
    [
        ([A, B, C, X, Y], 1, [A, X, B, Y, C]),
        ([A, B, C, X, Y], 2, [A, B, X, C, Y]),
        ([X, A, B, C], 1, [X, A, B, C]),
        ([X, Y, A], 1, [X, A, Y]),
        ([A, B, C], 1, [A, B, C]),
        ([A], 1, [A]),
        ([], 1, []),
    ],
)
def test_interleave(infos: list[AddrInfoType], count: int, expected: list[AddrInfoType]) -> None:
    assert interleave(infos, count) == expected

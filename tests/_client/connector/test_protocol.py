"""ResponseHandler driven through a mock transport: response bytes in, head and body out.

Every hostile response raises the matching client exception and leaves the connection
closed and unusable (`should_close`), so the pool never hands it out again.
"""

from __future__ import annotations

import asyncio
import gzip
from typing import Any

import pytest

from wirehttp import (
    ClientPayloadError,
    ClientResponseError,
    ServerDisconnectedError,
    SocketTimeoutError,
)
from wirehttp._client.connector.protocol import ResponseHandler


class MockTransport(asyncio.Transport):
    def __init__(self) -> None:
        super().__init__()
        self.closed = False
        self.written: list[bytes] = []
        self.protocol: ResponseHandler | None = None

    def write(self, data: Any) -> None:
        self.written.append(bytes(data))

    def is_closing(self) -> bool:
        return self.closed

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            assert self.protocol is not None
            asyncio.get_running_loop().call_soon(self.protocol.connection_lost, None)

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return default


def make() -> tuple[ResponseHandler, MockTransport]:
    proto = ResponseHandler(asyncio.get_running_loop())
    transport = MockTransport()
    transport.protocol = proto
    proto.connection_made(transport)
    return proto, transport


async def exchange(data: bytes, method: str = "GET", *, bytewise: bool = False) -> Any:
    proto, transport = make()
    proto.start_response(method)
    chunks = [data[i : i + 1] for i in range(len(data))] if bytewise else [data]
    for chunk in chunks:
        proto.data_received(chunk)
    return proto, transport


OK = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"


@pytest.mark.parametrize("bytewise", [False, True])
async def test_head_and_body_then_idle_and_reusable(bytewise: bool) -> None:
    proto, transport = await exchange(OK, bytewise=bytewise)
    head, reader = await proto.read_head(5)
    assert (head.status, head.reason, head.content_length) == (200, "OK", 5)
    assert await reader.read() == b"hello"
    assert proto.is_idle and not proto.should_close and proto.got_response_bytes
    proto.start_response("GET")  # the same connection carries a second request
    assert not proto.got_response_bytes
    proto.data_received(OK)
    _, reader = await proto.read_head(5)
    assert await reader.read() == b"hello"
    assert not transport.closed


@pytest.mark.parametrize(
    ("method", "response"),
    [
        ("HEAD", b"HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n"),
        ("GET", b"HTTP/1.1 204 No Content\r\n\r\n"),
        ("GET", b"HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n"),
        ("GET", b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n"),
    ],
)
async def test_responses_without_body(method: str, response: bytes) -> None:
    proto, _ = await exchange(response, method)
    head, reader = await proto.read_head(5)
    assert head.status != 100
    assert await reader.read() == b""
    assert proto.is_idle and not proto.should_close


async def test_read_until_close_body() -> None:
    proto, _ = await exchange(b"HTTP/1.1 200 OK\r\n\r\npart one ")
    _, reader = await proto.read_head(5)
    proto.data_received(b"part two")
    proto.connection_lost(None)
    assert await reader.read() == b"part one part two"
    assert proto.should_close


async def test_chunked_body() -> None:
    data = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
    proto, _ = await exchange(data, bytewise=True)
    _, reader = await proto.read_head(5)
    assert await reader.read() == b"abcde"
    assert proto.is_idle


async def test_gzip_body_decoded() -> None:
    body = gzip.compress(b"x" * 1000)
    head = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n" % len(body)
    proto, _ = await exchange(head + body)
    _, reader = await proto.read_head(5)
    assert await reader.read() == b"x" * 1000


async def test_decompression_bomb_is_payload_error() -> None:
    body = gzip.compress(b"\0" * 100_000)
    head = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n" % len(body)
    proto, _ = make()
    proto.start_response("GET", max_decoded=1000)
    proto.data_received(head + body)
    _, reader = await proto.read_head(5)
    with pytest.raises(ClientPayloadError):
        await reader.read()


async def test_connection_close_header_makes_it_unusable() -> None:
    proto, _ = await exchange(b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
    await proto.read_head(5)
    assert proto.should_close


async def test_keep_alive_timeout_honoured() -> None:
    data = b"HTTP/1.1 200 OK\r\nKeep-Alive: timeout=5, max=100\r\nContent-Length: 0\r\n\r\n"
    proto, _ = await exchange(data)
    await proto.read_head(5)
    now = asyncio.get_running_loop().time()
    assert not proto.has_expired(now)
    assert proto.has_expired(now + 5)


HOSTILE_HEADS = {
    "malformed status line": b"HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n",
    "not http": b"SSH-2.0-OpenSSH\r\n\r\n",
    "NUL in header value": b"HTTP/1.1 200 OK\r\nX-A: a\x00b\r\nContent-Length: 0\r\n\r\n",
    "lone CR in header value": b"HTTP/1.1 200 OK\r\nX-A: a\rb\r\nContent-Length: 0\r\n\r\n",
    "control byte in header value": b"HTTP/1.1 200 OK\r\nX-A: a\x07b\r\nContent-Length: 0\r\n\r\n",
    "CL with TE": b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
    "conflicting CLs": b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
    "too many headers": b"HTTP/1.1 200 OK\r\n" + b"X-H: v\r\n" * 500 + b"\r\n",
    "too long header": b"HTTP/1.1 200 OK\r\nX-Big: " + b"v" * 70_000 + b"\r\n\r\n",
}


@pytest.mark.parametrize("bytewise", [False, True])
@pytest.mark.parametrize("name", list(HOSTILE_HEADS))
async def test_hostile_head_raises_response_error(name: str, bytewise: bool) -> None:
    proto, transport = await exchange(HOSTILE_HEADS[name], bytewise=bytewise)
    with pytest.raises(ClientResponseError) as info:
        await proto.read_head(5)
    assert info.value.status >= 400
    assert proto.should_close and not proto.is_idle and transport.closed


async def test_truncated_body_is_payload_error() -> None:
    proto, transport = await exchange(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
    _, reader = await proto.read_head(5)
    transport.close()  # the server closes mid-body
    with pytest.raises(ClientPayloadError):
        await reader.read()
    assert proto.should_close


async def test_server_close_mid_chunked_body_is_payload_error() -> None:
    proto, _ = await exchange(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab")
    _, reader = await proto.read_head(5)
    proto.eof_received()
    proto.connection_lost(None)
    with pytest.raises(ClientPayloadError):
        await reader.read()
    assert proto.should_close


async def test_bad_chunk_is_payload_error() -> None:
    data = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n"
    proto, transport = await exchange(data)
    _, reader = await proto.read_head(5)
    with pytest.raises(ClientPayloadError):
        await reader.read()
    assert proto.should_close and transport.closed


async def test_close_before_any_byte_is_server_disconnected() -> None:
    proto, _ = make()
    proto.start_response("GET")
    proto.connection_lost(None)
    with pytest.raises(ServerDisconnectedError):
        await proto.read_head(5)
    assert not proto.got_response_bytes  # the session may retry an idempotent request


async def test_close_mid_head_is_server_disconnected_after_bytes() -> None:
    proto, _ = await exchange(b"HTTP/1.1 200 OK\r\nContent-")
    proto.connection_lost(None)
    with pytest.raises(ServerDisconnectedError):
        await proto.read_head(5)
    assert proto.got_response_bytes


async def test_unexpected_bytes_while_idle_make_it_unusable() -> None:
    proto, transport = await exchange(OK)
    _, reader = await proto.read_head(5)
    await reader.read()
    proto.data_received(b"HTTP/1.1 200 OK\r\n\r\n")
    assert proto.should_close and transport.closed


async def test_eof_while_idle_makes_it_unusable() -> None:
    proto, _ = await exchange(OK)
    await proto.read_head(5)
    assert proto.eof_received() is False
    assert proto.should_close


async def test_unread_body_makes_it_unusable() -> None:
    proto, _ = await exchange(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
    await proto.read_head(5)
    assert proto.should_close and not proto.is_idle


async def test_sock_read_timeout_on_head() -> None:
    proto, transport = make()
    proto.start_response("GET")
    with pytest.raises(SocketTimeoutError):
        await proto.read_head(0.05)
    assert transport.closed and proto.should_close


async def test_sock_read_timeout_on_body() -> None:
    proto, _ = await exchange(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
    _, reader = await proto.read_head(0.05)
    with pytest.raises(SocketTimeoutError):
        await reader.read()


async def test_head_error_carries_request_info() -> None:
    from multidict import CIMultiDict, CIMultiDictProxy
    from yarl import URL

    from wirehttp import RequestInfo

    info = RequestInfo(URL("http://h/x"), "GET", CIMultiDictProxy(CIMultiDict()))
    proto, _ = make()
    proto.start_response("GET", request_info=info)
    proto.data_received(HOSTILE_HEADS["CL with TE"])
    with pytest.raises(ClientResponseError) as exc_info:
        await proto.read_head(5)
    assert exc_info.value.request_info is info


async def test_second_start_while_in_flight_is_refused() -> None:
    proto, _ = make()
    proto.start_response("GET")
    with pytest.raises(RuntimeError):
        proto.start_response("GET")

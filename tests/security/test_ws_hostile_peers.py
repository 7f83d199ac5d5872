"""Hostile WebSocket peers on a real connection: the right close code, a closed connection, and
a server (or client) that never hangs.

Frame-level rules are the reader's (tests/_sansio/ws); here each case goes through the whole
stack: a raw socket completes a real handshake with our server, then misbehaves. The server must
answer with a CLOSE carrying the RFC 6455 7.4.1 code, close the TCP connection without waiting
for the peer, and its handler must see an ERROR message and return.
"""

from __future__ import annotations

import asyncio
import base64
import os
from typing import Any

import pytest

import wirehttp
from wirehttp import web
from wirehttp._sansio.ws.frames import encode_frame
from wirehttp._sansio.ws.handshake import accept_token
from wirehttp.pytest_plugin import AiohttpServer

TIMEOUT = 10.0
MAX_MSG = 1024
RESULTS = web.AppKey("results", list)


def _masked(opcode: int, payload: bytes, *, fin: bool = True, rsv1: bool = False) -> bytes:
    return encode_frame(opcode, payload, mask=True, fin=fin, rsv1=rsv1)


def _unchecked_control(opcode: int, payload: bytes, *, fin: bool = True) -> bytes:
    """A masked control frame our encoder would refuse to build (too long, or fragmented)."""
    key = os.urandom(4)
    head = bytes([(0x80 if fin else 0) | opcode, 0x80 | 126]) + len(payload).to_bytes(2, "big")
    if len(payload) < 126:
        head = bytes([(0x80 if fin else 0) | opcode, 0x80 | len(payload)])
    return head + key + bytes(b ^ key[i % 4] for i, b in enumerate(payload))


HOSTILE = [
    ("unmasked frame", encode_frame(0x1, b"hi", mask=False), 1002),
    ("oversized message", _masked(0x2, b"x" * (MAX_MSG + 1)), 1009),
    (
        "oversized in fragments",
        _masked(0x2, b"x" * 700, fin=False) + _masked(0x0, b"x" * 700),
        1009,
    ),
    ("invalid utf-8 text", _masked(0x1, b"caf\xc3"), 1007),
    ("reserved opcode", bytes([0x83, 0x80]) + os.urandom(4), 1002),  # FIN, opcode 3, masked
    ("continuation without a start", _masked(0x0, b"orphan"), 1002),
    ("control frame over 125 bytes", _unchecked_control(0x9, b"p" * 126), 1002),
    ("fragmented control frame", _unchecked_control(0x9, b"p", fin=False), 1002),
    ("rsv1 without deflate", _masked(0x1, b"hi", rsv1=True), 1002),
    ("invalid close code", _masked(0x8, (1005).to_bytes(2, "big")), 1002),
]


def _app(**ws_kwargs: Any) -> web.Application:
    async def handler(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=MAX_MSG, **ws_kwargs)
        await ws.prepare(request)
        while True:
            msg = await ws.receive()
            request.app[RESULTS].append((msg.type, ws.close_code))
            if msg.type in (web.WSMsgType.CLOSE, web.WSMsgType.CLOSED, web.WSMsgType.ERROR):
                break
        request.app[RESULTS].append("returned")
        return ws

    app = web.Application()
    app[RESULTS] = []
    app.router.add_get("/ws", handler)
    return app


async def _handshake(port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), TIMEOUT)
    key = base64.b64encode(os.urandom(16)).decode()
    writer.write(
        f"GET /ws HTTP/1.1\r\nHost: t\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: {key}\r\n\r\n".encode()
    )
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), TIMEOUT)
    assert head.startswith(b"HTTP/1.1 101 ")
    assert accept_token(key).encode() in head
    return reader, writer


async def _close_frame_then_eof(reader: asyncio.StreamReader) -> int:
    """The server's CLOSE (unmasked) and its code; then the connection must end."""
    rest = await asyncio.wait_for(reader.read(), TIMEOUT)  # read() returns at EOF only
    assert rest[0] == 0x88 and rest[1] & 0x80 == 0, rest[:2]
    length = rest[1] & 0x7F
    assert len(rest) == 2 + length, "nothing may follow the CLOSE frame"
    return int.from_bytes(rest[2:4], "big")


async def _results(app: web.Application) -> list[Any]:
    for _ in range(int(TIMEOUT / 0.01)):
        if app[RESULTS] and app[RESULTS][-1] == "returned":
            return list(app[RESULTS])
        await asyncio.sleep(0.01)
    raise AssertionError(f"the handler never returned: {app[RESULTS]}")


@pytest.mark.parametrize(("name", "data", "code"), HOSTILE, ids=[case[0] for case in HOSTILE])
async def test_hostile_client_gets_its_close_code_and_a_closed_connection(
    aiohttp_server: AiohttpServer, name: str, data: bytes, code: int
) -> None:
    app = _app()
    server = await aiohttp_server(app)
    assert server.port is not None
    reader, writer = await _handshake(server.port)
    try:
        writer.write(data)
        assert await _close_frame_then_eof(reader) == code
    finally:
        writer.close()
    assert await _results(app) == [(web.WSMsgType.ERROR, code), "returned"]


async def test_garbage_after_close_is_ignored(aiohttp_server: AiohttpServer) -> None:
    app = _app()
    server = await aiohttp_server(app)
    assert server.port is not None
    reader, writer = await _handshake(server.port)
    try:
        writer.write(_masked(0x8, (4000).to_bytes(2, "big") + b"bye") + os.urandom(512))
        assert await _close_frame_then_eof(reader) == 1000  # the answer to a clean close
    finally:
        writer.close()
    assert await _results(app) == [(web.WSMsgType.CLOSE, 4000), "returned"]


async def test_a_peer_that_never_answers_close_is_dropped_after_the_timeout(
    aiohttp_server: AiohttpServer,
) -> None:
    async def closer(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(timeout=0.1)
        await ws.prepare(request)
        await ws.close(code=4100)
        request.app[RESULTS].append((ws.close_code, type(ws.exception()).__name__))
        return ws

    app = web.Application()
    app[RESULTS] = []
    app.router.add_get("/ws", closer)
    server = await aiohttp_server(app)
    assert server.port is not None
    reader, writer = await _handshake(server.port)
    try:
        assert await _close_frame_then_eof(reader) == 4100  # and no answer from us
    finally:
        writer.close()
    assert app[RESULTS] == [(1006, "TimeoutError")]


async def test_a_stalled_peer_is_dropped_by_the_heartbeat(aiohttp_server: AiohttpServer) -> None:
    app = _app(heartbeat=0.1)
    server = await aiohttp_server(app)
    assert server.port is not None
    reader, writer = await _handshake(server.port)
    try:
        writer.write(_masked(0x2, b"x" * 500)[:100])  # half a frame, then nothing
        data = await asyncio.wait_for(reader.read(), TIMEOUT)  # a PING, then the server hangs up
        assert data[:2] == b"\x89\x00"
    finally:
        writer.close()
    assert await _results(app) == [(web.WSMsgType.ERROR, 1006), "returned"]


async def test_client_refuses_a_masked_frame_from_a_server() -> None:
    async def hostile(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        key = next(
            line.split(b":", 1)[1].strip().decode()
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"sec-websocket-key:")
        )
        writer.write(
            b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            b"Sec-WebSocket-Accept: " + accept_token(key).encode() + b"\r\n\r\n"
        )
        writer.write(_masked(0x1, b"servers must not mask"))
        await reader.read()  # until our client hangs up
        writer.close()

    server = await asyncio.start_server(hostile, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        async with wirehttp.ClientSession() as session:
            ws = await session.ws_connect(f"ws://127.0.0.1:{port}/")
            msg = await ws.receive(TIMEOUT)
            assert msg.type is wirehttp.WSMsgType.ERROR
            assert isinstance(msg.data, wirehttp.WebSocketError)
            assert ws.close_code == 1002 and ws.closed
    finally:
        server.close()
        await server.wait_closed()

"""The WebSocket session core, two sessions joined by a socket pair (no HTTP, no ports).

A "client" session masks its frames and a "server" session expects them masked, as after a
real handshake; raw peers (a plain socket end) check what goes on the wire and play hostile.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from typing import Any

import pytest

from wirehttp._io.websocket import WebSocketSession
from wirehttp._io.websocket_errors import WSMessageTypeError
from wirehttp._io.websocket_protocol import WebSocketProtocol
from wirehttp._sansio.ws.frames import WebSocketReader, encode_frame
from wirehttp._sansio.ws.models import WS_CLOSED_MESSAGE, WSCloseCode, WSMsgType

TIMEOUT = 5.0


async def _protocol(
    sock: socket.socket, *, masked_peer: bool, limit: int = 2**16, max_msg_size: int = 2**20
) -> WebSocketProtocol:
    loop = asyncio.get_running_loop()
    reader = WebSocketReader(expect_masked=masked_peer, max_msg_size=max_msg_size)
    protocol = WebSocketProtocol(loop, reader, limit=limit)
    await loop.connect_accepted_socket(lambda: protocol, sock)
    return protocol


def _drop(session: WebSocketSession) -> None:
    session._protocol.close_transport()


async def _pair(**kwargs: Any) -> tuple[WebSocketSession, WebSocketSession]:
    a, b = socket.socketpair()
    client = WebSocketSession(await _protocol(a, masked_peer=False), mask=True, **kwargs)
    server = WebSocketSession(await _protocol(b, masked_peer=True), mask=False, **kwargs)
    return client, server


@pytest.fixture
async def pair() -> AsyncIterator[tuple[WebSocketSession, WebSocketSession]]:
    client, server = await _pair(close_timeout=TIMEOUT)
    yield client, server
    _drop(client)
    _drop(server)


async def _raw_peer(
    *, masked_peer: bool = True, **kwargs: Any
) -> tuple[WebSocketSession, asyncio.StreamReader, asyncio.StreamWriter]:
    """Our session on one end, asyncio streams on the other (the test speaks raw frames)."""
    a, b = socket.socketpair()
    session = WebSocketSession(
        await _protocol(a, masked_peer=masked_peer), mask=not masked_peer, **kwargs
    )
    reader, writer = await asyncio.open_connection(sock=b)
    return session, reader, writer


async def _read_frame(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    """One unmasked frame (what a server session sends): (opcode, payload)."""
    first, second = await asyncio.wait_for(reader.readexactly(2), TIMEOUT)
    length = second & 0x7F
    if length == 126:
        length = int.from_bytes(await reader.readexactly(2), "big")
    elif length == 127:
        length = int.from_bytes(await reader.readexactly(8), "big")
    return first & 0x0F, await reader.readexactly(length)


async def test_messages_both_ways(pair: tuple[WebSocketSession, WebSocketSession]) -> None:
    client, server = pair
    await client.send_str("héllo")
    await client.send_bytes(b"\x00\x01")
    await client.send_json({"a": [1, 2]})
    assert await server.receive_str(timeout=TIMEOUT) == "héllo"
    assert await server.receive_bytes(timeout=TIMEOUT) == b"\x00\x01"
    assert await server.receive_json(timeout=TIMEOUT) == {"a": [1, 2]}
    await server.send_str("back")
    msg = await client.receive(TIMEOUT)
    assert (msg.type, msg.data) == (WSMsgType.TEXT, "back")


async def test_wrong_type_raises_type_error(
    pair: tuple[WebSocketSession, WebSocketSession],
) -> None:
    client, server = pair
    await client.send_bytes(b"x")
    with pytest.raises(WSMessageTypeError) as info:
        await server.receive_str(timeout=TIMEOUT)
    assert isinstance(info.value, TypeError)
    await client.send_str("y")
    with pytest.raises(TypeError):
        await server.receive_bytes(timeout=TIMEOUT)


async def test_send_refuses_wrong_types(pair: tuple[WebSocketSession, WebSocketSession]) -> None:
    client, _ = pair
    with pytest.raises(TypeError):
        await client.send_str(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        await client.send_bytes("text")  # type: ignore[arg-type]


async def test_ping_is_answered_and_hidden(pair: tuple[WebSocketSession, WebSocketSession]) -> None:
    client, server = pair
    await client.ping(b"are you there")
    await server.send_str("after")  # the server's receive() must run for the PONG to go out
    receiving = asyncio.ensure_future(server.receive(TIMEOUT))
    msg = await client.receive(TIMEOUT)  # the PONG is swallowed (autoping), TEXT comes out
    assert (msg.type, msg.data) == (WSMsgType.TEXT, "after")
    receiving.cancel()


async def test_without_autoping_ping_and_pong_are_messages() -> None:
    client, server = await _pair(autoping=False)
    try:
        await client.ping(b"p1")
        msg = await server.receive(TIMEOUT)
        assert (msg.type, msg.data) == (WSMsgType.PING, b"p1")
        await server.pong(b"p1")
        msg = await client.receive(TIMEOUT)
        assert (msg.type, msg.data) == (WSMsgType.PONG, b"p1")
    finally:
        _drop(client)
        _drop(server)


async def test_close_handshake_carries_code_and_reason(
    pair: tuple[WebSocketSession, WebSocketSession],
) -> None:
    client, server = pair
    receiving = asyncio.ensure_future(server.receive(TIMEOUT))
    assert await client.close(code=4001, message=b"bye now")
    msg = await receiving
    assert (msg.type, msg.data, msg.extra) == (WSMsgType.CLOSE, 4001, "bye now")
    assert server.closed and server.close_code == 4001
    assert client.closed and client.close_code == WSCloseCode.OK  # the server's answer
    assert await client.close() is False  # closing twice says so
    assert await server.receive(TIMEOUT) is WS_CLOSED_MESSAGE


async def test_close_from_another_task_ends_a_waiting_receive(
    pair: tuple[WebSocketSession, WebSocketSession],
) -> None:
    client, server = pair
    messages = []

    async def loop_receive() -> None:
        messages.extend([msg async for msg in server])

    loop_task = asyncio.ensure_future(loop_receive())
    await asyncio.sleep(0)
    client_receive = asyncio.ensure_future(client.receive(TIMEOUT))
    assert await asyncio.wait_for(server.close(code=WSCloseCode.GOING_AWAY), TIMEOUT)
    await asyncio.wait_for(loop_task, TIMEOUT)
    assert messages == []
    msg = await client_receive
    assert (msg.type, msg.data) == (WSMsgType.CLOSE, WSCloseCode.GOING_AWAY)
    assert server.close_code == WSCloseCode.OK


async def test_async_for_stops_at_close(pair: tuple[WebSocketSession, WebSocketSession]) -> None:
    client, server = pair
    await client.send_str("one")
    await client.send_str("two")
    closing = asyncio.ensure_future(client.close())
    got = [msg.data async for msg in server]
    assert got == ["one", "two"]
    assert await asyncio.wait_for(closing, TIMEOUT)
    assert client.close_code == server.close_code == WSCloseCode.OK


async def test_concurrent_receive_is_refused(
    pair: tuple[WebSocketSession, WebSocketSession],
) -> None:
    _, server = pair
    first = asyncio.ensure_future(server.receive(TIMEOUT))
    await asyncio.sleep(0)
    with pytest.raises(RuntimeError, match="Concurrent call to receive"):
        await server.receive(TIMEOUT)
    first.cancel()


async def test_receive_timeout_raises_and_keeps_the_connection(
    pair: tuple[WebSocketSession, WebSocketSession],
) -> None:
    client, server = pair
    with pytest.raises(asyncio.TimeoutError):
        await server.receive(0.05)
    await client.send_str("still here")
    assert await server.receive_str(timeout=TIMEOUT) == "still here"


async def test_peer_gone_without_close_gives_closed_1006(
    pair: tuple[WebSocketSession, WebSocketSession],
) -> None:
    client, server = pair
    _drop(client)
    msg = await server.receive(TIMEOUT)
    assert msg.type is WSMsgType.CLOSED
    assert server.close_code == WSCloseCode.ABNORMAL_CLOSURE
    assert isinstance(server.exception(), ConnectionError)
    with pytest.raises(ConnectionResetError):
        await server.send_str("into the void")


async def test_close_waits_no_longer_than_its_timeout() -> None:
    session, reader, writer = await _raw_peer(close_timeout=0.1)
    try:
        assert await asyncio.wait_for(session.close(code=4000), TIMEOUT)
        opcode, payload = await _read_frame(reader)
        assert (opcode, payload[:2]) == (0x8, (4000).to_bytes(2, "big"))
        assert session.close_code == WSCloseCode.ABNORMAL_CLOSURE
        assert isinstance(session.exception(), asyncio.TimeoutError)
        assert await asyncio.wait_for(reader.read(), TIMEOUT) == b""  # transport closed
    finally:
        writer.close()


async def test_frame_error_answers_its_close_code_and_closes() -> None:
    session, reader, writer = await _raw_peer()
    try:
        writer.write(encode_frame(0x1, b"unmasked", mask=False))  # a client must mask
        msg = await session.receive(TIMEOUT)
        assert msg.type is WSMsgType.ERROR
        assert session.close_code == WSCloseCode.PROTOCOL_ERROR
        opcode, payload = await _read_frame(reader)
        assert (opcode, payload[:2]) == (0x8, WSCloseCode.PROTOCOL_ERROR.to_bytes(2, "big"))
        assert await asyncio.wait_for(reader.read(), TIMEOUT) == b""  # closed at once
    finally:
        writer.close()


async def test_heartbeat_pings_then_gives_up_without_pong() -> None:
    session, reader, writer = await _raw_peer(heartbeat=0.1)
    try:
        receiving = asyncio.ensure_future(session.receive())
        opcode, _ = await _read_frame(reader)
        assert opcode == 0x9  # PING after a quiet heartbeat interval
        msg = await asyncio.wait_for(receiving, TIMEOUT)  # no PONG: ERROR, closed with 1006
        assert msg.type is WSMsgType.ERROR
        assert isinstance(msg.data, asyncio.TimeoutError)
        assert session.close_code == WSCloseCode.ABNORMAL_CLOSURE
        assert await asyncio.wait_for(reader.read(), TIMEOUT) == b""
    finally:
        writer.close()


async def test_heartbeat_keeps_a_responsive_peer() -> None:
    client, server = await _pair(heartbeat=0.2)
    try:
        # both receive (so each answers the other's PINGs) while idle for several intervals
        receiving = asyncio.ensure_future(client.receive())
        server_receiving = asyncio.ensure_future(server.receive())
        done, _ = await asyncio.wait({receiving, server_receiving}, timeout=1.0)
        assert not done  # nobody was declared dead
        assert not client.closed and not server.closed
        receiving.cancel()
        server_receiving.cancel()
    finally:
        _drop(client)
        _drop(server)


async def test_reading_pauses_while_the_queue_is_full() -> None:
    a, b = socket.socketpair()
    protocol = await _protocol(a, masked_peer=True, limit=1000)
    session = WebSocketSession(protocol, mask=False)
    _, writer = await asyncio.open_connection(sock=b)
    try:
        for _ in range(5):
            writer.write(encode_frame(0x2, b"x" * 600, mask=True))
        await writer.drain()
        for _ in range(100):
            if protocol.reading_paused:
                break
            await asyncio.sleep(0.01)
        assert protocol.reading_paused
        for _ in range(5):
            assert await session.receive_bytes(timeout=TIMEOUT) == b"x" * 600
        assert not protocol.reading_paused
    finally:
        writer.close()
        _drop(session)


async def test_nothing_is_sent_after_our_close() -> None:
    session, reader, writer = await _raw_peer(close_timeout=TIMEOUT)
    try:
        closing = asyncio.ensure_future(session.close())
        opcode, _ = await _read_frame(reader)
        assert opcode == 0x8
        with pytest.raises(ConnectionResetError, match="closing transport"):
            await session.send_str("too late")
        writer.write(encode_frame(0x8, (1000).to_bytes(2, "big"), mask=True))
        assert await asyncio.wait_for(closing, TIMEOUT)
        assert session.close_code == WSCloseCode.OK
    finally:
        writer.close()


async def test_concurrent_senders_never_interleave_frames(
    pair: tuple[WebSocketSession, WebSocketSession],
) -> None:
    client, server = pair
    payloads = [bytes([n]) * (50_000 + n) for n in range(20)]

    async def receive_all() -> list[bytes]:
        return [await server.receive_bytes(timeout=TIMEOUT) for _ in payloads]

    # the senders park in drain() while the receiver's full queue pauses reading: backpressure
    *_, received = await asyncio.gather(
        *(client.send_bytes(payload) for payload in payloads), receive_all()
    )
    assert received == payloads  # whole, and in the order the sends started


async def test_a_flood_of_empty_messages_fills_the_queue_too() -> None:
    a, b = socket.socketpair()
    protocol = await _protocol(a, masked_peer=True, limit=4096)
    session = WebSocketSession(protocol, mask=False)
    _, writer = await asyncio.open_connection(sock=b)
    try:
        writer.write(encode_frame(0x2, b"", mask=True) * 1000)  # 6 bytes each on the wire
        await writer.drain()
        for _ in range(100):
            if protocol.reading_paused:
                break
            await asyncio.sleep(0.01)
        assert protocol.reading_paused
        for _ in range(1000):
            assert await session.receive_bytes(timeout=TIMEOUT) == b""
        assert not protocol.reading_paused
    finally:
        writer.close()
        _drop(session)


async def test_heartbeat_pings_repeat_while_pongs_come_back() -> None:
    session, reader, writer = await _raw_peer(heartbeat=0.1)
    pings = 0

    async def answer_pings() -> None:
        nonlocal pings
        while True:
            opcode, payload = await _read_frame(reader)
            assert opcode == 0x9
            pings += 1
            writer.write(encode_frame(0xA, payload, mask=True))

    answering = asyncio.ensure_future(answer_pings())
    receiving = asyncio.ensure_future(session.receive())
    try:
        for _ in range(int(TIMEOUT / 0.05)):
            if pings >= 3:
                break
            await asyncio.sleep(0.05)
        assert pings >= 3  # one PING per quiet interval, and the PONGs keep the session alive
        assert not receiving.done() and not session.closed
    finally:
        answering.cancel()
        receiving.cancel()
        writer.close()
        _drop(session)

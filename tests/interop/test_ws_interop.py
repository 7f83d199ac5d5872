"""WebSockets against independent implementations: the `websockets` library and aiohttp.

Our server against the websockets client and aiohttp's client; our client against a websockets
server and aiohttp's web server. Each pairing: text, binary, a message the peer fragments (where
the peer can), ping/pong both ways, close codes and reasons both ways, with permessage-deflate
negotiated and not. Loopback only; every wait is bounded.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import aiohttp.web
import pytest
from websockets.asyncio.client import connect as websockets_connect
from websockets.asyncio.server import ServerConnection
from websockets.asyncio.server import serve as websockets_serve
from websockets.exceptions import ConnectionClosed

import wirehttp
from wirehttp import web

pytestmark = pytest.mark.interop
TIMEOUT = 10.0
CLOSES = web.AppKey("closes", list)
AIOHTTP_CLOSES = aiohttp.web.AppKey("closes", list)


# -- our server ---------------------------------------------------------------------------


async def _serve_command(ws: Any, data: str) -> bool:
    """What both our server and the aiohttp reference server do for one text command."""
    if data == "info":
        await ws.send_str(json.dumps({"protocol": ws.ws_protocol, "compress": ws.compress}))
    elif data.startswith("close:"):
        _, code, reason = data.split(":", 2)
        await ws.close(code=int(code), message=reason.encode())
        return False
    elif data == "ping-me":
        await ws.ping(b"from-server")
    else:
        await ws.send_str(f"echo:{data}")
    return True


async def our_handler(request: web.Request) -> web.WebSocketResponse:
    ws = web.WebSocketResponse(protocols=("chat",), autoping=False)
    await ws.prepare(request)
    while True:  # not `async for`: the CLOSE message itself (its reason) is wanted here
        msg = await ws.receive()
        if msg.type in (web.WSMsgType.CLOSE, web.WSMsgType.CLOSING, web.WSMsgType.CLOSED):
            break
        if msg.type == web.WSMsgType.TEXT and not await _serve_command(ws, msg.data):
            break
        if msg.type == web.WSMsgType.BINARY:
            await ws.send_bytes(msg.data[::-1])
        elif msg.type == web.WSMsgType.PING:
            await ws.pong(msg.data)
            await ws.send_str(f"got-ping:{msg.data.decode()}")
        elif msg.type == web.WSMsgType.PONG:
            await ws.send_str(f"got-pong:{msg.data.decode()}")
    request.app[CLOSES].append(
        (ws.close_code, msg.extra if msg.type == web.WSMsgType.CLOSE else None)
    )
    return ws


@pytest.fixture
async def our_server() -> AsyncIterator[tuple[str, list[Any]]]:
    app = web.Application()
    app[CLOSES] = []
    app.router.add_get("/ws", our_handler)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    yield f"ws://127.0.0.1:{runner.addresses[0][1]}/ws", app[CLOSES]
    await asyncio.wait_for(runner.cleanup(), TIMEOUT)


async def _wait_for(closes: list[Any]) -> Any:
    for _ in range(int(TIMEOUT / 0.01)):
        if closes:
            return closes[0]
        await asyncio.sleep(0.01)
    raise AssertionError("the server handler never finished")


@pytest.mark.parametrize("compression", [None, "deflate"])
async def test_websockets_client_against_our_server(
    our_server: tuple[str, list[Any]], compression: str | None
) -> None:
    url, closes = our_server
    async with websockets_connect(
        url, compression=compression, subprotocols=["chat"], proxy=None, open_timeout=TIMEOUT
    ) as ws:
        assert ws.subprotocol == "chat"
        await ws.send("info")
        info = json.loads(await asyncio.wait_for(ws.recv(), TIMEOUT))
        assert info == {"protocol": "chat", "compress": 15 if compression else 0}
        await ws.send("héllo")
        assert await asyncio.wait_for(ws.recv(), TIMEOUT) == "echo:héllo"
        await ws.send(b"\x00\x01\x02")
        assert await asyncio.wait_for(ws.recv(), TIMEOUT) == b"\x02\x01\x00"
        await ws.send(["frag", "mented ", "text"])  # three frames: TEXT, CONT, CONT(FIN)
        assert await asyncio.wait_for(ws.recv(), TIMEOUT) == "echo:fragmented text"
        pong = await ws.ping(b"from-client")
        await asyncio.wait_for(pong, TIMEOUT)
        assert await asyncio.wait_for(ws.recv(), TIMEOUT) == "got-ping:from-client"
        await ws.send("ping-me")  # websockets answers our PING by itself
        assert await asyncio.wait_for(ws.recv(), TIMEOUT) == "got-pong:from-server"
        await ws.close(4003, "client done")
    assert await _wait_for(closes) == (4003, "client done")


@pytest.mark.parametrize("compression", [None, "deflate"])
async def test_our_server_closes_websockets_client_with_code(
    our_server: tuple[str, list[Any]], compression: str | None
) -> None:
    url, closes = our_server
    async with websockets_connect(url, compression=compression, proxy=None) as ws:
        await ws.send("close:4002:server done")
        with pytest.raises(ConnectionClosed):
            await asyncio.wait_for(ws.recv(), TIMEOUT)
        assert (ws.close_code, ws.close_reason) == (4002, "server done")
    code, _ = await _wait_for(closes)
    assert code == 4002  # websockets echoes the code it received (RFC 6455 5.5.1)


@pytest.mark.parametrize("compress", [0, 15])
async def test_aiohttp_client_against_our_server(
    our_server: tuple[str, list[Any]], compress: int
) -> None:
    url, closes = our_server
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(url, protocols=("chat",), compress=compress) as ws,
    ):
        assert ws.protocol == "chat" and ws.compress == compress
        await ws.send_str("info")
        info = json.loads(await ws.receive_str(timeout=TIMEOUT))
        assert info == {"protocol": "chat", "compress": compress}
        await ws.send_bytes(b"abc")
        assert await ws.receive_bytes(timeout=TIMEOUT) == b"cba"
        await ws.ping(b"aio")
        assert await ws.receive_str(timeout=TIMEOUT) == "got-ping:aio"
        await ws.send_str("ping-me")  # aiohttp's autoping answers while receiving
        assert await ws.receive_str(timeout=TIMEOUT) == "got-pong:from-server"
        await ws.send_str("close:4004:bye aiohttp")
        msg = await ws.receive(timeout=TIMEOUT)
        assert (msg.type, msg.data, msg.extra) == (
            aiohttp.WSMsgType.CLOSE,
            4004,
            "bye aiohttp",
        )
    assert (await _wait_for(closes))[0] == 1000


async def test_aiohttp_client_closes_our_server_with_code(
    our_server: tuple[str, list[Any]],
) -> None:
    url, closes = our_server
    async with aiohttp.ClientSession() as session:
        ws = await session.ws_connect(url)
        assert await ws.close(code=4005, message=b"aiohttp done")
        assert ws.close_code == 1000  # our server answers a CLOSE with 1000, as aiohttp's does
    assert await _wait_for(closes) == (4005, "aiohttp done")


# -- our client -----------------------------------------------------------------------------


async def websockets_handler(ws: ServerConnection) -> None:
    async for message in ws:
        if message == "fragments":
            await ws.send(["peer ", "frag", "ments"])
        elif message == "ping-me":
            pong = await ws.ping(b"srv")
            await asyncio.wait_for(pong, TIMEOUT)
            await ws.send("pong-received")
        elif isinstance(message, str) and message.startswith("close:"):
            _, code, reason = message.split(":", 2)
            await ws.close(int(code), reason)
        elif message == "last-close":
            await ws.send(f"{ws.close_code}")
        else:
            await ws.send(message)


@pytest.fixture
async def websockets_server() -> AsyncIterator[tuple[str, list[Any]]]:
    closes: list[Any] = []

    async def handler(ws: ServerConnection) -> None:
        try:
            await websockets_handler(ws)
        finally:
            await ws.wait_closed()
            closes.append((ws.close_code, ws.close_reason))

    async with websockets_serve(handler, "127.0.0.1", 0, subprotocols=["chat"]) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        yield f"ws://127.0.0.1:{port}/", closes


@pytest.mark.parametrize("compress", [0, 15])
async def test_our_client_against_websockets_server(
    websockets_server: tuple[str, list[Any]], compress: int
) -> None:
    url, closes = websockets_server
    async with (
        wirehttp.ClientSession() as session,
        session.ws_connect(url, protocols=("chat",), compress=compress) as ws,
    ):
        # websockets' server answers with server_max_window_bits=12 by default
        assert ws.protocol == "chat" and ws.compress == (12 if compress else 0)
        await ws.send_str("héllo")
        assert await ws.receive_str(timeout=TIMEOUT) == "héllo"
        await ws.send_bytes(b"\xff" * 70_000)  # a 64-bit length on the wire
        assert await ws.receive_bytes(timeout=TIMEOUT) == b"\xff" * 70_000
        await ws.send_str("fragments")
        assert await ws.receive_str(timeout=TIMEOUT) == "peer fragments"
        await ws.send_str("ping-me")  # our autoping answers while we receive
        assert await ws.receive_str(timeout=TIMEOUT) == "pong-received"
        await ws.close(code=4006, message=b"wirehttp done")
        assert ws.close_code == 4006  # websockets echoes the code
    await _wait_for(closes)
    assert closes == [(4006, "wirehttp done")]


async def test_our_client_pings_websockets_and_is_closed_with_code(
    websockets_server: tuple[str, list[Any]],
) -> None:
    url, _ = websockets_server
    async with (
        wirehttp.ClientSession() as session,
        session.ws_connect(url, autoping=False, protocols=("chat",)) as ws,
    ):
        await ws.ping(b"are you there")
        msg = await ws.receive(TIMEOUT)
        assert (msg.type, msg.data) == (wirehttp.WSMsgType.PONG, b"are you there")
        await ws.send_str("close:4007:server says bye")
        msg = await ws.receive(TIMEOUT)
        assert (msg.type, msg.data, msg.extra) == (
            wirehttp.WSMsgType.CLOSE,
            4007,
            "server says bye",
        )
        assert (await ws.receive(TIMEOUT)).type is wirehttp.WSMsgType.CLOSED
        assert ws.close_code == 4007


async def aiohttp_handler(request: aiohttp.web.Request) -> aiohttp.web.WebSocketResponse:
    ws = aiohttp.web.WebSocketResponse(protocols=("chat",), autoping=False)
    await ws.prepare(request)
    while True:
        msg = await ws.receive()
        if msg.type in (
            aiohttp.WSMsgType.CLOSE,
            aiohttp.WSMsgType.CLOSING,
            aiohttp.WSMsgType.CLOSED,
        ):
            break
        if msg.type == aiohttp.WSMsgType.TEXT and not await _serve_command(ws, msg.data):
            break
        if msg.type == aiohttp.WSMsgType.BINARY:
            await ws.send_bytes(msg.data[::-1])
        elif msg.type == aiohttp.WSMsgType.PING:
            await ws.pong(msg.data)
            await ws.send_str(f"got-ping:{msg.data.decode()}")
        elif msg.type == aiohttp.WSMsgType.PONG:
            await ws.send_str(f"got-pong:{msg.data.decode()}")
    request.app[AIOHTTP_CLOSES].append(
        (ws.close_code, msg.extra if msg.type == aiohttp.WSMsgType.CLOSE else None)
    )
    return ws


@pytest.fixture
async def aiohttp_ws_server() -> AsyncIterator[tuple[str, list[Any]]]:
    app = aiohttp.web.Application()
    app[AIOHTTP_CLOSES] = []
    app.router.add_get("/ws", aiohttp_handler)
    runner = aiohttp.web.AppRunner(app, access_log=None)
    await runner.setup()
    site = aiohttp.web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    yield f"ws://127.0.0.1:{runner.addresses[0][1]}/ws", app[AIOHTTP_CLOSES]
    await asyncio.wait_for(runner.cleanup(), TIMEOUT)


@pytest.mark.parametrize("compress", [0, 15])
async def test_our_client_against_aiohttp_server(
    aiohttp_ws_server: tuple[str, list[Any]], compress: int
) -> None:
    url, closes = aiohttp_ws_server
    async with (
        wirehttp.ClientSession() as session,
        session.ws_connect(url, protocols=("chat",), compress=compress) as ws,
    ):
        assert ws.protocol == "chat" and ws.compress == compress
        await ws.send_str("info")
        assert json.loads(await ws.receive_str(timeout=TIMEOUT)) == {
            "protocol": "chat",
            "compress": compress,
        }
        await ws.send_str("x" * 200_000)  # compressible, and long
        assert await ws.receive_str(timeout=TIMEOUT) == "echo:" + "x" * 200_000
        await ws.send_bytes(b"xyz")
        assert await ws.receive_bytes(timeout=TIMEOUT) == b"zyx"
        await ws.ping(b"ours")
        assert await ws.receive_str(timeout=TIMEOUT) == "got-ping:ours"
        await ws.send_str("ping-me")
        assert await ws.receive_str(timeout=TIMEOUT) == "got-pong:from-server"
        await ws.close(code=4008, message=b"to aiohttp")
    assert await _wait_for(closes) == (4008, "to aiohttp")


async def test_aiohttp_server_closes_our_client_with_code(
    aiohttp_ws_server: tuple[str, list[Any]],
) -> None:
    url, _ = aiohttp_ws_server
    async with wirehttp.ClientSession() as session:
        ws = await session.ws_connect(url)
        await ws.send_str("close:4009:aiohttp says bye")
        msg = await ws.receive(TIMEOUT)
        assert (msg.type, msg.data, msg.extra) == (
            wirehttp.WSMsgType.CLOSE,
            4009,
            "aiohttp says bye",
        )
        assert ws.close_code == 4009

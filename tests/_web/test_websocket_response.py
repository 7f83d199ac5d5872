"""web.WebSocketResponse: the handshake as a response, the hand-over, and the handler's end."""

from __future__ import annotations

import asyncio
import base64
import logging
import os
from typing import Any

import pytest

import wirehttp
from wirehttp import web
from wirehttp._sansio.ws.frames import encode_frame
from wirehttp.pytest_plugin import AiohttpClient, AiohttpServer
from wirehttp.test_utils import make_mocked_request

TIMEOUT = 10.0
KEY = base64.b64encode(os.urandom(16)).decode()
UPGRADE = {
    "Upgrade": "websocket",
    "Connection": "Upgrade",
    "Sec-WebSocket-Version": "13",
    "Sec-WebSocket-Key": KEY,
}


def echo_app(**ws_kwargs: Any) -> web.Application:
    async def echo(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(**ws_kwargs)
        await ws.prepare(request)
        async for msg in ws:
            if msg.type == web.WSMsgType.TEXT:
                await ws.send_str(f"{ws.ws_protocol}:{ws.compress}:{msg.data}")
        return ws

    app = web.Application()
    app.router.add_get("/ws", echo)
    return app


async def _raw(port: int, request: bytes) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), TIMEOUT)
    writer.write(request)
    return reader, writer


def _upgrade_request(extra: str = "") -> bytes:
    head = "".join(f"{name}: {value}\r\n" for name, value in UPGRADE.items())
    return f"GET /ws HTTP/1.1\r\nHost: t\r\n{head}{extra}\r\n".encode()


async def test_plain_get_to_a_websocket_handler_is_a_400(aiohttp_client: AiohttpClient) -> None:
    client = await aiohttp_client(echo_app())
    async with client.get("/ws") as resp:
        assert resp.status == 400
        assert "websocket" in (await resp.text()).lower()


async def test_unknown_version_is_426_naming_ours(aiohttp_client: AiohttpClient) -> None:
    client = await aiohttp_client(echo_app())
    headers = {**UPGRADE, "Sec-WebSocket-Version": "99"}
    async with client.get("/ws", headers=headers) as resp:
        assert resp.status == 426
        assert resp.headers["Sec-WebSocket-Version"] == "13"


async def test_bad_key_is_a_400(aiohttp_client: AiohttpClient) -> None:
    client = await aiohttp_client(echo_app())
    async with client.get("/ws", headers={**UPGRADE, "Sec-WebSocket-Key": "short"}) as resp:
        assert resp.status == 400


async def test_101_head_is_a_bare_upgrade_and_early_frames_reach_the_handler(
    aiohttp_server: AiohttpServer,
) -> None:
    server = await aiohttp_server(echo_app())
    assert server.port is not None
    # the first frame rides in the same packet as the upgrade request
    first = encode_frame(0x1, b"early", mask=True)
    reader, writer = await _raw(server.port, _upgrade_request() + first)
    try:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), TIMEOUT)
        lines = head.decode("latin-1").split("\r\n")
        assert lines[0] == "HTTP/1.1 101 Switching Protocols"
        names = {line.split(":")[0].lower() for line in lines[1:] if line}
        assert {"upgrade", "connection", "sec-websocket-accept"} <= names
        assert not names & {"content-type", "content-length", "transfer-encoding"}
        frame = await asyncio.wait_for(reader.readexactly(2), TIMEOUT)
        payload = await asyncio.wait_for(reader.readexactly(frame[1]), TIMEOUT)
        assert (frame[0], payload) == (0x81, b"None:0:early")  # unmasked text from a server
    finally:
        writer.close()


async def test_subprotocol_and_compression_are_negotiated(aiohttp_client: AiohttpClient) -> None:
    client = await aiohttp_client(echo_app(protocols=("v2", "v1")))
    async with client.ws_connect("/ws", protocols=("v1", "v3"), compress=15) as ws:
        assert ws.protocol == "v1" and ws.compress == 15
        await ws.send_str("x")
        assert await ws.receive_str(timeout=TIMEOUT) == "v1:15:x"


async def test_compression_can_be_refused_by_the_server(aiohttp_client: AiohttpClient) -> None:
    client = await aiohttp_client(echo_app(compress=False))
    async with client.ws_connect("/ws", compress=15) as ws:
        assert ws.compress == 0
        await ws.send_str("y")
        assert await ws.receive_str(timeout=TIMEOUT) == "None:0:y"


async def test_handler_returning_an_open_websocket_closes_it(
    aiohttp_client: AiohttpClient,
) -> None:
    async def hello_and_return(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_str("hello")
        return ws  # never closed by the handler

    app = web.Application()
    app.router.add_get("/ws", hello_and_return)
    client = await aiohttp_client(app)
    ws = await client.ws_connect("/ws")
    assert await ws.receive_str(timeout=TIMEOUT) == "hello"
    msg = await ws.receive(TIMEOUT)
    assert (msg.type, msg.data) == (web.WSMsgType.CLOSE, wirehttp.WSCloseCode.OK)
    assert (await ws.receive(TIMEOUT)).type is web.WSMsgType.CLOSED


async def test_can_prepare_answers_without_sending() -> None:
    ws = web.WebSocketResponse(protocols=("chat",))
    request = make_mocked_request(
        "GET", "/ws", headers={**UPGRADE, "Sec-WebSocket-Protocol": "chat"}
    )
    ready = ws.can_prepare(request)
    assert ready and ready.ok and ready.protocol == "chat"
    assert not ws.prepared
    plain = make_mocked_request("GET", "/ws")
    refused = ws.can_prepare(plain)
    assert not refused and refused.protocol is None


async def test_using_it_before_prepare_is_an_error() -> None:
    ws = web.WebSocketResponse()
    with pytest.raises(RuntimeError, match="prepare"):
        await ws.receive()
    with pytest.raises(RuntimeError, match="prepare"):
        await ws.send_str("too early")
    with pytest.raises(RuntimeError, match="websocket"):
        await ws.write(b"raw")
    assert not ws.closed and ws.close_code is None and ws.exception() is None


async def test_shutdown_waits_for_on_shutdown_to_close_websockets(
    aiohttp_server: AiohttpServer,
) -> None:
    """aiohttp's pattern: on_shutdown closes the open WebSockets with GOING_AWAY."""
    sockets = web.AppKey("sockets", set)
    handler_done = asyncio.Event()

    async def hold(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        request.app[sockets].add(ws)
        async for _ in ws:
            pass
        handler_done.set()
        return ws

    async def close_all(app: web.Application) -> None:
        for ws in set(app[sockets]):
            await ws.close(code=wirehttp.WSCloseCode.GOING_AWAY, message=b"shutdown")

    app = web.Application()
    app[sockets] = set()
    app.router.add_get("/ws", hold)
    app.on_shutdown.append(close_all)
    server = await aiohttp_server(app)
    async with wirehttp.ClientSession() as session:
        ws = await session.ws_connect(server.make_url("/ws"))
        receiving = asyncio.ensure_future(ws.receive())
        await asyncio.sleep(0)
        await asyncio.wait_for(server.close(), TIMEOUT)
        msg = await asyncio.wait_for(receiving, TIMEOUT)
        assert (msg.type, msg.data, msg.extra) == (
            web.WSMsgType.CLOSE,
            wirehttp.WSCloseCode.GOING_AWAY,
            "shutdown",
        )
        assert handler_done.is_set()


async def test_shutdown_cancels_a_websocket_handler_that_never_ends(
    aiohttp_server: AiohttpServer,
) -> None:
    cancelled = asyncio.Event()

    async def stubborn(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        try:
            await asyncio.Event().wait()  # ignores the socket entirely
        except asyncio.CancelledError:
            cancelled.set()
            raise
        return ws

    app = web.Application()
    app.router.add_get("/ws", stubborn)
    server = await aiohttp_server(app, shutdown_timeout=0.2)
    async with wirehttp.ClientSession() as session:
        ws = await session.ws_connect(server.make_url("/ws"))
        await asyncio.wait_for(server.close(), TIMEOUT)
        assert cancelled.is_set()
        msg = await ws.receive(TIMEOUT)  # the server closed the connection under it
        assert msg.type is web.WSMsgType.CLOSED
        assert ws.close_code == wirehttp.WSCloseCode.ABNORMAL_CLOSURE


async def test_receive_timeout_of_the_response(aiohttp_client: AiohttpClient) -> None:
    outcome: list[str] = []

    async def impatient(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(receive_timeout=0.05)
        await ws.prepare(request)
        try:
            await ws.receive()
        except asyncio.TimeoutError:
            outcome.append("timeout")
        await ws.close()
        return ws

    app = web.Application()
    app.router.add_get("/ws", impatient)
    client = await aiohttp_client(app)
    async with client.ws_connect("/ws") as ws:
        msg = await ws.receive(TIMEOUT)
        assert msg.type is web.WSMsgType.CLOSE
    assert outcome == ["timeout"]


def test_public_homes() -> None:
    assert web.WebSocketResponse.__module__ == "wirehttp.web"
    assert issubclass(web.WebSocketResponse, web.StreamResponse)
    assert web.WSMsgType is wirehttp.WSMsgType


async def test_no_common_subprotocol_is_logged_and_none_chosen(
    aiohttp_client: AiohttpClient, caplog: pytest.LogCaptureFixture
) -> None:
    client = await aiohttp_client(echo_app(protocols=("v2",)))
    with caplog.at_level(logging.WARNING, logger="aiohttp.websocket"):
        async with client.ws_connect("/ws", protocols=("v9",)) as ws:
            assert ws.protocol is None
            await ws.send_str("z")
            assert await ws.receive_str(timeout=TIMEOUT) == "None:0:z"
    assert any("don't overlap" in record.getMessage() for record in caplog.records)


async def test_receive_on_a_closed_websocket_raises_after_a_few_tries(
    aiohttp_client: AiohttpClient,
) -> None:
    outcome: list[Any] = []

    async def spin(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.close()
        try:
            while len(outcome) < 10:  # a handler that never checks the type must not spin
                msg = await ws.receive()
                outcome.append(msg.type)
        except RuntimeError as exc:
            outcome.append(str(exc))
        return ws

    app = web.Application()
    app.router.add_get("/ws", spin)
    client = await aiohttp_client(app)
    async with client.ws_connect("/ws") as ws:
        assert (await ws.receive(TIMEOUT)).type is web.WSMsgType.CLOSE
    await client.close()
    assert outcome == [web.WSMsgType.CLOSED] * 4 + ["WebSocket connection is closed."]


async def test_a_handler_failing_after_prepare_ends_the_connection(
    aiohttp_client: AiohttpClient,
) -> None:
    async def broken(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_str("about to fail")
        raise ZeroDivisionError("handler bug")

    app = web.Application()
    app.router.add_get("/ws", broken)
    client = await aiohttp_client(app)
    async with client.ws_connect("/ws") as ws:
        assert await ws.receive_str(timeout=TIMEOUT) == "about to fail"
        msg = await ws.receive(TIMEOUT)  # no HTTP 500 inside the WebSocket: the socket closes
        assert msg.type is web.WSMsgType.CLOSED
        assert ws.close_code == wirehttp.WSCloseCode.ABNORMAL_CLOSURE

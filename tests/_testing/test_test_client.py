"""TestClient: requests by path to a test server, and everything it opened closed on exit."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

import wirehttp
from wirehttp import web
from wirehttp.test_utils import RawTestServer, TestClient, TestServer

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


async def echo(request: web.Request) -> web.Response:
    body = await request.text()
    return web.Response(
        text=f"{request.method} {request.path_qs} {body}",
        headers={"X-Default": request.headers.get("X-Default", "-")},
    )


async def set_cookie(request: web.Request) -> web.Response:
    response = web.Response(text="set")
    response.set_cookie("flavour", "oat")
    return response


async def read_cookie(request: web.Request) -> web.Response:
    return web.Response(text=request.cookies.get("flavour", "none"))


def make_app() -> web.Application:
    app = web.Application()
    app.router.add_route("*", "/echo", echo)
    app.router.add_get("/set", set_cookie)
    app.router.add_get("/read", read_cookie)
    return app


async def test_every_method_helper_reaches_the_server() -> None:
    async with TestClient(TestServer(make_app())) as client:
        for method in METHODS:
            helper = getattr(client, method.lower())
            resp = await helper("/echo?q=1", data=b"x" if method in ("POST", "PUT") else None)
            assert resp.status == 200
            expected_body = "x" if method in ("POST", "PUT") else ""
            assert await resp.text() == f"{method} /echo?q=1 {expected_body}"
        head = await client.head("/echo")
        assert head.status == 200 and await head.read() == b""
        resp = await client.request("PATCH", "/echo", data="y")
        assert await resp.text() == "PATCH /echo y"


async def test_async_with_on_a_request() -> None:
    async with TestClient(TestServer(make_app())) as client:
        async with client.get("/echo") as resp:
            assert await resp.text() == "GET /echo "
        assert resp.closed


async def test_client_exposes_server_app_session_and_urls() -> None:
    app = make_app()
    server = TestServer(app)
    async with TestClient(server) as client:
        assert client.server is server
        assert client.app is app
        assert isinstance(client.session, wirehttp.ClientSession)
        assert (client.host, client.port) == ("127.0.0.1", server.port)
        assert client.make_url("/x") == server.make_url("/x")
        assert "TestClient" in repr(client)


async def test_raw_server_client_has_no_app() -> None:
    async with TestClient(RawTestServer(echo)) as client:
        assert client.app is None
        assert await (await client.post("/raw", data="z")).text() == "POST /raw z"


async def test_keyword_arguments_configure_the_session() -> None:
    async with TestClient(TestServer(make_app()), headers={"X-Default": "on"}) as client:
        resp = await client.get("/echo")
        assert resp.headers["X-Default"] == "on"


async def test_cookies_from_the_loopback_server_are_kept_and_sent_back() -> None:
    async with TestClient(TestServer(make_app())) as client:
        await (await client.get("/set")).read()
        assert await (await client.get("/read")).text() == "oat"
        assert client.session.cookie_jar.unsafe  # type: ignore[attr-defined]


async def test_close_closes_unread_responses_session_and_server() -> None:
    release = asyncio.Event()

    async def streaming(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()
        await response.prepare(request)
        await response.write(b"first part")
        await release.wait()
        return response

    app = make_app()
    app.router.add_get("/stream", streaming)
    server = TestServer(app)
    client = TestClient(server)
    await client.start_server()
    resp = await client.get("/stream")
    assert await resp.content.readexactly(10) == b"first part"
    assert not resp.closed
    await asyncio.wait_for(client.close(), 10)
    assert resp.closed
    assert client.session.closed
    assert server.closed
    await client.close()  # twice is fine


def test_client_needs_a_test_server() -> None:
    with pytest.raises(TypeError, match="server must be TestServer instance"):
        TestClient(make_app())  # type: ignore[arg-type]


async def test_plain_with_is_refused() -> None:
    client = TestClient(TestServer(make_app()))
    with pytest.raises(TypeError, match="Use async with instead"), client:
        pass
    await client.close()


def ws_app(seen: list[Any], ended: asyncio.Event) -> web.Application:
    """An echo WebSocket at /ws that records what it got and how it ended."""

    async def echo(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        async for msg in ws:
            seen.append(msg.data)
            if msg.type == web.WSMsgType.TEXT:
                await ws.send_str(f"echo {msg.data}")
            else:
                await ws.send_bytes(msg.data)
        seen.append(("closed", ws.close_code))
        ended.set()
        return ws

    app = make_app()
    app.router.add_get("/ws", echo)
    return app


async def test_ws_connect_talks_to_a_websocket_handler_both_ways() -> None:
    seen: list[Any] = []
    ended = asyncio.Event()
    async with TestClient(TestServer(ws_app(seen, ended))) as client:
        async with client.ws_connect("/ws") as ws:
            await ws.send_str("hi")
            assert await ws.receive_str(timeout=10) == "echo hi"
            await ws.send_bytes(b"\x00raw")
            assert await ws.receive_bytes(timeout=10) == b"\x00raw"
        assert ws.closed and ws.close_code == wirehttp.WSCloseCode.OK
        await asyncio.wait_for(ended.wait(), 10)
    assert seen == ["hi", b"\x00raw", ("closed", wirehttp.WSCloseCode.OK)]


async def test_a_websocket_left_open_is_closed_with_the_client() -> None:
    seen: list[Any] = []
    ended = asyncio.Event()
    client = TestClient(TestServer(ws_app(seen, ended)))
    await client.start_server()
    ws = await client.ws_connect("/ws")
    await ws.send_str("still open")
    assert await ws.receive_str(timeout=10) == "echo still open"
    await asyncio.wait_for(client.close(), 10)
    assert ws.closed and ws.close_code == wirehttp.WSCloseCode.OK  # a clean close handshake
    assert ended.is_set()  # the handler saw the CLOSE and returned before the server went
    assert seen == ["still open", ("closed", wirehttp.WSCloseCode.OK)]


def test_test_client_is_not_collected_as_a_test() -> None:
    assert TestClient.__test__ is False

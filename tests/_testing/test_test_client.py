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


async def test_ws_connect_fails_clearly_while_the_session_has_no_websockets() -> None:
    async with TestClient(TestServer(make_app())) as client:
        assert not hasattr(client.session, "ws_connect")
        with pytest.raises(NotImplementedError, match="no ws_connect yet"):
            await client.ws_connect("/ws")


class FakeWebSocket:
    def __init__(self, url: Any, kwargs: dict[str, Any]) -> None:
        self.url, self.kwargs, self.closed = url, kwargs, False

    async def close(self) -> None:
        self.closed = True


async def test_ws_connect_delegates_to_the_session_and_closes_on_exit() -> None:
    """Once the session has ws_connect, the client calls it with the server URL."""
    opened: list[FakeWebSocket] = []

    async def ws_connect(url: Any, **kwargs: Any) -> FakeWebSocket:
        opened.append(FakeWebSocket(url, kwargs))
        return opened[-1]

    async with TestClient(TestServer(make_app())) as client:
        client.session.ws_connect = ws_connect  # type: ignore[attr-defined]
        ws = await client.ws_connect("/ws", heartbeat=5)
        assert ws.url == client.make_url("/ws") and ws.kwargs == {"heartbeat": 5}
        async with client.ws_connect("/ws2") as ws2:
            assert not ws2.closed
        assert ws2.closed and not ws.closed
    assert ws.closed


def test_test_client_is_not_collected_as_a_test() -> None:
    assert TestClient.__test__ is False

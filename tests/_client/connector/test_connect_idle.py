"""connect_idle(): the pool's idle connection handed out without a coroutine (the request path
uses it when nobody traces); None when there is none, and a subclass that overrides connect()
is always asked through connect()."""

from __future__ import annotations

from typing import Any

import pytest

import wirehttp
from wirehttp import web
from wirehttp.pytest_plugin import AiohttpServer


async def _hello(request: web.Request) -> web.Response:
    return web.Response(text="hi")


async def test_idle_connection_is_handed_out_at_once(aiohttp_server: AiohttpServer) -> None:
    app = web.Application()
    app.router.add_get("/", _hello)
    server = await aiohttp_server(app)
    connector = wirehttp.TCPConnector()
    async with wirehttp.ClientSession(connector=connector) as session:
        url = server.make_url("/")
        async with session.get(url) as resp:
            assert await resp.text() == "hi"
        req = wirehttp.ClientRequest("GET", url)
        conn = connector.connect_idle(req)
        assert conn is not None and conn.protocol is not None
        assert conn.protocol.requests_started == 1  # the pooled one, not a new connection
        assert connector.connect_idle(req) is None  # the only idle one is lent out
        conn.release()
        again = connector.connect_idle(req)
        assert again is not None
        again.release()
    with pytest.raises(wirehttp.ClientConnectionError):
        connector.connect_idle(req)  # closed with the session


async def test_a_connector_overriding_connect_is_always_asked(
    aiohttp_server: AiohttpServer,
) -> None:
    app = web.Application()
    app.router.add_get("/", _hello)
    server = await aiohttp_server(app)
    asked: list[str] = []

    class Counting(wirehttp.TCPConnector):
        async def connect(self, req: Any, traces: Any, timeout: Any) -> Any:
            asked.append(str(req.url))
            return await super().connect(req, traces, timeout)

    async with wirehttp.ClientSession(connector=Counting()) as session:
        for _ in range(3):
            async with session.get(server.make_url("/")) as resp:
                assert await resp.text() == "hi"
    assert len(asked) == 3  # pooled connections too went through the override

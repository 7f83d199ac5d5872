"""web.Server (a bare handler, no Application) through aiohttp_raw_server and aiohttp_client."""

from __future__ import annotations

from rawhttp import exchange

from wirehttp import web
from wirehttp.pytest_plugin import AiohttpClient, AiohttpRawServer


async def handler(request: web.BaseRequest) -> web.StreamResponse:
    if request.path == "/missing":
        raise web.HTTPNotFound(text="no such thing")
    if request.path == "/broken":
        raise RuntimeError("handler bug")
    body = await request.read()
    return web.Response(text=f"{type(request).__name__} {request.method} {request.path} {body!r}")


async def test_a_bare_handler_gets_base_requests(
    aiohttp_raw_server: AiohttpRawServer, aiohttp_client: AiohttpClient
) -> None:
    client = await aiohttp_client(await aiohttp_raw_server(handler))
    resp = await client.post("/any/path", data=b"payload")
    assert resp.status == 200
    assert await resp.text() == "BaseRequest POST /any/path b'payload'"
    assert client.app is None


async def test_raised_http_exceptions_are_answered_and_errors_are_500(
    aiohttp_raw_server: AiohttpRawServer, aiohttp_client: AiohttpClient
) -> None:
    client = await aiohttp_client(await aiohttp_raw_server(handler))
    missing = await client.get("/missing")
    assert (missing.status, await missing.text()) == (404, "no such thing")
    broken = await client.get("/broken")
    assert broken.status == 500
    assert "handler bug" not in await broken.text()


async def test_raw_server_options_reach_the_server(aiohttp_raw_server: AiohttpRawServer) -> None:
    server = await aiohttp_raw_server(handler, max_line_size=64)
    assert server.port is not None
    long_line = await exchange(server.port, b"GET /" + b"a" * 100 + b" HTTP/1.1\r\nHost: t\r\n\r\n")
    assert long_line.status == 414
    short = await exchange(server.port, b"GET /ok HTTP/1.1\r\nHost: t\r\n\r\n")
    assert (short.status, short.body) == (200, b"BaseRequest GET /ok b''")

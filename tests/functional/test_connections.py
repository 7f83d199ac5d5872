"""Connection handling: keep-alive, close, HTTP/1.0, Upgrade, errors, chunked bodies, 100-continue,
graceful shutdown."""

from __future__ import annotations

import asyncio
import logging

import pytest
from rawhttp import at_eof, connect, read_head, read_response

from wirehttp import web
from wirehttp.pytest_plugin import AiohttpServer

TIMEOUT = 10.0
PEERS = web.AppKey("peers", set)


def _app() -> web.Application:
    async def hello(request: web.Request) -> web.Response:
        request.app[PEERS].add(request.transport.get_extra_info("peername"))
        return web.Response(text=f"hello {request.path}")

    async def echo(request: web.Request) -> web.Response:
        body = await request.read()
        return web.Response(body=body, headers={"X-Len": str(len(body))})

    async def boom(request: web.Request) -> web.Response:
        raise ValueError("secret detail that must stay in the log")

    async def timeout(request: web.Request) -> web.Response:
        raise asyncio.TimeoutError()

    app = web.Application()
    app[PEERS] = set()
    app.router.add_get("/hello", hello)
    app.router.add_route("*", "/echo", echo)
    app.router.add_get("/boom", boom)
    app.router.add_get("/timeout", timeout)
    return app


async def test_keep_alive_serves_many_requests_on_one_connection(
    aiohttp_server: AiohttpServer,
) -> None:
    app = _app()
    server = await aiohttp_server(app)
    reader, writer = await connect(server.port)
    try:
        for _ in range(5):
            writer.write(b"GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            resp = await read_response(reader)
            assert (resp.status, resp.body) == (200, b"hello /hello")
            assert "close" not in resp.headers.get("Connection", "").lower()
    finally:
        writer.close()
    assert len(app[PEERS]) == 1


async def test_connection_close_is_honoured(aiohttp_server: AiohttpServer) -> None:
    server = await aiohttp_server(_app())
    reader, writer = await connect(server.port)
    try:
        writer.write(b"GET /hello HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        resp = await read_response(reader)
        assert resp.headers["Connection"] == "close"
        assert await at_eof(reader)
    finally:
        writer.close()


async def test_http10_without_keep_alive_closes(aiohttp_server: AiohttpServer) -> None:
    server = await aiohttp_server(_app())
    reader, writer = await connect(server.port)
    try:
        writer.write(b"GET /hello HTTP/1.0\r\n\r\n")
        resp = await read_response(reader)
        assert resp.body == b"hello /hello"
        assert await at_eof(reader)
    finally:
        writer.close()


async def test_http10_with_keep_alive_stays_open(aiohttp_server: AiohttpServer) -> None:
    server = await aiohttp_server(_app())
    reader, writer = await connect(server.port)
    try:
        for _ in range(2):
            writer.write(b"GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            resp = await read_response(reader)
            assert resp.headers["Connection"].lower() == "keep-alive"
            assert resp.body == b"hello /hello"
    finally:
        writer.close()


async def test_upgrade_request_to_a_normal_route_is_answered_normally(
    aiohttp_server: AiohttpServer,
) -> None:
    """There is no public takeover API before WebSocketResponse: a normal handler just answers."""
    server = await aiohttp_server(_app())
    reader, writer = await connect(server.port)
    try:
        writer.write(
            b"GET /hello HTTP/1.1\r\nHost: t\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n"
        )
        resp = await read_response(reader)
    finally:
        writer.close()
    assert (resp.status, resp.body) == (200, b"hello /hello")
    assert "Upgrade" not in resp.headers


async def test_unexpected_exception_is_500_and_logged(
    aiohttp_server: AiohttpServer, caplog: pytest.LogCaptureFixture
) -> None:
    server = await aiohttp_server(_app())
    reader, writer = await connect(server.port)
    with caplog.at_level(logging.ERROR):
        try:
            writer.write(b"GET /boom HTTP/1.1\r\nHost: t\r\n\r\n")
            resp = await read_response(reader)
        finally:
            writer.close()
    assert resp.status == 500
    assert b"Traceback" not in resp.body and b"secret detail" not in resp.body
    assert b"500" in resp.body
    logged = [r for r in caplog.records if r.exc_info and isinstance(r.exc_info[1], ValueError)]
    assert logged and logged[0].levelno == logging.ERROR


async def test_handler_timeout_error_is_504(aiohttp_server: AiohttpServer) -> None:
    """aiohttp 3.14 answers a TimeoutError escaping the handler with 504 Gateway Timeout."""
    server = await aiohttp_server(_app())
    reader, writer = await connect(server.port)
    try:
        writer.write(b"GET /timeout HTTP/1.1\r\nHost: t\r\n\r\n")
        resp = await read_response(reader)
    finally:
        writer.close()
    assert resp.status == 504


async def test_chunked_request_body(aiohttp_server: AiohttpServer) -> None:
    server = await aiohttp_server(_app())
    reader, writer = await connect(server.port)
    try:
        writer.write(
            b"POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"5\r\nhello\r\n1;ext=1\r\n \r\n6\r\nworld!\r\n0\r\nX-Trailer: 1\r\n\r\n"
        )
        resp = await read_response(reader)
        writer.write(
            b"POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
        )
        empty = await read_response(reader)
    finally:
        writer.close()
    assert resp.body == b"hello world!"
    assert empty.body == b"" and empty.headers["X-Len"] == "0"


async def test_expect_100_continue(aiohttp_server: AiohttpServer) -> None:
    server = await aiohttp_server(_app())
    reader, writer = await connect(server.port)
    try:
        writer.write(
            b"POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\nExpect: 100-continue\r\n\r\n"
        )
        interim = await read_head(reader)
        assert (interim.version, interim.status, interim.reason) == ("HTTP/1.1", 100, "Continue")
        writer.write(b"hello there")
        resp = await read_response(reader)
    finally:
        writer.close()
    assert (resp.status, resp.body) == (200, b"hello there")


async def test_expect_100_continue_refused_by_expect_handler(aiohttp_server: AiohttpServer) -> None:
    async def refuse(request: web.Request) -> None:
        raise web.HTTPRequestEntityTooLarge(
            max_size=1, actual_size=int(request.headers["Content-Length"])
        )

    async def handler(request: web.Request) -> web.Response:
        return web.Response(text="never")

    app = web.Application()
    app.router.add_post("/", handler, expect_handler=refuse)
    server = await aiohttp_server(app)
    reader, writer = await connect(server.port)
    try:
        writer.write(
            b"POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\nExpect: 100-continue\r\n\r\n"
        )
        resp = await read_response(reader)
    finally:
        writer.close()
    assert resp.status == 413


def _slow_app(entered: asyncio.Event, release: asyncio.Event) -> web.Application:
    async def slow(request: web.Request) -> web.Response:
        entered.set()
        await release.wait()
        return web.Response(text="finished")

    app = _app()
    app.router.add_get("/slow", slow)
    return app


async def test_graceful_shutdown_finishes_in_flight_and_closes_idle(
    aiohttp_server: AiohttpServer,
) -> None:
    entered, release = asyncio.Event(), asyncio.Event()
    server = await aiohttp_server(_slow_app(entered, release), shutdown_timeout=10.0)
    idle_reader, idle_writer = await connect(server.port)
    busy_reader, busy_writer = await connect(server.port)
    try:
        idle_writer.write(b"GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        await read_response(idle_reader)  # now an idle keep-alive connection
        busy_writer.write(b"GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
        await asyncio.wait_for(entered.wait(), TIMEOUT)
        cleanup = asyncio.ensure_future(server.close())
        assert await at_eof(idle_reader)  # idle connection closed at once
        assert not cleanup.done()
        release.set()
        resp = await read_response(busy_reader)
        assert (resp.status, resp.body) == (200, b"finished")
        await asyncio.wait_for(cleanup, TIMEOUT)
        assert await at_eof(busy_reader)
    finally:
        idle_writer.close()
        busy_writer.close()


async def test_graceful_shutdown_cancels_after_timeout(aiohttp_server: AiohttpServer) -> None:
    entered, release = asyncio.Event(), asyncio.Event()
    server = await aiohttp_server(_slow_app(entered, release), shutdown_timeout=0.2)
    reader, writer = await connect(server.port)
    try:
        writer.write(b"GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
        await asyncio.wait_for(entered.wait(), TIMEOUT)
        await asyncio.wait_for(server.close(), TIMEOUT)
        assert await at_eof(reader)  # the handler never finished: no response, connection gone
    finally:
        writer.close()

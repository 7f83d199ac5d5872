"""A request body that breaks off reaches the handler's read as web.RequestPayloadError.

Over real loopback sockets: a connection that drops mid-body (the error is also the
ConnectionResetError aiohttp raises there), chunked framing that breaks mid-body and a body
that cannot be decoded (both still answered with their 400), and a body read after the
response was finished (web.PayloadAccessError).
"""

from __future__ import annotations

import asyncio

from rawhttp import TIMEOUT, connect, read_response

from wirehttp import web
from wirehttp.pytest_plugin import AiohttpServer

HEAD_CL = b"POST /read HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n"
HEAD_CHUNKED = b"POST /read HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"


def _reading_app(seen: asyncio.Queue[BaseException | bytes]) -> web.Application:
    async def read(request: web.Request) -> web.Response:
        try:
            body = await request.read()
        except Exception as exc:
            seen.put_nowait(exc)
            raise
        seen.put_nowait(body)
        return web.Response(text="read")

    app = web.Application()
    app.router.add_post("/read", read)
    return app


async def _serve_reader(
    aiohttp_server: AiohttpServer,
) -> tuple[int, asyncio.Queue[BaseException | bytes]]:
    seen: asyncio.Queue[BaseException | bytes] = asyncio.Queue()
    # The handler must live on when its client goes away, to see the broken read: the test
    # server cancels handlers of lost connections unless told not to.
    server = await aiohttp_server(_reading_app(seen), handler_cancellation=False)
    return server.port, seen


async def test_connection_dropped_mid_body_raises_request_payload_error(
    aiohttp_server: AiohttpServer,
) -> None:
    port, seen = await _serve_reader(aiohttp_server)
    _reader, writer = await connect(port)
    writer.write(HEAD_CL + b"only part of it")
    await writer.drain()
    await asyncio.sleep(0.05)  # the handler is now waiting for the rest of the body
    writer.close()
    error = await asyncio.wait_for(seen.get(), TIMEOUT)
    assert isinstance(error, web.RequestPayloadError), repr(error)
    assert isinstance(error, ConnectionResetError)  # what aiohttp raises there, still caught


async def test_connection_dropped_mid_chunked_body_raises_request_payload_error(
    aiohttp_server: AiohttpServer,
) -> None:
    port, seen = await _serve_reader(aiohttp_server)
    _reader, writer = await connect(port)
    writer.write(HEAD_CHUNKED + b"5\r\nhello\r\n")
    await writer.drain()
    await asyncio.sleep(0.05)
    writer.close()
    error = await asyncio.wait_for(seen.get(), TIMEOUT)
    assert isinstance(error, web.RequestPayloadError), repr(error)


async def test_broken_chunk_framing_mid_body_raises_it_and_answers_400(
    aiohttp_server: AiohttpServer,
) -> None:
    port, seen = await _serve_reader(aiohttp_server)
    reader, writer = await connect(port)
    try:
        writer.write(HEAD_CHUNKED + b"5\r\nhello\r\n")
        await writer.drain()
        await asyncio.sleep(0.05)
        writer.write(b"zz\r\n")  # not a chunk size
        error = await asyncio.wait_for(seen.get(), TIMEOUT)
        response = await read_response(reader)
    finally:
        writer.close()
    assert isinstance(error, web.RequestPayloadError), repr(error)
    assert response.status == 400
    assert response.headers["Connection"] == "close"


async def test_undecodable_body_raises_it_and_answers_400(aiohttp_server: AiohttpServer) -> None:
    port, seen = await _serve_reader(aiohttp_server)
    reader, writer = await connect(port)
    try:
        writer.write(
            b"POST /read HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\n"
            b"Content-Length: 10\r\n\r\n0123456789"
        )
        error = await asyncio.wait_for(seen.get(), TIMEOUT)
        response = await read_response(reader)
    finally:
        writer.close()
    assert isinstance(error, web.RequestPayloadError), repr(error)
    assert response.status == 400


async def test_complete_body_reads_without_error(aiohttp_server: AiohttpServer) -> None:
    port, seen = await _serve_reader(aiohttp_server)
    reader, writer = await connect(port)
    try:
        writer.write(HEAD_CL + b"x" * 100)
        response = await read_response(reader)
    finally:
        writer.close()
    assert response.status == 200
    assert await asyncio.wait_for(seen.get(), TIMEOUT) == b"x" * 100


async def test_body_read_after_the_response_raises_payload_access_error(
    aiohttp_server: AiohttpServer,
) -> None:
    finished: list[web.Request] = []

    async def keep(request: web.Request) -> web.Response:
        finished.append(request)  # its body is never read while the request runs
        return web.Response(text="kept")

    async def read_late(request: web.Request) -> web.Response:
        try:
            await finished[0].content.read()
        except web.PayloadAccessError:
            return web.Response(text="PayloadAccessError")
        return web.Response(text="read")

    app = web.Application()
    app.router.add_post("/keep", keep)
    app.router.add_get("/late", read_late)
    server = await aiohttp_server(app)
    reader, writer = await connect(server.port)
    try:
        writer.write(b"POST /keep HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nbody")
        assert (await read_response(reader)).status == 200
        writer.write(b"GET /late HTTP/1.1\r\nHost: x\r\n\r\n")
        late = await read_response(reader)
    finally:
        writer.close()
    assert late.body == b"PayloadAccessError"

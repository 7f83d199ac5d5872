"""The client's `expect100=True` against real peers on loopback.

wirehttp's own server answers `Expect: 100-continue` from the route's expect handler (100, or a
refusal); raw asyncio servers answer 417 without reading the body (the body must never arrive),
never answer 100 at all (the body goes out after the client's fallback delay), or send 100 and
then read the body.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import pytest

import wirehttp
from wirehttp import web
from wirehttp.pytest_plugin import AiohttpClient

TIMEOUT = 10.0
BODY = b"the body the server may not want"
PEER = web.AppKey("peer", list)


def _app() -> web.Application:
    async def echo(request: web.Request) -> web.Response:
        body = await request.read()
        return web.Response(body=body, headers={"X-Expect": request.headers.get("Expect", "")})

    async def refuse(request: web.Request) -> None:
        request.app[PEER].append(request.transport.get_extra_info("peername"))
        raise web.HTTPUnauthorized()

    async def never(request: web.Request) -> web.Response:
        raise AssertionError("the handler of a refused expectation ran")

    async def peer(request: web.Request) -> web.Response:
        return web.Response(text=repr(request.transport.get_extra_info("peername")))

    app = web.Application()
    app[PEER] = []
    app.router.add_post("/echo", echo)
    app.router.add_put("/guarded", never, expect_handler=refuse)
    app.router.add_get("/peer", peer)
    return app


async def _chunks() -> AsyncIterator[bytes]:
    for piece in (BODY[:10], BODY[10:]):
        yield piece


BODIES: dict[str, Callable[[], Any]] = {
    "bytes": lambda: BODY,
    "file": lambda: io.BytesIO(BODY),
    "async-iterator": _chunks,
}


@pytest.mark.parametrize("kind", BODIES)
async def test_body_follows_the_100_of_a_wirehttp_server(
    aiohttp_client: AiohttpClient, kind: str
) -> None:
    client = await aiohttp_client(_app())
    for _ in range(2):  # the connection stays usable after an accepted expectation
        async with client.post("/echo", data=BODIES[kind](), expect100=True) as resp:
            assert resp.status == 200
            assert resp.headers["X-Expect"] == "100-continue"
            assert await resp.read() == BODY


async def test_expectation_refused_by_a_wirehttp_server(aiohttp_client: AiohttpClient) -> None:
    client = await aiohttp_client(_app())
    async with client.put("/guarded", data=BODY, expect100=True) as resp:
        assert resp.status == 401
        await resp.read()
    async with client.get("/peer") as resp:
        later = await resp.text()
    [refused] = client.app[PEER]
    assert later != repr(refused)  # the refused request's connection was closed, not reused


Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


@asynccontextmanager
async def raw_server(handle: Handler) -> AsyncIterator[str]:
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    try:
        yield f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/"
    finally:
        server.close()
        await server.wait_closed()


async def _read_head(reader: asyncio.StreamReader) -> bytes:
    return await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), TIMEOUT)


@pytest.mark.parametrize("kind", BODIES)
async def test_final_answer_first_means_the_body_is_never_sent(kind: str) -> None:
    after_head: list[bytes] = []
    client_closed = asyncio.Event()

    async def expectation_failed(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        head = await _read_head(reader)
        assert b"\r\nExpect: 100-continue\r\n" in head
        # keep-alive framing: only the client can end this connection, once it read the answer
        writer.write(b"HTTP/1.1 417 Expectation Failed\r\nContent-Length: 4\r\n\r\nnope")
        after_head.append(await asyncio.wait_for(reader.read(), TIMEOUT))  # up to the client's EOF
        client_closed.set()
        writer.close()

    async with (
        raw_server(expectation_failed) as url,
        wirehttp.ClientSession() as session,
    ):
        async with session.post(url, data=BODIES[kind](), expect100=True) as resp:
            assert resp.status == 417
            assert await resp.read() == b"nope"
        await asyncio.wait_for(client_closed.wait(), TIMEOUT)  # closed by the client, not pooled
    assert after_head == [b""]


async def test_body_sent_after_the_fallback_when_no_100_comes() -> None:
    async def never_continues(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await _read_head(reader)
        assert b"\r\nExpect: 100-continue\r\n" in head
        body = await asyncio.wait_for(reader.readexactly(len(BODY)), TIMEOUT)
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
        await writer.drain()
        writer.close()

    async with (
        raw_server(never_continues) as url,
        wirehttp.ClientSession() as session,
        session.post(url, data=BODY, expect100=True) as resp,
    ):
        assert resp.status == 200
        assert await resp.read() == BODY


async def test_body_sent_after_a_raw_100_then_the_final_answer() -> None:
    async def continues(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _read_head(reader)
        writer.write(b"HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 100 Continue\r\n\r\n")
        body = await asyncio.wait_for(reader.readexactly(len(BODY)), TIMEOUT)
        writer.write(b"HTTP/1.1 201 Created\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
        await writer.drain()
        writer.close()

    async with (
        raw_server(continues) as url,
        wirehttp.ClientSession() as session,
        session.post(url, data=BODY, expect100=True) as resp,
    ):
        assert resp.status == 201
        assert await resp.read() == BODY

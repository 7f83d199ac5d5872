"""Client middlewares (aiohttp 3.12+) end to end against a wirehttp server on loopback."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest

import wirehttp
from wirehttp import web
from wirehttp.client_middlewares import build_client_middlewares

TIMEOUT = wirehttp.ClientTimeout(total=10)


async def _headers(request: web.Request) -> web.Response:
    return web.json_response(dict(request.headers))


async def _flaky(request: web.Request) -> web.Response:
    counts = request.app[COUNTS]
    counts["flaky"] = counts.get("flaky", 0) + 1
    if counts["flaky"] < 3:
        return web.Response(status=503, text="busy")
    return web.Response(text=f"ok after {counts['flaky']}")


async def _redirect(request: web.Request) -> web.Response:
    raise web.HTTPFound("/headers")


COUNTS = web.AppKey("counts", dict)


@asynccontextmanager
async def served() -> AsyncIterator[str]:
    app = web.Application()
    app[COUNTS] = {}
    app.router.add_get("/headers", _headers)
    app.router.add_get("/flaky", _flaky)
    app.router.add_get("/redirect", _redirect)
    runner = web.AppRunner(app, shutdown_timeout=2.0)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await asyncio.wait_for(runner.cleanup(), 10)


def tagging(log: list[str], tag: str) -> wirehttp.ClientMiddlewareType:
    async def middleware(
        req: wirehttp.ClientRequest, handler: wirehttp.ClientHandlerType
    ) -> wirehttp.ClientResponse:
        log.append(f"{tag} in")
        req.headers.add("X-Chain", tag)
        response = await handler(req)
        log.append(f"{tag} out")
        return response

    return middleware


async def test_session_middlewares_run_in_order() -> None:
    log: list[str] = []
    mws = (tagging(log, "a"), tagging(log, "b"))
    async with served() as base, wirehttp.ClientSession(middlewares=mws, timeout=TIMEOUT) as s:
        resp = await s.get(f"{base}/headers")
        seen = await resp.json()
    assert log == ["a in", "b in", "b out", "a out"]
    assert seen["X-Chain"] == "a"  # json object keeps the first of the repeated header
    async with served() as base, wirehttp.ClientSession(middlewares=mws, timeout=TIMEOUT) as s:
        resp = await s.get(f"{base}/headers")
        await resp.read()
        assert resp.request_info.headers.getall("X-Chain") == ["a", "b"]


async def test_request_middlewares_replace_the_sessions() -> None:
    log: list[str] = []
    session_mw, request_mw = tagging(log, "session"), tagging(log, "request")
    session = wirehttp.ClientSession(middlewares=(session_mw,), timeout=TIMEOUT)
    async with served() as base, session as s:
        async with s.get(f"{base}/headers", middlewares=(request_mw,)) as resp:
            await resp.read()
        assert log == ["request in", "request out"]
        log.clear()
        async with s.get(f"{base}/headers", middlewares=()) as resp:
            await resp.read()
        assert log == []
        async with s.get(f"{base}/headers") as resp:
            await resp.read()
        assert log == ["session in", "session out"]


async def test_middleware_can_retry() -> None:
    calls: list[int] = []

    async def retry(
        req: wirehttp.ClientRequest, handler: wirehttp.ClientHandlerType
    ) -> wirehttp.ClientResponse:
        for _ in range(5):
            response = await handler(req)
            calls.append(response.status)
            if response.status != 503:
                return response
            response.release()
        return response

    async with served() as base, wirehttp.ClientSession(middlewares=(retry,), timeout=TIMEOUT) as s:
        resp = await s.get(f"{base}/flaky")
        assert await resp.text() == "ok after 3"
    assert calls == [503, 503, 200]


async def test_middleware_can_answer_without_calling_handler() -> None:
    cache: dict[str, wirehttp.ClientResponse] = {}
    handled: list[str] = []

    async def caching(req: wirehttp.ClientRequest, handler: Any) -> wirehttp.ClientResponse:
        key = str(req.url)
        if key not in cache:
            handled.append(key)
            cache[key] = await handler(req)
            await cache[key].read()
        return cache[key]

    async with (
        served() as base,
        wirehttp.ClientSession(middlewares=(caching,), timeout=TIMEOUT) as s,
    ):
        first = await s.get(f"{base}/headers")
        second = await s.get(f"{base}/headers")
    assert second is first and handled == [f"{base}/headers"]


async def test_middlewares_run_per_redirect_hop() -> None:
    urls: list[str] = []

    async def record(req: wirehttp.ClientRequest, handler: Any) -> wirehttp.ClientResponse:
        urls.append(req.url.path)
        response: wirehttp.ClientResponse = await handler(req)
        return response

    async with served() as base, wirehttp.ClientSession(middlewares=[record], timeout=TIMEOUT) as s:
        resp = await s.get(f"{base}/redirect")
        await resp.read()
        assert resp.status == 200 and len(resp.history) == 1
    assert urls == ["/redirect", "/headers"]


async def test_middleware_exception_propagates() -> None:
    async def boom(req: wirehttp.ClientRequest, handler: Any) -> Any:
        raise RuntimeError("refused by middleware")

    async with wirehttp.ClientSession(middlewares=(boom,), timeout=TIMEOUT) as s:
        with pytest.raises(RuntimeError, match="refused by middleware"):
            await s.get("http://127.0.0.1:1/")


async def test_build_client_middlewares_order() -> None:
    log: list[str] = []

    async def inner(req: Any) -> Any:
        log.append("handler")
        return req

    def mw(tag: str) -> Any:
        async def middleware(req: Any, next_handler: Any) -> Any:
            log.append(tag)
            return await next_handler(req)

        return middleware

    handler = build_client_middlewares(inner, [mw("1"), mw("2"), mw("3")])
    assert await handler("req") == "req"
    assert log == ["1", "2", "3", "handler"]


def test_typedefs_match_aiohttp_shape() -> None:
    import typing

    assert typing.get_origin(wirehttp.ClientHandlerType) is typing.get_origin(
        typing.Callable[[int], int]
    )
    args = typing.get_args(wirehttp.ClientMiddlewareType)
    assert args[0][0] is wirehttp.ClientRequest
    assert args[0][1] == wirehttp.ClientHandlerType

"""TraceConfig end to end: each signal fired once, in aiohttp's order, with aiohttp's params.

A real wirehttp server on loopback; a resolver that maps any name to 127.0.0.1 so the DNS
signals (cache miss, resolve, cache hit) can be seen without leaving the machine.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from types import SimpleNamespace
from typing import Any

import pytest

import wirehttp
from wirehttp import web
from wirehttp._client.connector.dns import ResolveResult
from wirehttp._client.tracing import _SIGNALS

SIGNAL_NAMES = _SIGNALS

# aiohttp 3.14's Trace*Params fields (checked against aiohttp.tracing by introspection below).
PARAM_FIELDS = {
    "TraceRequestStartParams": ("method", "url", "headers"),
    "TraceRequestEndParams": ("method", "url", "headers", "response"),
    "TraceRequestExceptionParams": ("method", "url", "headers", "exception"),
    "TraceConnectionQueuedStartParams": (),
    "TraceConnectionQueuedEndParams": (),
    "TraceConnectionCreateStartParams": (),
    "TraceConnectionCreateEndParams": (),
    "TraceConnectionReuseconnParams": (),
    "TraceDnsResolveHostStartParams": ("host",),
    "TraceDnsResolveHostEndParams": ("host",),
    "TraceDnsCacheHitParams": ("host",),
    "TraceDnsCacheMissParams": ("host",),
    "TraceRequestRedirectParams": ("method", "url", "headers", "response"),
    "TraceRequestChunkSentParams": ("method", "url", "chunk"),
    "TraceResponseChunkReceivedParams": ("method", "url", "chunk"),
    "TraceRequestHeadersSentParams": ("method", "url", "headers"),
}


class LoopbackResolver:
    def __init__(self) -> None:
        self.calls = 0

    async def resolve(self, host: str, port: int = 0, family: int = 0) -> list[ResolveResult]:
        self.calls += 1
        return [
            ResolveResult(hostname=host, host="127.0.0.1", port=port, family=2, proto=0, flags=0)
        ]

    async def close(self) -> None:
        pass


async def _hello(request: web.Request) -> web.Response:
    return web.Response(text="hello")


async def _echo(request: web.Request) -> web.Response:
    return web.Response(body=await request.read())


async def _slow(request: web.Request) -> web.StreamResponse:
    resp = web.StreamResponse()
    await resp.prepare(request)
    await resp.write(b"part")
    await asyncio.sleep(0.2)
    await resp.write(b"rest")
    await resp.write_eof()
    return resp


async def _redirect(request: web.Request) -> web.Response:
    raise web.HTTPFound("/hello")


async def _broken(request: web.Request) -> web.Response:
    assert request.transport is not None
    request.transport.close()
    await asyncio.sleep(0.05)
    return web.Response(text="never")


@asynccontextmanager
async def served() -> AsyncIterator[int]:
    app = web.Application()
    app.router.add_get("/hello", _hello)
    app.router.add_post("/echo", _echo)
    app.router.add_get("/redirect", _redirect)
    app.router.add_get("/slow", _slow)
    app.router.add_get("/broken", _broken)
    runner = web.AppRunner(app, shutdown_timeout=2.0)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield runner.addresses[0][1]
    finally:
        await asyncio.wait_for(runner.cleanup(), 10)


def recorder() -> tuple[wirehttp.TraceConfig, list[tuple[str, Any, Any]]]:
    events: list[tuple[str, Any, Any]] = []
    config = wirehttp.TraceConfig()
    for name in SIGNAL_NAMES:

        async def on_event(session: Any, ctx: Any, params: Any, name: str = name) -> None:
            events.append((name[3:], ctx, params))

        getattr(config, name).append(on_event)
    return config, events


def names(events: list[tuple[str, Any, Any]]) -> list[str]:
    return [name for name, _, _ in events]


TIMEOUT = wirehttp.ClientTimeout(total=10)


def session(config: wirehttp.TraceConfig, **kw: Any) -> wirehttp.ClientSession:
    kw.setdefault("connector", wirehttp.TCPConnector(resolver=LoopbackResolver()))  # type: ignore[arg-type]
    return wirehttp.ClientSession(trace_configs=[config], timeout=TIMEOUT, **kw)


# --- the API ---------------------------------------------------------------------------------


def test_trace_config_has_every_aiohttp_signal() -> None:
    import aiohttp.tracing

    ours = wirehttp.TraceConfig()
    theirs = aiohttp.tracing.TraceConfig()
    signals = {n for n in dir(theirs) if n.startswith("on_")}
    assert signals == set(SIGNAL_NAMES)
    for name in signals:
        assert list(getattr(ours, name)) == []
    ctx = ours.trace_config_ctx(trace_request_ctx="x")
    assert isinstance(ctx, SimpleNamespace) and ctx.trace_request_ctx == "x"


def test_params_fields_match_aiohttp() -> None:
    import aiohttp.tracing
    import attr

    import wirehttp.tracing

    assert set(wirehttp.tracing.__all__) == set(aiohttp.tracing.__all__)
    for name, fields in PARAM_FIELDS.items():
        theirs = tuple(a.name for a in attr.fields(getattr(aiohttp.tracing, name)))
        ours = getattr(wirehttp, name)
        assert theirs == fields
        assert tuple(f.name for f in dataclasses.fields(ours)) == fields
        assert ours.__module__ == "wirehttp.tracing"
    params = wirehttp.TraceDnsCacheHitParams("h")
    with pytest.raises(dataclasses.FrozenInstanceError):
        params.host = "other"  # type: ignore[misc]


def test_custom_ctx_factory_and_freeze() -> None:
    class Ctx(SimpleNamespace):
        pass

    config = wirehttp.TraceConfig(trace_config_ctx_factory=Ctx)
    assert isinstance(config.trace_config_ctx(), Ctx)
    config.freeze()
    with pytest.raises(RuntimeError):
        config.on_request_start.append(lambda *a: None)


async def test_unfrozen_signal_refuses_to_send() -> None:
    config = wirehttp.TraceConfig()
    with pytest.raises(RuntimeError):
        await config.on_request_start.send(None, None, None)


# --- the sequences ---------------------------------------------------------------------------


async def test_simple_get_sequence_and_params() -> None:
    config, events = recorder()
    async with served() as port, session(config) as s:
        url = f"http://example.test:{port}/hello?q=1"
        async with s.get(url, trace_request_ctx={"id": 7}) as resp:
            assert await resp.text() == "hello"
    assert names(events) == [
        "request_start",
        "connection_create_start",
        "dns_cache_miss",
        "dns_resolvehost_start",
        "dns_resolvehost_end",
        "connection_create_end",
        "request_headers_sent",
        "request_end",
        "response_chunk_received",
    ]
    by_name = {name: params for name, _, params in events}
    start = by_name["request_start"]
    assert isinstance(start, wirehttp.TraceRequestStartParams)
    assert (start.method, str(start.url)) == ("GET", url)
    assert isinstance(by_name["dns_cache_miss"], wirehttp.TraceDnsCacheMissParams)
    assert by_name["dns_cache_miss"].host == "example.test"
    assert by_name["dns_resolvehost_end"].host == "example.test"
    sent = by_name["request_headers_sent"]
    assert isinstance(sent, wirehttp.TraceRequestHeadersSentParams)
    assert sent.headers["Host"] == f"example.test:{port}"
    end = by_name["request_end"]
    assert isinstance(end, wirehttp.TraceRequestEndParams)
    assert end.response is resp and end.method == "GET"
    chunk = by_name["response_chunk_received"]
    assert isinstance(chunk, wirehttp.TraceResponseChunkReceivedParams)
    assert chunk.chunk == b"hello" and chunk.method == "GET"
    contexts = {id(ctx) for _, ctx, _ in events}
    assert len(contexts) == 1  # one trace_config_ctx per request
    assert events[0][1].trace_request_ctx == {"id": 7}


async def test_post_body_fires_chunk_sent_after_headers() -> None:
    config, events = recorder()
    async with served() as port, session(config) as s:
        resp = await s.post(f"http://127.0.0.1:{port}/echo", data=b"payload")
        assert await resp.read() == b"payload"
    assert names(events) == [
        "request_start",
        "connection_create_start",  # an IP literal: no DNS signals
        "connection_create_end",
        "request_headers_sent",
        "request_chunk_sent",
        "request_end",
        "response_chunk_received",
    ]
    chunk = events[4][2]
    assert isinstance(chunk, wirehttp.TraceRequestChunkSentParams)
    assert (chunk.method, chunk.chunk) == ("POST", b"payload")


async def test_streamed_body_fires_chunk_sent_per_piece() -> None:
    async def pieces() -> AsyncIterator[bytes]:
        yield b"one"
        yield b"two"

    config, events = recorder()
    async with served() as port, session(config) as s:
        resp = await s.post(f"http://127.0.0.1:{port}/echo", data=pieces())
        assert await resp.read() == b"onetwo"
    chunks = [p.chunk for n, _, p in events if n == "request_chunk_sent"]
    assert chunks == [b"one", b"two"]
    assert names(events).index("request_headers_sent") < names(events).index("request_chunk_sent")


async def test_reused_connection_and_dns_cache_hit() -> None:
    config, events = recorder()
    async with served() as port, session(config) as s:
        for _ in range(2):
            async with s.get(f"http://example.test:{port}/hello") as resp:
                await resp.read()
        events.clear()
        async with s.get(f"http://example.test:{port}/hello") as resp:
            await resp.read()
        assert names(events) == [
            "request_start",
            "connection_reuseconn",
            "request_headers_sent",
            "request_end",
            "response_chunk_received",
        ]
        assert isinstance(events[1][2], wirehttp.TraceConnectionReuseconnParams)
        events.clear()
        async with s.get(f"http://example.test:{port}/hello", headers={"Connection": "close"}):
            pass
        await asyncio.sleep(0.05)
        async with s.get(f"http://example.test:{port}/hello") as resp:
            await resp.read()
    assert "dns_cache_hit" in names(events)
    second = names(events)[names(events).index("request_end") + 1 :]
    assert second[:4] == [
        "request_start",
        "connection_create_start",
        "dns_cache_hit",
        "connection_create_end",
    ]
    hit = next(p for n, _, p in events if n == "dns_cache_hit")
    assert isinstance(hit, wirehttp.TraceDnsCacheHitParams) and hit.host == "example.test"


async def test_redirect_sequence() -> None:
    config, events = recorder()
    async with served() as port, session(config) as s:
        url = f"http://127.0.0.1:{port}/redirect"
        async with s.get(url) as resp:
            assert await resp.text() == "hello"
    assert names(events) == [
        "request_start",
        "connection_create_start",
        "connection_create_end",
        "request_headers_sent",
        "request_redirect",
        "connection_reuseconn",
        "request_headers_sent",
        "request_end",
        "response_chunk_received",
    ]
    redirect = events[4][2]
    assert isinstance(redirect, wirehttp.TraceRequestRedirectParams)
    assert str(redirect.url) == url and redirect.response.status == 302
    end = events[7][2]
    assert str(end.url) == f"http://127.0.0.1:{port}/hello"
    assert end.response is resp


async def test_exception_sequence() -> None:
    config, events = recorder()
    async with served() as port, session(config) as s:
        with pytest.raises(wirehttp.ServerDisconnectedError) as info:
            await s.get(f"http://127.0.0.1:{port}/broken")
    assert names(events) == [
        "request_start",
        "connection_create_start",
        "connection_create_end",
        "request_headers_sent",
        "request_exception",
    ]
    exc = events[-1][2]
    assert isinstance(exc, wirehttp.TraceRequestExceptionParams)
    assert exc.exception is info.value and exc.method == "GET"


async def test_connect_error_fires_exception_without_create_end() -> None:
    config, events = recorder()
    async with session(config) as s:
        with pytest.raises(wirehttp.ClientConnectorError):
            await s.get("http://127.0.0.1:1/")
    assert names(events) == ["request_start", "connection_create_start", "request_exception"]


async def test_queued_connection_signals() -> None:
    config, events = recorder()
    connector = wirehttp.TCPConnector(limit=1)
    async with served() as port, session(config, connector=connector) as s:
        first = await s.get(f"http://127.0.0.1:{port}/slow")
        waiting = asyncio.ensure_future(s.get(f"http://127.0.0.1:{port}/hello"))
        await asyncio.sleep(0.05)
        assert "connection_queued_start" in names(events)
        assert "connection_queued_end" not in names(events)
        await first.read()
        second = await asyncio.wait_for(waiting, 5)
        await second.read()
    seq = names(events)
    start = seq.index("connection_queued_start")
    assert seq.index("connection_queued_end") > start
    second_request = [n for n, ctx, _ in events if ctx is events[start][1]]
    assert second_request == [
        "request_start",
        "connection_queued_start",
        "connection_queued_end",
        "connection_reuseconn",
        "request_headers_sent",
        "request_end",
        "response_chunk_received",
    ]
    assert isinstance(events[start][2], wirehttp.TraceConnectionQueuedStartParams)
    end = seq.index("connection_queued_end")
    assert isinstance(events[end][2], wirehttp.TraceConnectionQueuedEndParams)


async def test_several_configs_each_get_their_own_ctx() -> None:
    a, events_a = recorder()
    b, events_b = recorder()
    client = wirehttp.ClientSession(trace_configs=[a, b], timeout=TIMEOUT)
    async with served() as port, client as s:
        resp = await s.get(f"http://127.0.0.1:{port}/hello", trace_request_ctx=1)
        await resp.read()
    assert names(events_a) == names(events_b)
    assert events_a[0][1] is not events_b[0][1]
    assert events_a[0][1].trace_request_ctx == events_b[0][1].trace_request_ctx == 1

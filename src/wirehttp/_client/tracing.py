"""Client tracing: `TraceConfig`, its signals, the `Trace*Params` and the per-request `Trace`.

Owns aiohttp 3.14's tracing API (public in `wirehttp` and `wirehttp.tracing`). A `TraceConfig`
holds one `Signal` per event; a session freezes its configs, and each request gets one `Trace`
per config (a fresh `trace_config_ctx` built with the request's `trace_request_ctx`). Every
callback is awaited as `callback(session, trace_config_ctx, params)`.

Where each event is fired (each once, in aiohttp's order):
- session.py: request_start, request_redirect (per hop followed), request_end / request_exception;
- connector/base.py: connection_queued_start/end, connection_create_start/end, connection_reuseconn;
- connector/tcp.py: dns_cache_hit / dns_cache_miss, dns_resolvehost_start/end (not for IP literals);
- request.py: request_headers_sent, then request_chunk_sent per body chunk (`traced_body`);
- response.py: response_chunk_received once, with the whole body, when `read()` reads it.
Imports nothing from _server or _web.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from multidict import CIMultiDict
from yarl import URL

from .._base.signals import Signal

__all__ = (
    "TraceConfig",
    "TraceConnectionCreateEndParams",
    "TraceConnectionCreateStartParams",
    "TraceConnectionQueuedEndParams",
    "TraceConnectionQueuedStartParams",
    "TraceConnectionReuseconnParams",
    "TraceDnsCacheHitParams",
    "TraceDnsCacheMissParams",
    "TraceDnsResolveHostEndParams",
    "TraceDnsResolveHostStartParams",
    "TraceRequestChunkSentParams",
    "TraceRequestEndParams",
    "TraceRequestExceptionParams",
    "TraceRequestHeadersSentParams",
    "TraceRequestRedirectParams",
    "TraceRequestStartParams",
    "TraceResponseChunkReceivedParams",
)

_SIGNALS = (
    "on_request_start",
    "on_request_chunk_sent",
    "on_response_chunk_received",
    "on_request_end",
    "on_request_exception",
    "on_request_redirect",
    "on_connection_queued_start",
    "on_connection_queued_end",
    "on_connection_create_start",
    "on_connection_create_end",
    "on_connection_reuseconn",
    "on_dns_resolvehost_start",
    "on_dns_resolvehost_end",
    "on_dns_cache_hit",
    "on_dns_cache_miss",
    "on_request_headers_sent",
)


class TraceConfig:
    """The callbacks of one tracer: append coroutine functions to its `on_*` signals."""

    def __init__(self, trace_config_ctx_factory: type[SimpleNamespace] = SimpleNamespace) -> None:
        self._signals = {name: Signal(self) for name in _SIGNALS}
        self._trace_config_ctx_factory = trace_config_ctx_factory

    def trace_config_ctx(self, trace_request_ctx: Any = None) -> SimpleNamespace:
        """A new context object for one request."""
        return self._trace_config_ctx_factory(trace_request_ctx=trace_request_ctx)

    def freeze(self) -> None:
        for signal in self._signals.values():
            signal.freeze()

    @property
    def on_request_start(self) -> Signal:
        return self._signals["on_request_start"]

    @property
    def on_request_chunk_sent(self) -> Signal:
        return self._signals["on_request_chunk_sent"]

    @property
    def on_response_chunk_received(self) -> Signal:
        return self._signals["on_response_chunk_received"]

    @property
    def on_request_end(self) -> Signal:
        return self._signals["on_request_end"]

    @property
    def on_request_exception(self) -> Signal:
        return self._signals["on_request_exception"]

    @property
    def on_request_redirect(self) -> Signal:
        return self._signals["on_request_redirect"]

    @property
    def on_connection_queued_start(self) -> Signal:
        return self._signals["on_connection_queued_start"]

    @property
    def on_connection_queued_end(self) -> Signal:
        return self._signals["on_connection_queued_end"]

    @property
    def on_connection_create_start(self) -> Signal:
        return self._signals["on_connection_create_start"]

    @property
    def on_connection_create_end(self) -> Signal:
        return self._signals["on_connection_create_end"]

    @property
    def on_connection_reuseconn(self) -> Signal:
        return self._signals["on_connection_reuseconn"]

    @property
    def on_dns_resolvehost_start(self) -> Signal:
        return self._signals["on_dns_resolvehost_start"]

    @property
    def on_dns_resolvehost_end(self) -> Signal:
        return self._signals["on_dns_resolvehost_end"]

    @property
    def on_dns_cache_hit(self) -> Signal:
        return self._signals["on_dns_cache_hit"]

    @property
    def on_dns_cache_miss(self) -> Signal:
        return self._signals["on_dns_cache_miss"]

    @property
    def on_request_headers_sent(self) -> Signal:
        return self._signals["on_request_headers_sent"]


# --- the params each signal's callbacks receive (frozen, as aiohttp's) --------------------


@dataclass(frozen=True, slots=True)
class TraceRequestStartParams:
    method: str
    url: URL
    headers: CIMultiDict[str]


@dataclass(frozen=True, slots=True)
class TraceRequestChunkSentParams:
    method: str
    url: URL
    chunk: bytes


@dataclass(frozen=True, slots=True)
class TraceResponseChunkReceivedParams:
    method: str
    url: URL
    chunk: bytes


@dataclass(frozen=True, slots=True)
class TraceRequestEndParams:
    method: str
    url: URL
    headers: CIMultiDict[str]
    response: Any


@dataclass(frozen=True, slots=True)
class TraceRequestExceptionParams:
    method: str
    url: URL
    headers: CIMultiDict[str]
    exception: BaseException


@dataclass(frozen=True, slots=True)
class TraceRequestRedirectParams:
    method: str
    url: URL
    headers: CIMultiDict[str]
    response: Any


@dataclass(frozen=True, slots=True)
class TraceConnectionQueuedStartParams:
    pass


@dataclass(frozen=True, slots=True)
class TraceConnectionQueuedEndParams:
    pass


@dataclass(frozen=True, slots=True)
class TraceConnectionCreateStartParams:
    pass


@dataclass(frozen=True, slots=True)
class TraceConnectionCreateEndParams:
    pass


@dataclass(frozen=True, slots=True)
class TraceConnectionReuseconnParams:
    pass


@dataclass(frozen=True, slots=True)
class TraceDnsResolveHostStartParams:
    host: str


@dataclass(frozen=True, slots=True)
class TraceDnsResolveHostEndParams:
    host: str


@dataclass(frozen=True, slots=True)
class TraceDnsCacheHitParams:
    host: str


@dataclass(frozen=True, slots=True)
class TraceDnsCacheMissParams:
    host: str


@dataclass(frozen=True, slots=True)
class TraceRequestHeadersSentParams:
    method: str
    url: URL
    headers: CIMultiDict[str]


class Trace:
    """One request's view of one TraceConfig: the `send_*` methods the client calls."""

    __slots__ = ("_config", "_ctx", "_session")

    def __init__(self, session: Any, trace_config: TraceConfig, trace_config_ctx: Any) -> None:
        self._session = session
        self._config = trace_config
        self._ctx = trace_config_ctx

    async def _send(self, name: str, params: Any) -> None:
        await self._config._signals[name].send(self._session, self._ctx, params)

    async def send_request_start(self, method: str, url: URL, headers: Any) -> None:
        await self._send("on_request_start", TraceRequestStartParams(method, url, headers))

    async def send_request_chunk_sent(self, method: str, url: URL, chunk: bytes) -> None:
        await self._send("on_request_chunk_sent", TraceRequestChunkSentParams(method, url, chunk))

    async def send_response_chunk_received(self, method: str, url: URL, chunk: bytes) -> None:
        params = TraceResponseChunkReceivedParams(method, url, chunk)
        await self._send("on_response_chunk_received", params)

    async def send_request_end(self, method: str, url: URL, headers: Any, response: Any) -> None:
        params = TraceRequestEndParams(method, url, headers, response)
        await self._send("on_request_end", params)

    async def send_request_exception(
        self, method: str, url: URL, headers: Any, exception: BaseException
    ) -> None:
        params = TraceRequestExceptionParams(method, url, headers, exception)
        await self._send("on_request_exception", params)

    async def send_request_redirect(
        self, method: str, url: URL, headers: Any, response: Any
    ) -> None:
        params = TraceRequestRedirectParams(method, url, headers, response)
        await self._send("on_request_redirect", params)

    async def send_connection_queued_start(self) -> None:
        await self._send("on_connection_queued_start", TraceConnectionQueuedStartParams())

    async def send_connection_queued_end(self) -> None:
        await self._send("on_connection_queued_end", TraceConnectionQueuedEndParams())

    async def send_connection_create_start(self) -> None:
        await self._send("on_connection_create_start", TraceConnectionCreateStartParams())

    async def send_connection_create_end(self) -> None:
        await self._send("on_connection_create_end", TraceConnectionCreateEndParams())

    async def send_connection_reuseconn(self) -> None:
        await self._send("on_connection_reuseconn", TraceConnectionReuseconnParams())

    async def send_dns_resolvehost_start(self, host: str) -> None:
        await self._send("on_dns_resolvehost_start", TraceDnsResolveHostStartParams(host))

    async def send_dns_resolvehost_end(self, host: str) -> None:
        await self._send("on_dns_resolvehost_end", TraceDnsResolveHostEndParams(host))

    async def send_dns_cache_hit(self, host: str) -> None:
        await self._send("on_dns_cache_hit", TraceDnsCacheHitParams(host))

    async def send_dns_cache_miss(self, host: str) -> None:
        await self._send("on_dns_cache_miss", TraceDnsCacheMissParams(host))

    async def send_request_headers_sent(self, method: str, url: URL, headers: Any) -> None:
        params = TraceRequestHeadersSentParams(method, url, headers)
        await self._send("on_request_headers_sent", params)


# --- what the session, request and response call -----------------------------------------


def freeze_configs(trace_configs: Iterable[TraceConfig] | None) -> tuple[TraceConfig, ...]:
    """The session's configs, frozen (their signals can be sent from now on)."""
    configs = tuple(trace_configs or ())
    for config in configs:
        config.freeze()
    return configs


def make_traces(
    session: Any, configs: tuple[TraceConfig, ...], trace_request_ctx: Any
) -> list[Trace]:
    """One Trace per config for one request (an empty list when nobody traces)."""
    return [Trace(session, c, c.trace_config_ctx(trace_request_ctx)) for c in configs]


async def fire(traces: list[Trace], name: str, *args: Any) -> None:
    """`trace.<name>(*args)` on each trace, in order (nothing when nobody traces)."""
    for trace in traces:
        await getattr(trace, name)(*args)


async def fire_hop(traces: list[Trace], name: str, hops: Any, *extra: Any) -> None:
    """`fire` with the chain's current method, URL and headers first (session.py's hooks)."""
    for trace in traces:
        await getattr(trace, name)(hops.method, hops.url, hops.headers, *extra)


class TracedBody:
    """A request body whose chunks fire request_headers_sent then request_chunk_sent.

    Stands in for the body given to `write_body`: that writes the head, then pulls the chunks,
    so the code after each `yield` runs once the previous piece was written.
    """

    data = None  # always streamed, so every chunk is seen

    def __init__(self, body: Any, traces: list[Trace], method: str, url: URL, headers: Any):
        self._body = body
        self._traces = traces
        self._method, self._url, self._headers = method, url, headers

    async def chunks(self) -> AsyncIterator[bytes]:
        method, url = self._method, self._url
        for trace in self._traces:
            await trace.send_request_headers_sent(method, url, self._headers)
        if self._body is None:
            return
        if self._body.data is not None:
            pieces: Any = _one(self._body.data)
        else:
            pieces = self._body.chunks()
        async for piece in pieces:
            yield piece
            if piece:
                for trace in self._traces:
                    await trace.send_request_chunk_sent(method, url, piece)


async def _one(data: bytes) -> AsyncIterator[bytes]:
    yield data


for _cls in (TraceConfig, *(globals()[_n] for _n in __all__ if _n != "TraceConfig")):
    _cls.__module__ = "wirehttp.tracing"

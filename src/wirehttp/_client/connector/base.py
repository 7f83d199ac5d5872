"""The connector: hands out pooled connections, opening new ones within the limits.

Owns `BaseConnector` (public as `wirehttp.BaseConnector`). All bookkeeping is the `PoolBook`'s;
this class does the awaiting: it waits FIFO for a free slot (bounded by the request's
`ClientTimeout.connect`, else `total`: `ConnectionTimeoutError` when it expires), asks the
subclass for a new connection (`_create_connection`), closes what the book hands back, and
sweeps idle connections once their keep-alive time is over.

Traces are duck-typed (aiohttp's `Trace` methods such as `send_connection_queued_start()`).
Imports nothing from _server or _web.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any, Final

from ..exceptions import ClientConnectionError, ConnectionTimeoutError
from ..timeouts import ClientTimeout
from .connection import Connection
from .key import ConnectionKey
from .pool import PoolBook
from .protocol import ResponseHandler

__all__ = ("BaseConnector",)

# Connector.close() waits this long for closed transports to report connection_lost.
CLOSE_WAIT: Final = 2.0


class BaseConnector:
    """A pool of connections shared by the requests of one or more sessions."""

    _closed = True  # until __init__ ran; a half-built connector needs no close

    def __init__(
        self,
        *,
        keepalive_timeout: float | None = 15.0,
        force_close: bool = False,
        limit: int = 100,
        limit_per_host: int = 0,
        enable_cleanup_closed: bool = False,
        timeout_ceil_threshold: float = 5,
        loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        if force_close and keepalive_timeout is not None and keepalive_timeout != 15.0:
            raise ValueError("keepalive_timeout cannot be set if force_close is True")
        self._loop = loop or asyncio.get_running_loop()
        self._force_close = force_close
        ka = 15.0 if keepalive_timeout is None else keepalive_timeout
        self._book: PoolBook[ResponseHandler] = PoolBook(limit, limit_per_host, ka)
        self._acquired: set[ResponseHandler] = set()
        self._closing: set[ResponseHandler] = set()
        self._sweeper: asyncio.TimerHandle | None = None
        self._cleanup_closed = enable_cleanup_closed  # TCPConnector acts on it (cleanup_closed.py)
        self._timeout_ceil_threshold = timeout_ceil_threshold
        self._closed = False

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._book!r}>"

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def limit(self) -> int:
        return self._book.limit

    @property
    def limit_per_host(self) -> int:
        return self._book.limit_per_host

    @property
    def force_close(self) -> bool:
        return self._force_close

    @property
    def book(self) -> PoolBook[ResponseHandler]:
        """The pool's bookkeeping (read it; do not change it)."""
        return self._book

    async def __aenter__(self) -> BaseConnector:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    # -- lending --------------------------------------------------------------------------

    async def connect(self, req: Any, traces: Sequence[Any], timeout: ClientTimeout) -> Connection:
        """A connection for `req.connection_key`: an idle one, or a new one within the limits."""
        if self._closed:
            raise ClientConnectionError("Connector is closed.")
        key: ConnectionKey = req.connection_key
        book = self._book
        protocol, to_close = book.try_acquire(key, self._loop.time())
        self._close_all(to_close)
        if protocol is None and not book.reserve(key):
            await self._wait_for_slot(key, traces, timeout)
            protocol, to_close = book.try_acquire(key, self._loop.time(), reserved=True)
            self._close_all(to_close)
        if protocol is None:
            protocol = await self._open(key, req, traces, timeout)
        else:  # from the pool, at once or after queueing (tracing hook)
            for trace in traces:
                await trace.send_connection_reuseconn()
        self._acquired.add(protocol)
        return Connection(self, key, protocol)

    def connect_idle(self, req: Any) -> Connection | None:
        """`connect()`'s first step without a coroutine: an idle pooled connection for `req`
        at once, or None (then `connect()` waits, opens or queues as usual). No tracing hook
        fires here, so callers with traces use `connect()`."""
        if self._closed:
            raise ClientConnectionError("Connector is closed.")
        key: ConnectionKey = req.connection_key
        protocol, to_close = self._book.try_acquire(key, self._loop.time())
        self._close_all(to_close)
        if protocol is None:
            return None
        self._acquired.add(protocol)
        return Connection(self, key, protocol)

    async def _wait_for_slot(
        self, key: ConnectionKey, traces: Sequence[Any], timeout: ClientTimeout
    ) -> None:
        """Wait FIFO until the book reserves a slot for us; raises on timeout or close."""
        for trace in traces:
            await trace.send_connection_queued_start()
        waiter: asyncio.Future[None] = self._loop.create_future()
        self._book.add_waiter(key, waiter)
        limit = _slot_wait_limit(timeout)
        try:
            await asyncio.wait_for(asyncio.shield(waiter), limit)
        except BaseException as exc:
            self._book.abandon_waiter(waiter)
            if isinstance(exc, asyncio.TimeoutError):
                msg = f"Connection timeout to host {key.host}:{key.port} (no free slot)"
                raise ConnectionTimeoutError(msg) from exc
            raise
        if not self._book.claim(waiter):
            raise ClientConnectionError("Connector is closed.")
        for trace in traces:
            await trace.send_connection_queued_end()

    async def _open(
        self, key: ConnectionKey, req: Any, traces: Sequence[Any], timeout: ClientTimeout
    ) -> ResponseHandler:
        """Open a connection in a reserved slot; the slot is given back if that fails."""
        try:
            for trace in traces:
                await trace.send_connection_create_start()
            _, protocol = await self._create_connection(req, traces, timeout)
            for trace in traces:
                await trace.send_connection_create_end()
        except BaseException:
            self._book.cancel_reservation(key)
            raise
        if self._closed:
            protocol.force_close()
            self._book.cancel_reservation(key)
            raise ClientConnectionError("Connector is closed.")
        return protocol

    async def _create_connection(
        self, req: Any, traces: Sequence[Any], timeout: ClientTimeout
    ) -> tuple[asyncio.Transport, ResponseHandler]:
        """Open a new connection for `req`; subclasses implement it."""
        raise NotImplementedError

    def _release(
        self, key: ConnectionKey, protocol: ResponseHandler, *, should_close: bool
    ) -> None:
        """Called by Connection.release()/close(): the slot goes back, the connection maybe too."""
        self._acquired.discard(protocol)
        if self._closed:
            protocol.force_close()
            return
        reusable = not (should_close or self._force_close)
        to_close = self._book.release(key, protocol, self._loop.time(), reusable)
        self._close_all(to_close)
        if reusable and not to_close:
            self._schedule_sweep()

    # -- housekeeping ---------------------------------------------------------------------

    def _schedule_sweep(self) -> None:
        if self._sweeper is None and not self._closed:
            delay = max(self._book.keepalive_timeout, 0.1)
            self._sweeper = self._loop.call_later(delay, self._sweep)

    def _sweep(self) -> None:
        self._sweeper = None
        self._close_all(self._book.expire(self._loop.time()))
        if self._book.idle_count():
            self._schedule_sweep()

    def _close_all(self, protocols: list[ResponseHandler]) -> None:
        if not protocols:
            return
        for protocol in protocols:
            protocol.force_close()
        # remembered until connection_lost, so that close() can wait for the transports
        self._closing = {p for p in self._closing if not p.closed.done()}
        self._closing.update(p for p in protocols if not p.closed.done())

    async def close(self) -> None:
        """Close every connection (idle and lent out) and refuse new requests."""
        if self._closed:
            return
        self._closed = True
        if self._sweeper is not None:
            self._sweeper.cancel()
            self._sweeper = None
        self._close_all(self._book.close_all())
        self._close_all(list(self._acquired))
        self._acquired.clear()
        waits = [p.closed for p in self._closing if not p.closed.done()]
        if waits:
            await asyncio.wait(waits, timeout=CLOSE_WAIT)


def _slot_wait_limit(timeout: ClientTimeout) -> float | None:
    limits = [t for t in (timeout.connect, timeout.total) if t is not None]
    return min(limits) if limits else None


BaseConnector.__module__ = "wirehttp"

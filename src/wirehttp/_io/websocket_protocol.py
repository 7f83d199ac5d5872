"""The asyncio Protocol of an open WebSocket: frames in, whole messages queued with backpressure.

Owns: `WebSocketProtocol`, which takes over a connection once the HTTP handshake is done (the
server's `switch_protocol`, the client's transport hand-over), feeds every byte to the sans-IO
`WebSocketReader` and keeps the messages it yields in a queue for `WebSocketSession.receive()`.
The queue is capped by bytes: above `limit` buffered bytes (payloads plus a fixed overhead per
message) reading pauses, and resumes
once the reader has taken the queue below it. A frame error (the reader's `WebSocketError`) is
queued after the messages that came before it and the protocol reads nothing more. After a
CLOSE frame, later bytes are dropped (RFC 6455 5.5.1: nothing may follow a Close).

Must not import: anything above L2 (`_body`, `_client`, `_server`, `_web`), nor aiohttp.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from typing import Final

from .._sansio.ws.frames import WebSocketReader
from .._sansio.ws.models import WebSocketError, WSMessage, WSMsgType
from .protocol import BaseProtocol

__all__ = ("CONNECTION_LOST", "QUEUE_LIMIT", "Lost", "WebSocketProtocol")

# Payload bytes queued before reading pauses: aiohttp's WebSocket queue uses 64 KiB too.
QUEUE_LIMIT: Final = 2**16
# What a queued message costs beyond its payload: about the size of its WSMessage tuple.
ITEM_OVERHEAD: Final = 64


class Lost:
    """What `read_nowait` gives once the connection ended and the queue is empty."""

    __slots__ = ("exc",)

    def __init__(self, exc: BaseException | None) -> None:
        self.exc = exc

    def __repr__(self) -> str:
        return f"<Lost {self.exc!r}>"


CONNECTION_LOST: Final = Lost(None)

Item = WSMessage | WebSocketError | Lost


def _expire(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_exception(asyncio.TimeoutError())


def _size(item: WSMessage | WebSocketError) -> int:
    """What an item costs the queue: its payload plus a fixed overhead, so that a flood of
    empty messages (6 bytes each on the wire) fills the queue too."""
    data = item.data if isinstance(item, WSMessage) else None
    return ITEM_OVERHEAD + (len(data) if isinstance(data, (str, bytes)) else 0)


class WebSocketProtocol(BaseProtocol):
    """One WebSocket connection's bytes: parsed into messages, queued for one reader."""

    __slots__ = (
        "_failed",
        "_got_close",
        "_lost",
        "_on_data",
        "_on_lost",
        "_queue",
        "_queued_bytes",
        "_reader",
        "_waiter",
        "limit",
        "loop",
    )

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        reader: WebSocketReader,
        *,
        limit: int = QUEUE_LIMIT,
        on_lost: Callable[[Exception | None], object] | None = None,
    ) -> None:
        super().__init__()
        self.loop = loop
        self.limit = limit
        self._reader: WebSocketReader | None = reader
        self._queue: deque[WSMessage | WebSocketError] = deque()
        self._queued_bytes = 0
        self._waiter: asyncio.Future[None] | None = None
        self._lost: Lost | None = None
        self._failed = False
        self._got_close = False
        self._on_lost = on_lost
        self._on_data: Callable[[], None] | None = None

    def __repr__(self) -> str:
        return (
            f"<WebSocketProtocol connected={self.connected} queued={len(self._queue)} "
            f"bytes={self._queued_bytes} failed={self._failed} lost={self._lost is not None}>"
        )

    @property
    def failed(self) -> bool:
        """True once the peer broke the framing: the reader is dead, nothing more is read."""
        return self._failed

    @property
    def got_close(self) -> bool:
        """True once the peer's CLOSE frame arrived."""
        return self._got_close

    def set_data_callback(self, callback: Callable[[], None] | None) -> None:
        """Call `callback()` whenever bytes arrive (the session's heartbeat watches them)."""
        self._on_data = callback

    # -- asyncio callbacks ----------------------------------------------------------------

    def data_received(self, data: bytes) -> None:
        reader = self._reader
        if reader is None or self._got_close:
            return
        if self._on_data is not None:
            self._on_data()
        items = reader.feed(data)
        if not items:
            return
        queue = self._queue
        for item in items:
            queue.append(item)
            self._queued_bytes += _size(item)
            if isinstance(item, WebSocketError):
                self._failed = True
                self._reader = None
                break
            if item.type is WSMsgType.CLOSE:
                self._got_close = True
                self._reader = None
                break
        if self._queued_bytes > self.limit:
            self.pause_reading()
        self._wake()

    def eof_received(self) -> bool:
        return False  # a half-closed WebSocket is a closed one: let the transport close

    def connection_lost(self, exc: Exception | None) -> None:
        super().connection_lost(exc)
        self._reader = None
        self._lost = Lost(exc) if exc is not None else CONNECTION_LOST
        self._wake()
        on_lost, self._on_lost = self._on_lost, None
        if on_lost is not None:
            on_lost(exc)

    # -- the session's side -----------------------------------------------------------------

    def read_nowait(self) -> Item | None:
        """The next queued item, `Lost` once the connection ended, None when nothing is ready."""
        queue = self._queue
        if queue:
            item = queue.popleft()
            self._queued_bytes -= _size(item)
            if self._queued_bytes <= self.limit:
                self.resume_reading()
            return item
        return self._lost

    def push(self, message: WSMessage) -> None:
        """Queue a message of our own (CLOSING, ERROR) to break a waiting `receive()`."""
        self._queue.append(message)
        self._queued_bytes += _size(message)
        self._wake()

    async def wait(self, deadline: float | None = None) -> None:
        """Return once an item is ready (or the connection ended); safe to cancel.

        Raises `asyncio.TimeoutError` once the loop's clock reaches `deadline` (None: no limit).
        """
        if self._queue or self._lost is not None:
            return
        waiter = self._waiter = self.loop.create_future()
        timer = None if deadline is None else self.loop.call_at(deadline, _expire, waiter)
        try:
            await waiter
        finally:
            self._waiter = None
            if timer is not None:
                timer.cancel()

    def close_transport(self) -> None:
        transport = self.transport
        if transport is not None and not transport.is_closing():
            transport.close()

    def _wake(self) -> None:
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

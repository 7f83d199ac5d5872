"""Incoming body streams: the bytes a parser delivers, read by a handler or a client user.

Owns: `StreamReader` (aiohttp 3.14's public reader API, public as `wirehttp.StreamReader`),
`EofStream` (re-exported from stream_iterators); the always-empty reader is in empty_stream.py.

The buffer is a deque of the fed `bytes` objects plus an offset into the first one, so reads
never copy the rest of the buffer. Reads that find data buffered return without creating a
future. Backpressure: past `2 * limit` buffered bytes the reader asks its protocol to
`pause_reading()`, and once below `limit` again to `resume_reading()` (only if it paused).

Must not import: anything above L2 (`_body`, `_client`, `_server`, `_web`), nor aiohttp.
"""

from __future__ import annotations

import asyncio
import collections
import functools
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Final, Protocol, TypeVar

from .._base.internal_log import internal_logger
from .stream_iterators import EofStream, _ChunkTupleIterator, _ReadIterator

__all__ = ("EofStream", "StreamReader")

_T = TypeVar("_T")


class ReadingFlow(Protocol):
    """What a reader needs from its protocol (`BaseProtocol` provides it)."""

    @property
    def connected(self) -> bool: ...

    def pause_reading(self) -> None: ...

    def resume_reading(self) -> None: ...


class _Unset:
    """Sentinel type: no cause given to `set_exception`."""


_UNSET: Final = _Unset()


def _run_eof_callback(callback: Callable[[], None]) -> None:
    try:
        callback()
    except Exception:
        internal_logger.exception("Exception in eof callback")


class StreamReader:
    """A buffered byte stream fed by a protocol and read by one coroutine at a time."""

    __slots__ = (
        "_buffer",
        "_chunk_ends",
        "_cursor",
        "_eof",
        "_eof_callbacks",
        "_eof_waiter",
        "_exception",
        "_high_water",
        "_high_water_chunks",
        "_loop",
        "_low_water",
        "_offset",
        "_paused",
        "_protocol",
        "_size",
        "_timer",
        "_waiter",
        "total_bytes",
    )

    def __init__(
        self,
        protocol: ReadingFlow,
        limit: int,
        *,
        timer: AbstractContextManager[object] | None = None,
        loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        self._protocol = protocol
        self._loop = loop
        self._timer = timer
        self._low_water = limit
        self._high_water = limit * 2
        # Many tiny HTTP chunks cost per-chunk bookkeeping even when few bytes are buffered.
        self._high_water_chunks = max(4, limit // 16)
        self._buffer: collections.deque[bytes] = collections.deque()
        self._offset = 0  # bytes of _buffer[0] already consumed
        self._size = 0  # bytes buffered and not yet consumed
        self._cursor = 0  # bytes consumed since the start
        self._chunk_ends: collections.deque[int] | None = None  # stream offsets of chunk ends
        self._paused = False  # this reader asked the protocol to pause
        self._eof = False
        self._exception: BaseException | None = None
        self._waiter: asyncio.Future[None] | None = None
        self._eof_waiter: asyncio.Future[None] | None = None
        self._eof_callbacks: list[Callable[[], None]] = []
        self.total_bytes = 0

    def __repr__(self) -> str:
        info = [type(self).__name__]
        if self._size:
            info.append(f"{self._size} bytes")
        if self._eof:
            info.append("eof")
        info.append(f"low={self._low_water} high={self._high_water}")
        if self._paused:
            info.append("paused")
        if self._waiter is not None:
            info.append(f"w={self._waiter!r}")
        if self._exception is not None:
            info.append(f"e={self._exception!r}")
        return "<" + " ".join(info) + ">"

    # -- iteration ---------------------------------------------------------------------------

    def __aiter__(self) -> _ReadIterator[bytes]:
        return _ReadIterator(self.readline)

    def iter_chunked(self, n: int) -> _ReadIterator[bytes]:
        """Yield blocks of at most `n` bytes."""
        return _ReadIterator(functools.partial(self.read, n))

    def iter_any(self) -> _ReadIterator[bytes]:
        """Yield whatever is buffered as soon as it arrives."""
        return _ReadIterator(self.readany)

    def iter_chunks(self) -> _ChunkTupleIterator:
        """Yield `(data, end_of_http_chunk)` tuples as `readchunk()` returns them."""
        return _ChunkTupleIterator(self)

    def get_read_buffer_limits(self) -> tuple[int, int]:
        return (self._low_water, self._high_water)

    # -- state -------------------------------------------------------------------------------

    def exception(self) -> BaseException | None:
        return self._exception

    def set_exception(self, exc: BaseException, exc_cause: BaseException | _Unset = _UNSET) -> None:
        """Fail the current and every later read with `exc`."""
        if not isinstance(exc_cause, _Unset):
            exc.__cause__ = exc_cause
        self._exception = exc
        self._eof_callbacks.clear()
        for waiter in (self._waiter, self._eof_waiter):
            if waiter is not None and not waiter.done():
                waiter.set_exception(exc)
        self._waiter = None
        self._eof_waiter = None

    def on_eof(self, callback: Callable[[], None]) -> None:
        """Call `callback` at EOF (at once if already there); dropped if the stream fails."""
        if self._eof:
            _run_eof_callback(callback)
        else:
            self._eof_callbacks.append(callback)

    def is_eof(self) -> bool:
        """True once `feed_eof()` was called."""
        return self._eof

    def at_eof(self) -> bool:
        """True once `feed_eof()` was called and everything buffered was read."""
        return self._eof and not self._buffer

    async def wait_eof(self) -> None:
        if self._eof:
            return
        if self._exception is not None:
            raise self._exception
        if self._eof_waiter is not None:
            raise RuntimeError("wait_eof() called while another coroutine is already waiting")
        waiter = self._eof_waiter = self._get_loop().create_future()
        try:
            await waiter
        finally:
            self._eof_waiter = None

    # -- feeding (the protocol side) ---------------------------------------------------------

    def feed_data(self, data: bytes) -> None:
        if self._eof:
            raise RuntimeError("feed_data() after feed_eof()")
        if not data:
            return
        size = len(data)
        self._buffer.append(data)
        self._size += size
        self.total_bytes += size
        self._wake_reader()
        if self._size > self._high_water and not self._paused:
            self._paused = True
            self._protocol.pause_reading()

    def feed_eof(self) -> None:
        self._eof = True
        for waiter in (self._waiter, self._eof_waiter):
            if waiter is not None and not waiter.done():
                waiter.set_result(None)
        self._waiter = None
        self._eof_waiter = None
        # Nothing more comes into this reader, so it no longer holds the transport back.
        if self._paused:
            self._paused = False
            self._protocol.resume_reading()
        callbacks, self._eof_callbacks = self._eof_callbacks, []
        for callback in callbacks:
            _run_eof_callback(callback)

    def begin_http_chunk_receiving(self) -> None:
        if self._chunk_ends is None:
            if self.total_bytes:
                raise RuntimeError("begin_http_chunk_receiving() called after data was fed")
            self._chunk_ends = collections.deque()

    def end_http_chunk_receiving(self) -> None:
        ends = self._chunk_ends
        if ends is None:
            raise RuntimeError(
                "end_http_chunk_receiving() called without begin_http_chunk_receiving()"
            )
        last = ends[-1] if ends else 0
        if self.total_bytes == last:
            return  # an HTTP chunk that added no bytes (e.g. compressed input still pending)
        ends.append(self.total_bytes)
        if len(ends) > self._high_water_chunks and not self._paused:
            self._paused = True
            self._protocol.pause_reading()
        self._wake_reader()

    # -- reading -----------------------------------------------------------------------------

    async def read(self, n: int = -1) -> bytes:
        """Read up to `n` bytes (all until EOF when `n < 0`); b"" at EOF."""
        if self._exception is not None:
            raise self._exception
        if n == 0:
            return b""
        if n < 0:
            blocks: list[bytes] = []
            while True:
                block = await self.readany()
                if not block:
                    return b"".join(blocks)
                blocks.append(block)
        while not self._buffer and not self._eof:
            await self._wait("read")
        return self._read_nowait(n)

    async def readany(self) -> bytes:
        """Return everything buffered, waiting for data if there is none; b"" at EOF."""
        if self._exception is not None:
            raise self._exception
        while not self._buffer and not self._eof:
            await self._wait("readany")
        return self._read_nowait(-1)

    async def readexactly(self, n: int) -> bytes:
        """Read exactly `n` bytes or raise `asyncio.IncompleteReadError` at EOF."""
        if self._exception is not None:
            raise self._exception
        blocks: list[bytes] = []
        while n > 0:
            block = await self.read(n)
            if not block:
                partial = b"".join(blocks)
                raise asyncio.IncompleteReadError(partial, len(partial) + n)
            blocks.append(block)
            n -= len(block)
        return b"".join(blocks)

    def read_nowait(self, n: int = -1) -> bytes:
        """Return up to `n` buffered bytes (all when `n < 0`) without waiting."""
        if self._exception is not None:
            raise self._exception
        if self._waiter is not None and not self._waiter.done():
            raise RuntimeError("read_nowait() called while a coroutine is waiting for data")
        return self._read_nowait(n)

    async def readline(self, *, max_line_length: int | None = None) -> bytes:
        return await self.readuntil(b"\n", max_size=max_line_length)

    async def readuntil(self, separator: bytes = b"\n", *, max_size: int | None = None) -> bytes:
        """Read up to and including `separator`, or to EOF.

        Raises ValueError("Chunk too big") once more than `max_size` bytes (default: the high
        water mark, `2 * limit`) were read without the line ending.
        """
        seplen = len(separator)
        if seplen == 0:
            raise ValueError("Separator should be at least one-byte string")
        if self._exception is not None:
            raise self._exception
        limit = max_size or self._high_water
        parts: list[bytes] = []
        got = 0
        tail = b""  # last seplen-1 bytes taken, for a separator split across two pieces
        while True:
            while self._buffer:
                n = self._find_separator(separator, tail)
                data = self._take(n)
                parts.append(data)
                got += len(data)
                if got > limit:
                    self._after_read()
                    raise ValueError("Chunk too big")
                if n != -1:
                    self._after_read()
                    return b"".join(parts)
                if seplen > 1:
                    tail = (
                        data[1 - seplen :]
                        if len(data) >= seplen - 1
                        else (tail + data)[1 - seplen :]
                    )
            self._after_read()
            if self._eof:
                return b"".join(parts)
            await self._wait("readuntil")

    async def readchunk(self) -> tuple[bytes, bool]:
        """Return `(data, end_of_http_chunk)`; `(b"", False)` means EOF.

        With chunked transfer coding, `True` says the data ends where an HTTP chunk ended;
        otherwise it is always `False`.
        """
        while True:
            if self._exception is not None:
                raise self._exception
            ends = self._chunk_ends
            while ends:
                end = ends.popleft()
                if end == self._cursor:
                    return (b"", True)
                if end > self._cursor:
                    return (self._read_nowait(end - self._cursor), True)
            if self._buffer:
                data = self._take(-1)
                self._after_read()
                return (data, False)
            if self._eof:
                return (b"", False)
            await self._wait("readchunk")

    # -- internals ---------------------------------------------------------------------------

    def _wake_reader(self) -> None:
        waiter = self._waiter
        if waiter is not None:
            self._waiter = None
            if not waiter.done():
                waiter.set_result(None)

    def _get_loop(self) -> asyncio.AbstractEventLoop:
        loop = self._loop
        if loop is None:
            loop = self._loop = asyncio.get_running_loop()
        return loop

    async def _wait(self, func_name: str) -> None:
        if not self._protocol.connected:
            raise RuntimeError("Connection closed.")
        if self._waiter is not None:
            raise RuntimeError(
                f"{func_name}() called while another coroutine is already waiting for incoming data"
            )
        waiter = self._waiter = self._get_loop().create_future()
        try:
            if self._timer is None:
                await waiter
            else:
                with self._timer:
                    await waiter
        finally:
            self._waiter = None

    def _find_separator(self, separator: bytes, tail: bytes) -> int:
        """Bytes of the first buffered piece up to and including `separator`, or -1."""
        piece = self._buffer[0]
        offset = self._offset
        if tail:
            # tail and head are each shorter than the separator, so a match must span both.
            joined = tail + piece[offset : offset + len(separator) - 1]
            index = joined.find(separator)
            if index != -1:
                return index + len(separator) - len(tail)
        index = piece.find(separator, offset)
        if index == -1:
            return -1
        return index - offset + len(separator)

    def _take(self, n: int) -> bytes:
        """Consume up to `n` bytes (or all when -1) of the first buffered piece."""
        piece = self._buffer[0]
        offset = self._offset
        available = len(piece) - offset
        if 0 <= n < available:
            data = piece[offset : offset + n]
            self._offset = offset + n
        else:
            self._buffer.popleft()
            data = piece[offset:] if offset else piece
            self._offset = 0
        self._size -= len(data)
        self._cursor += len(data)
        return data

    def _read_nowait(self, n: int) -> bytes:
        """Consume up to `n` buffered bytes (everything when `n < 0`)."""
        buffer = self._buffer
        if not buffer:
            return b""
        if n < 0:
            if len(buffer) == 1:
                data = self._take(-1)
            else:
                data = b"".join([self._take(-1) for _ in range(len(buffer))])
        else:
            data = self._take(n)
            if buffer and len(data) < n:
                parts = [data]
                n -= len(data)
                while buffer and n:
                    part = self._take(n)
                    parts.append(part)
                    n -= len(part)
                data = b"".join(parts)
        self._after_read()
        return data

    def _after_read(self) -> None:
        ends = self._chunk_ends
        if ends:
            cursor = self._cursor
            while ends and ends[0] < cursor:
                ends.popleft()  # data was consumed past this chunk's end: drop the marker
        if (
            self._paused
            and self._size < self._low_water
            and (not ends or len(ends) < self._high_water_chunks // 2)
        ):
            self._paused = False
            self._protocol.resume_reading()


for _cls in (StreamReader, EofStream):
    _cls.__module__ = "wirehttp"  # documented as wirehttp.StreamReader, wirehttp.EofStream

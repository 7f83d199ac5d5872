"""The async iterators a StreamReader hands out, and `EofStream`.

Owns: `_ReadIterator` (`async for` over repeated reads: lines, `iter_chunked`, `iter_any`),
`_ChunkTupleIterator` (`iter_chunks`) and `EofStream`. Kept apart from `streams.py` so the reader
itself stays small. Must not import anything above L2, nor aiohttp.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from .streams import StreamReader

__all__ = ("EofStream",)

_T = TypeVar("_T")


class EofStream(Exception):
    """End of a stream of messages (aiohttp's readers of parsed objects raise it at EOF)."""


class _ReadIterator(Generic[_T]):
    """`async for` over repeated reads; stops on b"" or `EofStream`."""

    __slots__ = ("_read",)

    def __init__(self, read: Callable[[], Awaitable[_T]]) -> None:
        self._read = read

    def __aiter__(self) -> _ReadIterator[_T]:
        return self

    async def __anext__(self) -> _T:
        try:
            item = await self._read()
        except EofStream:
            raise StopAsyncIteration from None
        if item == b"":
            raise StopAsyncIteration
        return item


class _ChunkTupleIterator:
    """`async for` over `readchunk()`; stops on the EOF marker (b"", False)."""

    __slots__ = ("_reader",)

    def __init__(self, reader: StreamReader) -> None:
        self._reader = reader

    def __aiter__(self) -> _ChunkTupleIterator:
        return self

    async def __anext__(self) -> tuple[bytes, bool]:
        chunk = await self._reader.readchunk()
        if chunk == (b"", False):
            raise StopAsyncIteration
        return chunk

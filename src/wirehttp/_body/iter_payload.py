"""Payloads whose bytes arrive over time: async iterables and StreamReaders (size unknown).

Owns: `AsyncIterablePayload` (sent as it is produced, so a request carrying it is chunked;
`as_bytes()` gathers it once and later writes replay what was gathered) and
`StreamReaderPayload` (a StreamReader's data as it arrives, e.g. one response's body as the
next request's). Must not import `_client`, `_server` or `_web`.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator
from typing import Any

from .._io.streams import StreamReader
from .payload import StreamedPayload

__all__ = ("AsyncIterablePayload", "StreamReaderPayload")


class AsyncIterablePayload(StreamedPayload):
    """Bytes from an async iterable, `application/octet-stream` unless told otherwise."""

    _autoclose = True

    def __init__(self, value: AsyncIterable[bytes], *args: Any, **kwargs: Any) -> None:
        if not isinstance(value, AsyncIterable):
            raise TypeError(
                "value argument must support collections.abc.AsyncIterable interface, "
                f"got {type(value)!r}"
            )
        kwargs.setdefault("content_type", "application/octet-stream")
        super().__init__(value, *args, **kwargs)
        self._iter: AsyncIterator[bytes] | None = value.__aiter__()
        self._cached: list[bytes] | None = None

    async def _chunks(self) -> AsyncIterator[bytes]:
        if self._cached is not None:
            for chunk in self._cached:
                yield chunk
            return
        source = self._iter
        if source is None:
            return
        self._consumed = True  # an iterator cannot be rewound: a cut write cannot be replayed
        self._iter = None
        async for chunk in source:
            yield chunk

    def decode(self, encoding: str = "utf-8", errors: str = "strict") -> str:
        if self._cached is None:
            raise TypeError("Unable to decode - content not cached. Call as_bytes() first.")
        return b"".join(self._cached).decode(encoding, errors)

    async def as_bytes(self, encoding: str = "utf-8", errors: str = "strict") -> bytes:
        """Everything the iterator yields, kept so that later writes can send it again."""
        if self._cached is None:
            source, self._iter = self._iter, None
            self._cached = [chunk async for chunk in source] if source is not None else []
        return b"".join(self._cached)


class StreamReaderPayload(AsyncIterablePayload):
    """A StreamReader's data, forwarded as it arrives."""

    def __init__(self, value: StreamReader, *args: Any, **kwargs: Any) -> None:
        super().__init__(value.iter_any(), *args, **kwargs)


AsyncIterablePayload.__module__ = "wirehttp.payload"  # documented as wirehttp.payload.<name>
StreamReaderPayload.__module__ = "wirehttp.payload"

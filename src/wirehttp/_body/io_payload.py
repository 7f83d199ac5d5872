"""File payloads: streamed in chunks off the event loop, never read whole.

Owns: `IOBasePayload` (any file object; reads run in the default executor, FILE_CHUNK at a
time, from the position the file had when first seen, so a 307/308 replay sends the same
bytes), `BufferedReaderPayload` (binary files), `BytesIOPayload` (in memory: read on the loop)
and `TextIOPayload` (text files, encoded as they are read). A file whose size is known never
sends more than that size, so a Content-Length taken from it stays true if the file grows.
Must not import `_client`, `_server` or `_web`.
"""

from __future__ import annotations

import asyncio
import io
import os
import stat
from collections.abc import AsyncIterator
from typing import IO, Any, Final

from .. import hdrs
from .disposition import guess_filename
from .payload import StreamedPayload, text_encoding

__all__ = (
    "FILE_CHUNK",
    "BufferedReaderPayload",
    "BytesIOPayload",
    "IOBasePayload",
    "TextIOPayload",
)

FILE_CHUNK: Final = 64 * 1024  # bytes per read: one executor hop, about one socket write's worth

_CLOSING: set[asyncio.Future[None]] = set()  # closes scheduled off the loop, kept alive here


class IOBasePayload(StreamedPayload):
    """A file object; `disposition` (attachment by default, None for none) names its filename."""

    _start: int | None = None
    _measured = False

    def __init__(
        self, value: IO[Any], disposition: str | None = "attachment", *args: Any, **kwargs: Any
    ) -> None:
        if "filename" not in kwargs:
            kwargs["filename"] = guess_filename(value)
        super().__init__(value, *args, **kwargs)
        named = self._filename is not None and disposition is not None
        if named and hdrs.CONTENT_DISPOSITION not in self._headers:
            assert self._filename is not None and disposition is not None
            self.set_content_disposition(disposition, filename=self._filename)

    def _rewind(self) -> None:
        """Go back to the first position seen; a file that cannot seek can be sent once."""
        try:
            if self._start is None:
                self._start = self._value.tell()
            else:
                self._value.seek(self._start)
        except (OSError, AttributeError, ValueError):
            self._consumed = True

    @property
    def size(self) -> int | None:
        """Bytes from the first position seen to the end of the file, or None if unknown.

        Measured once: a Content-Length taken from it stays what is sent, even if the file
        grows meanwhile (the rest is not sent).
        """
        if self._measured:
            return self._size
        self._measured = True
        try:
            if self._start is None:
                self._start = self._value.tell()
            info = os.fstat(self._value.fileno())
        except (AttributeError, OSError, ValueError):
            return None
        if not stat.S_ISREG(info.st_mode):
            return None  # a pipe, socket or /proc file: its st_size says nothing
        self._size = max(info.st_size - self._start, 0)
        return self._size

    def _read_first(self) -> tuple[int | None, bytes]:
        self._rewind()
        return self.size, self._read(FILE_CHUNK)

    def _read(self, size: int) -> bytes:
        data: bytes = self._value.read(size)
        return data

    async def _chunks(self) -> AsyncIterator[bytes]:
        loop = asyncio.get_running_loop()
        available, chunk = await loop.run_in_executor(None, self._read_first)
        sent = 0
        while chunk:
            if available is not None and sent + len(chunk) >= available:
                yield chunk[: available - sent]
                return
            sent += len(chunk)
            yield chunk
            chunk = await loop.run_in_executor(None, self._read, FILE_CHUNK)

    def _close(self) -> None:
        if self._consumed:
            return
        self._consumed = True
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self._value.close()
            return
        closing = loop.run_in_executor(None, self._value.close)
        _CLOSING.add(closing)
        closing.add_done_callback(_CLOSING.discard)

    def _read_all(self) -> bytes:
        self._rewind()
        return b"".join(self._value.readlines())

    def decode(self, encoding: str = "utf-8", errors: str = "strict") -> str:
        """The whole file as text. Blocking I/O: not for the event loop."""
        return self._read_all().decode(encoding, errors)

    async def as_bytes(self, encoding: str = "utf-8", errors: str = "strict") -> bytes:
        return await asyncio.get_running_loop().run_in_executor(None, self._read_all)


class BufferedReaderPayload(IOBasePayload):
    """A binary file opened for reading (`open(path, "rb")`)."""

    def decode(self, encoding: str = "utf-8", errors: str = "strict") -> str:
        self._rewind()
        return bytes(self._value.read()).decode(encoding, errors)


class TextIOPayload(IOBasePayload):
    """A text file, encoded as it is read.

    Its size is unknown (so a request sending it is chunked): the bytes on disk need not be
    the bytes sent, after newline translation or with another encoding, and a wrong
    Content-Length would break the connection. (aiohttp sends the size on disk.)
    """

    def __init__(
        self,
        value: IO[str],
        *args: Any,
        encoding: str | None = None,
        content_type: str | None = None,
        **kwargs: Any,
    ) -> None:
        encoding, content_type = text_encoding(encoding, content_type)
        super().__init__(value, *args, content_type=content_type, encoding=encoding, **kwargs)

    @property
    def size(self) -> int | None:
        return None

    def _read(self, size: int) -> bytes:
        text: str = self._value.read(size)
        return text.encode(self._encoding or "utf-8")

    def decode(self, encoding: str = "utf-8", errors: str = "strict") -> str:
        self._rewind()
        text: str = self._value.read()
        return text

    def _read_all(self) -> bytes:
        self._rewind()
        text: str = self._value.read()
        return text.encode(self._encoding or "utf-8")


class BytesIOPayload(IOBasePayload):
    """An in-memory binary stream: sized at once, read on the loop, nothing to close."""

    _autoclose = True

    def __init__(self, value: io.BytesIO, *args: Any, **kwargs: Any) -> None:
        super().__init__(value, *args, **kwargs)
        self._start = value.tell()
        self._size = len(value.getbuffer()) - self._start

    @property
    def size(self) -> int:
        return self._size or 0

    def view(self) -> bytes:
        """The bytes to send, without moving the stream."""
        assert self._start is not None
        data: bytes = self._value.getvalue()
        return data[self._start :]

    async def _chunks(self) -> AsyncIterator[bytes]:
        data = self.view()
        for start in range(0, len(data), FILE_CHUNK):
            yield data[start : start + FILE_CHUNK]

    def decode(self, encoding: str = "utf-8", errors: str = "strict") -> str:
        return self.view().decode(encoding, errors)

    async def as_bytes(self, encoding: str = "utf-8", errors: str = "strict") -> bytes:
        return self.view()

    def _close(self) -> None:
        """In memory: nothing to release (the caller's BytesIO stays usable)."""


for _cls in (IOBasePayload, BufferedReaderPayload, TextIOPayload, BytesIOPayload):
    _cls.__module__ = "wirehttp.payload"  # documented as wirehttp.payload.<name>

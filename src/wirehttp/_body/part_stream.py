"""The bytes under a multipart reader: a read-ahead buffer shared by the reader and its parts.

Owns: `PartStream` (wraps anything with an async `readany()`, a StreamReader or a part body,
and adds what multipart framing needs: lines with a length limit, a part body read up to its
delimiter `CRLF--boundary` without ever returning a byte of that delimiter, and skipping) and
`MultipartError`, what malformed multipart input raises (a ValueError, as aiohttp raises; also
a RemoteProtocolError with status 400, so a server handler that lets it escape answers 400).
Every limit counts the bytes held, never one read: a line longer than its limit fails as soon
as that many bytes are buffered without a line end. Must not import `_client`, `_server`, `_web`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from .._sansio.errors import RemoteProtocolError, echo

__all__ = ("MultipartError", "PartStream")


class MultipartError(RemoteProtocolError, ValueError):
    """Malformed multipart input: no boundary, a part cut off, headers too large, too deep."""


class PartStream:
    """Bytes from `read()` (b"" at the end) with a buffer the multipart readers share."""

    __slots__ = ("_buffer", "_eof", "_read")

    def __init__(self, read: Callable[[], Awaitable[bytes]]) -> None:
        self._read = read
        self._buffer = bytearray()
        self._eof = False

    @classmethod
    def of(cls, content: Any) -> PartStream:
        """`content` itself when it already is a PartStream, else one reading `content.readany`."""
        if isinstance(content, PartStream):
            return content
        return cls(content.readany)

    def __repr__(self) -> str:
        return f"<PartStream buffered={len(self._buffer)} eof={self._eof}>"

    async def _fill(self) -> bool:
        """Read more into the buffer; False once the source is exhausted."""
        if self._eof:
            return False
        data = await self._read()
        if not data:
            self._eof = True
            return False
        self._buffer += data
        return True

    def at_eof(self) -> bool:
        return self._eof and not self._buffer

    async def readline(self, limit: int) -> bytes:
        """One line, its line end included; b"" at the end of the input.

        More than `limit` bytes without a line end raise MultipartError; a last line without
        a line end comes back as it is.
        """
        buffer = self._buffer
        start = 0
        while True:
            end = buffer.find(b"\n", start)
            if 0 <= end < limit:
                line = bytes(buffer[: end + 1])
                del buffer[: end + 1]
                return line
            if end >= limit or len(buffer) > limit:
                raise MultipartError(f"a multipart line is longer than {limit} bytes")
            start = len(buffer)
            if not await self._fill():
                line = bytes(buffer)
                buffer.clear()
                return line

    async def read_body(self, delimiter: bytes, size: int) -> tuple[bytes, bool]:
        """Up to `size` bytes of a part body ending at `delimiter` (CRLF--boundary).

        Returns `(data, ended)`; when the delimiter is reached its leading CRLF is consumed,
        so the stream then starts with `--boundary`. At least one byte comes back unless the
        part ended. The input ending first raises MultipartError.
        """
        buffer = self._buffer
        while True:
            found = buffer.find(delimiter)
            if found >= 0:
                taken = min(found, size)
                data = bytes(buffer[:taken])
                if taken == found:
                    del buffer[: found + 2]
                    return data, True
                del buffer[:taken]
                return data, False
            safe = len(buffer) - len(delimiter) + 1  # a tail that may start the delimiter waits
            if safe > 0:
                taken = min(safe, size)
                data = bytes(buffer[:taken])
                del buffer[:taken]
                return data, False
            if not await self._fill():
                raise MultipartError(
                    f"the body ended inside a part, before its boundary {echo(delimiter[4:])}"
                )

    async def read_body_line(self, delimiter: bytes, limit: int) -> tuple[bytes, bool]:
        """One line of a part body (`(line, ended)`); the part's last line has no CRLF."""
        buffer = self._buffer
        while True:
            found = buffer.find(delimiter)
            newline = buffer.find(b"\n")
            if found >= 0 and not 0 <= newline < found:
                line = bytes(buffer[:found])
                del buffer[: found + 2]
                return line, True
            if newline >= 0 and (found >= 0 or not self._may_start(delimiter, newline - 1)):
                line = bytes(buffer[: newline + 1])
                del buffer[: newline + 1]
                return line, False
            if len(buffer) > limit + len(delimiter):
                raise MultipartError(f"a multipart body line is longer than {limit} bytes")
            if not await self._fill():
                raise MultipartError("the body ended inside a part, before its boundary")

    def _may_start(self, delimiter: bytes, at: int) -> bool:
        """True if the buffer from `at` on could be the beginning of `delimiter`."""
        if at < 0:
            return False
        tail = self._buffer[at : at + len(delimiter)]
        return len(tail) < len(delimiter) and delimiter.startswith(tail)

    def unread(self, data: bytes) -> None:
        """Put `data` back in front of the buffer."""
        self._buffer[:0] = data

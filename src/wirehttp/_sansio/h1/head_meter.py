"""Size accounting for a message head that arrives in pieces.

Owns: `HeadMeter`, which counts the accumulated bytes of one head across any number of feeds and
raises the limit error at the first byte that breaks a limit: the start line (request line or
status line) too long, one field line too long, too many field lines, or the head too large as
a whole. Because it walks the bytes in stream order, a head delivered in one piece and the same
head delivered one byte at a time trip the same limit with the same error.
httptools only reports a field once it is complete, so this accounting cannot live in the
callbacks. Must not import asyncio or httptools.
"""

from __future__ import annotations

from ..errors import HeaderFieldTooLong, HeaderSectionTooLarge, RemoteProtocolError, TooManyHeaders

__all__ = ("HeadMeter",)


class HeadMeter:
    """Counts one head's bytes, lines and current-line length; `reset()` before each head.

    A line's length is counted without its LF; the CR before the LF is allowed one byte of slack,
    so the limits apply to the line content (what sits between the line starts and the CRLF).
    """

    __slots__ = (
        "_line_error",
        "_max_field",
        "_max_head",
        "_max_line",
        "_max_newlines",
        "_quick",
        "line_len",
        "lines",
        "size",
    )

    def __init__(
        self,
        *,
        max_line: int,
        max_field: int,
        max_headers: int,
        max_head: int,
        line_error: type[RemoteProtocolError],
    ) -> None:
        self._max_line = max_line
        self._max_field = max_field
        # start line + max_headers field lines + the empty line that ends the head
        self._max_newlines = max_headers + 2
        self._max_head = max_head
        self._line_error = line_error
        # a piece no longer than this cannot push any line past its limit by itself
        self._quick = min(max_line, max_field) + 1
        self.size = 0
        self.lines = 0
        self.line_len = 0

    def reset(self) -> None:
        self.size = 0
        self.lines = 0
        self.line_len = 0

    def add(self, piece: bytes) -> None:
        """Account for the next `piece` of the head; raise the limit error it trips, if any."""
        n = len(piece)
        if self.line_len + n <= self._quick and self.size + n <= self._max_head:
            count = piece.count(b"\n")
            if not count:
                self.line_len += n
                self.size += n
                return
            if self.lines + count <= self._max_newlines:
                self.lines += count
                self.line_len = n - piece.rfind(b"\n") - 1
                self.size += n
                return
        self._walk(piece)

    def _walk(self, piece: bytes) -> None:
        # Line by line, in stream order; each limit's "trip point" is the head byte count at
        # which it is first exceeded, and the earliest trip point wins.
        n = len(piece)
        pos = 0
        while pos < n:
            nl = piece.find(b"\n", pos)
            stop = n if nl < 0 else nl
            content = self.line_len + (stop - pos)
            consumed = (stop - pos) + (nl >= 0)
            limit = (self._max_line if self.lines == 0 else self._max_field) + 1
            trips: list[tuple[int, int]] = []
            if content > limit:
                trips.append((self.size + limit + 1 - self.line_len, 0))
            if nl >= 0 and self.lines + 1 > self._max_newlines:
                trips.append((self.size + consumed, 1))
            if self.size + consumed > self._max_head:
                trips.append((self._max_head + 1, 2))
            if trips:
                raise self._error(min(trips)[1])
            self.size += consumed
            if nl >= 0:
                self.lines += 1
                self.line_len = 0
            else:
                self.line_len = content
            pos += consumed

    def _error(self, which: int) -> RemoteProtocolError:
        if which == 0 and self.lines == 0:
            return self._line_error(f"start line longer than {self._max_line} bytes")
        if which == 0:
            return HeaderFieldTooLong(f"header field line longer than {self._max_field} bytes")
        if which == 1:
            return TooManyHeaders(f"more than {self._max_newlines - 2} header fields")
        return HeaderSectionTooLarge(f"head larger than {self._max_head} bytes")

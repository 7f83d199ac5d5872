"""The framing engine shared by the request and response parsers: bytes in, events out.

Owns: `ParserEngine`, which drives one httptools (llhttp) parser per connection and decides
which bytes it sees. It finds each head's end itself (the first CRLF CRLF), so it always knows
where a message starts: head limits are counted on accumulated bytes (`HeadMeter`), Content-Length
bodies are cut at their exact length, and chunked bodies are fed up to each CRLF CRLF so a
message never ends in the middle of what llhttp was given. That keeps pipelined messages,
upgrades and "no body" responses exact without llhttp's error offsets, which httptools hides.
llhttp's errors are mapped to our error classes in llhttp_errors.py.
Must not import asyncio; the head-building rules live in request_parser / response_parser.
"""

from __future__ import annotations

from typing import Final, NoReturn

from httptools import (
    HttpParserError,
    HttpParserUpgrade,
    HttpRequestParser,
    HttpResponseParser,
)

from ..errors import (
    HeaderFieldTooLong,
    HeaderSectionTooLarge,
    IncompleteMessage,
    RemoteProtocolError,
    TooManyHeaders,
)
from .events import END_OF_MESSAGE, Event, RequestHead, ResponseHead, Upgrade
from .head_meter import HeadMeter
from .llhttp_errors import map_llhttp_error

__all__ = ("ParserEngine",)

# Modes: where the next byte belongs.
HEAD: Final = 0  # a head (or the empty lines before one, RFC 9112 2.2)
LENGTH: Final = 1  # a Content-Length body, `_remaining` bytes to go (RFC 9112 6.2)
CHUNKED: Final = 2  # a chunked body (RFC 9112 7.1)
UNTIL_CLOSE: Final = 3  # a response body delimited by the connection closing (RFC 9112 6.3 item 8)
NO_BODY: Final = 4  # only as a body decision: the message ends with its head
CLOSED: Final = 5  # the last message said Connection: close; later bytes are dropped (RFC 9112 9.6)
UPGRADED: Final = 6  # the protocol switched; parsing has stopped
DEAD: Final = 7  # a protocol error was reported; parsing has stopped

_OWS: Final = frozenset((b" ", b"\t"))


class _Restart(Exception):
    """The one-piece fast path met something it does not handle; run the general path."""


_RESTART: Final = _Restart()


Parser = HttpRequestParser | HttpResponseParser


class ParserEngine:
    """Framing loop and llhttp plumbing; subclasses build heads in `on_headers_complete`."""

    __slots__ = (
        "_body_mode",
        "_body_seen",
        "_error",
        "_events",
        "_fast",
        "_fields",
        "_frame_run",
        "_head",
        "_head_buf",
        "_headers",
        "_heads",
        "_hp",
        "_keep_alive",
        "_max_field",
        "_max_head",
        "_max_headers",
        "_message_done",
        "_meter",
        "_mode",
        "_quick",
        "_raw_head",
        "_remaining",
        "_tail3",
        "_watch_get",
        "_watch_lengths",
    )

    _hp: Parser

    def __init__(
        self,
        *,
        max_line_size: int,
        max_field_size: int,
        max_headers: int,
        max_head_size: int | None,
        line_error: type[RemoteProtocolError],
        watched: dict[bytes, bytes],
    ) -> None:
        if max_head_size is None:
            max_head_size = max(64 * 1024, max_line_size + 2 * max_field_size)
        self._max_field = max_field_size
        self._max_headers = max_headers
        self._max_head = max_head_size
        self._meter = HeadMeter(
            max_line=max_line_size,
            max_field=max_field_size,
            max_headers=max_headers,
            max_head=max_head_size,
            line_error=line_error,
        )
        self._quick = min(max_line_size, max_field_size) + 1
        self._watch_get = watched.get
        self._watch_lengths = frozenset(len(key) for key in watched)
        self._fast = False
        self._hp = self._new_parser()
        self._mode: int = HEAD
        self._events: list[Event | RemoteProtocolError] = []
        self._error: Exception | None = None
        self._head_buf: bytearray | None = None
        self._raw_head = b""
        self._remaining = 0
        self._body_seen = 0
        self._frame_run = 0
        self._tail3 = b""
        self._start_message()

    # --- subclass hooks ---------------------------------------------------------------------

    def _new_parser(self) -> Parser:
        raise NotImplementedError

    def _start_message(self) -> None:
        """Reset the per-message state (subclasses extend it)."""
        self._headers: list[tuple[bytes, bytes]] = []
        self._fields: dict[bytes, list[bytes]] | None = None
        self._head: RequestHead | ResponseHead | None = None
        self._body_mode: int
        self._message_done = False
        self._keep_alive = True
        self._body_mode = NO_BODY

    # --- llhttp callbacks (bound once per parser by httptools) --------------------------------

    def on_header(self, name: bytes, value: bytes) -> None:
        # Runs once per field on the hot path, so it stays small: strip trailing OWS (llhttp
        # drops the leading OWS, RFC 9112 5), keep the field, note it if the framing needs it.
        if value[-1:] in _OWS:
            value = value.rstrip(b" \t")
        self._headers.append((name, value))
        key = self._watch_get(name)
        if key is None:
            if len(name) not in self._watch_lengths:
                return
            key = self._watch_get(name.lower())
            if not key:
                return
        elif not key:  # a common field known not to matter
            return
        fields = self._fields
        if fields is None:
            self._fields = {key: [value]}
        elif key in fields:
            fields[key].append(value)
        else:
            fields[key] = [value]

    def _take_headers(self) -> tuple[tuple[bytes, bytes], ...]:
        """The head's fields; from here on `_headers` collects trailer fields instead."""
        headers = self._headers
        self._headers = []
        if len(headers) > self._max_headers:
            self._fail(TooManyHeaders(f"more than {self._max_headers} header fields"))
        return tuple(headers)

    def _check_trailers(self) -> None:
        # RFC 9112 7.1.2: trailer fields follow the header rules; llhttp checked their bytes, the
        # limits are ours. Trailers are validated and dropped (no event carries them).
        trailers = self._headers
        if len(trailers) > self._max_headers:
            self._fail(TooManyHeaders(f"more than {self._max_headers} trailer fields"))
        for name, value in trailers:
            if len(name) + len(value.rstrip(b" \t")) + 1 > self._max_field:
                self._fail(HeaderFieldTooLong(f"trailer field over {self._max_field} bytes"))

    def on_body(self, body: bytes) -> None:
        self._events.append(body)
        self._body_seen += len(body)

    def on_message_complete(self) -> None:
        self._message_done = True
        if self._head is not None and self._headers:
            self._check_trailers()
        if self._head is not None and self._body_mode != UPGRADED:
            self._events.append(END_OF_MESSAGE)

    def _fail(self, exc: RemoteProtocolError) -> NoReturn:
        """Raise `exc` out of a callback; remember it, since httptools wraps what it catches."""
        self._error = exc
        raise exc

    # --- feeding -----------------------------------------------------------------------------

    def feed(self, data: bytes) -> list[Event | RemoteProtocolError]:
        """Events for `data`; a RemoteProtocolError, if any, comes last and kills the parser."""
        events: list[Event | RemoteProtocolError] = []
        self._events = events
        if self._mode != HEAD or not data:
            if self._mode >= CLOSED or not data:
                return events
        elif self._head_buf is None and data[:2] != b"\r\n" and type(data) is bytes:
            if data[-4:] == b"\r\n\r\n" and len(data) <= self._quick:
                if self._fast_feed(data, len(data)):
                    return events
            else:
                end = data.find(b"\r\n\r\n", 0, self._quick)
                if end >= 0 and self._fast_feed(data, end + 4):
                    return events
        if type(data) is not bytes:
            data = bytes(data)
        try:
            self._run(data)
        except RemoteProtocolError as exc:
            self._mode = DEAD
            events.append(exc)
        return events

    def _fast_feed(self, data: bytes, head_len: int) -> bool:
        """One piece that starts with a whole head (`head_len` bytes): give llhttp all of it.

        The head is too short to break a size limit, so no accounting is needed. What follows
        it must be Content-Length body bytes of that one message, nothing more: then framing
        is exact without our own cuts. Anything unusual (a second head, other framing, bytes
        past the message, any error) undoes the attempt with a fresh llhttp parser and returns
        False: the general path then redoes it.
        """
        self._fast = True
        self._heads = 0
        self._body_seen = 0
        self._raw_head = data if head_len == len(data) else data[:head_len]
        switched = False
        try:
            self._hp.feed_data(data)
        except HttpParserUpgrade as exc:
            switched = True
            offset = exc.args[0] if exc.args else len(data)
        except (HttpParserError, RemoteProtocolError):
            self._undo_fast()
            return False
        finally:
            self._fast = False
        if (
            not switched
            and not self._message_done
            and self._body_seen
            and self._body_mode in (NO_BODY, UPGRADED)
        ):
            # llhttp read bytes as a body that the method or status rules out: redo exactly
            self._undo_fast()
            return False
        if head_len != len(data) and not switched and not self._body_fits(len(data) - head_len):
            self._undo_fast()
            return False
        if switched or self._body_mode == UPGRADED:
            if not switched:
                offset = len(data)
            self._events.append(Upgrade(data[offset:]))
            self._mode = UPGRADED
        elif self._message_done:
            self._finish_message()
        else:
            self._enter_body(data)
        return True

    def _body_fits(self, after_head: int) -> bool:
        """True if the `after_head` bytes that followed the head were all its Content-Length
        body (complete or not): no other framing, nothing of a next message."""
        return self._body_mode == LENGTH and self._body_seen == after_head

    def _undo_fast(self) -> None:
        self._error = None
        self._events.clear()
        self._hp = self._new_parser()
        self._mode = HEAD
        self._start_message()

    def _count_head(self) -> None:
        """Called as each head completes; the fast path handles only one per piece."""
        if self._fast:
            self._heads += 1
            if self._heads > 1:
                self._restart()

    def _restart(self) -> NoReturn:
        self._error = _RESTART
        raise _RESTART

    @property
    def mid_head(self) -> bool:
        """True while part of a head has arrived and the rest has not."""
        return self._head_buf is not None

    def feed_eof(self) -> list[Event | RemoteProtocolError]:
        """The peer closed: end a read-until-close body, or report a truncated message."""
        mode = self._mode
        if mode == UNTIL_CLOSE:
            self._mode = CLOSED
            return [END_OF_MESSAGE]
        if mode in (LENGTH, CHUNKED) or (mode == HEAD and self._head_buf is not None):
            self._mode = DEAD
            return [IncompleteMessage("connection closed in the middle of a message")]
        if mode == HEAD:
            self._mode = CLOSED
        return []

    def _run(self, data: bytes) -> None:
        pos = 0
        n = len(data)
        while pos < n:
            mode = self._mode
            if mode == HEAD:
                pos = self._feed_head(data, pos, n)
            elif mode == LENGTH:
                pos = self._feed_length(data, pos, n)
            elif mode == CHUNKED:
                pos = self._feed_chunked(data, pos, n)
            elif mode == UNTIL_CLOSE:
                self._exec(data[pos:] if pos else data)
                return
            else:
                return

    def _exec(self, piece: bytes | memoryview) -> bool:
        """Feed llhttp; True if it stopped for a protocol switch."""
        try:
            self._hp.feed_data(piece)
        except HttpParserUpgrade:
            return True
        except HttpParserError as exc:
            if self._error is not None:
                raise self._error from None
            if self._body_mode == UPGRADED:  # a switch llhttp did not flag (101 w/o headers)
                return True
            raise map_llhttp_error(exc) from None
        return False

    def _feed_head(self, data: bytes, pos: int, n: int) -> int:
        buf = self._head_buf
        if buf is None:
            while data.startswith(b"\r\n", pos):  # RFC 9112 2.2: empty lines before a message
                pos += 2
            if pos >= n:
                return n
            end = data.find(b"\r\n\r\n", pos)
            if end >= 0:
                end += 4
                piece = data if pos == 0 and end == n else data[pos:end]
                if end - pos > self._quick:
                    self._meter.reset()
                    self._meter.add(piece)
                self._raw_head = piece
                return self._complete_head(piece, data, end)
            piece = data[pos:] if pos else data
            self._meter.reset()
            self._meter.add(piece)
            self._head_buf = bytearray(piece)
            self._exec(piece)
            return n
        end = _find_end(bytes(buf[-3:]), data, pos)
        piece = data[pos:end] if end >= 0 else (data[pos:] if pos else data)
        self._meter.add(piece)
        buf += piece
        if end < 0:
            self._exec(piece)
            return n
        self._raw_head = bytes(buf)
        return self._complete_head(piece, data, end)

    def _complete_head(self, piece: bytes, data: bytes, end: int) -> int:
        self._head_buf = None
        switched = self._exec(piece)
        if self._head is None and not self._message_done:
            # only empty lines or a skipped 1xx were fed; nothing to frame
            return end
        if switched or self._body_mode == UPGRADED:
            self._events.append(Upgrade(data[end:]))
            self._mode = UPGRADED
            return len(data)
        if self._message_done:
            self._finish_message()
            return end
        mode = self._body_mode
        if mode == NO_BODY:  # llhttp expects a body the method rules out (HEAD response)
            self._events.append(END_OF_MESSAGE)
            self._hp = self._new_parser()
            self._finish_message()
        else:
            self._mode = mode
            self._body_seen = 0
            self._frame_run = 0
            self._tail3 = b""
        return end

    def _enter_body(self, data: bytes) -> None:
        """After a fast-path feed that left llhttp inside a body."""
        mode = self._body_mode
        if mode == NO_BODY:
            self._events.append(END_OF_MESSAGE)
            self._hp = self._new_parser()
            self._finish_message()
            return
        self._mode = mode
        if mode == LENGTH:
            self._remaining -= self._body_seen
        self._frame_run = 0
        self._tail3 = data[-3:]

    def _finish_message(self) -> None:
        self._mode = HEAD if self._keep_alive else CLOSED
        self._start_message()

    def _feed_length(self, data: bytes, pos: int, n: int) -> int:
        # RFC 9112 6.2: a Content-Length body is just the next `_remaining` bytes, so they are
        # handed out as they came (the whole read itself when it is all body: no copy) and
        # llhttp never sees them. At the end it is replaced, since it still waits for them.
        end = min(n, pos + self._remaining)
        piece = data if pos == 0 and end == n else data[pos:end]
        self._remaining -= len(piece)
        self._events.append(piece)
        if not self._remaining:
            self._events.append(END_OF_MESSAGE)
            self._hp = self._new_parser()
            self._finish_message()
        return end

    def _feed_chunked(self, data: bytes, pos: int, n: int) -> int:
        # A chunked message always ends right after a CRLF CRLF (last-chunk and trailer section,
        # RFC 9112 7.1), so feeding up to each one lets no message end inside a piece.
        tail = self._tail3
        end = _find_end(tail, data, pos)
        if end < 0:
            end = n
        piece = data if pos == 0 and end == n else data[pos:end]
        seen = self._body_seen
        self._exec(piece)
        body = self._body_seen - seen
        framing = len(piece) - body
        # chunk-size lines, extensions and trailers: bytes that are not data, since the last data
        run = framing if body else self._frame_run + framing
        if run > self._max_head:
            raise HeaderSectionTooLarge(f"chunk framing or trailers over {self._max_head} bytes")
        self._frame_run = run
        if self._headers:
            self._check_trailers()
        self._tail3 = piece[-3:] if len(piece) >= 3 else (tail + piece)[-3:]
        if self._message_done:
            self._finish_message()
        return end


def _find_end(tail: bytes, data: bytes, pos: int) -> int:
    """Index in `data` just past the first CRLF CRLF at or after `pos`, counting one that
    straddles the up-to-3 `tail` bytes fed before; -1 if there is none."""
    if tail:
        i = (tail + data[pos : pos + 3]).find(b"\r\n\r\n")
        if i >= 0:
            return pos + i + 4 - len(tail)
    i = data.find(b"\r\n\r\n", pos)
    return i + 4 if i >= 0 else -1

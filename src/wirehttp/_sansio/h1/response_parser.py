"""Client side: HTTP/1.1 response bytes in, `ResponseHead` / body bytes / END_OF_MESSAGE / Upgrade out.

Owns: `ResponseParser` and the response-head rules applied on top of llhttp: status-line version
and reason bytes, Content-Length / Transfer-Encoding framing (RFC 9112 6.3), and the body rules
that depend on the request method (HEAD, CONNECT). An interim 1xx response comes out as an
`Interim` event (no body, no END_OF_MESSAGE; the final response to the same request follows),
except 101, which hands out its head and then `Upgrade(tail)`; so does a 2xx answer to CONNECT.
Must not import asyncio.
"""

from __future__ import annotations

from collections import deque
from http import HTTPStatus
from typing import Final

from httptools import HttpResponseParser

from ..._base.limits import MAX_FIELD_SIZE, MAX_HEADERS, MAX_REQUEST_LINE
from ..errors import (
    InvalidContentLength,
    InvalidTransferEncoding,
    RemoteProtocolError,
    StatusLineTooLong,
    echo,
)
from .engine import CHUNKED, LENGTH, NO_BODY, UNTIL_CLOSE, UPGRADED, ParserEngine
from .events import Interim, ResponseHead
from .framing import response_has_body
from .validate import (
    check_reason,
    check_status_line,
    connection_tokens,
    parse_content_length,
    response_te_is_chunked,
    watch_table,
)

__all__ = ("ResponseParser",)

_TE: Final = b"transfer-encoding"
_CL: Final = b"content-length"
_CONNECTION: Final = b"connection"
# Framing fields, and those a client reads on every response (noted here so it need not scan).
_WATCHED: Final = watch_table(
    (
        "Transfer-Encoding",
        "Content-Length",
        "Connection",
        "Content-Encoding",
        "Keep-Alive",
        "Set-Cookie",
    )
)
_CE: Final = b"content-encoding"
_V11: Final = (1, 1)
# Reason phrases known to be clean (RFC 9110's, as the stdlib names them): no need to scan them.
_KNOWN_REASONS: Final = frozenset(status.phrase.encode("ascii") for status in HTTPStatus)
_KA: Final = b"keep-alive"
_SC: Final = b"set-cookie"


class ResponseParser(ParserEngine):
    """One per client connection. Call `start(method)` for each request sent, then `feed`.

    `feed` never raises for bad peer input: the last item is then a `RemoteProtocolError` and
    later calls return `[]`. `feed_eof()` ends a read-until-close body with END_OF_MESSAGE, or
    reports a truncated message. A response that arrives with no `start` pending is an error.
    """

    __slots__ = ("_methods", "_popped", "_reason")

    def __init__(
        self,
        *,
        max_line_size: int = MAX_REQUEST_LINE,
        max_field_size: int = MAX_FIELD_SIZE,
        max_headers: int = MAX_HEADERS,
        max_head_size: int | None = None,
    ) -> None:
        self._methods: deque[str] = deque()
        self._popped: str | None = None
        super().__init__(
            max_line_size=max_line_size,
            max_field_size=max_field_size,
            max_headers=max_headers,
            max_head_size=max_head_size,
            line_error=StatusLineTooLong,
            watched=_WATCHED,
        )

    def start(self, method: str) -> None:
        """A request with `method` was sent; its response is expected next (in order)."""
        self._methods.append(method.upper())

    def _fast_feed(self, data: bytes, head_len: int) -> bool:
        self._popped = None
        return super()._fast_feed(data, head_len)

    def _undo_fast(self) -> None:
        # the fast path handles one head at most, so at most one method was taken
        super()._undo_fast()
        if self._popped is not None:
            self._methods.appendleft(self._popped)
            self._popped = None

    def _new_parser(self) -> HttpResponseParser:
        return HttpResponseParser(self)

    def _start_message(self) -> None:
        super()._start_message()
        self._reason = b""

    def __repr__(self) -> str:
        return f"<ResponseParser mode={self._mode} pending={list(self._methods)}>"

    # --- llhttp callbacks ---

    def on_status(self, reason: bytes) -> None:
        self._reason += reason

    def on_headers_complete(self) -> None:
        self._count_head()
        try:
            head = self._build_head()
        except RemoteProtocolError as exc:
            self._fail(exc)
        if type(head) is ResponseHead:
            self._head = head
        # else an Interim: no body, no END_OF_MESSAGE; the final response follows
        self._events.append(head)

    def _build_head(self) -> ResponseHead | Interim:
        headers = self._take_headers()
        raw = self._raw_head
        while raw.startswith(b"\r\n"):
            raw = raw[2:]
        if raw.startswith(b"HTTP/1.1 "):  # check_status_line's common case, inline
            version = _V11
        else:
            version = check_status_line(raw[: raw.find(b"\r\n")])
        reason = self._reason
        if reason not in _KNOWN_REASONS:
            check_reason(reason)
        status: int = self._hp.get_status_code()  # type: ignore[union-attr]
        if 100 <= status < 200 and status != 101:
            # RFC 9110 15.2: interim responses precede the final one and frame nothing
            return Interim(status, reason.decode("latin-1"), headers)
        if not self._methods:
            raise RemoteProtocolError(f"unsolicited response with status {status}")
        method = self._methods.popleft()
        if self._fast:
            self._popped = method
        chunked, length, keep_alive = _framing(self._fields, version)
        upgrade = status == 101 or (method == "CONNECT" and 200 <= status < 300)
        if upgrade:
            self._body_mode = UPGRADED
        elif not response_has_body(method, status):
            self._body_mode = NO_BODY
        elif chunked:
            self._body_mode = CHUNKED
        elif length is not None:
            self._body_mode = LENGTH if length else NO_BODY
            self._remaining = length
        else:
            self._body_mode = UNTIL_CLOSE  # RFC 9112 6.3 item 8: the body ends at close
            keep_alive = False
        self._keep_alive = keep_alive
        fields = self._fields
        return ResponseHead(
            version,
            status,
            reason.decode("latin-1"),
            headers,
            keep_alive,
            upgrade,
            chunked,
            length,
            content_encoding=_first(fields, _CE),
            keep_alive_header=_first(fields, _KA),
            sets_cookies=fields is not None and _SC in fields,
        )


def _first(fields: dict[bytes, list[bytes]] | None, name: bytes) -> bytes | None:
    values = fields.get(name) if fields is not None else None
    return values[0] if values else None


def _framing(
    fields: dict[bytes, list[bytes]] | None, version: tuple[int, int]
) -> tuple[bool, int | None, bool]:
    """chunked, content_length, keep_alive from the watched response fields."""
    keep_alive = version == (1, 1)  # RFC 9112 9.3
    if fields is None:
        return False, None, keep_alive
    te = fields.get(_TE)
    cl = fields.get(_CL)
    chunked = False
    length = None
    if te is not None:
        if cl is not None:
            # RFC 9112 6.3 item 3 lets TE win, but also says the message may be an attack and
            # the connection must close; refusing it is the safe reading for a client.
            raise InvalidTransferEncoding("Transfer-Encoding together with Content-Length")
        chunked = response_te_is_chunked(te)
    elif cl is not None:
        if len(cl) > 1:  # RFC 9112 6.3 item 5; repeated lines refused even when equal
            raise InvalidContentLength(f"repeated Content-Length {echo(b', '.join(cl))}")
        length = parse_content_length(cl[0])
    conn = fields.get(_CONNECTION)
    if conn is not None:
        tokens = connection_tokens(conn)
        if b"close" in tokens:
            keep_alive = False
        elif version == (1, 0) and b"keep-alive" in tokens:
            keep_alive = True
    return chunked, length, keep_alive

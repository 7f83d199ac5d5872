"""Server side: HTTP/1.1 request bytes in, `RequestHead` / body bytes / END_OF_MESSAGE / Upgrade out.

Owns: `RequestParser` and the request-head rules applied on top of llhttp (RFC 9112 sections
beside each rule). llhttp (via httptools) parses the grammar; the checks here close the gaps it
leaves: extra spaces and non-HTTP/1.x versions in the request line, request-target forms,
Transfer-Encoding other than exactly `chunked`, duplicate Content-Length or Host, and limits.
Upgrade requests: the head is handed out, then `Upgrade(tail)` with every byte after the head,
including any body the request declared (its Content-Length is on the head); parsing stops.
Must not import asyncio.
"""

from __future__ import annotations

from typing import Final

from httptools import HttpRequestParser

from ..._base.limits import MAX_FIELD_SIZE, MAX_HEADERS, MAX_REQUEST_LINE
from ..errors import (
    InvalidContentLength,
    InvalidHeader,
    InvalidTransferEncoding,
    RemoteProtocolError,
    RequestLineTooLong,
    TooManyHeaders,
    echo,
)
from .engine import CHUNKED, LENGTH, NO_BODY, UPGRADED, ParserEngine
from .events import RequestHead
from .validate import (
    check_request_line,
    check_request_target,
    connection_tokens,
    parse_content_length,
    request_te_is_chunked,
    watch_table,
)

__all__ = ("RequestParser",)

_HOST: Final = b"host"
_TE: Final = b"transfer-encoding"
_CL: Final = b"content-length"
_CONNECTION: Final = b"connection"
_EXPECT: Final = b"expect"
_WATCHED: Final = watch_table(
    ("Host", "Transfer-Encoding", "Content-Length", "Connection", "Expect")
)
_V11: Final = (1, 1)
_METHOD_NAMES: Final = {
    m.encode(): m
    for m in ("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "CONNECT", "TRACE")
}


class RequestParser(ParserEngine):
    """One per server connection. `feed(data)` returns the events completed by `data`.

    `feed` never raises for bad peer input: the last item is then a `RemoteProtocolError`
    (its `.status` is the response to send) and later calls return `[]`. After a request that
    does not keep the connection alive, later bytes are dropped (RFC 9112 9.6).
    """

    __slots__ = ("_url",)

    def __init__(
        self,
        *,
        max_line_size: int = MAX_REQUEST_LINE,
        max_field_size: int = MAX_FIELD_SIZE,
        max_headers: int = MAX_HEADERS,
        max_head_size: int | None = None,
    ) -> None:
        super().__init__(
            max_line_size=max_line_size,
            max_field_size=max_field_size,
            max_headers=max_headers,
            max_head_size=max_head_size,
            line_error=RequestLineTooLong,
            watched=_WATCHED,
        )

    def _new_parser(self) -> HttpRequestParser:
        return HttpRequestParser(self)

    def _start_message(self) -> None:
        # the base class's resets, inline: this runs once per request
        self._headers = []
        self._fields = None
        self._head = None
        self._message_done = False
        self._keep_alive = True
        self._body_mode = NO_BODY
        self._url = b""

    def __repr__(self) -> str:
        return f"<RequestParser mode={self._mode} head_bytes={self._meter.size}>"

    # --- llhttp callbacks ---

    def on_url(self, url: bytes) -> None:
        self._url += url

    def on_headers_complete(self) -> None:
        if self._fast:  # `_count_head`, inline: this runs once per request
            self._heads += 1
            if self._heads > 1:
                self._restart()
        try:
            head = self._build_head()
        except RemoteProtocolError as exc:
            self._fail(exc)
        self._head = head
        self._keep_alive = head.keep_alive
        if head.upgrade:
            self._body_mode = UPGRADED
        elif head.chunked:
            self._body_mode = CHUNKED
        elif head.content_length:
            self._body_mode = LENGTH
            self._remaining = head.content_length
        else:
            self._body_mode = NO_BODY
        self._events.append(head)

    def _build_head(self) -> RequestHead:
        headers = self._headers  # `_take_headers`, inline
        self._headers = []
        if len(headers) > self._max_headers:
            self._fail(TooManyHeaders(f"more than {self._max_headers} header fields"))
        fields = self._fields
        raw = self._raw_head
        while raw.startswith(b"\r\n"):  # empty lines before the request line (RFC 9112 2.2)
            raw = raw[2:]
        url = self._url
        method_b = self._hp.get_method()  # type: ignore[union-attr]
        method = _METHOD_NAMES.get(method_b) or method_b.decode("ascii")
        line_end = raw.find(b"\r\n")
        tail = raw[line_end - 9 : line_end]
        if tail == b" HTTP/1.1" and line_end == len(method) + len(url) + 10:
            version = _V11  # the common case of check_request_line, inline
        else:
            version = check_request_line(raw[:line_end], method, url)
        if url[:1] != b"/" or method == "CONNECT" or b"#" in url:
            check_request_target(method, url)
        keep_alive = version == (1, 1)  # RFC 9112 9.3: 1.1 persists by default, 1.0 does not
        chunked = False
        length = None
        expect = False
        if fields is not None:
            conn = fields.get(_CONNECTION)
            hosts = fields.get(_HOST)
            plain = len(fields) - (conn is not None) - (hosts is not None) == 0
            if plain and (hosts is None or len(hosts) == 1) and (conn is None or len(conn) == 1):
                # only Host and one Connection line: the common case, inline
                if conn is not None:
                    option = conn[0].lower()
                    if option == b"close":
                        keep_alive = False
                    elif option != b"keep-alive":
                        keep_alive = b"close" not in connection_tokens(conn) and (
                            keep_alive or b"keep-alive" in connection_tokens(conn)
                        )
                    elif version == (1, 0):
                        keep_alive = True
            else:
                keep_alive, chunked, length, expect = _semantics(fields, version, raw, keep_alive)
        return RequestHead(
            method,
            url.decode("ascii"),
            version,
            tuple(headers),
            keep_alive,
            self._hp.should_upgrade(),
            chunked,
            length,
            expect,
        )


def _semantics(
    fields: dict[bytes, list[bytes]], version: tuple[int, int], raw: bytes, keep_alive: bool
) -> tuple[bool, bool, int | None, bool]:
    """keep_alive, chunked, content_length, expect_continue from the watched fields."""
    hosts = fields.get(_HOST)
    if hosts is not None and len(hosts) > 1:
        # RFC 9112 3.2: a request with more than one Host field line gets a 400
        raise InvalidHeader("more than one Host header")
    te = fields.get(_TE)
    cl = fields.get(_CL)
    chunked = False
    length = None
    if te is not None:
        if version == (1, 0):
            # RFC 9112 6.1: Transfer-Encoding in an HTTP/1.0 message means its framing is faulty
            # (a 1.0 hop may not have understood it); refuse rather than guess where it ends.
            raise InvalidTransferEncoding("Transfer-Encoding in an HTTP/1.0 request")
        if cl is not None:
            # RFC 9112 6.3 item 3: both present is a smuggling attempt or a broken peer; refuse
            raise InvalidTransferEncoding("Transfer-Encoding together with Content-Length")
        request_te_is_chunked(te, raw)
        chunked = True
    elif cl is not None:
        if len(cl) > 1:
            # RFC 9112 6.3 item 5 would let equal repeated values be merged; we refuse even
            # those: two Content-Length lines mean someone upstream framed this message twice,
            # and a proxy that kept the other line may disagree about where the body ends.
            raise InvalidContentLength(f"repeated Content-Length {echo(b', '.join(cl))}")
        length = parse_content_length(cl[0])
    conn = fields.get(_CONNECTION)
    if conn is not None:
        tokens = connection_tokens(conn)
        if b"close" in tokens:
            keep_alive = False
        elif version == (1, 0) and b"keep-alive" in tokens:
            keep_alive = True
    expect = False
    exp = fields.get(_EXPECT)
    if exp is not None and version == (1, 1):
        # RFC 9110 10.1.1: a 1.0 request's 100-continue expectation is ignored
        expect = any(v.lower() == b"100-continue" for v in exp)
    return keep_alive, chunked, length, expect

"""Fields the response parser notes on the head for the client (so it need not scan
raw_headers again): the first Content-Encoding and Keep-Alive values and whether Set-Cookie
came, whatever the spelling of the name, and in every split of the bytes."""

from __future__ import annotations

import pytest
from h1_helpers import feed_all, splits

from wirehttp._sansio.h1 import ResponseHead, ResponseParser

CASES = [
    (b"Content-Encoding: gzip\r\nKeep-Alive: timeout=5\r\nSet-Cookie: a=1\r\n", b"gzip", b"timeout=5", True),
    (b"content-encoding: br\r\nkeep-alive: max=3\r\n", b"br", b"max=3", False),
    (b"CONTENT-ENCODING: zstd\r\nSET-COOKIE: b=2\r\n", b"zstd", None, True),
    (b"Content-encoding: deflate\r\nSet-cookie: c=3\r\nkeep-Alive: timeout=1\r\n", b"deflate", b"timeout=1", True),
    (b"Content-Encoding: gzip\r\nContent-Encoding: br\r\n", b"gzip", None, False),
    (b"X-Other: 1\r\n", None, None, False),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "coding", "keep_alive", "cookies"), CASES)
def test_noted_fields(
    fields: bytes, coding: bytes | None, keep_alive: bytes | None, cookies: bool
) -> None:
    data = b"HTTP/1.1 200 OK\r\n" + fields + b"Content-Length: 2\r\n\r\nok"
    for name, pieces in splits(data):
        parser = ResponseParser()
        parser.start("GET")
        [head] = [e for e in feed_all(parser, pieces) if isinstance(e, ResponseHead)]
        assert head.content_encoding == coding, name
        assert head.keep_alive_header == keep_alive, name
        assert head.sets_cookies is cookies, name

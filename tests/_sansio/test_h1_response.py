"""Response-side behaviour the case table cannot show: EOF handling, hostile responses, reuse."""

from __future__ import annotations

import pytest
from h1_helpers import feed_all, splits

from wirehttp._sansio.errors import (
    BadStatusLine,
    HeaderFieldTooLong,
    IncompleteMessage,
    InvalidContentLength,
    InvalidHeader,
    InvalidTransferEncoding,
    RemoteProtocolError,
    TooManyHeaders,
)
from wirehttp._sansio.h1 import END_OF_MESSAGE, ResponseHead, ResponseParser


def started(*methods: str) -> ResponseParser:
    parser = ResponseParser()
    for method in methods:
        parser.start(method)
    return parser


R = b"HTTP/1.1 200 OK\r\n"

HOSTILE = [
    ("cl-and-te", R + b"Content-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", InvalidTransferEncoding),
    ("cl-conflict", R + b"Content-Length: 1\r\nContent-Length: 2\r\n\r\nxy", InvalidContentLength),
    ("cl-equal-twice", R + b"Content-Length: 1\r\nContent-Length: 1\r\n\r\nx", InvalidContentLength),
    ("cl-signed", R + b"Content-Length: +1\r\n\r\nx", InvalidContentLength),
    ("chunked-twice", R + b"Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n", InvalidTransferEncoding),
    ("chunked-not-last", R + b"Transfer-Encoding: chunked, gzip\r\n\r\n", InvalidTransferEncoding),
    ("nul-in-value", R + b"X: a\x00\r\n\r\n", InvalidHeader),
    ("cr-in-value", R + b"X: a\rb\r\n\r\n", InvalidHeader),
    ("bad-name", R + b"X Y: a\r\n\r\n", InvalidHeader),
    ("too-many", R + b"".join(b"X%d: v\r\n" % i for i in range(129)) + b"\r\n", TooManyHeaders),
    ("too-long", R + b"X: " + b"v" * 8200 + b"\r\n\r\n", HeaderFieldTooLong),
    ("http2", b"HTTP/2.0 200 OK\r\n\r\n", BadStatusLine),
    ("http09", b"HTTP/0.9 200 OK\r\n\r\n", BadStatusLine),
    ("rtsp", b"RTSP/1.0 200 OK\r\n\r\n", BadStatusLine),
    ("two-digit-status", b"HTTP/1.1 99 OK\r\n\r\n", BadStatusLine),
    ("four-digit-status", b"HTTP/1.1 1000 OK\r\n\r\n", BadStatusLine),
    ("ctl-in-reason", b"HTTP/1.1 200 O\x01K\r\n\r\n", BadStatusLine),
    ("del-in-reason", b"HTTP/1.1 200 O\x7fK\r\n\r\n", BadStatusLine),
    ("bare-lf", b"HTTP/1.1 200 OK\nX: y\n\n", BadStatusLine),
]  # fmt: skip


@pytest.mark.parametrize(("name", "data", "cls"), HOSTILE, ids=[c[0] for c in HOSTILE])
def test_hostile_response_refused_every_split(
    name: str, data: bytes, cls: type[RemoteProtocolError]
) -> None:
    for _split, pieces in splits(data):
        events = feed_all(started("GET"), pieces)
        assert type(events[-1]) is cls, events
        assert not any(isinstance(e, ResponseHead) for e in events)


def test_truncated_length_body_at_eof() -> None:
    parser = started("GET")
    events = parser.feed(R + b"Content-Length: 5\r\n\r\nabc")
    assert events[1:] == [b"abc"]
    assert [type(e) for e in parser.feed_eof()] == [IncompleteMessage]


def test_truncated_chunked_body_at_eof() -> None:
    parser = started("GET")
    parser.feed(R + b"Transfer-Encoding: chunked\r\n\r\n5\r\nab")
    assert [type(e) for e in parser.feed_eof()] == [IncompleteMessage]


def test_truncated_head_at_eof() -> None:
    parser = started("GET")
    assert parser.feed(b"HTTP/1.1 200 OK\r\nX: ") == []
    assert [type(e) for e in parser.feed_eof()] == [IncompleteMessage]


def test_eof_between_responses_is_clean() -> None:
    parser = started("GET")
    assert parser.feed(R + b"Content-Length: 0\r\n\r\n")[-1] is END_OF_MESSAGE
    assert parser.feed_eof() == []


def test_read_until_close_ends_at_eof() -> None:
    parser = started("GET")
    events = parser.feed(R + b"\r\nsome")
    events += parser.feed(b" more")
    assert events[1:] == [b"some", b" more"]
    assert parser.feed_eof() == [END_OF_MESSAGE]


def test_unsolicited_response_is_an_error() -> None:
    events = ResponseParser().feed(R + b"Content-Length: 0\r\n\r\n")
    assert type(events[-1]) is RemoteProtocolError


def test_parser_reused_across_keep_alive_responses() -> None:
    parser = started("GET")
    first = parser.feed(R + b"Content-Length: 1\r\n\r\na")
    parser.start("POST")
    second = parser.feed(R + b"Content-Length: 1\r\n\r\nb")
    assert first[1:] == [b"a", END_OF_MESSAGE]
    assert second[1:] == [b"b", END_OF_MESSAGE]


def test_head_response_then_next_response_in_later_feeds() -> None:
    parser = started("HEAD", "GET")
    first = parser.feed(R + b"Content-Length: 3\r\n\r\n")
    second = parser.feed(R + b"Content-Length: 3\r\n\r\nabc")
    assert first[1:] == [END_OF_MESSAGE]
    assert second[1:] == [b"abc", END_OF_MESSAGE]


def test_connection_close_response_stops_parsing() -> None:
    parser = started("GET", "GET")
    events = parser.feed(
        R + b"Connection: close\r\nContent-Length: 0\r\n\r\nHTTP/1.1 200 OK\r\n\r\n"
    )
    assert events[0].keep_alive is False  # type: ignore[union-attr]
    assert events[1:] == [END_OF_MESSAGE]
    assert parser.feed(b"more") == []

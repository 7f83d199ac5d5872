"""Hostile requests: every smuggling and garbage case must end in its exact error class.

Each case is fed whole, one byte at a time and in random splits; every way must end with an
error of exactly the expected class and status, and must not have emitted a RequestHead for the
bad message (head-level cases) or an END_OF_MESSAGE for it (body-framing cases, whose head was
valid and went out before the body was read).
"""

from __future__ import annotations

import pytest
from h1_helpers import feed_all, splits

from wirehttp._base.limits import ERROR_ECHO_LIMIT
from wirehttp._sansio.errors import (
    BadRequestLine,
    InvalidChunk,
    InvalidContentLength,
    InvalidHeader,
    InvalidTransferEncoding,
    RemoteProtocolError,
    echo,
)
from wirehttp._sansio.h1 import END_OF_MESSAGE, RequestHead, RequestParser

P = b"POST / HTTP/1.1\r\nHost: a\r\n"
G = b"GET / HTTP/1.1\r\nHost: a\r\n"
CH = P + b"Transfer-Encoding: chunked\r\n\r\n"

# (id, bytes, error class, heads emitted before the error, messages completed before it)
HEAD_CASES: list[tuple[str, bytes, type[RemoteProtocolError]]] = [
    # framing conflicts (RFC 9112 6.3)
    ("cl-then-te", P + b"Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nabc", InvalidTransferEncoding),
    ("te-then-cl", P + b"Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\nabc", InvalidTransferEncoding),
    ("cl-duplicate-equal", P + b"Content-Length: 1\r\nContent-Length: 1\r\n\r\nx", InvalidContentLength),
    ("cl-duplicate-differ", P + b"Content-Length: 1\r\nContent-Length: 2\r\n\r\nxy", InvalidContentLength),
    ("cl-list", P + b"Content-Length: 1, 1\r\n\r\nx", InvalidContentLength),
    ("cl-plus", P + b"Content-Length: +1\r\n\r\nx", InvalidContentLength),
    ("cl-minus", P + b"Content-Length: -1\r\n\r\nx", InvalidContentLength),
    ("cl-hex", P + b"Content-Length: 0x1\r\n\r\nx", InvalidContentLength),
    ("cl-empty", P + b"Content-Length: \r\n\r\n", InvalidContentLength),
    ("cl-inner-space", P + b"Content-Length: 1 0\r\n\r\n", InvalidContentLength),
    ("cl-letter", P + b"Content-Length: 1a\r\n\r\n", InvalidContentLength),
    ("cl-underscore", P + b"Content-Length: 1_0\r\n\r\n", InvalidContentLength),
    ("cl-absurd", P + b"Content-Length: 99999999999999999999999\r\n\r\n", InvalidContentLength),
    ("te-chunked-then-gzip", P + b"Transfer-Encoding: chunked, gzip\r\n\r\n", InvalidTransferEncoding),
    ("te-gzip-then-chunked", P + b"Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", InvalidTransferEncoding),
    ("te-gzip", P + b"Transfer-Encoding: gzip\r\n\r\n", InvalidTransferEncoding),
    ("te-xchunked", P + b"Transfer-Encoding: xchunked\r\n\r\n", InvalidTransferEncoding),
    ("te-trailing-space", P + b"Transfer-Encoding: chunked \r\n\r\n0\r\n\r\n", InvalidTransferEncoding),
    ("te-tab", P + b"Transfer-Encoding:\tchunked\r\n\r\n0\r\n\r\n", InvalidTransferEncoding),
    ("te-two-spaces", P + b"Transfer-Encoding:  chunked\r\n\r\n0\r\n\r\n", InvalidTransferEncoding),
    ("te-param", P + b"Transfer-Encoding: chunked;x\r\n\r\n0\r\n\r\n", InvalidTransferEncoding),
    ("te-twice-same", P + b"Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
     InvalidTransferEncoding),
    ("te-twice-split", P + b"Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
     InvalidTransferEncoding),
    # line endings and field syntax (RFC 9112 2.2, 5)
    ("bare-lf-everywhere", b"GET / HTTP/1.1\nHost: a\n\n", BadRequestLine),
    ("bare-lf-after-field", b"GET / HTTP/1.1\r\nHost: a\n\r\n", InvalidHeader),
    ("lone-cr-in-field", b"GET / HTTP/1.1\r\nHost: a\rX: y\r\n\r\n", InvalidHeader),
    ("bare-lf-before-request", b"\nGET / HTTP/1.1\r\n\r\n", BadRequestLine),
    ("obs-fold-space", G + b"X: a\r\n b\r\n\r\n", InvalidHeader),
    ("obs-fold-tab", G + b"X: a\r\n\tb\r\n\r\n", InvalidHeader),
    ("nul-in-value", G + b"X: a\x00b\r\n\r\n", InvalidHeader),
    ("ctl-in-value", G + b"X: a\x01b\r\n\r\n", InvalidHeader),
    ("del-in-value", G + b"X: a\x7fb\r\n\r\n", InvalidHeader),
    ("space-in-name", G + b"X Y: a\r\n\r\n", InvalidHeader),
    ("space-before-colon", G + b"X : a\r\n\r\n", InvalidHeader),
    ("empty-name", G + b": a\r\n\r\n", InvalidHeader),
    ("paren-in-name", G + b"X(Y): a\r\n\r\n", InvalidHeader),
    ("high-byte-in-name", G + b"X-\xff: a\r\n\r\n", InvalidHeader),
    ("duplicate-host", G + b"Host: b\r\n\r\n", InvalidHeader),
    # request line (RFC 9112 3)
    ("method-with-paren", b"G(T / HTTP/1.1\r\n\r\n", BadRequestLine),
    ("method-lowercase", b"get / HTTP/1.1\r\n\r\n", BadRequestLine),
    ("method-unknown", b"FOO / HTTP/1.1\r\n\r\n", BadRequestLine),
    ("two-spaces-after-method", b"GET  / HTTP/1.1\r\n\r\n", BadRequestLine),
    ("two-spaces-before-version", b"GET /  HTTP/1.1\r\n\r\n", BadRequestLine),
    ("space-in-target", b"GET /a b HTTP/1.1\r\n\r\n", BadRequestLine),
    ("ctl-in-target", b"GET /a\x01b HTTP/1.1\r\n\r\n", BadRequestLine),
    ("tab-in-target", b"GET /a\tb HTTP/1.1\r\n\r\n", BadRequestLine),
    ("fragment-in-target", b"GET /a#b HTTP/1.1\r\n\r\n", BadRequestLine),
    ("asterisk-with-get", b"GET * HTTP/1.1\r\n\r\n", BadRequestLine),
    ("connect-origin-form", b"CONNECT / HTTP/1.1\r\n\r\n", BadRequestLine),
    ("http2-version", b"GET / HTTP/2.0\r\n\r\n", BadRequestLine),
    ("http09-version", b"GET / HTTP/0.9\r\n\r\n", BadRequestLine),
    ("http12-version", b"GET / HTTP/1.2\r\n\r\n", BadRequestLine),
    ("rtsp-version", b"GET / RTSP/1.0\r\n\r\n", BadRequestLine),
    ("no-version", b"GET /\r\n\r\n", BadRequestLine),
    ("h2-preface", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", BadRequestLine),
]  # fmt: skip

BODY_CASES: list[tuple[str, bytes, type[RemoteProtocolError]]] = [
    # chunked framing (RFC 9112 7.1); extensions must be well-formed `;name[=value]`
    ("chunk-size-plus", CH + b"+1\r\na\r\n0\r\n\r\n", InvalidChunk),
    ("chunk-size-minus", CH + b"-1\r\na\r\n0\r\n\r\n", InvalidChunk),
    ("chunk-size-hex-prefix", CH + b"0x1\r\na\r\n0\r\n\r\n", InvalidChunk),
    ("chunk-size-trailing-space", CH + b"1 \r\na\r\n0\r\n\r\n", InvalidChunk),
    ("chunk-size-leading-space", CH + b" 1\r\na\r\n0\r\n\r\n", InvalidChunk),
    ("chunk-size-not-hex", CH + b"g\r\na\r\n0\r\n\r\n", InvalidChunk),
    ("chunk-size-overflow", CH + b"fffffffffffffffffff\r\na\r\n0\r\n\r\n", InvalidChunk),
    ("chunk-ext-space-before", CH + b"1 ;a=b\r\na\r\n0\r\n\r\n", InvalidChunk),
    ("chunk-ext-space-in-value", CH + b"1;a=b c\r\na\r\n0\r\n\r\n", InvalidChunk),
    ("chunk-ext-ctl-name", CH + b"1;\x01\r\na\r\n0\r\n\r\n", InvalidChunk),
    ("chunk-ext-ctl-value", CH + b"1;a=\x01\r\na\r\n0\r\n\r\n", InvalidChunk),
    ("chunk-ext-ctl-quoted", CH + b'1;a="\x01"\r\na\r\n0\r\n\r\n', InvalidChunk),
    ("chunk-bare-lf", CH + b"1\na\r\n0\r\n\r\n", InvalidChunk),
    ("chunk-data-overrun", CH + b"1\r\naX\r\n0\r\n\r\n", InvalidChunk),
    # trailers follow the field rules
    ("trailer-nul", CH + b"0\r\nT: a\x00b\r\n\r\n", InvalidHeader),
    ("trailer-bad-name", CH + b"0\r\nT y: a\r\n\r\n", InvalidHeader),
    ("trailer-obs-fold", CH + b"0\r\nT: a\r\n b\r\n\r\n", InvalidHeader),
    ("trailer-bare-lf", CH + b"0\r\nT: a\n\r\n", InvalidHeader),
]


def _check(events: list[object], cls: type[RemoteProtocolError], heads: int, done: int) -> None:
    error = events[-1]
    assert type(error) is cls, events
    assert error.status == 400
    assert not any(isinstance(e, RemoteProtocolError) for e in events[:-1])
    assert sum(isinstance(e, RequestHead) for e in events) == heads
    assert events.count(END_OF_MESSAGE) == done
    # at most ERROR_ECHO_LIMIT bytes of peer input, no raw control characters
    assert error.message.isprintable()
    assert len(error.message) <= 80 + 4 * ERROR_ECHO_LIMIT


@pytest.mark.parametrize(("name", "data", "cls"), HEAD_CASES, ids=[c[0] for c in HEAD_CASES])
def test_hostile_head_refused_every_split(
    name: str, data: bytes, cls: type[RemoteProtocolError]
) -> None:
    for split, pieces in splits(data):
        parser = RequestParser()
        _check(feed_all(parser, pieces), cls, heads=0, done=0)
        assert parser.feed(b"GET / HTTP/1.1\r\n\r\n") == [], f"{split}: parser must stay dead"


@pytest.mark.parametrize(("name", "data", "cls"), BODY_CASES, ids=[c[0] for c in BODY_CASES])
def test_hostile_body_framing_refused_every_split(
    name: str, data: bytes, cls: type[RemoteProtocolError]
) -> None:
    for _split, pieces in splits(data):
        _check(feed_all(RequestParser(), pieces), cls, heads=1, done=0)


@pytest.mark.parametrize(
    ("name", "data", "cls"),
    HEAD_CASES[:12] + BODY_CASES[:4],
    ids=[c[0] for c in HEAD_CASES[:12] + BODY_CASES[:4]],
)
def test_bad_request_after_good_one_in_same_feed(
    name: str, data: bytes, cls: type[RemoteProtocolError]
) -> None:
    good = b"GET /ok HTTP/1.1\r\nHost: a\r\n\r\n"
    body = any(name == c[0] for c in BODY_CASES)
    for _split, pieces in splits(good + data):
        events = feed_all(RequestParser(), pieces)
        assert isinstance(events[0], RequestHead) and events[0].target == "/ok"
        assert events[1] is END_OF_MESSAGE
        _check(events, cls, heads=2 if body else 1, done=1)


def test_error_echo_is_bounded_and_escaped() -> None:
    hostile = b"\xff\xfe" + b"A" * 500
    events = RequestParser().feed(P + b"Transfer-Encoding: gzip, " + hostile + b"\r\n\r\n")
    error = events[-1]
    assert isinstance(error, InvalidTransferEncoding)
    assert error.message.isprintable() and "\\xff" in error.message
    assert error.message.count("A") <= ERROR_ECHO_LIMIT


def test_echo_escapes_control_characters_and_cuts() -> None:
    shown = echo(b"\r\n\x00\x1b" + b"B" * 200)
    assert shown.isprintable()
    assert "\\r\\n\\x00\\x1b" in shown
    assert shown.count("B") == ERROR_ECHO_LIMIT - 4
    assert shown.endswith("...")

"""Request smuggling and malformed heads, end to end: 400, a closed connection, no handler call.

Each case is one write on a fresh loopback connection to a real server. The server must answer
exactly one `400 Bad Request` and then close; the app counts handler calls and must count none.

Body-framing errors found after a valid head (bad chunk sizes, extensions, trailers) are a
separate table: the head was complete, so the handler has already been started by the time the
bad bytes arrive. For those the suite asserts what the server does instead: the handler's
`request.read()` raises (it never returns a silently truncated body), the client still gets the
400, and the connection is closed. When the bad chunk arrives in the same write as the head it is
usually parsed before the handler reads anything; the handler then sees the error on its first
read. Either way the handler never gets a body.
"""

from __future__ import annotations

import asyncio

import pytest
from security_wire import (
    Calls,
    connect,
    counting_app,
    exchange,
    parse_responses,
    read_until_eof,
    serve,
)

P = b"POST / HTTP/1.1\r\nHost: a\r\n"
G = b"GET / HTTP/1.1\r\nHost: a\r\n"
CH = P + b"Transfer-Encoding: chunked\r\n"

# (id, request bytes) -- each must be refused with 400 before any handler runs
HEAD_CASES: list[tuple[str, bytes]] = [
    # Content-Length together with Transfer-Encoding (RFC 9112 6.1, 6.3)
    ("cl-then-te", P + b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
    ("te-then-cl", P + b"Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n"),
    ("cl-and-te-identity", P + b"Content-Length: 1\r\nTransfer-Encoding: identity\r\n\r\nx"),
    # duplicated, signed, hex or otherwise malformed Content-Length (RFC 9110 8.6)
    ("cl-duplicate-same", P + b"Content-Length: 1\r\nContent-Length: 1\r\n\r\nx"),
    ("cl-duplicate-differ", P + b"Content-Length: 1\r\nContent-Length: 4\r\n\r\nxyzw"),
    ("cl-comma-list", P + b"Content-Length: 1,1\r\n\r\nx"),
    ("cl-comma-list-spaced", P + b"Content-Length: 1, 2\r\n\r\nxy"),
    ("cl-plus", P + b"Content-Length: +1\r\n\r\nx"),
    ("cl-minus", P + b"Content-Length: -1\r\n\r\n"),
    ("cl-hex", P + b"Content-Length: 0x1\r\n\r\nx"),
    ("cl-hex-letters", P + b"Content-Length: 1a\r\n\r\n"),
    ("cl-empty", P + b"Content-Length: \r\n\r\n"),
    ("cl-space-inside", P + b"Content-Length: 1 0\r\n\r\n"),
    ("cl-underscore", P + b"Content-Length: 1_0\r\n\r\n0123456789"),
    ("cl-float", P + b"Content-Length: 1.0\r\n\r\nx"),
    ("cl-unicode-digit", P + "Content-Length: \u0661\r\n\r\nx".encode()),
    ("cl-fullwidth-digit", P + "Content-Length: \uff11\r\n\r\nx".encode()),
    ("cl-overflow", P + b"Content-Length: 99999999999999999999999999999\r\n\r\n"),
    ("cl-space-before-colon", P + b"Content-Length : 1\r\n\r\nx"),
    # unknown or obfuscated Transfer-Encoding (RFC 9112 6.1: chunked must be final, once)
    ("te-unknown", P + b"Transfer-Encoding: foo\r\n\r\n"),
    ("te-chunked-not-last", P + b"Transfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n"),
    ("te-chunked-twice", P + b"Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n"),
    (
        "te-two-lines",
        P + b"Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    ),
    ("te-identity", P + b"Transfer-Encoding: identity\r\n\r\n"),
    ("te-chunked-typo", P + b"Transfer-Encoding: chunkd\r\n\r\n0\r\n\r\n"),
    ("te-chunked-suffix", P + b"Transfer-Encoding: chunked-false\r\n\r\n0\r\n\r\n"),
    ("te-quoted", P + b'Transfer-Encoding: "chunked"\r\n\r\n0\r\n\r\n'),
    ("te-tab-inside", P + b"Transfer-Encoding: chun\tked\r\n\r\n0\r\n\r\n"),
    ("te-vertical-tab", P + b"Transfer-Encoding: \x0bchunked\r\n\r\n0\r\n\r\n"),
    ("te-space-before-colon", P + b"Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n"),
    ("te-unicode-k", P + "Transfer-Encoding: chun\u212aed\r\n\r\n0\r\n\r\n".encode()),
    # RFC 9112 6.1: Transfer-Encoding in an HTTP/1.0 message means faulty framing
    ("te-on-http10", b"POST / HTTP/1.0\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
    (
        "te-on-http10-keepalive",
        b"POST / HTTP/1.0\r\nHost: a\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n",
    ),
    # bare LF or lone CR in the head (RFC 9112 2.2)
    ("bare-lf-request-line", b"GET / HTTP/1.1\nHost: a\r\n\r\n"),
    ("bare-lf-header", G + b"X-A: 1\nX-B: 2\r\n\r\n"),
    ("bare-lf-end-of-head", G + b"X-A: 1\r\n\n"),
    ("lf-only-message", b"GET / HTTP/1.1\nHost: a\n\n"),
    ("lone-cr-request-line", b"GET / HTTP/1.1\rHost: a\r\n\r\n"),
    ("lone-cr-in-value", G + b"X-A: 1\r2\r\n\r\n"),
    ("lone-cr-after-value", G + b"X-A: 1\r\r\n\r\n"),
    ("cr-in-target", b"GET /a\rb HTTP/1.1\r\nHost: a\r\n\r\n"),
    # obs-fold (RFC 9112 5.2: a server must reject or replace; we reject)
    ("obs-fold-space", G + b"X-A: 1\r\n 2\r\n\r\n"),
    ("obs-fold-tab", G + b"X-A: 1\r\n\t2\r\n\r\n"),
    ("obs-fold-te", P + b"Transfer-Encoding: gzip,\r\n chunked\r\n\r\n0\r\n\r\n"),
    ("leading-space-first-header", b"GET / HTTP/1.1\r\n Host: a\r\n\r\n"),
    # NUL and other control characters
    ("nul-in-value", G + b"X-A: a\x00b\r\n\r\n"),
    ("nul-in-name", G + b"X-\x00A: a\r\n\r\n"),
    ("nul-in-target", b"GET /a\x00b HTTP/1.1\r\nHost: a\r\n\r\n"),
    ("nul-in-method", b"G\x00T / HTTP/1.1\r\nHost: a\r\n\r\n"),
    ("esc-in-value", G + b"X-A: a\x1bb\r\n\r\n"),
    ("del-in-value", G + b"X-A: a\x7fb\r\n\r\n"),
    ("bell-in-value", G + b"X-A: a\x07b\r\n\r\n"),
    ("ctl-in-target", b"GET /a\x01b HTTP/1.1\r\nHost: a\r\n\r\n"),
    ("space-in-target", b"GET /a b HTTP/1.1\r\nHost: a\r\n\r\n"),
    # invalid header names (RFC 9110 5.1: token)
    ("name-empty", G + b": v\r\n\r\n"),
    ("name-space", G + b"X A: v\r\n\r\n"),
    ("name-trailing-tab", G + b"X-A\t: v\r\n\r\n"),
    ("name-colon-missing", G + b"X-A v\r\n\r\n"),
    ("name-paren", G + b"X(A): v\r\n\r\n"),
    ("name-slash", G + b"X/A: v\r\n\r\n"),
    ("name-at", G + b"X@A: v\r\n\r\n"),
    ("name-quote", G + b'X"A: v\r\n\r\n'),
    ("name-non-ascii", G + "X-\u00e4: v\r\n\r\n".encode()),
    ("name-high-byte", G + b"X-\xff: v\r\n\r\n"),
    # request line
    ("method-lowercase-garbage", b"G(T / HTTP/1.1\r\nHost: a\r\n\r\n"),
    ("version-bad", b"GET / HTTP/1.x\r\nHost: a\r\n\r\n"),
    ("version-missing", b"GET /\r\nHost: a\r\n\r\n"),
    ("version-lowercase", b"GET / http/1.1\r\nHost: a\r\n\r\n"),
    ("two-spaces", b"GET  / HTTP/1.1\r\nHost: a\r\n\r\n"),
    ("garbage-line", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n"),
]

# (id, chunked body) -- the head is valid, the body framing is not
BODY_CASES: list[tuple[str, bytes]] = [
    ("size-not-hex", b"zz\r\nab\r\n0\r\n\r\n"),
    ("size-empty", b"\r\nab\r\n0\r\n\r\n"),
    ("size-signed", b"+2\r\nab\r\n0\r\n\r\n"),
    ("size-negative", b"-2\r\nab\r\n0\r\n\r\n"),
    ("size-0x-prefix", b"0x2\r\nab\r\n0\r\n\r\n"),
    ("size-space-inside", b"1 0\r\n0123456789abcdef\r\n0\r\n\r\n"),
    ("size-overflow", b"fffffffffffffffffffffffff\r\nab\r\n0\r\n\r\n"),
    ("size-bare-lf", b"2\nab\r\n0\r\n\r\n"),
    ("size-lone-cr", b"2\rab\r\n0\r\n\r\n"),
    ("data-too-long", b"2\r\nabc\r\n0\r\n\r\n"),
    ("data-no-crlf", b"2\r\nabXY0\r\n\r\n"),
    ("data-bare-lf", b"2\r\nab\n0\r\n\r\n"),
    ("ext-ctl", b"2;a\x00b\r\nab\r\n0\r\n\r\n"),
    ("ext-bare-lf", b"2;a=b\nab\r\n0\r\n\r\n"),
    ("ext-bad-name", b"2;(x)\r\nab\r\n0\r\n\r\n"),
    ("ext-unterminated-quote", b'2;a="b\r\nab\r\n0\r\n\r\n'),
    ("trailer-obs-fold", b"0\r\nX-T: 1\r\n 2\r\n\r\n"),
    ("trailer-bad-name", b"0\r\nX T: 1\r\n\r\n"),
    ("trailer-nul", b"0\r\nX-T: a\x00b\r\n\r\n"),
    ("trailer-bare-lf", b"0\r\nX-T: 1\n\r\n"),
    ("trailer-no-colon", b"0\r\nX-T\r\n\r\n"),
    ("last-chunk-bare-lf", b"0\n\n"),
]


def _assert_refused(raw: bytes, status: int = 400) -> None:
    responses = parse_responses(raw)
    assert len(responses) == 1, raw
    response = responses[0]
    assert response.status_line.startswith(b"HTTP/1.1 %d " % status), raw
    assert response.header("Connection") == "close"


@pytest.mark.parametrize(("data"), [c[1] for c in HEAD_CASES], ids=[c[0] for c in HEAD_CASES])
async def test_malformed_head_gets_400_and_close(data: bytes) -> None:
    calls = Calls()
    async with serve(counting_app(calls)) as (_, port):
        raw = await exchange(port, data)
    _assert_refused(raw)
    assert calls.count == 0


@pytest.mark.parametrize(("data"), [c[1] for c in HEAD_CASES], ids=[c[0] for c in HEAD_CASES])
async def test_malformed_head_after_valid_keepalive_request(data: bytes) -> None:
    """The same refusal on the second request of a keep-alive connection, sent separately."""
    calls = Calls()
    async with serve(counting_app(calls)) as (_, port), connect(port) as (reader, writer):
        writer.write(G + b"\r\n")
        first = await asyncio.wait_for(reader.readuntil(b"ok 0"), 5)
        assert first.startswith(b"HTTP/1.1 200 OK\r\n")
        writer.write(data)
        raw = await read_until_eof(reader)
    _assert_refused(raw)
    assert calls.count == 1


@pytest.mark.parametrize(("body"), [c[1] for c in BODY_CASES], ids=[c[0] for c in BODY_CASES])
async def test_malformed_chunked_body_is_never_delivered(body: bytes) -> None:
    calls = Calls()
    async with serve(counting_app(calls)) as (_, port):
        raw = await exchange(port, CH + b"\r\n" + body)
    _assert_refused(raw)
    assert calls.bodies == []  # never a silently truncated body
    assert calls.count == len(calls.body_errors)  # a started handler saw its read fail


@pytest.mark.parametrize(("body"), [c[1] for c in BODY_CASES], ids=[c[0] for c in BODY_CASES])
async def test_malformed_chunk_arriving_after_the_handler_started(body: bytes) -> None:
    """The head goes first; the handler is reading when the bad framing arrives."""
    calls = Calls()
    async with serve(counting_app(calls)) as (_, port), connect(port) as (reader, writer):
        writer.write(CH + b"\r\n1\r\nA\r\n")
        for _ in range(100):  # wait (bounded) until the handler is inside request.read()
            if calls.count:
                break
            await asyncio.sleep(0.01)
        assert calls.count == 1
        writer.write(body)
        raw = await read_until_eof(reader)
    _assert_refused(raw)
    assert calls.bodies == []
    assert len(calls.body_errors) == 1


async def test_smuggled_request_in_body_of_refused_request_is_not_run() -> None:
    """CL+TE with a second request hidden in the body: one 400, the hidden one never runs."""
    calls = Calls()
    hidden = b"GET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n"
    data = (
        P
        + b"Content-Length: %d\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" % (5 + len(hidden))
        + hidden
    )
    async with serve(counting_app(calls)) as (_, port):
        raw = await exchange(port, data)
    _assert_refused(raw)
    assert calls.paths == []

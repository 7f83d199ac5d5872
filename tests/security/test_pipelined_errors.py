"""Pipelined requests and what error answers and logs may carry.

A malformed request pipelined behind valid ones spoils nothing before it: the valid answers
come first and whole, then the 400, then the close. Error bodies and protocol-error log lines
carry at most ERROR_ECHO_LIMIT bytes of the offending input, escaped, and never bytes of another
request. Access-log lines escape control characters and stay bounded. Thousands of pipelined
requests are all answered in order while the connection's queue stays within
MAX_PIPELINED_REQUESTS (the server stops reading instead of buffering without bound).
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Iterator

import pytest
from security_wire import TIMEOUT, Calls, connect, counting_app, exchange, parse_responses, serve

from wirehttp import web
from wirehttp._base.limits import ERROR_ECHO_LIMIT, MAX_PIPELINED_REQUESTS
from wirehttp._server.access_log import MAX_LOGGED_FIELD

FIRST = b"GET /first-request-marker HTTP/1.1\r\nHost: a\r\nCookie: session=first-secret\r\n\r\n"
POSTED = b"POST /posted HTTP/1.1\r\nHost: a\r\nContent-Length: 13\r\n\r\nposted-secret"

BAD_FOLLOWERS: list[tuple[str, bytes]] = [
    ("garbage-line", b"\x16\x03\x01garbage\r\n\r\n"),
    (
        "cl-and-te",
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    ),
    ("bad-name", b"GET / HTTP/1.1\r\nHost: a\r\nBad Name: v\r\n\r\n"),
    ("bare-lf", b"GET / HTTP/1.1\nHost: a\n\n"),
    ("bad-chunk", b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
]


@pytest.mark.parametrize("bad", [b[1] for b in BAD_FOLLOWERS], ids=[b[0] for b in BAD_FOLLOWERS])
@pytest.mark.parametrize("first", [FIRST, POSTED, FIRST + POSTED], ids=["get", "post", "get-post"])
async def test_valid_requests_before_a_bad_one_are_answered_whole(first: bytes, bad: bytes) -> None:
    calls = Calls()
    valid = first.count(b" HTTP/1.1\r\n")
    async with serve(counting_app(calls)) as (_, port):
        raw = await exchange(port, first + bad)
    responses = parse_responses(raw)
    assert [r.status for r in responses] == [200] * valid + [400]
    assert responses[-1].header("Connection") == "close"
    for secret in (b"first-request-marker", b"first-secret", b"posted-secret"):
        assert secret not in responses[-1].raw
    # a bad chunked body behind a valid head may find its handler already started (handlers run
    # eagerly): that handler's read failed, it never got a body
    assert calls.count - len(calls.body_errors) == valid
    assert len(calls.bodies) == valid


HOSTILE_HEADS: list[tuple[str, bytes]] = [
    ("long-bad-name", b"GET / HTTP/1.1\r\nHost: a\r\nX" + b"Z" * 4000 + b"\x1b[2J: v\r\n\r\n"),
    (
        "esc-in-value",
        b"GET / HTTP/1.1\r\nHost: a\r\nUser-Agent: \x1b[31m" + b"Z" * 4000 + b"\r\n\r\n",
    ),
    (
        "cr-in-value",
        b"GET / HTTP/1.1\r\nHost: a\r\nUser-Agent: a\rFAKE: " + b"Z" * 4000 + b"\r\n\r\n",
    ),
    ("bad-target", b"GET /\x1b]0;title\x07" + b"Z" * 4000 + b" HTTP/1.1\r\nHost: a\r\n\r\n"),
    ("bad-cl", b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: \x1b" + b"9" * 4000 + b"\r\n\r\n"),
    (
        "bad-te",
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: \x1bchunked" + b"Z" * 4000 + b"\r\n\r\n",
    ),
    (
        "bad-chunk-size",
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        + b"Z" * 4000
        + b"\x1b\r\n",
    ),
]


@pytest.fixture
def server_log() -> Iterator[list[logging.LogRecord]]:
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep(logging.DEBUG)
    logger = logging.getLogger("aiohttp")
    old_level = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    try:
        yield records
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)


def _longest_z_run(text: str | bytes) -> int:
    runs = re.findall(b"Z+" if isinstance(text, bytes) else "Z+", text)
    return max((len(r) for r in runs), default=0)


@pytest.mark.parametrize("data", [h[1] for h in HOSTILE_HEADS], ids=[h[0] for h in HOSTILE_HEADS])
async def test_error_body_and_log_echo_a_bounded_escaped_slice(
    data: bytes, server_log: list[logging.LogRecord]
) -> None:
    calls = Calls()
    async with serve(counting_app(calls)) as (_, port):
        raw = await exchange(port, FIRST + data)
    first, error = parse_responses(raw)
    assert first.status == 200
    assert error.status in (400, 431)
    for leak in (b"\x1b", b"\x07", b"\r", b"FAKE: ", b"first-request-marker", b"first-secret"):
        assert leak not in error.body
    assert _longest_z_run(error.body) <= ERROR_ECHO_LIMIT
    messages = [r.getMessage() for r in server_log if r.name.startswith("aiohttp.server")]
    assert messages, "the protocol error is logged"
    for message in messages:
        assert "\x1b" not in message and "\r" not in message and "\n" not in message
        assert "first-request-marker" not in message
        assert _longest_z_run(message) <= ERROR_ECHO_LIMIT


async def test_access_log_escapes_and_bounds_peer_values(
    server_log: list[logging.LogRecord],
) -> None:
    calls = Calls()
    agent = "\u202eevil\u2028FAKE LINE " + "Z" * 7000 + "\xff"
    data = (
        b'GET /%1b[31m%0d%0aFAKE HTTP/1.1\r\nHost: a\r\nConnection: close\r\nReferer: x"y\\z\r\n'
        b"User-Agent: " + agent.encode("utf-8") + b"\r\n\r\n"
    )
    async with serve(counting_app(calls), access_log=logging.getLogger("aiohttp.access")) as (
        _,
        port,
    ):
        raw = await exchange(port, data)
    assert len(parse_responses(raw)) == 1  # a 404: the decoded path holds CR LF
    lines = [r.getMessage() for r in server_log if r.name == "aiohttp.access"]
    assert len(lines) == 1
    line = lines[0]
    assert line.isprintable()  # no CR, LF, ESC, line separators or bidi overrides
    assert "\u202e" not in line and "\u2028" not in line
    assert _longest_z_run(line) <= MAX_LOGGED_FIELD
    assert len(line) < 4 * MAX_LOGGED_FIELD


async def test_thousands_of_pipelined_requests_are_answered_in_order_with_a_bounded_queue() -> None:
    count = 5000

    async def handler(request: web.Request) -> web.Response:
        return web.Response(text=request.path.ljust(4096))  # 20 MB in all: more than socket buffers

    app = web.Application()
    app.router.add_get("/{n}", handler)
    data = b"".join(b"GET /%d HTTP/1.1\r\nHost: a\r\n\r\n" % i for i in range(count))
    data += b"GET /last HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
    async with serve(app) as (runner, port), connect(port) as (reader, writer):
        assert runner.server is not None
        writer.write(data)
        most = most_buffered = 0
        for _ in range(50):  # not reading: the server must stop reading instead of queueing
            await asyncio.sleep(0.01)
            for conn in runner.server.connections:
                most = max(most, len(conn._pending))
                if conn.transport is not None:
                    most_buffered = max(most_buffered, conn.transport.get_write_buffer_size())
        received = await asyncio.wait_for(reader.read(), TIMEOUT * 4)
    responses = parse_responses(received)
    assert [r.body.rstrip() for r in responses] == [b"/%d" % i for i in range(count)] + [b"/last"]
    assert 0 < most <= MAX_PIPELINED_REQUESTS
    assert most_buffered < 2**20  # responses wait for the socket instead of piling up in memory

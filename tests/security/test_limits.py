"""Size and time limits, end to end: 414 / 431 / 413 / 408, each followed by a closed connection.

Head limits (request line, one field line, field count, whole head) are enforced by the parser
before any handler runs. The body limit (`client_max_size`) is enforced by `request.read()` as the
body streams in, so a handler has started; there the suite checks that the read raised 413 and the
handler never received the body. The per-application limit follows the request to the sub-app it
is routed to.

Request bodies sent with a Content-Encoding (gzip, deflate, br, zstd) are decoded as they
arrive, as aiohttp's server does, and `client_max_size` counts the DECODED bytes: a small
compression bomb is refused with 413 without ever being inflated past the limit in memory.
"""

from __future__ import annotations

import asyncio
import gzip

import pytest
from security_wire import (
    TIMEOUT,
    Calls,
    connect,
    counting_app,
    one_response_then_close,
    parse_responses,
    read_until_eof,
    serve,
)

from wirehttp import web
from wirehttp._base.limits import MAX_FIELD_SIZE, MAX_HEAD_SIZE, MAX_HEADERS, MAX_REQUEST_LINE

G = b"GET / HTTP/1.1\r\nHost: a\r\n"


def _headers(count: int, size: int = 8) -> bytes:
    return b"".join(b"X-H%d: %s\r\n" % (i, b"v" * size) for i in range(count))


# (id, request, status)
HEAD_LIMIT_CASES: list[tuple[str, bytes, int]] = [
    ("request-line", b"GET /" + b"a" * MAX_REQUEST_LINE + b" HTTP/1.1\r\nHost: a\r\n\r\n", 414),
    (
        "request-line-query",
        b"GET /?q=" + b"a" * MAX_REQUEST_LINE + b" HTTP/1.1\r\nHost: a\r\n\r\n",
        414,
    ),
    ("request-line-unterminated", b"GET /" + b"a" * (2 * MAX_REQUEST_LINE), 414),
    ("field-value", G + b"X-A: " + b"v" * MAX_FIELD_SIZE + b"\r\n\r\n", 431),
    ("field-name", G + b"X-" + b"n" * MAX_FIELD_SIZE + b": v\r\n\r\n", 431),
    ("field-unterminated", G + b"X-A: " + b"v" * (2 * MAX_FIELD_SIZE), 431),
    ("too-many-fields", G + _headers(MAX_HEADERS + 1) + b"\r\n", 431),
    ("far-too-many-fields", G + _headers(10 * MAX_HEADERS, 1) + b"\r\n", 431),
    (
        "whole-head",
        G + _headers(MAX_HEADERS - 2, MAX_HEAD_SIZE // (MAX_HEADERS - 2)) + b"\r\n",
        431,
    ),
]


@pytest.mark.parametrize(
    ("data", "status"), [c[1:] for c in HEAD_LIMIT_CASES], ids=[c[0] for c in HEAD_LIMIT_CASES]
)
async def test_head_limits(data: bytes, status: int) -> None:
    calls = Calls()
    async with serve(counting_app(calls)) as (_, port):
        response = await one_response_then_close(port, data)
    assert response.status_line.startswith(b"HTTP/1.1 %d " % status)
    assert response.header("Connection") == "close"
    assert calls.count == 0


async def test_head_just_within_limits_is_served() -> None:
    """The limits are not off by one the strict way: the largest allowed head still works."""
    calls = Calls()
    line = b"GET /" + b"a" * (MAX_REQUEST_LINE - len(b"GET / HTTP/1.1")) + b" HTTP/1.1\r\n"
    assert len(line) == MAX_REQUEST_LINE + 2
    data = (
        line + b"Host: a\r\nX-A: " + b"v" * (MAX_FIELD_SIZE - 5) + b"\r\nConnection: close\r\n\r\n"
    )
    async with serve(counting_app(calls)) as (_, port):
        response = await one_response_then_close(port, data)
    assert response.status == 200
    assert calls.count == 1


# -- body size -------------------------------------------------------------------------------

LIMIT = 1024


def _post(body_headers: bytes) -> bytes:
    # Connection: close: after a 413 the server keeps a keep-alive connection (as aiohttp does),
    # swallowing up to 1 MiB of the refused body; closing at once makes clients that are still
    # sending see a reset instead of the 413.
    return b"POST /upload HTTP/1.1\r\nHost: a\r\nConnection: close\r\n" + body_headers + b"\r\n"


def _chunks(total: int, size: int = 100) -> bytes:
    out = bytearray()
    while total > 0:
        n = min(size, total)
        out += b"%x\r\n%s\r\n" % (n, b"b" * n)
        total -= n
    return bytes(out)


BODY_CASES: list[tuple[str, bytes]] = [
    ("declared-too-large", _post(b"Content-Length: %d\r\n" % (LIMIT + 1)) + b"b" * (LIMIT + 1)),
    ("declared-huge-no-body", _post(b"Content-Length: %d\r\n" % 10**15)),
    (
        "chunked-grows-past",
        _post(b"Transfer-Encoding: chunked\r\n") + _chunks(LIMIT + 1) + b"0\r\n\r\n",
    ),
    ("chunked-never-ends", _post(b"Transfer-Encoding: chunked\r\n") + _chunks(4 * LIMIT)),
    (
        "chunked-one-big-chunk",
        _post(b"Transfer-Encoding: chunked\r\n") + _chunks(LIMIT + 1, LIMIT + 1),
    ),
]


@pytest.mark.parametrize(("data"), [c[1] for c in BODY_CASES], ids=[c[0] for c in BODY_CASES])
async def test_body_over_client_max_size_gets_413_and_close(data: bytes) -> None:
    calls = Calls()
    async with serve(counting_app(calls, client_max_size=LIMIT)) as (_, port):
        response = await one_response_then_close(port, data)
    assert response.status == 413
    assert calls.bodies == []
    assert [type(e) for e in calls.body_errors] == [web.HTTPRequestEntityTooLarge]


@pytest.mark.parametrize("size", [LIMIT - 1, LIMIT])
async def test_body_at_client_max_size_is_accepted(size: int) -> None:
    calls = Calls()
    data = _post(b"Transfer-Encoding: chunked\r\n") + _chunks(size) + b"0\r\n\r\n"
    async with serve(counting_app(calls, client_max_size=LIMIT)) as (_, port):
        response = await one_response_then_close(port, data)
    assert response.status == 200
    assert calls.bodies == [b"b" * size]


BOMB = gzip.compress(b"\0" * (10 * 2**20))  # 10 MiB of zeros, about 10 KiB on the wire


async def test_gzip_bomb_is_refused_on_decoded_size() -> None:
    """The limit applies to what the body decodes to, not to the bytes on the wire."""
    calls = Calls()
    assert len(BOMB) < LIMIT * 16
    data = _post(b"Content-Encoding: gzip\r\nContent-Length: %d\r\n" % len(BOMB)) + BOMB
    async with serve(counting_app(calls, client_max_size=LIMIT * 16)) as (_, port):
        response = await one_response_then_close(port, data)
    assert response.status == 413
    assert calls.bodies == []
    assert len(calls.body_errors) == 1


async def test_gzip_body_within_the_limit_reaches_the_handler_decoded() -> None:
    calls = Calls()
    plain = b"x" * (LIMIT - 1)
    coded = gzip.compress(plain)
    data = _post(b"Content-Encoding: gzip\r\nContent-Length: %d\r\n" % len(coded)) + coded
    async with serve(counting_app(calls, client_max_size=LIMIT)) as (_, port):
        response = await one_response_then_close(port, data)
    assert response.status == 200
    assert calls.bodies == [plain]


async def test_corrupt_gzip_body_gets_400() -> None:
    calls = Calls()
    coded = gzip.compress(b"hello")[:-6] + b"garbage!"
    data = _post(b"Content-Encoding: gzip\r\nContent-Length: %d\r\n" % len(coded)) + coded
    async with serve(counting_app(calls, client_max_size=LIMIT)) as (_, port):
        response = await one_response_then_close(port, data)
    assert response.status == 400
    assert calls.bodies == []


# -- per-application limit -------------------------------------------------------------------


def _apps(root_limit: int, sub_limit: int, calls: Calls) -> web.Application:
    root = counting_app(calls, client_max_size=root_limit)
    root.router._resources.clear()  # only /root on the root app, /sub/... goes to the sub-app
    sub = counting_app(calls, client_max_size=sub_limit)

    async def root_handler(request: web.Request) -> web.Response:
        calls.count += 1
        try:
            body = await request.read()
        except Exception as exc:
            calls.body_errors.append(exc)
            raise
        return web.Response(text=f"root {len(body)}")

    root.router.add_post("/root", root_handler)
    root.add_subapp("/sub", sub)
    return root


@pytest.mark.parametrize(
    ("root_limit", "sub_limit", "path", "status"),
    [
        (2**20, 10, "/sub/x", 413),
        (2**20, 10, "/root", 200),
        (10, 2**20, "/sub/x", 200),
        (10, 2**20, "/root", 413),
    ],
)
async def test_subapp_client_max_size(
    root_limit: int, sub_limit: int, path: str, status: int
) -> None:
    calls = Calls()
    body = b"x" * 11
    data = b"POST %s HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\nConnection: close\r\n\r\n%s" % (
        path.encode(),
        body,
    )
    async with serve(_apps(root_limit, sub_limit, calls)) as (_, port):
        response = await one_response_then_close(port, data)
    assert response.status == status
    assert calls.count == 1


# -- time limits -----------------------------------------------------------------------------


async def test_slow_head_gets_408_at_header_read_timeout() -> None:
    """A head trickled one byte at a time: the deadline runs from its first byte, not per read."""
    calls = Calls()
    head = G + b"X-Slow: " + b"s" * 200 + b"\r\n\r\n"
    async with (
        serve(counting_app(calls), header_read_timeout=0.5) as (_, port),
        connect(port) as (reader, writer),
    ):
        received = b""
        # never completes: about 4 s of trickle against a 0.5 s deadline
        for i in range(len(head) - 2):
            try:
                writer.write(head[i : i + 1])
                received = await asyncio.wait_for(reader.read(65536), 0.02)
            except asyncio.TimeoutError:
                continue
            except (ConnectionError, RuntimeError):
                pass
            break  # the server answered or closed
        received += await read_until_eof(reader)
    response, *rest = parse_responses(received)
    assert rest == []
    assert response.status_line == b"HTTP/1.1 408 Request Timeout"
    assert response.header("Connection") == "close"
    assert calls.count == 0


async def test_partial_head_then_silence_gets_408() -> None:
    calls = Calls()
    async with (
        serve(counting_app(calls), header_read_timeout=0.5) as (_, port),
        connect(port) as (reader, writer),
    ):
        writer.write(b"GET / HTTP/1.1\r\nHost: a\r\n")
        raw = await read_until_eof(reader)
    response, *rest = parse_responses(raw)
    assert rest == []
    assert response.status == 408
    assert calls.count == 0


async def test_partial_second_head_on_keepalive_connection_gets_408() -> None:
    calls = Calls()
    async with (
        serve(counting_app(calls), header_read_timeout=0.5) as (_, port),
        connect(port) as (reader, writer),
    ):
        writer.write(G + b"\r\n")
        await asyncio.wait_for(reader.readuntil(b"ok 0"), TIMEOUT)
        writer.write(b"GET /second HTTP/1.1\r\n")
        raw = await read_until_eof(reader)
    response, *rest = parse_responses(raw)
    assert rest == []
    assert response.status == 408
    assert calls.count == 1


async def test_idle_keepalive_connection_is_closed_without_408() -> None:
    calls = Calls()
    async with (
        serve(counting_app(calls), keepalive_timeout=0.5, header_read_timeout=30) as (_, port),
        connect(port) as (reader, writer),
    ):
        writer.write(G + b"\r\n")
        first = await asyncio.wait_for(reader.readuntil(b"ok 0"), TIMEOUT)
        assert first.startswith(b"HTTP/1.1 200 OK\r\n")
        assert await read_until_eof(reader) == b""  # closed, and nothing more was sent
    assert calls.count == 1


async def test_connection_that_never_sends_is_closed_without_408() -> None:
    calls = Calls()
    async with (
        serve(counting_app(calls), keepalive_timeout=0.5, header_read_timeout=30) as (_, port),
        connect(port) as (reader, _),
    ):
        assert await read_until_eof(reader) == b""
    assert calls.count == 0


async def test_declared_body_that_never_arrives_does_not_pin_a_408() -> None:
    """Header timeout covers the head only: a handler waiting for its body is not answered 408."""
    calls = Calls()
    async with (
        serve(counting_app(calls), header_read_timeout=0.3) as (_, port),
        connect(port) as (reader, writer),
    ):
        writer.write(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nab")
        await asyncio.sleep(0.6)
        writer.write(b"cde")
        first = await asyncio.wait_for(reader.readuntil(b"ok 5"), TIMEOUT)
    assert first.startswith(b"HTTP/1.1 200 OK\r\n")
    assert calls.bodies == [b"abcde"]

"""A hostile server against wirehttp's ClientSession: each bad answer raises the client exception
aiohttp raises for it, and the connection it came on never goes back to the pool.

Every case runs against `hostile_server_wire.hostile_server`, which answers the first request
with canned bytes and keeps that connection open, then answers every later request with a good
200. The follow-up request must arrive on a second connection: a client that pooled the bad one
would send it there instead, and the test would see one connection only.

Also here: a request whose method or header carries CR or LF raises ValueError before a single
byte reaches the server.
"""

from __future__ import annotations

import gzip
import zlib

import brotli
import pytest
import zstandard
from hostile_server_wire import GOOD as GOOD_ANSWER
from hostile_server_wire import TIMEOUT, Canned, hostile_server, settle

import wirehttp as aiohttp
from wirehttp._client import exchange as exchange_module

HEAD = "head"  # the error surfaces from session.get(): the response head was refused
BODY = "body"  # the head was fine; reading the body raises


def _with_body(body: bytes, *headers: bytes) -> bytes:
    return b"HTTP/1.1 200 OK\r\n" + b"".join(h + b"\r\n" for h in headers) + b"\r\n" + body


def _many_headers(count: int) -> bytes:
    fields = b"".join(b"X-F%d: v\r\n" % i for i in range(count))
    return b"HTTP/1.1 200 OK\r\n" + fields + b"Content-Length: 2\r\n\r\nok"


BOMB_LIMIT = 1024 * 1024  # the decoded-size cap the bomb cases run with (patched, see below)
_ZEROS = bytes(8 * BOMB_LIMIT)
BOMBS = {
    "gzip": gzip.compress(_ZEROS),
    "deflate": zlib.compress(_ZEROS),
    "br": brotli.compress(_ZEROS),
    "zstd": zstandard.ZstdCompressor().compress(_ZEROS),
}


def _bomb(coding: str) -> bytes:
    data = BOMBS[coding]
    assert len(data) < BOMB_LIMIT // 8  # it really is a bomb: small on the wire
    return _with_body(
        data, b"Content-Encoding: " + coding.encode(), b"Content-Length: %d" % len(data)
    )


# (id, canned answer, phase, expected exception). ClientResponseError for a refused head is what
# aiohttp raises (status 400); ClientPayloadError for a broken body; ServerDisconnectedError for
# a connection closed before any answer.
CASES = [
    ("status-not-a-number", Canned(b"HTTP/1.1 abc OK\r\nContent-Length: 0\r\n\r\n"), HEAD, aiohttp.ClientResponseError),
    ("status-four-digits", Canned(b"HTTP/1.1 2000 OK\r\nContent-Length: 0\r\n\r\n"), HEAD, aiohttp.ClientResponseError),
    ("status-two-digits", Canned(b"HTTP/1.1 20 OK\r\nContent-Length: 0\r\n\r\n"), HEAD, aiohttp.ClientResponseError),
    ("status-bad-version", Canned(b"HTTP/1.x 200 OK\r\nContent-Length: 0\r\n\r\n"), HEAD, aiohttp.ClientResponseError),
    ("status-not-http", Canned(b"SMTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"), HEAD, aiohttp.ClientResponseError),
    ("status-garbage", Canned(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\r\n\r\n"), HEAD, aiohttp.ClientResponseError),
    ("status-nul", Canned(b"HTTP/1.1 200 O\x00K\r\nContent-Length: 0\r\n\r\n"), HEAD, aiohttp.ClientResponseError),
    ("header-value-nul", Canned(_with_body(b"ok", b"X-A: a\x00b", b"Content-Length: 2")), HEAD, aiohttp.ClientResponseError),
    ("header-value-lone-cr", Canned(_with_body(b"ok", b"X-A: a\rb", b"Content-Length: 2")), HEAD, aiohttp.ClientResponseError),
    ("header-value-bell", Canned(_with_body(b"ok", b"X-A: a\x07b", b"Content-Length: 2")), HEAD, aiohttp.ClientResponseError),
    ("header-value-esc", Canned(_with_body(b"ok", b"X-A: a\x1bb", b"Content-Length: 2")), HEAD, aiohttp.ClientResponseError),
    ("header-value-del", Canned(_with_body(b"ok", b"X-A: a\x7fb", b"Content-Length: 2")), HEAD, aiohttp.ClientResponseError),
    ("header-name-space", Canned(_with_body(b"ok", b"X A: b", b"Content-Length: 2")), HEAD, aiohttp.ClientResponseError),
    ("header-name-nul", Canned(_with_body(b"ok", b"X\x00A: b", b"Content-Length: 2")), HEAD, aiohttp.ClientResponseError),
    ("header-obs-fold", Canned(_with_body(b"ok", b"X-A: a", b" folded", b"Content-Length: 2")), HEAD, aiohttp.ClientResponseError),
    ("cl-with-te", Canned(_with_body(b"2\r\nok\r\n0\r\n\r\n", b"Content-Length: 2", b"Transfer-Encoding: chunked")), HEAD, aiohttp.ClientResponseError),
    ("te-with-cl", Canned(_with_body(b"2\r\nok\r\n0\r\n\r\n", b"Transfer-Encoding: chunked", b"Content-Length: 12")), HEAD, aiohttp.ClientResponseError),
    ("te-not-chunked-last", Canned(_with_body(b"ok", b"Transfer-Encoding: chunked, gzip", b"Content-Length: 2")), HEAD, aiohttp.ClientResponseError),
    ("cl-conflicting", Canned(_with_body(b"ok", b"Content-Length: 2", b"Content-Length: 3")), HEAD, aiohttp.ClientResponseError),
    ("cl-conflicting-list", Canned(_with_body(b"ok", b"Content-Length: 2, 3")), HEAD, aiohttp.ClientResponseError),
    ("cl-negative", Canned(_with_body(b"ok", b"Content-Length: -2")), HEAD, aiohttp.ClientResponseError),
    ("cl-plus-sign", Canned(_with_body(b"ok", b"Content-Length: +2")), HEAD, aiohttp.ClientResponseError),
    ("cl-not-ascii-digit", Canned(_with_body(b"ok", "Content-Length: \u0662".encode())), HEAD, aiohttp.ClientResponseError),
    ("too-many-headers", Canned(_many_headers(1000)), HEAD, aiohttp.ClientResponseError),
    ("header-too-long", Canned(_with_body(b"ok", b"X-A: " + b"a" * 9000, b"Content-Length: 2")), HEAD, aiohttp.ClientResponseError),
    ("status-line-too-long", Canned(b"HTTP/1.1 200 " + b"O" * 9000 + b"\r\nContent-Length: 0\r\n\r\n"), HEAD, aiohttp.ClientResponseError),
    ("head-too-large", Canned(_many_headers(0)[:17] + b"".join(b"X-%d: %s\r\n" % (i, b"v" * 4000) for i in range(100)) + b"\r\n"), HEAD, aiohttp.ClientResponseError),
    ("closed-before-answer", Canned(b"", close=True), HEAD, aiohttp.ServerDisconnectedError),
    ("closed-mid-head", Canned(b"HTTP/1.1 200 OK\r\nContent-Le", close=True), HEAD, aiohttp.ServerDisconnectedError),
    ("truncated-cl-body", Canned(_with_body(b"only-part", b"Content-Length: 100"), close=True), BODY, aiohttp.ClientPayloadError),
    ("truncated-chunked-no-last", Canned(_with_body(b"2\r\nok\r\n", b"Transfer-Encoding: chunked"), close=True), BODY, aiohttp.ClientPayloadError),
    ("closed-mid-chunk", Canned(_with_body(b"10\r\nabc", b"Transfer-Encoding: chunked"), close=True), BODY, aiohttp.ClientPayloadError),
    ("chunk-size-not-hex", Canned(_with_body(b"zz\r\nok\r\n0\r\n\r\n", b"Transfer-Encoding: chunked")), BODY, aiohttp.ClientPayloadError),
    ("chunk-size-overflow", Canned(_with_body(b"1" * 40 + b"\r\nok\r\n0\r\n\r\n", b"Transfer-Encoding: chunked")), BODY, aiohttp.ClientPayloadError),
    ("chunk-missing-crlf", Canned(_with_body(b"2\r\nokXX0\r\n\r\n", b"Transfer-Encoding: chunked")), BODY, aiohttp.ClientPayloadError),
    ("chunk-ext-lone-cr", Canned(_with_body(b"2;a=\rb\r\nok\r\n0\r\n\r\n", b"Transfer-Encoding: chunked")), BODY, aiohttp.ClientPayloadError),
    ("gzip-corrupt", Canned(_with_body(b"not gzip at all", b"Content-Encoding: gzip", b"Content-Length: 15")), BODY, aiohttp.ClientPayloadError),
    ("gzip-bomb", Canned(_bomb("gzip")), BODY, aiohttp.ClientPayloadError),
    ("deflate-bomb", Canned(_bomb("deflate")), BODY, aiohttp.ClientPayloadError),
    ("br-bomb", Canned(_bomb("br")), BODY, aiohttp.ClientPayloadError),
    ("zstd-bomb", Canned(_bomb("zstd")), BODY, aiohttp.ClientPayloadError),
]  # fmt: skip


@pytest.fixture
def small_decoded_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run with a 1 MiB decoded-body cap so a bomb trips it in milliseconds (default: 1 GiB)."""
    monkeypatch.setattr(exchange_module, "DEFAULT_DECODED_BODY_LIMIT", BOMB_LIMIT)


@pytest.mark.parametrize(
    ("canned", "phase", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
async def test_hostile_answer_raises_and_is_not_pooled(
    canned: Canned, phase: str, expected: type[BaseException], small_decoded_limit: None
) -> None:
    timeout = aiohttp.ClientTimeout(total=TIMEOUT)
    async with (
        hostile_server(canned) as (url, seen),
        aiohttp.ClientSession(timeout=timeout) as session,
    ):
        with pytest.raises(expected) as info:
            async with session.get(url + "/bad") as resp:
                assert phase == BODY, f"the head was accepted: {resp.status} {resp.headers}"
                await resp.read()
        if expected is aiohttp.ClientResponseError:
            assert type(info.value) is aiohttp.ClientResponseError
            assert info.value.status == 400
        connector = session.connector
        assert connector is not None
        assert connector.book.idle_count() == 0 and connector.book.in_use == 0
        # the next request goes out on a new connection and succeeds
        async with session.get(url + "/next") as resp:
            assert resp.status == 200
            assert await resp.read() == b"ok"
        await settle(seen, 2)
        assert seen.connections == 2, "the hostile connection was reused"
        assert len(seen.heads[0]) == 1 and seen.heads[0][0].startswith(b"GET /bad ")
        assert [h.split(b" ")[1] for h in seen.heads[1]] == [b"/next"]
        assert connector.book.idle_count() == 1  # only the good one


def _long_header(size: int) -> Canned:
    return Canned(_with_body(b"ok", b"X-Long: " + b"v" * size, b"Content-Length: 2"))


def _long_status(size: int) -> Canned:
    return Canned(b"HTTP/1.1 200 " + b"O" * size + b"\r\nContent-Length: 2\r\n\r\nok")


# (id, session keywords, request keywords, canned answer, accepted?). The session's (or the
# request's) max_line_size / max_field_size bound the status line and each header field line.
LIMITS = [
    ("field-over-session-limit", {"max_field_size": 100}, {}, _long_header(200), False),
    ("field-under-session-limit", {"max_field_size": 300}, {}, _long_header(200), True),
    ("field-over-default-raised", {"max_field_size": 16384}, {}, _long_header(12000), True),
    ("field-over-request-limit", {}, {"max_field_size": 100}, _long_header(200), False),
    ("field-request-limit-raised", {}, {"max_field_size": 16384}, _long_header(12000), True),
    ("line-over-session-limit", {"max_line_size": 50}, {}, _long_status(100), False),
    ("line-over-default-raised", {"max_line_size": 16384}, {}, _long_status(12000), True),
    ("line-over-request-limit", {}, {"max_line_size": 50}, _long_status(100), False),
    ("line-under-default", {}, {}, _long_status(8000), True),
    ("line-over-default", {}, {}, _long_status(8300), False),
]  # fmt: skip


@pytest.mark.parametrize(
    ("session_kw", "request_kw", "canned", "accepted"),
    [c[1:] for c in LIMITS],
    ids=[c[0] for c in LIMITS],
)
async def test_session_head_limits_apply(
    session_kw: dict[str, int], request_kw: dict[str, int], canned: Canned, accepted: bool
) -> None:
    timeout = aiohttp.ClientTimeout(total=TIMEOUT)
    async with (
        hostile_server(canned) as (url, seen),
        aiohttp.ClientSession(timeout=timeout, **session_kw) as session,
    ):
        if accepted:
            async with session.get(url + "/bad", **request_kw) as resp:
                assert resp.status == 200
                assert await resp.read() == b"ok"
        else:
            with pytest.raises(aiohttp.ClientResponseError) as info:
                await session.get(url + "/bad", **request_kw)
            assert type(info.value) is aiohttp.ClientResponseError and info.value.status == 400
        async with session.get(url + "/next") as resp:
            assert await resp.read() == b"ok"
        await settle(seen, 1 if accepted else 2)
        assert seen.connections == (1 if accepted else 2)


# A request the client must refuse to write: CR or LF would let the caller's data end the field
# (or the request line) and inject headers or a second request.
INJECTIONS = [
    ("value-crlf", "GET", {"X-A": "a\r\nX-Injected: 1"}),
    ("value-lf", "GET", {"X-A": "a\nX-Injected: 1"}),
    ("value-cr", "GET", {"X-A": "a\rX-Injected: 1"}),
    ("value-trailing-crlf", "GET", {"X-A": "a\r\n"}),
    ("name-crlf", "GET", {"X-A\r\nX-Injected": "1"}),
    ("name-lf", "GET", {"X-A\nX-Injected": "1"}),
    ("name-cr", "GET", {"X-A\r": "1"}),
    ("method-crlf", "GET / HTTP/1.1\r\nHost: x\r\n\r\nGET", {}),
    ("method-lf", "GET\nX", {}),
    ("method-cr", "GET\rX", {}),
    ("host-header-crlf", "GET", {"Host": "example.com\r\nX-Injected: 1"}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("method", "headers"), [c[1:] for c in INJECTIONS], ids=[c[0] for c in INJECTIONS]
)
async def test_cr_or_lf_in_request_raises_before_sending(
    method: str, headers: dict[str, str]
) -> None:
    timeout = aiohttp.ClientTimeout(total=TIMEOUT)
    async with hostile_server(Canned(GOOD_ANSWER)) as (url, seen):
        async with aiohttp.ClientSession(timeout=timeout) as session:
            with pytest.raises(ValueError):
                await session.request(method, url + "/x", headers=headers)
            # the session still works, and its next request is the first thing the server reads
            async with session.get(url + "/after") as resp:
                assert await resp.read() == b"ok"
        await settle(seen, 1)
        requests = [head for heads in seen.heads for head in heads]
        assert [h.split(b" ", 2)[:2] for h in requests] == [[b"GET", b"/after"]]
        assert b"Injected" not in b"".join(seen.received)
        assert sum(1 for chunk in seen.received if chunk) == 1

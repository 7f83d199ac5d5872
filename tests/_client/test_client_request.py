"""ClientRequest: the bytes on the wire, compared line by line with what aiohttp 3.14 sends.

A raw asyncio server records each request; the same call is made with aiohttp's and with our
ClientSession, and the heads (User-Agent and Accept-Encoding aside, where we differ on
purpose) and bodies must match. Also: what is refused before any byte is sent.
"""

from __future__ import annotations

import asyncio
import io
import zlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from yarl import URL

import wirehttp
from wire_recorder import recorder
from wirehttp._client.request import ACCEPT_ENCODING, USER_AGENT, ClientRequest
from wirehttp._io.codecs import SUPPORTED_ENCODINGS


def _split(raw: bytes) -> tuple[str, list[str], bytes]:
    head, _, body = raw.partition(b"\r\n\r\n")
    start, *lines = head.decode("latin-1").split("\r\n")
    kept = [ln for ln in lines if not ln.lower().startswith(("user-agent:", "accept-encoding:"))]
    return start, kept, body


async def _gen() -> AsyncIterator[bytes]:
    yield b"ab"
    yield b"cd"


README = Path(__file__).resolve().parents[2] / "README.md"

CASES: list[tuple[str, Callable[[], dict[str, Any]]]] = [
    ("GET", dict),
    ("POST", dict),
    ("DELETE", dict),
    ("OPTIONS", dict),
    ("PUT", lambda: {"data": b"xy"}),
    ("POST", lambda: {"data": "hé"}),
    ("POST", lambda: {"data": {"a": "1 2", "b": ["x", "y"]}}),
    ("POST", lambda: {"json": {"a": 1}}),
    ("POST", lambda: {"data": _gen()}),
    ("POST", lambda: {"data": b"x", "chunked": True}),
    ("POST", lambda: {"data": io.BytesIO(b"zz")}),
    ("POST", lambda: {"data": io.StringIO("zz")}),
    ("POST", lambda: {"data": open(README, "rb")}),  # noqa: SIM115 - the request reads it
    ("GET", lambda: {"params": {"q": "a b", "r": ["1", "2"]}}),
    ("GET", lambda: {"headers": {"X-One": "1", "Accept": "text/html"}}),
    ("GET", lambda: {"skip_auto_headers": ["Accept"]}),
    ("POST", lambda: {"data": b"x", "headers": {"Content-Type": "text/csv"}}),
    ("GET", lambda: {"cookies": {"c": "v"}}),
]


@pytest.mark.parametrize(
    ("method", "make"), CASES, ids=[f"{m}-{i}" for i, (m, _) in enumerate(CASES)]
)
async def test_wire_matches_aiohttp(method: str, make: Callable[[], dict[str, Any]]) -> None:
    async with recorder() as (url, seen):
        async with (
            aiohttp.ClientSession() as theirs,
            theirs.request(method, f"{url}/p?a=1", **make()) as r,
        ):
            await r.read()
        async with (
            wirehttp.ClientSession() as ours,
            ours.request(method, f"{url}/p?a=1", **make()) as r,
        ):
            await r.read()
    assert _split(seen[1]) == _split(seen[0])
    assert f"User-Agent: {USER_AGENT}\r\n".encode() in seen[1]


async def test_compress_matches_aiohttp_after_decoding() -> None:
    async with recorder() as (url, seen):
        async with aiohttp.ClientSession() as theirs:
            await (await theirs.post(url, data=b"squeeze" * 50, compress="deflate")).read()
        async with wirehttp.ClientSession() as ours:
            await (await ours.post(url, data=b"squeeze" * 50, compress="deflate")).read()
    heads = [_split(raw)[:2] for raw in seen]
    assert heads[0] == heads[1]
    assert [_dechunk_inflate(_split(raw)[2]) for raw in seen] == [b"squeeze" * 50] * 2


def _dechunk_inflate(body: bytes) -> bytes:
    out = b""
    while body:
        size_line, _, rest = body.partition(b"\r\n")
        size = int(size_line, 16)
        out += rest[:size]
        body = rest[size + 2 :]
        if size == 0:
            break
    return zlib.decompress(out)


def test_accept_encoding_advertises_only_what_we_decode() -> None:
    advertised = [c.strip() for c in ACCEPT_ENCODING.split(",")]
    assert set(advertised) == set(SUPPORTED_ENCODINGS)
    assert advertised[:2] == ["gzip", "deflate"]


def test_head_is_one_join_with_host_and_basic_auth() -> None:
    with pytest.warns(DeprecationWarning):
        auth = wirehttp.BasicAuth("user", "pass")
    req = ClientRequest("GET", URL("http://[::1]:8080/a b?x=1#frag"), auth=auth)
    head = req.encode_head()
    assert head.startswith(b"GET /a%20b?x=1 HTTP/1.1\r\nHost: [::1]:8080\r\n")
    assert b"Authorization: Basic dXNlcjpwYXNz\r\n" in head
    assert head.endswith(b"\r\n\r\n")
    assert req.request_info.real_url.fragment == "frag"
    assert req.connection_key.host == "::1" and req.connection_key.port == 8080


def test_credentials_in_url_become_basic_auth() -> None:
    req = ClientRequest("GET", URL("http://u:p@h/"))
    assert req.headers["Authorization"] == "Basic dTpw"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"headers": {"X": "a\r\nY: b"}},
        {"headers": {"X": "a\nb"}},
        {"headers": {"Bad Name": "v"}},
        {"headers": {"X\r\n": "v"}},
    ],
)
def test_header_injection_refused(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        ClientRequest("GET", URL("http://h/"), **kwargs)


@pytest.mark.parametrize("method", ["GE\r\nT", "GET /x", "G\nET", ""])
def test_bad_method_refused(method: str) -> None:
    with pytest.raises(ValueError):
        ClientRequest(method, URL("http://h/"))


def test_chunked_with_content_length_refused() -> None:
    with pytest.raises(ValueError, match="chunked"):
        ClientRequest(
            "POST", URL("http://h/"), data=b"x", chunked=True, headers={"Content-Length": "1"}
        )


def test_compress_with_content_encoding_refused() -> None:
    with pytest.raises(ValueError, match="compress"):
        ClientRequest(
            "POST", URL("http://h/"), data=b"x", compress=True, headers={"Content-Encoding": "br"}
        )


async def test_expect100_header_and_body_sent() -> None:
    async with (
        recorder() as (url, seen),
        wirehttp.ClientSession() as ours,
        ours.put(url, data=b"payload", expect100=True) as r,
    ):
        assert r.status == 200
    assert b"Expect: 100-continue\r\n" in seen[0]
    assert seen[0].endswith(b"\r\n\r\npayload")


async def test_early_answer_wins_over_an_unsent_streamed_body() -> None:
    async def refuse(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(
            b"HTTP/1.1 413 Payload Too Large\r\nContent-Length: 3\r\nConnection: close\r\n\r\nbig"
        )
        await writer.drain()
        writer.close()

    sent = 0

    async def endless() -> AsyncIterator[bytes]:
        nonlocal sent
        while True:
            sent += 1
            await asyncio.sleep(0.001)
            yield b"x" * 65536

    server = await asyncio.start_server(refuse, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        async with (
            wirehttp.ClientSession() as session,
            session.post(f"http://127.0.0.1:{port}/", data=endless()) as r,
        ):
            assert r.status == 413
            assert await r.read() == b"big"
    finally:
        server.close()
        await server.wait_closed()
    assert sent < 10_000  # the writer stopped with the response

"""ClientResponse against a real wirehttp server: head attributes, body readers, decoding,
json()/text() rules as aiohttp's, and the release/close life cycle."""

from __future__ import annotations

import asyncio
import gzip
import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import brotli
import pytest
import zstandard
from yarl import URL

import wirehttp
from wirehttp import web

BODY = ("héllo wörld " * 500).encode("utf-8")
CODERS = {
    "gzip": gzip.compress,
    "deflate": zlib.compress,
    "br": brotli.compress,
    "zstd": lambda data: zstandard.ZstdCompressor().compress(data),
}


async def _coded(request: web.Request) -> web.Response:
    coding = request.match_info["coding"]
    resp = web.Response(body=CODERS[coding](BODY), content_type="text/plain", charset="utf-8")
    resp.headers["Content-Encoding"] = coding
    return resp


async def _text(request: web.Request) -> web.Response:
    charset = request.query.get("charset")
    text = "café ünïcode"
    body = text.encode(charset or "utf-8", "replace")
    resp = web.Response(body=body, content_type=request.query.get("type", "text/plain"))
    if charset:
        resp.charset = charset
    return resp


async def _head_fields(request: web.Request) -> web.Response:
    resp = web.Response(
        text='{"k": [1, 2]}', content_type="application/vnd.api+json", reason="Fine"
    )
    resp.set_cookie("sid", "abc", path="/")
    resp.headers["Link"] = '<https://h/page2>; rel="next", </p1>; rel=prev; title="first"'
    resp.headers.add("X-Multi", "1")
    resp.headers.add("X-Multi", "2")
    return resp


async def _big(request: web.Request) -> web.Response:
    return web.Response(body=b"z" * 200_000)


def app() -> web.Application:
    application = web.Application()
    application.router.add_get("/coded/{coding}", _coded)
    application.router.add_get("/text", _text)
    application.router.add_get("/fields", _head_fields)
    application.router.add_get("/big", _big)
    return application


@asynccontextmanager
async def session_at() -> AsyncIterator[tuple[str, wirehttp.ClientSession]]:
    runner = web.AppRunner(app(), shutdown_timeout=2.0)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        async with wirehttp.ClientSession() as session:
            yield f"http://127.0.0.1:{runner.addresses[0][1]}", session
    finally:
        await asyncio.wait_for(runner.cleanup(), 10)


@pytest.mark.parametrize("coding", sorted(CODERS))
async def test_content_codings_decoded(coding: str) -> None:
    async with session_at() as (url, s), s.get(f"{url}/coded/{coding}") as r:
        assert r.headers["Content-Encoding"] == coding
        assert await r.read() == BODY


async def test_auto_decompress_off_gives_coded_bytes() -> None:
    async with (
        session_at() as (url, _),
        wirehttp.ClientSession(auto_decompress=False) as raw,
        raw.get(f"{url}/coded/gzip") as r,
    ):
        assert gzip.decompress(await r.read()) == BODY


async def test_head_attributes() -> None:
    async with session_at() as (url, s), s.get(f"{url}/fields?x=1") as r:
        assert (r.status, r.reason, r.ok, r.method) == (200, "Fine", True, "GET")
        assert r.url == URL(f"{url}/fields?x=1") == r.real_url
        assert r.content_type == "application/vnd.api+json"
        assert r.charset == "utf-8"
        assert r.content_length == len('{"k": [1, 2]}')
        assert r.headers.getall("X-Multi") == ["1", "2"]
        assert (b"X-Multi", b"2") in r.raw_headers
        assert r.cookies["sid"].value == "abc"
        assert r.history == ()
        assert r.request_info.method == "GET" and r.request_info.url == r.url
        assert str(r.links["next"]["url"]) == "https://h/page2"
        assert r.links["prev"]["title"] == "first"
        assert r.links["prev"]["url"] == URL(f"{url}/p1")
        assert await r.json() == {"k": [1, 2]}  # +json accepted as aiohttp does


@pytest.mark.parametrize("charset", ["utf-8", "latin-1", "cp1251"])
async def test_text_uses_declared_charset(charset: str) -> None:
    expected = "café ünïcode".encode(charset, "replace").decode(charset)
    async with session_at() as (url, s), s.get(f"{url}/text", params={"charset": charset}) as r:
        assert await r.text() == expected
        assert (
            r.get_encoding()
            == {"utf-8": "utf-8", "latin-1": "iso8859-1", "cp1251": "cp1251"}[charset]
        )


async def test_text_explicit_encoding_and_errors() -> None:
    async with session_at() as (url, s), s.get(f"{url}/text", params={"charset": "latin-1"}) as r:
        assert await r.text(encoding="ascii", errors="replace") == "caf\ufffd \ufffdn\ufffdcode"
        with pytest.raises(UnicodeDecodeError):
            await r.text(encoding="ascii")


async def test_json_content_type_rules() -> None:
    async with session_at() as (url, s):
        async with s.get(f"{url}/text", params={"type": "text/plain"}) as r:
            with pytest.raises(wirehttp.ContentTypeError) as info:
                await r.json()
            assert "unexpected mimetype: text/plain" in info.value.message
            assert info.value.status == 200
        async with s.get(f"{url}/fields") as r:
            assert await r.json(content_type=None, loads=lambda t: t) == '{"k": [1, 2]}'


async def test_get_encoding_before_read_is_an_error() -> None:
    async with (
        session_at() as (url, s),
        s.get(f"{url}/text", params={"type": "application/x"}) as r,
    ):
        with pytest.raises(RuntimeError):
            r.get_encoding()


async def test_content_stream_readers() -> None:
    async with session_at() as (url, s), s.get(f"{url}/big") as r:
        first = await r.content.read(10)
        assert first == b"z" * 10
        chunks = [c async for c in r.content.iter_chunked(50_000)]
        assert sum(map(len, chunks)) == 200_000 - 10
        assert r.content.at_eof()


async def test_read_after_release_is_a_clear_error() -> None:
    async with session_at() as (url, s):
        r = await s.get(f"{url}/big")
        r.release()
        with pytest.raises(wirehttp.ClientConnectionError, match="released"):
            await r.read()
        r2 = await s.get(f"{url}/text")
        assert await r2.read()
        r2.release()
        assert await r2.read()  # the body read before release stays available


async def test_close_drops_connection() -> None:
    async with session_at() as (url, s):
        r = await s.get(f"{url}/big")
        conn = r.connection
        assert conn is not None
        r.close()
        assert r.closed and r.connection is None
        assert conn.closed


async def test_raise_for_status_and_context_manager() -> None:
    async with session_at() as (url, s):
        async with s.get(f"{url}/missing") as r:
            assert r.status == 404 and not r.ok
            with pytest.raises(wirehttp.ClientResponseError) as info:
                r.raise_for_status()
            assert info.value.status == 404 and info.value.message == "Not Found"
        async with s.get(f"{url}/text") as r:
            r.raise_for_status()
        assert r.closed

"""Responses on the wire: status lines, headers, bodies, framing, compression and cookies."""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import brotli
import httpx
import pytest
import zstandard
from rawhttp import connect, exchange, read_response

from wirehttp import web
from wirehttp.pytest_plugin import AiohttpServer

TIMEOUT = httpx.Timeout(10.0)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


async def _serve_one(aiohttp_server: AiohttpServer, handler: Handler, path: str = "/") -> Any:
    app = web.Application()
    app.router.add_get(path, handler)  # GET routes answer HEAD too
    app.router.add_route("POST", path, handler)
    return await aiohttp_server(app)


async def _get_raw(
    aiohttp_server: AiohttpServer,
    handler: Handler,
    request: bytes = b"GET / HTTP/1.1\r\nHost: t\r\n\r\n",
    method: str = "GET",
) -> Any:
    server = await _serve_one(aiohttp_server, handler)
    return await exchange(server.port, request, method=method)


async def test_text_response_defaults(aiohttp_server: AiohttpServer) -> None:
    async def handler(request: web.Request) -> web.Response:
        return web.Response(text="héllo")

    resp = await _get_raw(aiohttp_server, handler)
    assert (resp.version, resp.status, resp.reason) == ("HTTP/1.1", 200, "OK")
    assert resp.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert resp.headers["Content-Length"] == str(len("héllo".encode()))
    assert "Date" in resp.headers and "Server" in resp.headers
    assert resp.body == "héllo".encode()


async def test_body_response_defaults_to_octet_stream(aiohttp_server: AiohttpServer) -> None:
    async def handler(request: web.Request) -> web.Response:
        return web.Response(body=b"\x00\x01binary")

    resp = await _get_raw(aiohttp_server, handler)
    assert resp.headers["Content-Type"] == "application/octet-stream"
    assert resp.body == b"\x00\x01binary"


async def test_custom_status_reason_headers_content_type_charset(
    aiohttp_server: AiohttpServer,
) -> None:
    async def handler(request: web.Request) -> web.Response:
        resp = web.Response(
            text="<p>é</p>",
            status=299,
            reason="Quite Fine",
            content_type="text/html",
            charset="latin-1",
            headers={"X-Custom": "1"},
        )
        resp.headers.add("X-Multi", "a")
        resp.headers.add("X-Multi", "b")
        return resp

    resp = await _get_raw(aiohttp_server, handler)
    assert (resp.status, resp.reason) == (299, "Quite Fine")
    assert resp.headers["Content-Type"] == "text/html; charset=latin-1"
    assert resp.headers["X-Custom"] == "1"
    assert resp.headers.getall("X-Multi") == ["a", "b"]
    assert resp.body == "<p>é</p>".encode("latin-1")


async def test_content_type_and_charset_setters(aiohttp_server: AiohttpServer) -> None:
    async def handler(request: web.Request) -> web.Response:
        resp = web.Response(body=b"{}")
        resp.content_type = "application/json"
        resp.charset = "utf-8"
        return resp

    resp = await _get_raw(aiohttp_server, handler)
    assert resp.headers["Content-Type"] == "application/json; charset=utf-8"


async def test_json_response(aiohttp_server: AiohttpServer) -> None:
    async def handler(request: web.Request) -> web.Response:
        return web.json_response({"a": [1, "é"], "b": None}, status=201, headers={"X-J": "1"})

    resp = await _get_raw(aiohttp_server, handler)
    assert resp.status == 201
    assert resp.headers["Content-Type"] == "application/json; charset=utf-8"
    assert resp.headers["X-J"] == "1"
    assert json.loads(resp.body) == {"a": [1, "é"], "b": None}


async def test_json_response_custom_dumps(aiohttp_server: AiohttpServer) -> None:
    async def handler(request: web.Request) -> web.Response:
        return web.json_response([1, 2], dumps=lambda obj: json.dumps(obj, separators=(",", ":")))

    resp = await _get_raw(aiohttp_server, handler)
    assert resp.body == b"[1,2]"


async def test_stream_response_is_chunked_without_length(aiohttp_server: AiohttpServer) -> None:
    async def handler(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(status=202, headers={"X-S": "1"})
        resp.content_type = "text/plain"
        assert not resp.prepared
        await resp.prepare(request)
        assert resp.prepared
        for part in (b"one,", b"two,", b"three"):
            await resp.write(part)
        await resp.write_eof()
        return resp

    resp = await _get_raw(aiohttp_server, handler)
    assert resp.status == 202
    assert resp.headers["Transfer-Encoding"] == "chunked"
    assert "Content-Length" not in resp.headers
    assert resp.headers["X-S"] == "1"
    assert resp.body == b"one,two,three"


async def test_stream_response_with_content_length(aiohttp_server: AiohttpServer) -> None:
    async def handler(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse()
        resp.content_length = 6
        await resp.prepare(request)
        await resp.write(b"abc")
        await resp.write(b"def")
        await resp.write_eof()
        return resp

    resp = await _get_raw(aiohttp_server, handler)
    assert resp.headers["Content-Length"] == "6"
    assert "Transfer-Encoding" not in resp.headers
    assert resp.body == b"abcdef"


async def test_stream_response_explicit_chunked_encoding(aiohttp_server: AiohttpServer) -> None:
    async def handler(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse()
        resp.enable_chunked_encoding()
        await resp.prepare(request)
        await resp.write(b"x" * 70000)
        await resp.write_eof(b"end")
        return resp

    server = await _serve_one(aiohttp_server, handler)
    reader, writer = await connect(server.port)
    try:
        writer.write(b"GET / HTTP/1.1\r\nHost: t\r\n\r\n")
        resp = await read_response(reader)
    finally:
        writer.close()
    assert resp.headers["Transfer-Encoding"] == "chunked"
    assert resp.body == b"x" * 70000 + b"end"


async def test_stream_response_http10_closes_to_frame(aiohttp_server: AiohttpServer) -> None:
    async def handler(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse()
        await resp.prepare(request)
        await resp.write(b"until-")
        await resp.write_eof(b"close")
        return resp

    resp = await _get_raw(aiohttp_server, handler, b"GET / HTTP/1.0\r\n\r\n")
    assert resp.version == "HTTP/1.0" or resp.version == "HTTP/1.1"
    assert "Transfer-Encoding" not in resp.headers
    assert resp.body == b"until-close"


async def test_write_after_eof_and_before_prepare_raise(aiohttp_server: AiohttpServer) -> None:
    errors: list[str] = []

    async def handler(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse()
        try:
            await resp.write(b"early")
        except RuntimeError:
            errors.append("before")
        await resp.prepare(request)
        await resp.write_eof(b"done")
        try:
            await resp.write(b"late")
        except RuntimeError:
            errors.append("after")
        return resp

    resp = await _get_raw(aiohttp_server, handler)
    assert resp.body == b"done"
    assert errors == ["before", "after"]


def _decode(coding: str, data: bytes) -> bytes:
    if coding == "gzip":
        return gzip.decompress(data)
    if coding == "deflate":
        return zlib.decompress(data)  # RFC 9110 8.4.1.2: "deflate" is the zlib format
    if coding == "br":
        return brotli.decompress(data)
    assert coding == "zstd"
    return zstandard.ZstdDecompressor().decompressobj().decompress(data)


BIG_TEXT = ("The quick brown fox jumps over the lazy dog. " * 2000).encode()


async def _fetch_encoded(
    server: Any, accept: str | None, path: str = "/"
) -> tuple[dict[str, Any], bytes]:
    headers = {"Accept-Encoding": accept} if accept is not None else {"Accept-Encoding": ""}
    timeout = aiohttp.ClientTimeout(total=10)
    async with (
        aiohttp.ClientSession(auto_decompress=False, timeout=timeout) as session,
        session.get(str(server.make_url(path)), headers=headers) as resp,
    ):
        assert resp.status == 200
        return dict(resp.headers), await resp.read()


def _compressing_app() -> web.Application:
    async def whole(request: web.Request) -> web.Response:
        resp = web.Response(body=BIG_TEXT, content_type="text/plain")
        resp.enable_compression()
        return resp

    async def streamed(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse()
        resp.enable_compression()
        await resp.prepare(request)
        for start in range(0, len(BIG_TEXT), 10000):
            await resp.write(BIG_TEXT[start : start + 10000])
        await resp.write_eof()
        return resp

    app = web.Application()
    app.router.add_get("/", whole)
    app.router.add_get("/stream", streamed)
    return app


@pytest.mark.parametrize("path", ["/", "/stream"])
@pytest.mark.parametrize("coding", ["gzip", "deflate", "br", "zstd"])
async def test_compression_each_coding(
    aiohttp_server: AiohttpServer, coding: str, path: str
) -> None:
    server = await aiohttp_server(_compressing_app())
    headers, raw = await _fetch_encoded(server, coding, path)
    assert headers["Content-Encoding"] == coding
    # Caches must key on Accept-Encoding (RFC 9110 12.5.5); aiohttp 3.14 omits Vary here.
    assert "Accept-Encoding" in headers.get("Vary", "")
    assert len(raw) < len(BIG_TEXT)
    if path == "/":
        assert headers["Content-Length"] == str(len(raw))
    assert _decode(coding, raw) == BIG_TEXT


@pytest.mark.parametrize("path", ["/", "/stream"])
async def test_compression_negotiated_from_browser_header(
    aiohttp_server: AiohttpServer, path: str
) -> None:
    server = await aiohttp_server(_compressing_app())
    headers, raw = await _fetch_encoded(server, "gzip, deflate, br, zstd", path)
    coding = headers["Content-Encoding"]
    assert coding in ("gzip", "deflate", "br", "zstd")
    assert _decode(coding, raw) == BIG_TEXT


async def test_compression_respects_q_zero_and_absence(aiohttp_server: AiohttpServer) -> None:
    server = await aiohttp_server(_compressing_app())
    headers, raw = await _fetch_encoded(server, "gzip;q=0, deflate")
    assert headers["Content-Encoding"] == "deflate"
    assert _decode("deflate", raw) == BIG_TEXT
    headers, raw = await _fetch_encoded(server, None)
    assert "Content-Encoding" not in headers
    assert raw == BIG_TEXT


async def test_forced_compression(aiohttp_server: AiohttpServer) -> None:
    async def handler(request: web.Request) -> web.Response:
        resp = web.Response(body=BIG_TEXT)
        resp.enable_compression(web.ContentCoding.gzip)
        return resp

    server = await _serve_one(aiohttp_server, handler)
    headers, raw = await _fetch_encoded(server, None)
    assert headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(raw) == BIG_TEXT


async def test_set_cookie_and_del_cookie(aiohttp_server: AiohttpServer) -> None:
    async def handler(request: web.Request) -> web.Response:
        resp = web.Response(text="ok")
        resp.set_cookie("plain", "v1")
        resp.set_cookie(
            "full",
            "v2",
            domain="example.com",
            path="/app",
            max_age=10,
            secure=True,
            httponly=True,
            samesite="Lax",
        )
        resp.del_cookie("gone")
        return resp

    resp = await _get_raw(aiohttp_server, handler)
    cookies = sorted(resp.headers.getall("Set-Cookie"))
    assert cookies == sorted(
        [
            "plain=v1; Path=/",
            "full=v2; Domain=example.com; HttpOnly; Max-Age=10; Path=/app; SameSite=Lax; Secure",
            'gone=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/',
        ]
    )


async def test_cookie_replaced_not_duplicated(aiohttp_server: AiohttpServer) -> None:
    async def handler(request: web.Request) -> web.Response:
        resp = web.Response(text="ok")
        resp.set_cookie("a", "1")
        resp.set_cookie("a", "2")
        return resp

    resp = await _get_raw(aiohttp_server, handler)
    assert resp.headers.getall("Set-Cookie") == ["a=2; Path=/"]


async def test_head_has_headers_but_no_body(aiohttp_server: AiohttpServer) -> None:
    async def handler(request: web.Request) -> web.Response:
        return web.Response(text="hello")

    server = await _serve_one(aiohttp_server, handler)
    reader, writer = await connect(server.port)
    try:
        writer.write(b"HEAD / HTTP/1.1\r\nHost: t\r\n\r\nGET / HTTP/1.1\r\nHost: t\r\n\r\n")
        head = await read_response(reader, method="HEAD")
        after = await read_response(reader)
    finally:
        writer.close()
    assert head.status == 200
    assert head.headers["Content-Length"] == "5"
    assert head.headers["Content-Type"] == "text/plain; charset=utf-8"
    # The next response starts right after the HEAD head: no body bytes were sent.
    assert (after.status, after.body) == (200, b"hello")


@pytest.mark.parametrize("status", [204, 304])
async def test_no_body_for_204_and_304(aiohttp_server: AiohttpServer, status: int) -> None:
    async def handler(request: web.Request) -> web.Response:
        return web.Response(status=status, body=b"must not be sent")

    server = await _serve_one(aiohttp_server, handler)
    reader, writer = await connect(server.port)
    try:
        writer.write(b"GET / HTTP/1.1\r\nHost: t\r\n\r\nGET / HTTP/1.1\r\nHost: t\r\n\r\n")
        first = await read_response(reader)
        second = await read_response(reader)
    finally:
        writer.close()
    assert first.status == second.status == status
    assert "Transfer-Encoding" not in first.headers
    if status == 204:
        assert "Content-Length" not in first.headers
    assert b"must not" not in first.raw_head + second.raw_head


async def test_plain_string_response_key_warns(aiohttp_server: AiohttpServer) -> None:
    import uuid
    import warnings

    name = f"plain-{uuid.uuid4()}"
    caught: list[Any] = []

    async def handler(request: web.Request) -> web.Response:
        resp = web.Response(text="ok")
        with warnings.catch_warnings(record=True) as found:
            warnings.simplefilter("always")
            resp[name] = 1
            resp[web.ResponseKey("typed", int)] = 2
        caught.extend(found)
        return resp

    await _get_raw(aiohttp_server, handler)
    assert [w.category for w in caught] == [web.NotAppKeyWarning]

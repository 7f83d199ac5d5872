"""wirehttp's client against wirehttp's own server, over loopback: both halves as users see them.

The app here answers what the shared `served` app (conftest.py) does not: cookies set and read
back, redirects of every kind, a streamed (chunked) download and an upload checked by digest.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest

import wirehttp as aiohttp
from wirehttp import web

pytestmark = pytest.mark.interop
TIMEOUT = aiohttp.ClientTimeout(total=20)
BLOB = os.urandom(2 * 1024 * 1024 + 7)


def _app() -> web.Application:
    async def set_cookie(request: web.Request) -> web.Response:
        resp = web.Response(text="set")
        for name, value in request.query.items():
            resp.set_cookie(name, value)
        return resp

    async def cookies(request: web.Request) -> web.Response:
        return web.json_response(dict(request.cookies))

    async def redirect(request: web.Request) -> web.Response:
        status = int(request.match_info["status"])
        raise _redirect(status, "/method")

    async def method(request: web.Request) -> web.Response:
        body = await request.read()
        return web.json_response({"method": request.method, "body": body.decode()})

    async def chain(request: web.Request) -> web.Response:
        n = int(request.match_info["n"])
        raise web.HTTPFound(f"/chain/{n - 1}" if n > 0 else "/method")

    async def upload(request: web.Request) -> web.Response:
        digest, size = hashlib.sha256(), 0
        async for chunk in request.content.iter_any():
            digest.update(chunk)
            size += len(chunk)
        chunked = "chunked" in request.headers.get("Transfer-Encoding", "")
        return web.json_response({"sha256": digest.hexdigest(), "size": size, "chunked": chunked})

    async def download(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse()
        await resp.prepare(request)
        for start in range(0, len(BLOB), 100_000):
            await resp.write(BLOB[start : start + 100_000])
        await resp.write_eof()
        return resp

    app = web.Application(client_max_size=16 * 1024 * 1024)
    app.router.add_get("/set", set_cookie)
    app.router.add_get("/cookies", cookies)
    app.router.add_route("*", "/redirect/{status}", redirect)
    app.router.add_route("*", "/method", method)
    app.router.add_get("/chain/{n}", chain)
    app.router.add_post("/upload", upload)
    app.router.add_get("/download", download)
    return app


def _redirect(status: int, location: str) -> web.HTTPException:
    kinds = {
        301: web.HTTPMovedPermanently,
        302: web.HTTPFound,
        303: web.HTTPSeeOther,
        307: web.HTTPTemporaryRedirect,
        308: web.HTTPPermanentRedirect,
    }
    return kinds[status](location)


@asynccontextmanager
async def _running() -> AsyncIterator[str]:
    runner = web.AppRunner(_app(), shutdown_timeout=5.0)
    await runner.setup()
    try:
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await asyncio.wait_for(runner.cleanup(), 15)


async def test_get_post_head_round_trip(served: Any) -> None:
    async with aiohttp.ClientSession(served.url, timeout=TIMEOUT) as session:
        async with session.get("/hello/x", params={"q": "1"}) as resp:
            assert (resp.status, await resp.text()) == (200, "hello /hello/x")
            assert resp.headers["X-Method"] == "GET" and str(resp.url).endswith("/hello/x?q=1")
        async with session.post("/echo", json={"a": [1, "é"]}) as resp:
            assert await resp.json(content_type=None) == {"a": [1, "é"]}
            assert resp.headers["X-Chunked"] == "False"
        async with session.head("/hello/x") as resp:
            assert (resp.status, resp.content_length, await resp.read()) == (200, 14, b"")
    # all of it on one keep-alive connection
    assert served.requests_per_connection() == [3]


async def test_streaming_upload_and_download(served: Any) -> None:
    data = served.data

    async def body() -> AsyncIterator[bytes]:
        for start in range(0, len(data), 256 * 1024):
            yield data[start : start + 256 * 1024]

    async with aiohttp.ClientSession(served.url, timeout=TIMEOUT) as session:
        async with session.post("/echo", data=body()) as resp:
            assert resp.headers["X-Chunked"] == "True"
            assert resp.headers["X-Length"] == str(len(data))
            got = bytearray()
            async for chunk in resp.content.iter_chunked(65536):
                got += chunk
            assert got == data
        async with session.get("/static/blob.bin") as resp:
            assert resp.content_length == len(data)
            assert await resp.read() == data


async def test_upload_digest_and_chunked_download() -> None:
    async with _running() as url, aiohttp.ClientSession(url, timeout=TIMEOUT) as session:

        async def body() -> AsyncIterator[bytes]:
            for start in range(0, len(BLOB), 300_000):
                yield BLOB[start : start + 300_000]

        async with session.post("/upload", data=body()) as resp:
            assert await resp.json() == {
                "sha256": hashlib.sha256(BLOB).hexdigest(),
                "size": len(BLOB),
                "chunked": True,
            }
        async with session.post("/upload", data=BLOB) as resp:
            assert (await resp.json())["chunked"] is False
        async with session.get("/download") as resp:
            assert resp.headers["Transfer-Encoding"] == "chunked"
            digest = hashlib.sha256()
            async for chunk in resp.content.iter_any():
                digest.update(chunk)
            assert digest.hexdigest() == hashlib.sha256(BLOB).hexdigest()


async def test_cookies_round_trip() -> None:
    jar = aiohttp.CookieJar(unsafe=True)  # the server is an IP host
    async with (
        _running() as url,
        aiohttp.ClientSession(url, cookie_jar=jar, timeout=TIMEOUT) as session,
    ):
        async with session.get("/set", params={"a": "1", "b": "two"}) as resp:
            assert resp.cookies["a"].value == "1" and resp.cookies["b"].value == "two"
        async with session.get("/cookies") as resp:
            assert await resp.json() == {"a": "1", "b": "two"}
        async with session.get("/cookies", cookies={"c": "3"}) as resp:
            assert await resp.json() == {"a": "1", "b": "two", "c": "3"}
        assert {c.key for c in jar} == {"a", "b"}
        jar.clear()
        async with session.get("/cookies") as resp:
            assert await resp.json() == {}


@pytest.mark.parametrize(
    ("status", "method"),
    [(301, "GET"), (302, "GET"), (303, "GET"), (307, "POST"), (308, "POST")],
)
async def test_redirects(status: int, method: str) -> None:
    async with _running() as url, aiohttp.ClientSession(url, timeout=TIMEOUT) as session:
        async with session.post(f"/redirect/{status}", data=b"payload") as resp:
            answer = await resp.json()
            assert answer == {"method": method, "body": "payload" if method == "POST" else ""}
            assert [h.status for h in resp.history] == [status]
            assert resp.url.path == "/method"
        async with session.post(f"/redirect/{status}", allow_redirects=False) as resp:
            assert resp.status == status and resp.headers["Location"] == "/method"


async def test_redirect_chain_and_limit() -> None:
    async with _running() as url, aiohttp.ClientSession(url, timeout=TIMEOUT) as session:
        async with session.get("/chain/5") as resp:
            assert (await resp.json())["method"] == "GET"
            assert [str(h.url.path) for h in resp.history] == [
                f"/chain/{n}" for n in (5, 4, 3, 2, 1, 0)
            ]
        with pytest.raises(aiohttp.TooManyRedirects) as caught:
            async with session.get("/chain/5", max_redirects=3):
                raise AssertionError("followed more redirects than allowed")
        # as aiohttp: the third redirect response is the one that raises
        assert [h.url.path for h in caught.value.history] == ["/chain/5", "/chain/4", "/chain/3"]

"""wirehttp's client against httpbin under gunicorn: what the seeds do not reach.

Content codings, redirects of httpbin's kinds, Basic and Digest auth, the cookie jar against an
IP host, status handling, and bodies httpbin streams (chunked, drip, line by line).
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

import wirehttp as aiohttp

pytestmark = pytest.mark.interop
TIMEOUT = aiohttp.ClientTimeout(total=20)


@pytest.mark.parametrize(
    ("path", "coding"), [("gzip", "gzip"), ("deflate", "deflate"), ("brotli", "br")]
)
async def test_content_codings_decoded(httpbin_server: Any, path: str, coding: str) -> None:
    async with (
        aiohttp.ClientSession(httpbin_server.url, timeout=TIMEOUT) as session,
        session.get(f"/{path}") as resp,
    ):
        assert resp.headers["Content-Encoding"] == coding
        body = await resp.json()
        assert body[{"br": "brotli", "gzip": "gzipped", "deflate": "deflated"}[coding]] is True
        # httpbin echoes the Accept-Encoding we sent: it offers what we decode
        offered = {c.strip() for c in body["headers"]["Accept-Encoding"].split(",")}
        assert {"gzip", "deflate", "br"} <= offered


async def test_redirects(httpbin_server: Any) -> None:
    base = httpbin_server.url
    async with aiohttp.ClientSession(base, timeout=TIMEOUT) as session:
        async with session.get("/redirect/3") as resp:
            assert (resp.status, resp.url.path) == (200, "/get")
            assert [h.status for h in resp.history] == [302, 302, 302]
        async with session.get("/absolute-redirect/2") as resp:
            assert str(resp.url) == base + "/get" and len(resp.history) == 2
        for status in (301, 302, 303, 307, 308):
            params = {"url": "/anything", "status_code": str(status)}
            async with session.post("/redirect-to", params=params, data=b"body") as resp:
                echoed = await resp.json()
                kept = status in (307, 308)
                assert echoed["method"] == ("POST" if kept else "GET"), status
                assert echoed["data"] == ("body" if kept else ""), status
        async with session.get("/redirect/2", allow_redirects=False) as resp:
            assert (resp.status, resp.headers["Location"]) == (302, "/relative-redirect/1")
        with pytest.raises(aiohttp.TooManyRedirects):
            async with session.get("/redirect/12", max_redirects=5):
                raise AssertionError("followed too many redirects")


async def test_basic_and_digest_auth(httpbin_server: Any) -> None:
    async with aiohttp.ClientSession(httpbin_server.url, timeout=TIMEOUT) as session:
        with pytest.warns(DeprecationWarning, match="BasicAuth is deprecated"):
            auth = aiohttp.BasicAuth("user", "passwd")
        async with session.get("/basic-auth/user/passwd", auth=auth) as resp:
            assert await resp.json() == {"authenticated": True, "user": "user"}
        header = {"Authorization": aiohttp.encode_basic_auth("user", "passwd")}
        async with session.get("/basic-auth/user/passwd", headers=header) as resp:
            assert (await resp.json())["authenticated"] is True
        async with session.get("/basic-auth/user/other", auth=auth) as resp:
            assert resp.status == 401
            with pytest.raises(aiohttp.ClientResponseError) as caught:
                resp.raise_for_status()
            assert caught.value.status == 401
    digest = aiohttp.DigestAuthMiddleware("user", "secret")
    async with aiohttp.ClientSession(
        httpbin_server.url, middlewares=(digest,), timeout=TIMEOUT
    ) as session:
        async with session.get("/digest-auth/auth/user/secret") as resp:
            assert await resp.json() == {"authenticated": True, "user": "user"}
        async with session.get("/digest-auth/auth/user/secret/SHA-256") as resp:
            assert resp.status == 200


async def test_cookie_jar(httpbin_server: Any) -> None:
    jar = aiohttp.CookieJar(unsafe=True)  # httpbin is an IP host
    async with aiohttp.ClientSession(httpbin_server.url, cookie_jar=jar, timeout=TIMEOUT) as s:
        async with s.get("/cookies/set", params={"a": "1", "b": "2"}) as resp:
            assert await resp.json() == {"cookies": {"a": "1", "b": "2"}}
        async with s.get("/cookies/delete", params={"a": ""}) as resp:
            assert await resp.json() == {"cookies": {"b": "2"}}
        assert {c.key for c in jar} == {"b"}
    strict = aiohttp.CookieJar()  # without unsafe=True, an IP host's cookies are refused
    async with aiohttp.ClientSession(httpbin_server.url, cookie_jar=strict, timeout=TIMEOUT) as s:
        async with s.get("/cookies/set", params={"a": "1"}) as resp:
            assert await resp.json() == {"cookies": {}}
        assert len(strict) == 0


async def test_status_and_raise_for_status(httpbin_server: Any) -> None:
    async with aiohttp.ClientSession(
        httpbin_server.url, raise_for_status=True, timeout=TIMEOUT
    ) as session:
        for status in (200, 204, 304):
            async with session.get(f"/status/{status}") as resp:
                assert (resp.status, await resp.read()) == (status, b"")
        for status in (404, 418, 500, 503):
            with pytest.raises(aiohttp.ClientResponseError) as caught:
                async with session.get(f"/status/{status}"):
                    raise AssertionError("raise_for_status=True let it through")
            assert caught.value.status == status
            assert caught.value.request_info.url.path == f"/status/{status}"


async def test_streamed_bodies(httpbin_server: Any) -> None:
    async with aiohttp.ClientSession(httpbin_server.url, timeout=TIMEOUT) as session:
        async with session.get("/stream/20") as resp:
            lines = [line async for line in resp.content]
            assert len(lines) == 20 and all(line.endswith(b"\n") for line in lines)
        async with session.get("/drip", params={"numbytes": "50", "duration": "0.5"}) as resp:
            assert await resp.read() == b"*" * 50
        async with session.get("/range/1000", headers={"Range": "bytes=10-19"}) as resp:
            assert resp.status == 206 and await resp.read() == b"klmnopqrst"
        async with session.get("/encoding/utf8") as resp:
            assert resp.charset == "utf-8" and "∮ E⋅da = Q" in await resp.text()


async def test_concurrent_requests_share_a_small_pool(httpbin_server: Any) -> None:
    connector = aiohttp.TCPConnector(limit=3)
    async with aiohttp.ClientSession(
        httpbin_server.url, connector=connector, timeout=TIMEOUT
    ) as session:

        async def one(n: int) -> str:
            async with session.get("/anything", params={"n": str(n)}) as resp:
                return str((await resp.json())["args"]["n"])

        got = await asyncio.gather(*(one(n) for n in range(30)))
    assert got == [str(n) for n in range(30)]

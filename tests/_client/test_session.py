"""ClientSession end to end against a real wirehttp server on loopback.

The app mimics the httpbin endpoints the seed examples use (/get, /post, /put, /patch, /delete,
/headers, /cookies, /cookies/set, /status/N, /delay/N, /bytes/N, /json), so those examples run
here with only the URL changed. Covers verbs, bodies, keep-alive reuse, cookies, timeouts,
raise_for_status, retry on a reused connection, close and leak semantics.
"""

from __future__ import annotations

import asyncio
import gc
import io
import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

import wirehttp
from wirehttp import web
from wirehttp._client.timeouts import ClientTimeout

PEERS: set[tuple[str, int]] = set()


async def _echo(request: web.Request) -> web.Response:
    body = await request.read()
    PEERS.add(request.transport.get_extra_info("peername") if request.transport else ("?", 0))
    form: dict[str, str] = {}
    if request.content_type == "application/x-www-form-urlencoded":
        form = dict(await request.post())  # type: ignore[arg-type]
    data: dict[str, Any] = {
        "method": request.method,
        "url": str(request.url),
        "args": dict(request.query),
        "headers": dict(request.headers),
        "data": body.decode("utf-8", "replace"),
        "form": form,
    }
    if request.content_type == "application/json" and body:
        data["json"] = json.loads(body)
    return web.json_response(data)


async def _cookies(request: web.Request) -> web.Response:
    return web.json_response({"cookies": dict(request.cookies)})


async def _cookies_set(request: web.Request) -> web.Response:
    resp = web.HTTPFound("/cookies")
    for name, value in request.query.items():
        resp.set_cookie(name, value)
    raise resp


async def _status(request: web.Request) -> web.Response:
    return web.Response(status=int(request.match_info["code"]), text="status")


async def _delay(request: web.Request) -> web.Response:
    await asyncio.sleep(float(request.match_info["secs"]))
    return web.json_response({"delayed": True})


async def _slow_body(request: web.Request) -> web.StreamResponse:
    resp = web.StreamResponse()
    resp.content_length = 10
    await resp.prepare(request)
    await resp.write(b"12345")
    await asyncio.sleep(5)
    await resp.write(b"67890")
    return resp


async def _bytes(request: web.Request) -> web.Response:
    return web.Response(body=os.urandom(int(request.match_info["n"])))


def httpbin_app() -> web.Application:
    app = web.Application()
    for path in ("/get", "/post", "/put", "/patch", "/delete", "/anything", "/headers"):
        app.router.add_route("*", path, _echo)
    app.router.add_get("/cookies", _cookies)
    app.router.add_get("/cookies/set", _cookies_set)
    app.router.add_get("/status/{code}", _status)
    app.router.add_get("/delay/{secs}", _delay)
    app.router.add_get("/slow-body", _slow_body)
    app.router.add_get("/bytes/{n}", _bytes)
    return app


@asynccontextmanager
async def served(app: web.Application) -> AsyncIterator[str]:
    runner = web.AppRunner(app, shutdown_timeout=2.0)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await asyncio.wait_for(runner.cleanup(), 10)


# --- the seed examples, pointed at the local httpbin look-alike -------------------------------
async def test_seed_verbs_and_base_url() -> None:
    async with served(httpbin_app()) as url, wirehttp.ClientSession(url) as session:
        async with session.get("/get") as r:
            assert r.status == 200
        async with session.post("/post", data=b"data") as r:
            assert (await r.json())["data"] == "data"
        async with session.put("/put", data=b"data") as r:
            assert (await r.json())["method"] == "PUT"
        async with session.delete("/delete") as r:
            assert (await r.json())["method"] == "DELETE"
        async with session.patch("/patch", data=b"data") as r:
            assert (await r.json())["method"] == "PATCH"
        async with session.head("/get") as r:
            assert r.status == 200 and await r.read() == b""
        async with session.options("/get") as r:
            assert (await r.json())["method"] == "OPTIONS"


async def test_seed_params_url() -> None:
    async with served(httpbin_app()) as url, wirehttp.ClientSession() as session:
        params = {"key1": "value1", "key2": "value2"}
        async with session.get(f"{url}/get", params=params) as resp:
            assert str(resp.url) == f"{url}/get?key1=value1&key2=value2"
            assert (await resp.json())["args"] == params


async def test_seed_session_headers_and_cookies() -> None:
    headers = {"Authorization": "Basic bG9naW46cGFzcw=="}
    async with served(httpbin_app()) as url:
        async with (
            wirehttp.ClientSession(headers=headers) as session,
            session.get(f"{url}/headers") as r,
        ):
            body = await r.json()
            assert body["headers"]["Authorization"] == "Basic bG9naW46cGFzcw=="
        async with (
            wirehttp.ClientSession(cookies={"cookies_are": "working"}) as session,
            session.get(f"{url}/cookies") as resp,
        ):
            assert await resp.json() == {"cookies": {"cookies_are": "working"}}


async def test_seed_json_and_text_bodies() -> None:
    async with served(httpbin_app()) as url, wirehttp.ClientSession() as session:
        async with session.post(f"{url}/post", json={"example": "text"}) as r:
            body = await r.json()
            assert body["json"] == {"example": "text"}
            assert body["headers"]["Content-Type"] == "application/json"
        async with session.post(f"{url}/post", data="Привет, Мир!") as r:
            body = await r.json()
            assert body["data"] == "Привет, Мир!"
            assert body["headers"]["Content-Type"] == "text/plain; charset=utf-8"


# --- bodies ------------------------------------------------------------------------------------
async def _gen() -> AsyncIterator[bytes]:
    for piece in (b"ab", b"cd", b"ef"):
        await asyncio.sleep(0)
        yield piece


@pytest.mark.parametrize(
    ("make", "expected", "framing"),
    [
        (lambda: b"raw", "raw", "Content-Length"),
        (lambda: {"a": "1 2", "b": "&"}, "a=1+2&b=%26", "Content-Length"),
        (lambda: [("k", "v"), ("k", "w")], "k=v&k=w", "Content-Length"),
        (lambda: io.BytesIO(b"from a file"), "from a file", "Content-Length"),
        (lambda: io.StringIO("text io"), "text io", "Content-Length"),
        (_gen, "abcdef", "Transfer-Encoding"),
    ],
)
async def test_body_kinds(make: Any, expected: str, framing: str) -> None:
    async with (
        served(httpbin_app()) as url,
        wirehttp.ClientSession() as session,
        session.post(f"{url}/post", data=make()) as r,
    ):
        body = await r.json()
    assert body["data"] == expected
    assert framing in body["headers"]


async def test_file_streamed_in_chunks(tmp_path: Path) -> None:
    path = tmp_path / "big.bin"
    payload = os.urandom(300_000)
    path.write_bytes(payload)
    reads: list[int] = []

    class Spy(io.FileIO):
        def read(self, size: int = -1) -> bytes:
            reads.append(size)
            return super().read(size)

    async with served(httpbin_app()) as url, wirehttp.ClientSession() as session:
        with Spy(path, "rb") as fobj:
            async with session.put(f"{url}/put", data=fobj) as r:
                body = await r.json()
    assert body["headers"]["Content-Length"] == str(len(payload))
    assert len(body["data"].encode("utf-8", "surrogateescape")) >= 1
    assert reads and all(0 < size <= 64 * 1024 for size in reads)


async def test_stream_reader_body() -> None:
    async with (
        served(httpbin_app()) as url,
        wirehttp.ClientSession() as session,
        session.get(f"{url}/bytes/5000") as source,
    ):
        expected = None
        async with session.post(f"{url}/post", data=source.content) as r:
            body = await r.json()
        expected = body["headers"].get("Transfer-Encoding")
    assert expected == "chunked"


async def test_compress_deflate_is_decoded_by_server() -> None:
    async with (
        served(httpbin_app()) as url,
        wirehttp.ClientSession() as session,
        session.post(f"{url}/post", data=b"squeeze me" * 10, compress="deflate") as r,
    ):
        body = await r.json()
    assert body["data"] == "squeeze me" * 10
    assert body["headers"]["Content-Encoding"] == "deflate"


async def test_data_and_json_together_refused() -> None:
    async with wirehttp.ClientSession() as session:
        with pytest.raises(ValueError, match="data and json"):
            await session.post("http://127.0.0.1:1/", data=b"x", json={})


# --- connections -------------------------------------------------------------------------------
async def test_sequential_requests_share_one_connection() -> None:
    PEERS.clear()
    async with served(httpbin_app()) as url, wirehttp.ClientSession() as session:
        for _ in range(5):
            async with session.get(f"{url}/get") as r:
                await r.read()
    assert len(PEERS) == 1


async def test_unread_body_released_closes_not_pools() -> None:
    async with served(httpbin_app()) as url, wirehttp.ClientSession() as session:
        async with session.get(f"{url}/bytes/200000") as r:
            assert r.status == 200 and r.connection is not None
            protocol = r.connection.protocol
            assert protocol is not None
        assert protocol.should_close  # released mid-body: closed, never handed out again
        async with session.get(f"{url}/get") as r2:
            await r2.read()
        assert protocol.requests_started == 1  # not reused: the second went on a new connection


@asynccontextmanager
async def drops_second_request() -> AsyncIterator[tuple[str, list[int]]]:
    """A raw server: on its first connection it answers one request with keep-alive, then
    closes without a byte when the next request arrives; later connections answer everything."""
    connections: list[int] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections.append(0)
        first_connection = len(connections) == 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":")[1])
                await reader.readexactly(length)
                connections[-1] += 1
                if first_connection and connections[-1] == 2:
                    break
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    try:
        yield f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}", connections
    finally:
        server.close()
        await server.wait_closed()


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "HEAD"])
async def test_idempotent_request_retried_once_on_stale_connection(method: str) -> None:
    async with drops_second_request() as (url, connections), wirehttp.ClientSession() as session:
        async with session.get(url) as r:
            assert await r.text() == "ok"
        async with session.request(method, url, data=None if method == "HEAD" else b"x") as r:
            assert r.status == 200
    assert connections == [2, 1]  # the second request went out twice, the retry on a new connection


async def test_post_never_retried_silently() -> None:
    async with drops_second_request() as (url, connections), wirehttp.ClientSession() as session:
        async with session.get(url) as r:
            await r.read()
        with pytest.raises(wirehttp.ServerDisconnectedError):
            await session.post(url, data=b"once")
    assert connections == [2]


async def test_streamed_body_not_replayed() -> None:
    async with drops_second_request() as (url, connections), wirehttp.ClientSession() as session:
        async with session.get(url) as r:
            await r.read()
        with pytest.raises(wirehttp.ServerDisconnectedError):
            await session.put(url, data=io.BytesIO(b"once"))
    assert connections == [2]


# --- cookies, raise_for_status, timeouts ---------------------------------------------------------
async def test_cookie_round_trip_through_the_jar() -> None:
    jar = wirehttp.CookieJar(unsafe=True)  # the server is an IP host
    async with served(httpbin_app()) as url, wirehttp.ClientSession(cookie_jar=jar) as session:
        async with session.get(f"{url}/cookies/set", params={"flavour": "oat"}) as r:
            assert await r.json() == {"cookies": {"flavour": "oat"}}
            assert len(r.history) == 1
        assert {c.key for c in session.cookie_jar} == {"flavour"}


async def test_raise_for_status_session_and_request() -> None:
    async with served(httpbin_app()) as url:
        async with wirehttp.ClientSession(raise_for_status=True) as session:
            with pytest.raises(wirehttp.ClientResponseError) as info:
                await session.get(f"{url}/status/418")
            assert info.value.status == 418
            async with session.get(f"{url}/status/404", raise_for_status=False) as r:
                assert r.status == 404 and not r.ok
        seen: list[int] = []

        async def check(resp: Any) -> None:
            seen.append(resp.status)

        async with (
            wirehttp.ClientSession(raise_for_status=check) as session,
            session.get(f"{url}/status/503") as r,
        ):
            assert r.status == 503
        assert seen == [503]


async def test_sock_read_timeout() -> None:
    async with served(httpbin_app()) as url:
        timeout = ClientTimeout(sock_read=0.2)
        async with wirehttp.ClientSession(timeout=timeout) as session:
            with pytest.raises(wirehttp.SocketTimeoutError):
                await session.get(f"{url}/delay/5")
            async with session.get(f"{url}/slow-body") as r:
                with pytest.raises(wirehttp.ServerTimeoutError):
                    await r.read()


async def test_total_timeout() -> None:
    async with (
        served(httpbin_app()) as url,
        wirehttp.ClientSession(timeout=ClientTimeout(total=0.3)) as session,
    ):
        with pytest.raises(asyncio.TimeoutError):
            await session.get(f"{url}/delay/5")
        async with session.get(f"{url}/slow-body") as r:
            with pytest.raises(asyncio.TimeoutError):
                await r.read()
        async with session.get(f"{url}/get", timeout=ClientTimeout(total=5)) as r:
            assert r.status == 200


# --- lifecycle -----------------------------------------------------------------------------------
async def test_close_and_closed() -> None:
    session = wirehttp.ClientSession()
    assert not session.closed
    await session.close()
    assert session.closed
    with pytest.raises(RuntimeError, match="closed"):
        await session.get("http://127.0.0.1:1/")
    await session.close()  # twice is fine


async def test_leaked_session_warns_and_closed_one_does_not() -> None:
    session = wirehttp.ClientSession()
    await session.close()
    del session
    gc.collect()
    leaked = wirehttp.ClientSession()
    with pytest.warns(ResourceWarning, match="Unclosed client session"):
        leaked.__del__()
    await leaked.close()


async def test_module_level_request() -> None:
    async with (
        served(httpbin_app()) as url,
        wirehttp.request("GET", f"{url}/get", params={"a": "1"}) as r,
    ):
        assert (await r.json())["args"] == {"a": "1"}


async def test_invalid_urls() -> None:
    async with wirehttp.ClientSession() as session:
        with pytest.raises(wirehttp.NonHttpUrlClientError):
            await session.get("ftp://example.com/")
        with pytest.raises(wirehttp.InvalidUrlClientError):
            await session.get("/relative-without-base")


async def test_crlf_in_header_refused_before_sending() -> None:
    PEERS.clear()
    async with served(httpbin_app()) as url, wirehttp.ClientSession() as session:
        with pytest.raises(ValueError):
            await session.get(f"{url}/get", headers={"X-Evil": "a\r\nInjected: 1"})
        with pytest.raises(ValueError):
            await session.request("GE\nT", f"{url}/get")
    assert not PEERS


async def test_unknown_keyword_refused_and_auth_conflicts() -> None:
    with pytest.warns(DeprecationWarning):
        auth = wirehttp.BasicAuth("u", "p")
    async with wirehttp.ClientSession() as session:
        with pytest.raises(TypeError, match="allow_redirect"):
            await session.get("http://127.0.0.1:1/", allow_redirect=False)
        with pytest.raises(ValueError, match="AUTHORIZATION"):
            await session.get("http://127.0.0.1:1/", auth=auth, headers={"Authorization": "x"})
        with pytest.raises(ValueError, match="credentials encoded in URL"):
            await session.get("http://a:b@127.0.0.1:1/", auth=auth)


async def test_session_auth_only_for_base_url_origin() -> None:
    with pytest.warns(DeprecationWarning):
        auth = wirehttp.BasicAuth("u", "p")
    async with (
        served(httpbin_app()) as url,
        served(httpbin_app()) as other,
        wirehttp.ClientSession(url + "/", auth=auth) as session,
    ):
        async with session.get("/headers") as r:
            assert (await r.json())["headers"]["Authorization"] == "Basic dTpw"
        async with session.get(f"{other}/headers") as r:
            assert "Authorization" not in (await r.json())["headers"]


async def test_per_request_auto_decompress_off() -> None:
    async def coded(request: web.Request) -> web.Response:
        import gzip

        resp = web.Response(body=gzip.compress(b"plain"))
        resp.headers["Content-Encoding"] = "gzip"
        return resp

    application = web.Application()
    application.router.add_get("/", coded)
    async with served(application) as url, wirehttp.ClientSession() as session:
        async with session.get(url) as r:
            assert await r.read() == b"plain"
        async with session.get(url, auto_decompress=False) as r:
            assert (await r.read())[:2] == b"\x1f\x8b"


async def test_legacy_ssl_options() -> None:  # proxies are tested in test_proxy.py
    async with wirehttp.ClientSession() as session:
        with (
            pytest.raises(ValueError, match="mutually exclusive"),
            pytest.warns(DeprecationWarning, match="verify_ssl"),
        ):
            await session.get("https://127.0.0.1:1/", ssl=False, verify_ssl=False)
    async with served(httpbin_app()) as url, wirehttp.ClientSession() as session:
        with pytest.warns(DeprecationWarning, match="verify_ssl is deprecated"):
            r = await session.get(f"{url}/get", verify_ssl=False)
        async with r:
            assert r.status == 200

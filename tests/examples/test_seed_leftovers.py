"""Seed examples no other test ran, served by a local app: seed 003's client examples and the
few examples of seeds 000-002 that need no httpbin (the httpbin-based ones are in
tests/interop/test_seed_leftovers_client.py; the index is tests/examples/SEEDS.md).

The seed's code is kept as written (indentation restored) with `import wirehttp as aiohttp`; only
the URL changes: https://api.example.com, https://example.com and https://api.serviceN.com become
paths of a loopback app (`STAND_IN`) that answers what those examples expect. Where it is cheap,
the same seed code also runs with aiohttp's own client against the same app, and what it prints
or returns must be the same: what a user of aiohttp would see is the reference. What the seed
leaves out (an import, a route) is filled in with a comment saying so; the seeds' typos are fixed
minimally, with a comment.
"""

# ruff: noqa: SIM117  (the seeds nest `async with` session / request; kept as written)

from __future__ import annotations

import asyncio
import hashlib
import importlib.metadata
import json
import socket
from pathlib import Path
from types import ModuleType
from typing import Any
from unittest import mock

import aiohttp as real_aiohttp
import pytest

import wirehttp
import wirehttp as aiohttp
from wirehttp import web
from wirehttp.pytest_plugin import AiohttpClient, AiohttpServer

FILE = hashlib.sha256(b"download").digest() * 4000  # 128000 bytes, not one repeated byte
PEERS = web.AppKey("peers", list)


async def _echo_headers(request: web.Request) -> web.Response:
    request.app[PEERS].append(request.transport.get_extra_info("peername"))  # type: ignore[union-attr]
    return web.json_response({"headers": dict(request.headers)})


async def _echo_query(request: web.Request) -> web.Response:
    return web.json_response(
        {"args": dict(request.query), "raw": request.raw_path.partition("?")[2]}
    )


async def _echo_body(request: web.Request) -> web.Response:
    body = await request.read()
    return web.json_response(
        {
            "json": json.loads(body) if request.content_type == "application/json" else None,
            "content_type": request.content_type,
            "length": len(body),
            "sha1": hashlib.sha1(body).hexdigest(),
        }
    )


async def _status(request: web.Request) -> web.Response:
    status = int(request.match_info["status"])
    if status == 200:
        return web.json_response({"status": 200})
    return web.Response(status=status, text=f"status {status}")


async def _user(request: web.Request) -> web.Response:
    return web.json_response({"id": int(request.match_info["n"])})


async def _service_data(request: web.Request) -> web.Response:
    n = int(request.match_info["n"])
    if n == 2:
        raise web.HTTPServiceUnavailable()
    return web.json_response({"service": n})


async def _page(request: web.Request) -> web.Response:
    return web.Response(
        text="<!doctype html><title>Example Domain</title>", content_type="text/html"
    )


async def _file(request: web.Request) -> web.Response:
    return web.Response(body=FILE, content_type="application/zip")


def _stand_in() -> web.Application:
    app = web.Application()
    app[PEERS] = []
    app.router.add_get("/", _page)
    app.router.add_get("/data", _status_200_data)
    app.router.add_post("/post", _echo_body)
    app.router.add_get("/protected", _echo_headers)
    app.router.add_get("/search", _echo_query)
    app.router.add_get("/file.zip", _file)
    app.router.add_get("/user/{n}", _user)
    app.router.add_get("/status/{status}", _status)
    app.router.add_get("/service{n}/data", _service_data)
    return app


async def _status_200_data(request: web.Request) -> web.Response:
    return web.json_response({"items": [1, 2, 3]})


@pytest.fixture
async def base(aiohttp_server: AiohttpServer) -> str:
    """The stand-in's base URL (for api.example.com, example.com and api.serviceN.com)."""
    server = await aiohttp_server(_stand_in())
    return str(server.make_url("")).rstrip("/")


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- seed 001 "Installation" and seed 003 "Checking the Installation" --------------------------


def test_001_003_print_version(capsys: pytest.CaptureFixture[str]) -> None:
    print(aiohttp.__version__)
    # wirehttp reports its own version (its distribution's), not aiohttp's 3.14.x
    assert capsys.readouterr().out == importlib.metadata.version("wirehttp") + "\n"


# --- seed 002: the 0.x docs' `run()` wrapper, UnixConnector, ProxyConnector, StreamReader -------


async def test_002_run_wrapper(base: str, capsys: pytest.CaptureFixture[str]) -> None:
    """`def run(): r = yield from aiohttp.request('get', 'http://python.org') ...`: generator
    coroutines are gone from Python and aiohttp alike, so today's spelling (as in
    tests/interop/test_seed_examples_client.py); python.org -> the stand-in's page."""

    async def run():  # type: ignore[no-untyped-def]
        async with aiohttp.request("get", base + "/") as r:
            raw = await r.text()
            print(raw)

    await run()
    assert capsys.readouterr().out == "<!doctype html><title>Example Domain</title>\n"


async def test_002_unix_connector(aiohttp_server: AiohttpServer, tmp_path: Path) -> None:
    async def host(request: web.Request) -> web.Response:
        return web.Response(
            text=f"served {request.host} over {request.transport.get_extra_info('sockname')}"
        )  # type: ignore[union-attr]

    app = web.Application()
    app.router.add_get("/", host)
    runner = web.AppRunner(app)
    await runner.setup()
    path = str(tmp_path / "socket")  # /path/to/socket -> a socket of this test
    await web.UnixSite(runner, path).start()
    try:
        conn = aiohttp.UnixConnector(path=path)
        # http://python.org -> http://localhost: the socket path decides where it goes
        async with aiohttp.request("get", "http://localhost/", connector=conn) as r:
            assert (r.status, await r.text()) == (200, f"served localhost over {path}")
        await conn.close()
    finally:
        await runner.cleanup()


def test_002_proxy_connector_is_gone_as_in_aiohttp() -> None:
    """`aiohttp.ProxyConnector(proxy=..., proxy_auth=...)` was removed in aiohttp 1.0 and
    aiohttp 3.14 has no such name: neither has wirehttp. Its replacement (`proxy=` and
    `proxy_auth=` on the request) runs against tinyproxy in
    tests/interop/test_seed_leftovers_client.py::test_002_proxy_connector_today."""
    assert not hasattr(real_aiohttp, "ProxyConnector")
    with pytest.raises(AttributeError):
        aiohttp.ProxyConnector  # type: ignore[attr-defined]  # noqa: B018


async def test_002_feed_stream(aiohttp_server: AiohttpServer) -> None:
    """Uploading a StreamReader fed from another response, hashing what passes through."""
    data = hashlib.sha256(b"x").digest() * 20000  # 640000 bytes

    async def source(request: web.Request) -> web.Response:
        return web.Response(body=data)

    app = web.Application(client_max_size=2 * 1024 * 1024)
    app.router.add_get("/get", source)
    app.router.add_post("/post", _echo_body)
    server = await aiohttp_server(app)

    async def feed_stream(resp, stream):  # type: ignore[no-untyped-def]
        h = hashlib.sha1()

        while True:  # the seed's `with True:` is a typo for `while True:`
            chunk = await resp.content.readany()
            if not chunk:
                break
            h.update(chunk)
            stream.feed_data(chunk)  # the seed's `s.feed_data` is a typo for `stream`
        stream.feed_eof()  # (added: without the end of the stream the upload never ends)
        return h.hexdigest()

    async def post(stream):  # type: ignore[no-untyped-def]
        # `asyncio.async(aiohttp.request('post', url, data=stream)` (a missing parenthesis,
        # and asyncio.async is gone): today a task over `async with aiohttp.request(...)`
        async with aiohttp.request("post", server.make_url("/post"), data=stream) as r:
            return await r.json()

    # http://httpbin.org/post (which answers GET with 405) -> the stand-in's /get
    async with aiohttp.request("get", server.make_url("/get")) as resp:
        # `StreamReader()`: aiohttp 3.x's takes (protocol, limit); a protocol stand-in as
        # aiohttp's own tests use for a reader with no connection behind it
        stream = aiohttp.StreamReader(mock.Mock(_reading_paused=False), 2**16)
        task = asyncio.ensure_future(post(stream))
        file_hash = await feed_stream(resp, stream)
    echoed = await task
    assert file_hash == hashlib.sha1(data).hexdigest()
    assert (echoed["sha1"], echoed["length"]) == (file_hash, len(data))


# --- seed 003: the client examples --------------------------------------------------------------


async def test_003_fetch(base: str) -> None:
    async def fetch(url):  # type: ignore[no-untyped-def]
        async with aiohttp.ClientSession() as session:
            async with session.get(url) as response:
                return await response.text()

    # Running an asynchronous function (the seed's asyncio.run(...), awaited here)
    text = await fetch(base + "/")  # https://example.com -> the stand-in's page
    assert text == "<!doctype html><title>Example Domain</title>"


async def test_003_create_configured_session() -> None:
    def make(aiohttp: ModuleType) -> Any:
        async def create_configured_session():  # type: ignore[no-untyped-def]
            timeout = aiohttp.ClientTimeout(total=30)
            connector = aiohttp.TCPConnector(limit=100, limit_per_host=10)
            async with aiohttp.ClientSession(
                timeout=timeout, connector=connector, headers={"User-Agent": "MyApp/1.0"}
            ) as session:
                return session

        return create_configured_session

    seen = []
    for module in (wirehttp, real_aiohttp):
        session = await make(module)()
        # what the seed returns is a session already closed by its `async with`
        seen.append(
            (
                session.closed,
                session.timeout.total,
                session.headers["User-Agent"],
                session.connector,
            )
        )
    assert seen[0] == seen[1] == (True, 30, "MyApp/1.0", None)


async def test_003_get_and_post_examples(base: str, capsys: pytest.CaptureFixture[str]) -> None:
    def make(aiohttp: ModuleType, data_url: str) -> tuple[Any, Any]:
        async def get_example():  # type: ignore[no-untyped-def]
            async with aiohttp.ClientSession() as session:
                async with session.get(data_url) as resp:
                    if resp.status == 200:
                        data = await resp.json()
                        return data
                    else:
                        print(f"Error: {resp.status}")

        async def post_example():  # type: ignore[no-untyped-def]
            payload = {"key": "value", "number": 42}
            async with aiohttp.ClientSession() as session:
                async with session.post(base + "/post", json=payload) as resp:
                    response_text = await resp.text()
                    print(response_text)

        return get_example, post_example

    get_example, post_example = make(wirehttp, base + "/data")
    assert await get_example() == {"items": [1, 2, 3]}
    get_failing, _ = make(wirehttp, base + "/status/503")
    assert await get_failing() is None
    assert capsys.readouterr().out == "Error: 503\n"

    await post_example()
    printed = capsys.readouterr().out
    echoed = json.loads(printed)
    assert echoed["json"] == {"key": "value", "number": 42}
    assert echoed["content_type"] == "application/json"
    await make(real_aiohttp, base + "/data")[1]()
    assert capsys.readouterr().out == printed  # aiohttp sends the same body


async def test_003_headers_and_params(base: str) -> None:
    def make(aiohttp: ModuleType) -> tuple[Any, Any]:
        async def request_with_headers():  # type: ignore[no-untyped-def]
            headers = {
                "Authorization": "Bearer your_token_here",
                "Content-Type": "application/json",
                "Accept": "application/json",
            }
            async with aiohttp.ClientSession() as session:
                async with session.get(base + "/protected", headers=headers) as resp:
                    return await resp.json()

        async def request_with_params():  # type: ignore[no-untyped-def]
            params = {"q": "python programming", "limit": 20, "offset": 0, "sort": "date"}
            async with aiohttp.ClientSession() as session:
                async with session.get(base + "/search", params=params) as resp:
                    return await resp.json()

        return request_with_headers, request_with_params

    request_with_headers, request_with_params = make(wirehttp)
    sent = (await request_with_headers())["headers"]
    assert (sent["Authorization"], sent["Content-Type"], sent["Accept"]) == (
        "Bearer your_token_here",
        "application/json",
        "application/json",
    )
    found = await request_with_params()
    assert found["args"] == {
        "q": "python programming",
        "limit": "20",
        "offset": "0",
        "sort": "date",
    }
    assert found == await make(real_aiohttp)[1]()  # the same query string as aiohttp's
    assert found["raw"] == "q=python+programming&limit=20&offset=0&sort=date"


async def test_003_download_file(
    base: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)

    async def download_file(url, filename):  # type: ignore[no-untyped-def]
        async with aiohttp.ClientSession() as session:
            async with session.get(url) as resp:
                if resp.status == 200:
                    with open(filename, "wb") as file:
                        async for chunk in resp.content.iter_chunked(8192):
                            file.write(chunk)
                    return f"File {filename} successfully downloaded"

    assert await download_file(base + "/file.zip", "file.zip") == (
        "File file.zip successfully downloaded"
    )
    assert Path("file.zip").read_bytes() == FILE
    assert await download_file(base + "/status/404", "missing.zip") is None
    assert not Path("missing.zip").exists()


async def test_003_multiple_requests(base: str) -> None:
    async def multiple_requests():  # type: ignore[no-untyped-def]
        urls = [base + "/user/1", base + "/user/2", base + "/user/3"]
        async with aiohttp.ClientSession() as session:
            tasks = []
            for url in urls:
                task = asyncio.create_task(fetch_user(session, url))
                tasks.append(task)
            results = await asyncio.gather(*tasks)
            return results

    async def fetch_user(session, url):  # type: ignore[no-untyped-def]
        async with session.get(url) as resp:
            return await resp.json()

    assert await multiple_requests() == [{"id": 1}, {"id": 2}, {"id": 3}]


def _robust_request(aiohttp: ModuleType, fixed: bool) -> Any:
    """The seed's robust_request; `fixed` replaces its `except ClientTimeout` (a settings class,
    not an exception: Python raises TypeError on reaching that clause) by asyncio.TimeoutError."""
    ClientError, ClientTimeout = aiohttp.ClientError, aiohttp.ClientTimeout
    ClientConnectorError = aiohttp.ClientConnectorError
    timeout_exc = asyncio.TimeoutError if fixed else ClientTimeout

    async def robust_request(url):  # type: ignore[no-untyped-def]
        try:
            timeout = ClientTimeout(total=10, connect=5)
            async with aiohttp.ClientSession(timeout=timeout) as session:
                async with session.get(url) as resp:
                    resp.raise_for_status()  # Raises an exception for HTTP errors
                    return await resp.text()
        except ClientConnectorError as e:
            print(f"Connection error: {e}")
        except timeout_exc as e:
            print(f"Timeout exceeded: {e}")
        except ClientError as e:
            print(f"Client error: {e}")
        except Exception as e:
            print(f"Unexpected error: {e}")

    return robust_request


async def test_003_robust_request(base: str, capsys: pytest.CaptureFixture[str]) -> None:
    robust_request = _robust_request(wirehttp, fixed=False)
    assert await robust_request(base + "/") == "<!doctype html><title>Example Domain</title>"
    dead = f"http://127.0.0.1:{_closed_port()}/"
    assert await robust_request(dead) is None
    assert capsys.readouterr().out.startswith(
        f"Connection error: Cannot connect to host 127.0.0.1:{dead.split(':')[2][:-1]} ssl:default"
    )
    # as written, an HTTP error reaches `except ClientTimeout` and Python refuses the clause,
    # with aiohttp as with wirehttp
    for module in (wirehttp, real_aiohttp):
        with pytest.raises(TypeError, match="catching classes that do not inherit"):
            await _robust_request(module, fixed=False)(base + "/status/404")

    outputs = []
    for module in (wirehttp, real_aiohttp):
        assert await _robust_request(module, fixed=True)(base + "/status/404") is None
        outputs.append(capsys.readouterr().out)
    assert (
        outputs[0]
        == (f"Client error: 404, message='Not Found', url='{base}/status/404'\n")
        == outputs[1]
    )


async def test_003_handle_http_status(base: str, capsys: pytest.CaptureFixture[str]) -> None:
    async def handle_http_status(url):  # type: ignore[no-untyped-def]
        async with aiohttp.ClientSession() as session:
            async with session.get(url) as resp:
                if resp.status == 200:
                    return await resp.json()
                elif resp.status == 404:
                    print("Resource not found")
                elif resp.status == 500:
                    print("Internal server error")
                else:
                    print(f"Unexpected status: {resp.status}")

    assert await handle_http_status(base + "/status/200") == {"status": 200}
    for status in (404, 500, 418):
        assert await handle_http_status(base + f"/status/{status}") is None
    assert capsys.readouterr().out == (
        "Resource not found\nInternal server error\nUnexpected status: 418\n"
    )


async def test_003_aggregate_data(base: str) -> None:
    async def aggregate_data():  # type: ignore[no-untyped-def]
        urls = [base + "/service1/data", base + "/service2/data", base + "/service3/data"]
        async with aiohttp.ClientSession() as session:
            tasks = [session.get(url) for url in urls]
            responses = await asyncio.gather(*tasks)
            results = []
            for response in responses:
                if response.status == 200:
                    data = await response.json()
                    results.append(data)
            return results

    # api.service2.com answers 503 here: the seed keeps only the 200s
    assert await aggregate_data() == [{"service": 1}, {"service": 3}]


async def test_003_optimized_client_and_pool(aiohttp_client: AiohttpClient) -> None:
    app = _stand_in()
    client = await aiohttp_client(app)
    base = str(client.make_url("")).rstrip("/")

    async def optimized_client():  # type: ignore[no-untyped-def]
        connector = aiohttp.TCPConnector(
            limit=100,  # Maximum connections
            limit_per_host=10,  # Maximum connections per host
            ttl_dns_cache=300,  # DNS cache for 5 minutes
            use_dns_cache=True,  # Use DNS cache
            keepalive_timeout=30,  # Keep-alive timeout
        )
        timeout = aiohttp.ClientTimeout(
            total=30,  # Total timeout
            connect=5,  # Connection timeout
            sock_read=10,  # Read timeout
        )
        return aiohttp.ClientSession(
            connector=connector, timeout=timeout, headers={"User-Agent": "MyApp/1.0"}
        )

    class ConnectionPool:
        def __init__(self):  # type: ignore[no-untyped-def]
            self.session = None

        async def get_session(self):  # type: ignore[no-untyped-def]
            if self.session is None:
                self.session = await optimized_client()
            return self.session

        async def close(self):  # type: ignore[no-untyped-def]
            if self.session:
                await self.session.close()

    pool = ConnectionPool()

    async def make_request(url):  # type: ignore[no-untyped-def]
        session = await pool.get_session()
        async with session.get(url) as response:
            return await response.json()

    first = await make_request(base + "/protected")
    session = pool.session
    second = await make_request(base + "/protected")
    assert pool.session is session and not session.closed
    assert first["headers"]["User-Agent"] == second["headers"]["User-Agent"] == "MyApp/1.0"
    peers = app[PEERS]
    assert len(peers) == 2 and peers[0] == peers[1]  # one pooled connection, kept alive
    assert (session.timeout.total, session.timeout.connect, session.timeout.sock_read) == (
        30,
        5,
        10,
    )
    assert (session.connector.limit, session.connector.limit_per_host) == (100, 10)
    await pool.close()
    assert session.closed

"""The httpbin-based client examples of ../shared/seeds, run with `import wirehttp as aiohttp`.

Each test is one seed example kept as close to its text as possible: same calls, same structure,
only the URL changed so that it points at the local httpbin (gunicorn) fixture. What the example
prints is captured and checked, and so is what it returns. Where a seed used another public site
(python.org, api.github.com, example.com...), the closest local equivalent is used and a comment
says so. Scripts' `loop.run_until_complete(main())` / `asyncio.run(main())` become `await main()`,
since the test already runs inside a loop.

Seeds: 000 = aiohttp's README/quickstart page, 001 = a tutorial chapter, 002 = the old (0.x)
client docs written with `yield from aiohttp.request(...)`, spelled here with today's
`async with aiohttp.request(...)`.
"""

# ruff: noqa: SIM117  (the seeds nest `async with` session / request; kept as written)

from __future__ import annotations

import asyncio
import json
import logging
import re
import socket
from pathlib import Path
from typing import Any, Dict, Optional  # noqa: UP035  (the seed's own spelling)

import pytest

import wirehttp as aiohttp
from wirehttp import ClientSession

pytestmark = pytest.mark.interop

log = logging.getLogger("seed-adapter")  # the adapter seed uses `log` without defining it


def _closed_port() -> int:
    """A loopback port nothing listens on (stands in for the seeds' unresolvable domain)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- seed 000: aiohttp's README and client quickstart -------------------------------------------


async def test_000_basic_example(httpbin_server: Any, capsys: pytest.CaptureFixture[str]) -> None:
    # python.org -> httpbin's /html, an HTML page served as text/html; charset=utf-8
    url = httpbin_server.url + "/html"

    async def main():  # type: ignore[no-untyped-def]
        async with aiohttp.ClientSession() as session:
            async with session.get(url) as response:
                print("Status:", response.status)
                print("Content-type:", response.headers["content-type"])

                html = await response.text()
                print("Body:", html[:15], "...")

    await main()
    assert capsys.readouterr().out == (
        "Status: 200\nContent-type: text/html; charset=utf-8\nBody: <!DOCTYPE html> ...\n"
    )


async def test_000_make_a_request(httpbin_server: Any) -> None:
    base = httpbin_server.url
    async with aiohttp.ClientSession() as session:
        async with session.post(base + "/post", data=b"data") as resp:
            assert (await resp.json())["data"] == "data"
        async with session.put(base + "/put", data=b"data") as resp:
            assert (resp.method, (await resp.json())["data"]) == ("PUT", "data")
        async with session.delete(base + "/delete") as resp:
            assert (await resp.json())["url"] == base + "/delete"
        async with session.head(base + "/get") as resp:
            assert (resp.status, await resp.read()) == (200, b"")
            assert int(resp.headers["Content-Length"]) > 0
        async with session.options(base + "/get") as resp:
            assert set(resp.headers["Allow"].split(", ")) >= {"GET", "HEAD", "OPTIONS"}
        async with session.patch(base + "/patch", data=b"data") as resp:
            assert (await resp.json())["data"] == "data"


async def test_000_base_url(httpbin_server: Any) -> None:
    seen = []
    async with aiohttp.ClientSession(httpbin_server.url) as session:
        async with session.get("/get") as r:
            seen.append((r.status, str(r.url)))
        async with session.post("/post", data=b"data") as r:
            seen.append((r.status, str(r.url)))
        async with session.put("/put", data=b"data") as r:
            seen.append((r.status, str(r.url)))
    assert seen == [(200, httpbin_server.url + p) for p in ("/get", "/post", "/put")]


async def test_000_params(httpbin_server: Any) -> None:
    async with aiohttp.ClientSession() as session:
        params = {"key1": "value1", "key2": "value2"}
        async with session.get(httpbin_server.url + "/get", params=params) as resp:
            expect = httpbin_server.url + "/get?key1=value1&key2=value2"
            assert str(resp.url) == expect
            assert (await resp.json())["args"] == params


async def test_000_json_response(httpbin_server: Any, capsys: pytest.CaptureFixture[str]) -> None:
    # api.github.com/events -> httpbin's /json (a JSON document)
    async with aiohttp.ClientSession() as session:
        async with session.get(httpbin_server.url + "/json") as resp:
            print(await resp.json())
    printed = capsys.readouterr().out
    assert printed.startswith("{'slideshow': {") and "'title': 'Sample Slide Show'" in printed


async def test_000_custom_headers(httpbin_server: Any) -> None:
    async with aiohttp.ClientSession() as session:
        # example.com/image -> httpbin's /post, which echoes what it was sent
        url = httpbin_server.url + "/post"
        payload = (
            b"GIF89a\x01\x00\x01\x00\x00\xff\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x00;"
        )
        headers = {"content-type": "image/gif"}

        resp = await session.post(url, data=payload, headers=headers)
        echoed = await resp.json()
        assert echoed["headers"]["Content-Type"] == "image/gif"
        assert echoed["headers"]["Content-Length"] == str(len(payload))

        resp = await session.post(url, json={"example": "text"})
        echoed = await resp.json()
        assert echoed["json"] == {"example": "text"}
        assert echoed["headers"]["Content-Type"] == "application/json"

        resp = await session.post(url, data="Привет, Мир!")
        echoed = await resp.json()
        assert echoed["data"] == "Привет, Мир!"
        assert echoed["headers"]["Content-Type"] == "text/plain; charset=utf-8"


async def test_000_session_default_headers(httpbin_server: Any) -> None:
    headers = {"Authorization": "Basic bG9naW46cGFzcw=="}
    async with aiohttp.ClientSession(headers=headers) as session:
        async with session.get(httpbin_server.url + "/headers") as r:
            json_body = await r.json()
            assert json_body["headers"]["Authorization"] == "Basic bG9naW46cGFzcw=="


async def test_000_session_cookies(httpbin_server: Any) -> None:
    url = httpbin_server.url + "/cookies"
    cookies = {"cookies_are": "working"}
    async with ClientSession(cookies=cookies) as session:
        async with session.get(url) as resp:
            assert await resp.json() == {"cookies": {"cookies_are": "working"}}


async def test_000_hello_world_and_fetch(
    httpbin_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    # python.org -> httpbin's /html
    url = httpbin_server.url + "/html"

    async def main():  # type: ignore[no-untyped-def]
        async with aiohttp.ClientSession() as session:
            async with session.get(url) as response:
                html = await response.text()
                print(html)

    async def fetch(session, url):  # type: ignore[no-untyped-def]
        async with session.get(url) as response:
            return await response.text()

    async def main2():  # type: ignore[no-untyped-def]
        async with aiohttp.ClientSession() as session:
            html = await fetch(session, url)
            print(html)

    async def main3():  # type: ignore[no-untyped-def]  ("Why so many lines of code")
        async with aiohttp.ClientSession() as session:
            async with session.get(url) as response:
                print(await response.text())

    await main()
    await main2()
    await main3()
    pages = [page.strip() for page in capsys.readouterr().out.split("</html>")]
    assert len(pages) == 4 and pages[3] == ""
    assert pages[0] == pages[1] == pages[2]
    assert pages[0].startswith("<!DOCTYPE html>") and "Herman Melville - Moby-Dick" in pages[0]


async def test_000_adapter(httpbin_server: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from dataclasses import dataclass

    @dataclass
    class Config:
        verify_ssl: bool = True
        tcp_connections: int = 5

    class Http:
        """A generic HTTP Rest adapter."""

        def __init__(self, config: Optional[Config] = None) -> None:  # noqa: UP045
            self.config = Config() if config is None else config

        async def __aenter__(self) -> "Http":  # noqa: UP037
            self._con = aiohttp.TCPConnector(
                verify_ssl=self.config.verify_ssl, limit=self.config.tcp_connections
            )
            self._session = aiohttp.ClientSession(connector=self._con)
            return self

        async def __aexit__(self, exc_type, exc, tb) -> None:  # type: ignore[no-untyped-def]
            await self._session.close()
            await self._con.close()

        async def request(
            self,
            url: str,
            method: str = "get",
            query_param: Optional[Dict] = None,  # type: ignore[type-arg]  # noqa: UP006, UP045
            headers: Optional[Dict] = None,  # type: ignore[type-arg]  # noqa: UP006, UP045
            body: Optional[Dict] = None,  # type: ignore[type-arg]  # noqa: UP006, UP045
        ) -> aiohttp.ClientResponse:
            method = method.upper()
            headers = headers or {}

            if method == "GET":
                log.debug(f"Fetching page {url}")
                async with self._session.get(url, params=query_param, headers=headers) as response:
                    if response.status != 200:
                        log.debug(f"{url} returned an {response.status} code")
                        response.raise_for_status()
                    return response
            raise AssertionError("unreachable in the seed")  # the seed falls off the end

    # https://httpbin.org/get -> the local httpbin (plain HTTP)
    url = httpbin_server.url + "/get"

    async def main():  # type: ignore[no-untyped-def]
        async with Http() as client:
            print(await client.request(method="GET", url=url))

    await main()
    printed = capsys.readouterr().out
    assert printed.startswith(f"<ClientResponse({url}) [200 OK]>\n<CIMultiDictProxy(")
    assert "'Content-Type': 'application/json'" in printed


# --- seed 001: a tutorial chapter ---------------------------------------------------------------


async def test_001_simple_get(httpbin_server: Any, capsys: pytest.CaptureFixture[str]) -> None:
    # api.github.com -> httpbin's /response-headers, which answers the query as a JSON object
    async def fetch(url: str):  # type: ignore[no-untyped-def]
        async with aiohttp.ClientSession() as session:
            async with session.get(url) as response:
                print(response.status)
                data = await response.json()
                return data

    api = httpbin_server.url + "/response-headers?current_user_url=https://api.github.com/user"
    result = await fetch(api)
    print(result["current_user_url"])
    assert capsys.readouterr().out == "200\nhttps://api.github.com/user\n"


async def test_001_two_context_managers(httpbin_server: Any) -> None:
    async def example():  # type: ignore[no-untyped-def]
        async with aiohttp.ClientSession() as session:
            async with session.get(httpbin_server.url + "/get") as response:
                data = await response.json()
                return data

    data = await example()
    assert data["url"] == httpbin_server.url + "/get"
    assert data["headers"]["Host"] == f"127.0.0.1:{httpbin_server.port}"


async def test_001_reusing_sessions(httpbin_server: Any) -> None:
    urls = [httpbin_server.url + "/get", httpbin_server.url + "/status/204"]

    async def make_requests():  # type: ignore[no-untyped-def]
        async with aiohttp.ClientSession() as session:
            async with session.get(httpbin_server.url + "/get") as resp:
                data1 = await resp.json()
            async with session.get(httpbin_server.url + "/headers") as resp:
                data2 = await resp.json()
            return data1, data2

    async def bad_example():  # type: ignore[no-untyped-def]
        for url in urls:
            async with aiohttp.ClientSession() as session:  # Wasteful!
                async with session.get(url) as resp:
                    pass
        return resp.status

    data1, data2 = await make_requests()
    assert data1["url"] == httpbin_server.url + "/get"
    assert set(data2) == {"headers"} and "Accept-Encoding" in data2["headers"]
    assert await bad_example() == 204


async def test_001_session_default_headers(
    httpbin_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    # api.github.com/users/python -> /response-headers?login=python; /headers shows what was sent
    async def github_requests():  # type: ignore[no-untyped-def]
        headers = {"Accept": "application/vnd.github.v3+json", "User-Agent": "MyApp/1.0"}

        async with aiohttp.ClientSession(headers=headers) as session:
            async with session.get(httpbin_server.url + "/response-headers?login=python") as resp:
                result = await resp.json()
            async with session.get(httpbin_server.url + "/headers") as resp:
                sent = (await resp.json())["headers"]
            return result, sent

    result, sent = await github_requests()
    print(result["login"])
    assert capsys.readouterr().out == "python\n"
    assert (sent["Accept"], sent["User-Agent"]) == ("application/vnd.github.v3+json", "MyApp/1.0")


async def test_001_all_methods(httpbin_server: Any) -> None:
    base = httpbin_server.url

    async def all_methods():  # type: ignore[no-untyped-def]
        async with aiohttp.ClientSession() as session:
            async with session.get(base + "/get") as resp:
                get_data = await resp.json()
            async with session.post(base + "/post", json={"key": "value"}) as resp:
                post_data = await resp.json()
            async with session.put(base + "/put", json={"update": "data"}) as resp:
                put_data = await resp.json()
            async with session.delete(base + "/delete") as resp:
                delete_data = await resp.json()
            # the seed returns only the first two; the others are checked too
            return get_data, post_data, put_data, delete_data

    get_data, post_data, put_data, delete_data = await all_methods()
    assert get_data["url"] == base + "/get"
    assert post_data["json"] == {"key": "value"}
    assert put_data["json"] == {"update": "data"}
    assert delete_data["url"] == base + "/delete"


async def test_001_post_data_types(httpbin_server: Any, capsys: pytest.CaptureFixture[str]) -> None:
    url = httpbin_server.url + "/post"

    async def post_examples():  # type: ignore[no-untyped-def]
        async with aiohttp.ClientSession() as session:
            async with session.post(url, json={"key": "value"}) as resp:
                print(await resp.json())
            async with session.post(url, data={"field": "value"}) as resp:
                print(await resp.json())
            async with session.post(url, data=b"raw bytes") as resp:
                print(await resp.json())

    await post_examples()
    import ast

    printed = [ast.literal_eval(line) for line in capsys.readouterr().out.splitlines()]
    assert [p["json"] for p in printed] == [{"key": "value"}, None, None]
    assert [p["form"] for p in printed] == [{}, {"field": "value"}, {}]
    assert printed[2]["data"] == "raw bytes"
    assert [p["headers"]["Content-Type"] for p in printed] == [
        "application/json",
        "application/x-www-form-urlencoded",
        "application/octet-stream",
    ]


async def test_001_gather(httpbin_server: Any, capsys: pytest.CaptureFixture[str]) -> None:
    async def fetch_all(urls: list[str]):  # type: ignore[no-untyped-def]
        async with aiohttp.ClientSession() as session:

            async def fetch_one(url: str):  # type: ignore[no-untyped-def]
                async with session.get(url) as response:
                    return await response.json()

            tasks = [fetch_one(url) for url in urls]
            results = await asyncio.gather(*tasks)
            return results

    urls = [httpbin_server.url + f"/get?id={n}" for n in (1, 2, 3)]
    results = await fetch_all(urls)
    print(f"Fetched {len(results)} responses")
    assert capsys.readouterr().out == "Fetched 3 responses\n"
    assert [r["args"] for r in results] == [{"id": "1"}, {"id": "2"}, {"id": "3"}]


async def test_001_gather_with_errors(
    httpbin_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    async def fetch_with_errors(urls: list[str]):  # type: ignore[no-untyped-def]
        async with aiohttp.ClientSession() as session:

            async def fetch_one(url: str):  # type: ignore[no-untyped-def]
                try:
                    async with session.get(url, timeout=aiohttp.ClientTimeout(total=5)) as resp:
                        return {"url": url, "data": await resp.json(), "error": None}
                except asyncio.TimeoutError:
                    return {"url": url, "data": None, "error": "timeout"}
                except aiohttp.ClientError as e:
                    return {"url": url, "data": None, "error": str(e)}

            tasks = [fetch_one(url) for url in urls]
            return await asyncio.gather(*tasks)

    # invalid-domain-xyz.com -> a loopback port nothing listens on (no DNS leaves the machine)
    dead = f"http://127.0.0.1:{_closed_port()}"
    urls = [httpbin_server.url + "/get", httpbin_server.url + "/status/404", dead]
    results = await fetch_with_errors(urls)
    for r in results:
        if r["error"]:
            print(f"❌ {r['url']}: {r['error']}")
        else:
            print(f"✅ {r['url']}: success")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"✅ {urls[0]}: success"
    # /status/404 has an empty text/html body: json() raises ContentTypeError, a ClientError
    assert lines[1].startswith(f"❌ {urls[1]}: 404, message='Attempt to decode JSON")
    assert lines[2].startswith(f"❌ {dead}: Cannot connect to host 127.0.0.1:")
    assert len(lines) == 3


async def test_001_limited_concurrency(httpbin_server: Any) -> None:
    async def fetch_limited(urls: list[str], max_concurrent: int = 10):  # type: ignore[no-untyped-def]
        semaphore = asyncio.Semaphore(max_concurrent)

        async with aiohttp.ClientSession() as session:

            async def fetch_one(url: str):  # type: ignore[no-untyped-def]
                async with semaphore:
                    async with session.get(url) as response:
                        return await response.json()

            tasks = [fetch_one(url) for url in urls]
            return await asyncio.gather(*tasks)

    urls = [httpbin_server.url + f"/get?id={i}" for i in range(100)]
    results = await fetch_limited(urls, max_concurrent=10)
    assert [r["args"]["id"] for r in results] == [str(i) for i in range(100)]


async def test_001_timeouts(httpbin_server: Any, capsys: pytest.CaptureFixture[str]) -> None:
    async def with_timeout():  # type: ignore[no-untyped-def]
        timeout = aiohttp.ClientTimeout(total=10)

        async with aiohttp.ClientSession(timeout=timeout) as session:
            async with session.get(httpbin_server.url + "/delay/2") as resp:
                return await resp.json()

    timeout = aiohttp.ClientTimeout(total=30, connect=5, sock_read=10, sock_connect=5)
    assert (timeout.total, timeout.connect, timeout.sock_read) == (30, 5, 10)

    async def safe_fetch(url: str):  # type: ignore[no-untyped-def]
        timeout = aiohttp.ClientTimeout(total=5)
        try:
            async with aiohttp.ClientSession(timeout=timeout) as session:
                async with session.get(url) as response:
                    return await response.json()
        except asyncio.TimeoutError:
            print("Request timed out")
            return None
        except aiohttp.ClientError as e:
            print(f"Client error: {e}")
            return None

    assert (await with_timeout())["url"] == httpbin_server.url + "/delay/2"
    assert capsys.readouterr().out == ""
    result = await safe_fetch(httpbin_server.url + "/delay/10")
    assert result is None
    assert capsys.readouterr().out == "Request timed out\n"


async def test_001_tcp_connector(httpbin_server: Any) -> None:
    async def with_connector():  # type: ignore[no-untyped-def]
        connector = aiohttp.TCPConnector(
            limit=100, limit_per_host=10, ttl_dns_cache=300, enable_cleanup_closed=True
        )
        async with aiohttp.ClientSession(connector=connector) as session:
            async with session.get(httpbin_server.url + "/get") as resp:
                return await resp.json()

    assert (await with_connector())["url"] == httpbin_server.url + "/get"


async def test_001_stream_download(
    httpbin_server: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    async def stream_download(url: str, filename: str):  # type: ignore[no-untyped-def]
        async with aiohttp.ClientSession() as session:
            async with session.get(url) as response:
                with open(filename, "wb") as f:
                    async for chunk in response.content.iter_chunked(8192):
                        f.write(chunk)
                        print(f"Downloaded {f.tell()} bytes")

    # example.com/file.zip -> httpbin's /bytes/N?seed=S (the same N random bytes every time)
    url = httpbin_server.url + "/bytes/60000?seed=7"
    target = tmp_path / "output.zip"
    await stream_download(url, str(target))
    async with aiohttp.ClientSession() as session:
        async with session.get(url) as resp:
            expected = await resp.read()
    assert len(expected) == 60000 and target.read_bytes() == expected
    sizes = [int(line.split()[1]) for line in capsys.readouterr().out.splitlines()]
    assert sizes[-1] == 60000 and sizes == sorted(sizes) and len(sizes) >= 60000 // 8192
    assert all(b - a <= 8192 for a, b in zip([0, *sizes], sizes, strict=False))


async def test_001_api_client_class(
    httpbin_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    class AsyncAPIClient:
        def __init__(self, base_url: str, api_key: str):
            self.base_url = base_url.rstrip("/")
            self.api_key = api_key
            self._session: Optional[aiohttp.ClientSession] = None  # noqa: UP045

        async def _get_session(self) -> aiohttp.ClientSession:
            if self._session is None or self._session.closed:
                timeout = aiohttp.ClientTimeout(total=30)
                headers = {
                    "Authorization": f"Bearer {self.api_key}",
                    "Content-Type": "application/json",
                }
                self._session = aiohttp.ClientSession(headers=headers, timeout=timeout)
            return self._session

        async def get(self, endpoint: str, **kwargs):  # type: ignore[no-untyped-def]
            session = await self._get_session()
            url = f"{self.base_url}/{endpoint.lstrip('/')}"
            async with session.get(url, **kwargs) as response:
                response.raise_for_status()
                return await response.json()

        async def post(self, endpoint: str, data: dict, **kwargs):  # type: ignore[no-untyped-def,type-arg]
            session = await self._get_session()
            url = f"{self.base_url}/{endpoint.lstrip('/')}"
            async with session.post(url, json=data, **kwargs) as response:
                response.raise_for_status()
                return await response.json()

        async def close(self):  # type: ignore[no-untyped-def]
            if self._session and not self._session.closed:
                await self._session.close()

    # api.github.com -> the local httpbin; /users/python -> /response-headers?login=python
    checks: dict[str, Any] = {}

    async def main():  # type: ignore[no-untyped-def]
        client = AsyncAPIClient(httpbin_server.url + "/", "token")
        try:
            user = await client.get("/response-headers?login=python")
            print(user["login"])
            checks["sent"] = (await client.get("/headers"))["headers"]
            checks["posted"] = await client.post("/post", {"a": 1})
            try:
                await client.get("/status/418")
            except aiohttp.ClientResponseError as exc:
                checks["status"] = exc.status
        finally:
            await client.close()
        checks["closed"] = client._session is not None and client._session.closed

    await main()
    assert capsys.readouterr().out == "python\n"
    assert checks["sent"]["Authorization"] == "Bearer token"
    assert checks["posted"]["json"] == {"a": 1}
    assert (checks["status"], checks["closed"]) == (418, True)


async def test_001_exercise_solution(
    httpbin_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    async def scrape_urls(urls: list[str], max_concurrent: int = 3):  # type: ignore[no-untyped-def]
        """Scrape multiple URLs with rate limiting."""
        semaphore = asyncio.Semaphore(max_concurrent)
        timeout = aiohttp.ClientTimeout(total=5)
        results = []

        async with aiohttp.ClientSession(timeout=timeout) as session:

            async def fetch_one(url: str):  # type: ignore[no-untyped-def]
                async with semaphore:
                    try:
                        async with session.get(url) as response:
                            content = await response.read()
                            return {
                                "url": url,
                                "status": response.status,
                                "size": len(content),
                                "error": None,
                            }
                    except asyncio.TimeoutError:
                        return {"url": url, "status": 0, "size": 0, "error": "timeout"}
                    except aiohttp.ClientError as e:
                        return {"url": url, "status": 0, "size": 0, "error": str(e)}

            tasks = [fetch_one(url) for url in urls]
            results = await asyncio.gather(*tasks)

        return results

    paths = ["/get", "/status/200", "/status/404", "/delay/1", "/bytes/1024", "/bytes/2048"]
    paths += ["/ip", "/headers", "/user-agent", "/uuid"]
    urls = [httpbin_server.url + p for p in paths]
    results = await scrape_urls(urls, max_concurrent=3)

    print("\nResults:")
    for r in results:
        if r["error"]:
            print(f"❌ {r['url']}: {r['error']}")
        else:
            print(f"✅ {r['url']}: {r['status']} ({r['size']} bytes)")
    successful = sum(1 for r in results if r["error"] is None)
    print(f"\nSuccess rate: {successful}/{len(results)}")

    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == ["", "Results:"] and lines[-2:] == ["", "Success rate: 10/10"]
    assert [r["status"] for r in results] == [200, 200, 404, 200, 200, 200, 200, 200, 200, 200]
    assert (results[4]["size"], results[5]["size"], results[1]["size"]) == (1024, 2048, 0)
    assert lines[2 + 4] == f"✅ {urls[4]}: 200 (1024 bytes)"
    ua = json.loads(await _get_text(httpbin_server.url + "/user-agent"))["user-agent"]
    assert re.fullmatch(r"Python/3\.\d+ \w+/\d+\.\d+\S*", ua)


async def _get_text(url: str) -> str:
    async with aiohttp.ClientSession() as session:
        async with session.get(url) as resp:
            return await resp.text()


# --- seed 002: the 0.x client docs, with `async with aiohttp.request(...)` ----------------------


async def test_002_methods(httpbin_server: Any) -> None:
    base = httpbin_server.url
    async with aiohttp.request("post", base + "/post") as r:
        assert (r.status, (await r.json())["data"]) == (200, "")
    async with aiohttp.request("put", base + "/put") as r:
        assert r.status == 200
    async with aiohttp.request("delete", base + "/delete") as r:
        assert r.status == 200
    async with aiohttp.request("head", base + "/get") as r:
        assert (r.status, await r.read()) == (200, b"")
    async with aiohttp.request("options", base + "/get") as r:
        assert r.status == 200 and "GET" in r.headers["Allow"]


async def test_002_params(httpbin_server: Any, capsys: pytest.CaptureFixture[str]) -> None:
    payload: Any = {"key1": "value1", "key2": "value2"}
    async with aiohttp.request("get", httpbin_server.url + "/get", params=payload) as r:
        print(r.url)
    # the seed's `('key': 'value2')` is a syntax error; the tuple it means is used
    payload = [("key", "value1"), ("key", "value2")]
    async with aiohttp.request("get", httpbin_server.url + "/get", params=payload) as r:
        print(r.url)
        assert (await r.json())["args"] == {"key": ["value1", "value2"]}
    # the seed shows 0.x's dict order; today the order given is kept
    assert capsys.readouterr().out == (
        f"{httpbin_server.url}/get?key1=value1&key2=value2\n"
        f"{httpbin_server.url}/get?key=value1&key=value2\n"
    )


async def test_002_response_content(httpbin_server: Any) -> None:
    # github.com/timeline.json -> httpbin's /json
    url = httpbin_server.url + "/json"
    async with aiohttp.request("get", url) as r:
        text = await r.text()
        assert text.startswith('{\n  "slideshow": {')
        assert await r.text(encoding="windows-1251") == text  # ASCII reads alike
        assert await r.read() == text.encode()
    async with aiohttp.request("get", url) as r:
        assert (await r.json())["slideshow"]["author"] == "Yours Truly"
    # the seed shows gzip magic from r.content.read(10): it was a bug then, the docs say the
    # body is decoded; /gzip answers Content-Encoding: gzip, so that is checked here
    async with aiohttp.request("get", httpbin_server.url + "/gzip") as r:
        assert r.headers["Content-Encoding"] == "gzip"
        assert isinstance(r.content, aiohttp.StreamReader)
        assert await r.content.read(10) == b'{\n  "gzipp'


async def test_002_stream_to_file(httpbin_server: Any, tmp_path: Path) -> None:
    url = httpbin_server.url + "/stream-bytes/100000?seed=3&chunk_size=3000"
    filename, chunk_size = tmp_path / "timeline", 4096
    async with aiohttp.request("get", url) as r:
        with open(filename, "wb") as fd:
            while True:
                chunk = await r.content.read(chunk_size)
                if not chunk:
                    break
                fd.write(chunk)
    async with aiohttp.request("get", url) as r:
        assert r.headers["Transfer-Encoding"] == "chunked"
        assert filename.read_bytes() == await r.read()
    assert filename.stat().st_size == 100000


async def test_002_post_bodies(httpbin_server: Any, tmp_path: Path) -> None:
    # api.github.com/some/endpoint -> httpbin's /post
    url = httpbin_server.url + "/post"
    payload = {"some": "data"}
    headers = {"content-type": "application/json"}
    async with aiohttp.request("post", url, data=json.dumps(payload), headers=headers) as r:
        echoed = await r.json()
        assert (echoed["json"], echoed["headers"]["Content-Type"]) == (payload, "application/json")

    form = {"key1": "value1", "key2": "value2"}
    async with aiohttp.request("post", url, data=form) as r:
        assert (await r.json())["form"] == form

    async with aiohttp.request("post", url, data=json.dumps(payload)) as r:
        echoed = await r.json()
        assert echoed["json"] == payload
        assert echoed["headers"]["Content-Type"] == "text/plain; charset=utf-8"


async def test_002_streaming_uploads(httpbin_server: Any, tmp_path: Path) -> None:
    massive = tmp_path / "massive-body"
    massive.write_bytes(b"0123456789abcdef" * 20000)
    # some.url/streamed -> httpbin's /post
    with open(massive, "rb") as f:
        async with aiohttp.request("post", httpbin_server.url + "/post", data=f) as r:
            echoed = await r.json()
    assert echoed["data"] == massive.read_text()
    assert echoed["headers"]["Content-Length"] == str(320000)

    async def my_coroutine():  # type: ignore[no-untyped-def]  (an async generator today)
        for chunk in (b"first ", b"second ", b"third"):
            yield chunk

    async with aiohttp.request("post", httpbin_server.url + "/post", data=my_coroutine()) as r:
        echoed = await r.json()
    assert echoed["data"] == "first second third"
    assert echoed["headers"]["Transfer-Encoding"] == "chunked"

    # chaining: one response's content (a StreamReader) is the next request's body;
    # python.org -> httpbin's /html
    async with aiohttp.request("get", httpbin_server.url + "/html") as r:
        async with aiohttp.request("post", httpbin_server.url + "/post", data=r.content) as r2:
            echoed = await r2.json()
    assert echoed["data"].startswith("<!DOCTYPE html>") and "Moby-Dick" in echoed["data"]


async def test_002_connectors(httpbin_server: Any, nginx_server: Any) -> None:
    # python.org -> httpbin's /html; https://example.com -> nginx's TLS port, whose certificate
    # comes from a CA the default context does not trust, so verify_ssl=False is what lets it in
    conn = aiohttp.TCPConnector()
    async with aiohttp.request("get", httpbin_server.url + "/html", connector=conn) as r:
        assert r.status == 200
    await conn.close()

    with pytest.warns(DeprecationWarning, match="verify_ssl is deprecated"):  # as aiohttp 3.14
        conn = aiohttp.TCPConnector(verify_ssl=False)
    async with aiohttp.request("get", nginx_server.https_url + "/text.txt", connector=conn) as r:
        assert await r.read() == nginx_server.text_data
    await conn.close()

    conn = aiohttp.TCPConnector()
    with pytest.raises(aiohttp.ClientConnectorCertificateError):
        async with aiohttp.request("get", nginx_server.https_url + "/", connector=conn) as r:
            pass
    await conn.close()


async def test_002_status_and_headers(httpbin_server: Any) -> None:
    async with aiohttp.request("get", httpbin_server.url + "/get") as r:
        assert r.status == 200
        assert r.headers["Content-Type"] == "application/json"
        assert r.headers.get("content-type") == "application/json"
        assert r.headers["CONTENT-LENGTH"] == str(len(await r.read()))


async def test_002_cookies(httpbin_server: Any) -> None:
    # example.com/some/cookie/setting/url -> /response-headers with a Set-Cookie query
    url = (
        httpbin_server.url + "/response-headers?Set-Cookie=example_cookie_name=example_cookie_value"
    )
    async with aiohttp.request("get", url) as r:
        assert r.cookies["example_cookie_name"].value == "example_cookie_value"

    url = httpbin_server.url + "/cookies"
    cookies = dict(cookies_are="working")
    async with aiohttp.request("get", url, cookies=cookies) as r:
        assert json.loads(await r.text()) == {"cookies": {"cookies_are": "working"}}

    # share_cookies=True on a connector is gone: a session's jar is what shares them now, and
    # unsafe=True because the local httpbin is an IP host
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        async with session.get(httpbin_server.url + "/cookies/set?k1=v1") as r:
            assert json.loads(await r.text()) == {"cookies": {"k1": "v1"}}
            assert [h.status for h in r.history] == [302]
        async with session.get(httpbin_server.url + "/cookies") as r:
            assert json.loads(await r.text()) == {"cookies": {"k1": "v1"}}


async def test_002_wait_for(httpbin_server: Any) -> None:
    # github.com -> httpbin's /delay/3, so the 0.001 s limit is what ends it
    async def get() -> bytes:
        async with aiohttp.request("get", httpbin_server.url + "/delay/3") as r:
            return await r.read()

    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(get(), 0.001)

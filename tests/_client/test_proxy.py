"""Proxies against scripted loopback servers: what reaches the proxy and what reaches the origin.

A `Recorder` is a tiny HTTP/1.1 server that notes every request head it gets and answers with a
canned response, so each test can check the exact request line and headers (absolute form,
CONNECT, Proxy-Authorization) on each side. Real tinyproxy runs in tests/interop.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from multidict import CIMultiDict
from yarl import URL

import wirehttp
from wirehttp._base.auth import make_basic_auth
from wirehttp._client.connector.key import ConnectionKey
from wirehttp._client.request import ClientRequest

TIMEOUT = wirehttp.ClientTimeout(total=10)
OK = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
Answer = Callable[[str, CIMultiDict[str]], bytes]


def basic(login: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()


class Recorder:
    def __init__(self, answer: Answer) -> None:
        self.answer = answer
        self.heads: list[tuple[str, CIMultiDict[str]]] = []
        self.connections = 0
        self.port = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while True:
                try:
                    raw = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError):
                    break
                line, *fields = raw.decode("latin-1").split("\r\n")[:-2]
                headers: CIMultiDict[str] = CIMultiDict(f.split(": ", 1) for f in fields)
                self.heads.append((line, headers))
                writer.write(self.answer(line, headers))
                await writer.drain()
        finally:
            writer.close()


@asynccontextmanager
async def recorder(answer: Answer = lambda line, headers: OK) -> AsyncIterator[Recorder]:
    rec = Recorder(answer)
    server = await asyncio.start_server(rec.handle, "127.0.0.1", 0)
    rec.port = server.sockets[0].getsockname()[1]
    try:
        yield rec
    finally:
        server.close()
        await server.wait_closed()


async def test_plain_http_absolute_form_and_proxy_authorization() -> None:
    async with recorder() as proxy, wirehttp.ClientSession(timeout=TIMEOUT) as session:
        url = f"http://u:p@127.0.0.1:{proxy.port}"
        async with session.get("http://origin.test:8080/p?q=1", proxy=url) as r:
            assert (r.status, await r.read()) == (200, b"ok")
        auth = make_basic_auth("other", "pw")
        async with session.get("http://origin.test/", proxy=url, proxy_auth=auth) as r:
            await r.read()
    (line, headers), (line2, headers2) = proxy.heads
    assert line == "GET http://origin.test:8080/p?q=1 HTTP/1.1"
    assert headers["Host"] == "origin.test:8080"
    assert headers["Proxy-Authorization"] == basic("u", "p")
    assert "Authorization" not in headers
    assert line2 == "GET http://origin.test/ HTTP/1.1"
    assert headers2["Proxy-Authorization"] == basic("other", "pw")  # proxy_auth= wins


async def test_session_level_proxy_and_proxy_auth() -> None:
    async with (
        recorder() as proxy,
        wirehttp.ClientSession(
            timeout=TIMEOUT,
            proxy=f"http://127.0.0.1:{proxy.port}",
            proxy_auth=make_basic_auth("s", "t"),
        ) as session,
        session.get("http://origin.test/a") as r,
    ):
        await r.read()
    ((line, headers),) = proxy.heads
    assert line == "GET http://origin.test/a HTTP/1.1"
    assert headers["Proxy-Authorization"] == basic("s", "t")


async def test_connect_head_and_refusal() -> None:
    refusal = (
        b"HTTP/1.1 407 Proxy Authentication Required\r\n"
        b'Proxy-Authenticate: Basic realm="p"\r\nContent-Length: 0\r\n\r\n'
    )
    async with (
        recorder(lambda line, headers: refusal) as proxy,
        wirehttp.ClientSession(timeout=TIMEOUT) as session,
    ):
        with pytest.raises(wirehttp.ClientHttpProxyError) as info:
            await session.get(
                "https://origin.test/x",
                proxy=f"http://127.0.0.1:{proxy.port}",
                proxy_headers={"X-Proxy": "1"},
                headers={"Proxy-Authorization": "Basic abc", "X-Origin": "2"},
            )
    error = info.value
    assert (error.status, error.message) == (407, "Proxy Authentication Required")
    assert error.headers is not None and error.headers["Proxy-Authenticate"] == 'Basic realm="p"'
    assert error.request_info.method == "CONNECT"
    ((line, headers),) = proxy.heads
    assert line == "CONNECT origin.test:443 HTTP/1.1"
    assert headers["Host"] == "origin.test:443"
    assert headers["X-Proxy"] == "1"
    assert headers["Proxy-Authorization"] == "Basic abc"  # moved to the CONNECT
    assert "X-Origin" not in headers  # the origin's headers stay inside the tunnel


async def test_unreachable_proxy() -> None:
    async with recorder() as closed:
        port = closed.port
    async with wirehttp.ClientSession(timeout=TIMEOUT) as session:
        for url in ("http://origin.test/", "https://origin.test/"):
            with pytest.raises(wirehttp.ClientProxyConnectionError):
                await session.get(url, proxy=f"http://127.0.0.1:{port}")


async def test_bad_proxy_urls() -> None:
    with pytest.raises(wirehttp.InvalidURL):
        wirehttp.ClientSession(proxy="socks5://127.0.0.1:1")
    async with wirehttp.ClientSession(timeout=TIMEOUT) as session:
        with pytest.raises(wirehttp.InvalidURL):
            await session.get("http://origin.test/", proxy="socks5://127.0.0.1:1")
        with pytest.raises(ValueError, match="proxy_auth"):
            await session.get(
                "http://origin.test/", proxy="http://127.0.0.1:1", proxy_auth=("a", "b")
            )


async def test_pooled_connections_never_mix_proxy_credentials() -> None:
    a, b = make_basic_auth("a", "1"), make_basic_auth("b", "2")
    async with recorder() as proxy, wirehttp.ClientSession(timeout=TIMEOUT) as session:
        url = f"http://127.0.0.1:{proxy.port}"
        for auth in (a, b, a, b):
            async with session.get("http://origin.test/", proxy=url, proxy_auth=auth) as r:
                await r.read()
    assert proxy.connections == 2
    sent = [headers["Proxy-Authorization"] for _, headers in proxy.heads]
    assert sent == [basic("a", "1"), basic("b", "2")] * 2


def test_connection_keys() -> None:
    def key(**kw: object) -> ConnectionKey:
        return ClientRequest("GET", URL("http://origin.test/"), **kw).connection_key  # type: ignore[arg-type]

    plain = key()
    via = key(proxy=URL("http://u:p@127.0.0.1:1"))
    assert plain.proxy is None and via.proxy == URL("http://127.0.0.1:1")  # no secret in it
    assert via.proxy_auth == make_basic_auth("u", "p")
    assert via != key(proxy=URL("http://127.0.0.1:1"))
    hdr = key(proxy=URL("http://127.0.0.1:1"), proxy_headers={"X": "1"})
    assert hdr.proxy_headers_hash is not None and hdr != key(proxy=URL("http://127.0.0.1:1"))


async def test_redirect_re_evaluates_the_env_proxy_and_never_leaks(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    async with recorder() as origin:
        moved = (
            f"HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:{origin.port}/end\r\n"
            "Content-Length: 0\r\n\r\n"
        ).encode()
        async with recorder(lambda line, headers: moved) as proxy:
            for name in ("http_proxy", "no_proxy", "NETRC", "REQUEST_METHOD"):
                monkeypatch.delenv(name, raising=False)
            monkeypatch.setenv("HOME", str(tmp_path))
            monkeypatch.setenv("HTTP_PROXY", f"http://u:p@127.0.0.1:{proxy.port}")
            monkeypatch.setenv("NO_PROXY", f"127.0.0.1:{origin.port}")
            async with (
                wirehttp.ClientSession(timeout=TIMEOUT, trust_env=True) as session,
                session.get("http://site.test/start") as r,
            ):
                assert (r.status, await r.read()) == (200, b"ok")
                assert [h.status for h in r.history] == [302]
    ((line, headers),) = proxy.heads
    assert line == "GET http://site.test/start HTTP/1.1"
    assert headers["Proxy-Authorization"] == basic("u", "p")
    ((line, headers),) = origin.heads
    assert line == "GET /end HTTP/1.1"  # NO_PROXY: direct, origin form
    assert "Proxy-Authorization" not in headers


async def test_explicit_proxy_applies_to_every_hop() -> None:
    async with recorder() as proxy:
        moved = b"HTTP/1.1 302 Found\r\nLocation: http://other.test/b\r\nContent-Length: 0\r\n\r\n"
        proxy.answer = lambda line, headers: moved if "/a " in line else OK
        async with (
            wirehttp.ClientSession(timeout=TIMEOUT) as session,
            session.get(
                "http://origin.test/a",
                proxy=f"http://127.0.0.1:{proxy.port}",
                proxy_auth=make_basic_auth("x", "y"),
                headers={"Authorization": "Bearer t"},
            ) as r,
        ):
            assert await r.read() == b"ok"
    (_, first), (line, second) = proxy.heads
    assert first["Authorization"] == "Bearer t"
    assert line == "GET http://other.test/b HTTP/1.1"
    assert "Authorization" not in second  # cross-origin: the origin's credentials are dropped
    assert second["Proxy-Authorization"] == basic("x", "y")  # the proxy's stay with the proxy


async def test_trust_env_netrc_for_the_origin(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    home = tmp_path
    (home / ".netrc").write_text("machine 127.0.0.1 login n password m\n")
    for name in ("http_proxy", "HTTP_PROXY", "NETRC"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))
    async with recorder() as origin:
        for trust in (True, False):
            async with (
                wirehttp.ClientSession(timeout=TIMEOUT, trust_env=trust) as session,
                session.get(f"http://127.0.0.1:{origin.port}/") as r,
            ):
                await r.read()
    (_, trusted), (_, untrusted) = origin.heads
    assert trusted["Authorization"] == basic("n", "m")
    assert "Authorization" not in untrusted

"""The peer servers answer as the client's interop tests will expect, checked with httpx and
aiohttp's client, so a failure in those tests points at the client rather than at a peer."""

from __future__ import annotations

import socket
import uuid
from typing import Any

import aiohttp
import httpx
import pytest

pytestmark = pytest.mark.interop
TIMEOUT = 10.0
AIO_TIMEOUT = aiohttp.ClientTimeout(total=TIMEOUT)


def marker() -> str:
    return uuid.uuid4().hex


def raw_exchange(port: int, request: bytes) -> tuple[bytes, bytes, socket.socket]:
    """Send `request` on a new connection; return the head, a Content-Length body and the socket."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
    sock.sendall(request)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, f"connection closed before a full head: {data!r}"
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(body) < length:
        chunk = sock.recv(65536)
        assert chunk, "connection closed mid-body"
        body += chunk
    return head, body, sock


# --- httpbin under gunicorn ---------------------------------------------------------------------


def test_httpbin_httpx(httpbin_server: Any) -> None:
    with httpx.Client(base_url=httpbin_server.url, timeout=TIMEOUT) as client:
        got = client.get("/get", params={"a": "1", "b": "é"})
        assert got.status_code == 200
        assert got.json()["args"] == {"a": "1", "b": "é"}
        posted = client.post("/post", json={"k": [1, 2]})
        assert posted.json()["json"] == {"k": [1, 2]}
        gzipped = client.get("/gzip")
        assert gzipped.headers["Content-Encoding"] == "gzip"
        assert gzipped.json()["gzipped"] is True
        redirected = client.get("/redirect/2", follow_redirects=True)
        assert [r.status_code for r in redirected.history] == [302, 302]
        assert redirected.url.path == "/get"
        client.get("/cookies/set", params={"flavour": "oat"}, follow_redirects=True)
        assert client.get("/cookies").json() == {"cookies": {"flavour": "oat"}}


async def test_httpbin_aiohttp(httpbin_server: Any) -> None:
    jar = aiohttp.CookieJar(unsafe=True)  # the server is an IP address
    async with aiohttp.ClientSession(
        httpbin_server.url, timeout=AIO_TIMEOUT, cookie_jar=jar
    ) as session:
        async with session.get("/get", params={"a": "1"}) as resp:
            assert (resp.status, (await resp.json())["args"]) == (200, {"a": "1"})
        async with session.post("/post", json={"k": [1, 2]}) as resp:
            assert (await resp.json())["json"] == {"k": [1, 2]}
        async with session.get("/gzip") as resp:
            assert resp.headers["Content-Encoding"] == "gzip"
            assert (await resp.json())["gzipped"] is True
        async with session.get("/redirect/2") as resp:
            assert [r.status for r in resp.history] == [302, 302]
            assert resp.url.path == "/get"
        async with session.get("/cookies/set", params={"flavour": "oat"}) as resp:
            assert await resp.json() == {"cookies": {"flavour": "oat"}}


# --- nginx ----------------------------------------------------------------------------------------


def test_nginx_static_gzip_range_chunked_httpx(nginx_server: Any) -> None:
    with httpx.Client(base_url=nginx_server.url, timeout=TIMEOUT) as client:
        blob = client.get("/random.bin")
        assert blob.content == nginx_server.random_data
        assert blob.headers["Content-Length"] == str(len(nginx_server.random_data))
        assert "Content-Encoding" not in blob.headers
        text = client.get("/text.txt", headers={"Accept-Encoding": "gzip"})
        assert text.headers["Content-Encoding"] == "gzip"
        assert text.content == nginx_server.text_data
        part = client.get("/random.bin", headers={"Range": "bytes=1000-1999"})
        assert part.status_code == 206
        assert part.headers["Content-Range"] == f"bytes 1000-1999/{len(nginx_server.random_data)}"
        assert part.content == nginx_server.random_data[1000:2000]
        chunked = client.get("/chunked/text.txt")
        assert chunked.headers["Transfer-Encoding"] == "chunked"
        assert "Content-Length" not in chunked.headers
        assert chunked.content == nginx_server.text_data


async def test_nginx_static_gzip_range_chunked_aiohttp(nginx_server: Any) -> None:
    async with aiohttp.ClientSession(nginx_server.url, timeout=AIO_TIMEOUT) as session:
        async with session.get("/random.bin") as resp:
            assert await resp.read() == nginx_server.random_data
        async with session.get("/text.txt") as resp:
            assert resp.headers["Content-Encoding"] == "gzip"
            assert await resp.read() == nginx_server.text_data
        async with session.get("/random.bin", headers={"Range": "bytes=-10"}) as resp:
            assert resp.status == 206
            assert await resp.read() == nginx_server.random_data[-10:]
        async with session.get("/chunked/text.txt") as resp:
            assert resp.headers["Transfer-Encoding"] == "chunked"
            assert await resp.read() == nginx_server.text_data


def test_nginx_chunked_on_the_wire(nginx_server: Any) -> None:
    """The raw bytes really are chunked (several chunks), not a client's reconstruction."""
    request = b"GET /chunked/text.txt HTTP/1.1\r\nHost: peer\r\nConnection: close\r\n\r\n"
    head, _, sock = raw_exchange(nginx_server.http_port, request)
    with sock:
        rest = b""
        while chunk := sock.recv(65536):
            rest += chunk
    assert b"\r\nTransfer-Encoding: chunked" in head
    assert rest.endswith(b"\r\n0\r\n\r\n")
    assert rest.count(b"\r\n") > 4  # more than one data chunk


def test_nginx_https_httpx(nginx_server: Any) -> None:
    context = nginx_server.client_ssl_context()
    with httpx.Client(verify=context, timeout=TIMEOUT) as client:
        resp = client.get(nginx_server.https_url + "/random.bin")
        assert resp.content == nginx_server.random_data
    with httpx.Client(timeout=TIMEOUT) as client, pytest.raises(httpx.ConnectError):
        client.get(nginx_server.https_url + "/text.txt")  # the system CAs do not know trustme's


async def test_nginx_https_aiohttp(nginx_server: Any) -> None:
    context = nginx_server.client_ssl_context()
    async with aiohttp.ClientSession(timeout=AIO_TIMEOUT) as session:
        async with session.get(nginx_server.https_url + "/random.bin", ssl=context) as resp:
            assert await resp.read() == nginx_server.random_data
        with pytest.raises(aiohttp.ClientConnectorCertificateError):
            await session.get(nginx_server.https_url + "/text.txt")


def test_nginx_keepalive_limit_httpx(nginx_server: Any) -> None:
    tag = marker()
    limit = nginx_server.keepalive_requests
    with httpx.Client(base_url=nginx_server.keepalive_url, timeout=TIMEOUT) as client:
        closes = [
            client.get(f"/text.txt?{tag}-{n}").headers.get("Connection")
            for n in range(2 * limit + 1)
        ]
    assert closes[limit - 1] == "close"
    assert closes[0] == "keep-alive"
    assert [len(group) for group in nginx_server.requests_by_connection(tag)] == [limit, limit, 1]


async def test_nginx_keepalive_limit_aiohttp(nginx_server: Any) -> None:
    tag = marker()
    limit = nginx_server.keepalive_requests
    connector = aiohttp.TCPConnector(limit=1)
    async with aiohttp.ClientSession(
        nginx_server.keepalive_url, timeout=AIO_TIMEOUT, connector=connector
    ) as session:
        for n in range(2 * limit + 1):
            async with session.get(f"/random.bin?{tag}-{n}") as resp:
                assert await resp.read() == nginx_server.random_data
    assert [len(group) for group in nginx_server.requests_by_connection(tag)] == [limit, limit, 1]


@pytest.mark.slow
def test_nginx_keepalive_timeout(nginx_server: Any) -> None:
    """An idle keep-alive connection is announced with its timeout and then closed by nginx."""
    request = b"GET /text.txt HTTP/1.1\r\nHost: peer\r\n\r\n"
    head, body, sock = raw_exchange(nginx_server.keepalive_port, request)
    with sock:
        assert body == nginx_server.text_data
        assert b"\r\nConnection: keep-alive" in head
        assert f"\r\nKeep-Alive: timeout={nginx_server.keepalive_timeout}".encode() in head
        assert sock.recv(1) == b""  # EOF after the idle timeout, well inside the socket's TIMEOUT


# --- tinyproxy ------------------------------------------------------------------------------------


def test_tinyproxy_httpx(tinyproxy_server: Any, httpbin_server: Any, nginx_server: Any) -> None:
    with httpx.Client(proxy=tinyproxy_server.url, timeout=TIMEOUT) as client:
        resp = client.get(httpbin_server.url + "/get")
        assert "tinyproxy/" in resp.headers["Via"]
        assert resp.json()["url"] == httpbin_server.url + "/get"
    context = nginx_server.client_ssl_context()
    with httpx.Client(proxy=tinyproxy_server.url, verify=context, timeout=TIMEOUT) as client:
        tag = marker()
        resp = client.get(f"{nginx_server.https_url}/random.bin?{tag}")
        assert resp.content == nginx_server.random_data
        assert "Via" not in resp.headers  # tunnelled: the proxy never saw the response
    assert f"CONNECT 127.0.0.1:{nginx_server.https_port}" in tinyproxy_server.logs()
    assert len(nginx_server.requests_by_connection(tag)) == 1


async def test_tinyproxy_aiohttp(
    tinyproxy_server: Any, httpbin_server: Any, nginx_server: Any
) -> None:
    async with aiohttp.ClientSession(timeout=AIO_TIMEOUT) as session:
        async with session.get(httpbin_server.url + "/get", proxy=tinyproxy_server.url) as resp:
            assert "tinyproxy/" in resp.headers["Via"]
            assert (await resp.json())["url"] == httpbin_server.url + "/get"
        context = nginx_server.client_ssl_context()
        async with session.get(
            nginx_server.https_url + "/random.bin", proxy=tinyproxy_server.url, ssl=context
        ) as resp:
            assert await resp.read() == nginx_server.random_data


def test_tinyproxy_refuses_connect_elsewhere(tinyproxy_server: Any, httpbin_server: Any) -> None:
    target = f"127.0.0.1:{httpbin_server.port}".encode()
    request = b"CONNECT " + target + b" HTTP/1.1\r\nHost: " + target + b"\r\n\r\n"
    head, _, sock = raw_exchange(tinyproxy_server.port, request)
    sock.close()
    assert head.split(b" ")[1] == b"403"


def test_tinyproxy_auth_httpx(
    tinyproxy_auth_server: Any, httpbin_server: Any, nginx_server: Any
) -> None:
    with httpx.Client(proxy=tinyproxy_auth_server.url, timeout=TIMEOUT) as client:
        assert client.get(httpbin_server.url + "/get").status_code == 407
    proxy = tinyproxy_auth_server.url_with_credentials
    with httpx.Client(proxy=proxy, timeout=TIMEOUT) as client:
        resp = client.get(httpbin_server.url + "/get")
        assert resp.status_code == 200
        assert "Proxy-Authorization" not in resp.json()["headers"]  # consumed by the proxy
    context = nginx_server.client_ssl_context()
    with httpx.Client(proxy=proxy, verify=context, timeout=TIMEOUT) as client:
        assert client.get(nginx_server.https_url + "/text.txt").content == nginx_server.text_data


async def test_tinyproxy_auth_aiohttp(
    tinyproxy_auth_server: Any, httpbin_server: Any, nginx_server: Any
) -> None:
    async with aiohttp.ClientSession(timeout=AIO_TIMEOUT) as session:
        async with session.get(httpbin_server.url + "/get", proxy=tinyproxy_auth_server.url) as r:
            assert r.status == 407
        async with session.get(
            httpbin_server.url + "/get",
            proxy=tinyproxy_auth_server.url_with_credentials,
        ) as r:
            assert r.status == 200
        async with session.get(
            nginx_server.https_url + "/text.txt",
            proxy=tinyproxy_auth_server.url_with_credentials,
            ssl=nginx_server.client_ssl_context(),
        ) as r:
            assert await r.read() == nginx_server.text_data

"""wirehttp's client against a real nginx: gzip, chunked, TLS, Range, keep-alive limits.

The nginx fixture (peers/nginx.py) serves `random.bin` (1 MiB random) and `text.txt` (gzipped
when asked) on a plain port and a TLS port whose certificate comes from a trustme CA made at
test time, `/chunked/text.txt` with no length known in advance, and a third port that closes a
connection after `keepalive_requests` requests or `keepalive_timeout` idle seconds. The access log
shows which requests shared a connection, so reuse is checked from the server's side.
"""

from __future__ import annotations

import asyncio
import gzip
import uuid
from typing import Any

import pytest

import wirehttp as aiohttp

pytestmark = pytest.mark.interop
TIMEOUT = aiohttp.ClientTimeout(total=20)


async def test_gzip_decoded(nginx_server: Any) -> None:
    async with aiohttp.ClientSession(nginx_server.url, timeout=TIMEOUT) as session:
        async with session.get("/text.txt") as resp:
            assert resp.headers["Content-Encoding"] == "gzip"
            assert "gzip" in resp.request_info.headers["Accept-Encoding"]
            assert await resp.read() == nginx_server.text_data
            assert resp.charset is None and resp.content_type == "text/plain"
        async with session.get("/text.txt") as resp:
            chunks = [chunk async for chunk in resp.content.iter_chunked(1000)]
            assert b"".join(chunks) == nginx_server.text_data and len(chunks) > 100
        async with session.get("/text.txt", auto_decompress=False) as resp:
            raw = await resp.read()
            assert len(raw) < len(nginx_server.text_data) // 5
            assert gzip.decompress(raw) == nginx_server.text_data
        async with session.get("/text.txt", headers={"Accept-Encoding": "identity"}) as resp:
            assert "Content-Encoding" not in resp.headers
            assert resp.content_length == len(nginx_server.text_data)
            assert await resp.text() == nginx_server.text_data.decode()


async def test_chunked_response(nginx_server: Any) -> None:
    async with aiohttp.ClientSession(nginx_server.url, timeout=TIMEOUT) as session:
        for _ in range(2):  # the second on the same, reused connection
            async with session.get("/chunked/text.txt") as resp:
                assert resp.headers["Transfer-Encoding"] == "chunked"
                assert resp.content_length is None
                assert await resp.read() == nginx_server.text_data
        async with session.get("/chunked/text.txt") as resp:
            parts = []
            async for data, _end in resp.content.iter_chunks():
                parts.append(data)
            assert b"".join(parts) == nginx_server.text_data
        async with session.get("/chunked/text.txt") as resp:
            lines = [line async for line in resp.content]
            assert lines == nginx_server.text_data.splitlines(keepends=True)


async def test_tls_verified_with_the_ca(nginx_server: Any) -> None:
    context = nginx_server.client_ssl_context()
    async with (
        aiohttp.ClientSession(nginx_server.https_url, timeout=TIMEOUT) as session,
        session.get("/random.bin", ssl=context) as resp,
    ):
        assert resp.url.scheme == "https"
        peer = resp.connection.transport.get_extra_info("peercert")  # type: ignore[union-attr]
        assert ("IP Address", "127.0.0.1") in peer["subjectAltName"]
        assert await resp.read() == nginx_server.random_data
    connector = aiohttp.TCPConnector(ssl=context)
    async with aiohttp.ClientSession(connector=connector, timeout=TIMEOUT) as session:
        for host in ("127.0.0.1", "localhost"):
            url = f"https://{host}:{nginx_server.https_port}/text.txt"
            async with session.get(url) as resp:
                assert await resp.read() == nginx_server.text_data


async def test_tls_refused_without_the_ca(nginx_server: Any) -> None:
    async with aiohttp.ClientSession(nginx_server.https_url, timeout=TIMEOUT) as session:
        with pytest.raises(aiohttp.ClientConnectorCertificateError) as caught:
            async with session.get("/text.txt"):
                raise AssertionError("an untrusted certificate was accepted")
        assert isinstance(caught.value, aiohttp.ClientSSLError)
        assert caught.value.host == "127.0.0.1" and caught.value.port == nginx_server.https_port
        # ssl=False opts out, and says so
        async with session.get("/text.txt", ssl=False) as resp:
            assert await resp.read() == nginx_server.text_data
        # plain HTTP to the TLS port is nginx's 400, not a hang or a crash
        url = f"http://127.0.0.1:{nginx_server.https_port}/text.txt"
        async with session.get(url) as resp:
            assert resp.status == 400


@pytest.mark.parametrize("secure", [False, True], ids=["http", "https"])
async def test_range_requests(nginx_server: Any, secure: bool) -> None:
    data = nginx_server.random_data
    base = nginx_server.https_url if secure else nginx_server.url
    ssl = nginx_server.client_ssl_context() if secure else True
    cases = [
        ("bytes=0-0", 0, 1),
        ("bytes=100-199", 100, 200),
        ("bytes=500000-", 500000, len(data)),
        ("bytes=-4096", len(data) - 4096, len(data)),
        ("bytes=1048000-2000000", 1048000, len(data)),
    ]
    async with aiohttp.ClientSession(base, timeout=TIMEOUT) as session:
        for spec, start, end in cases:
            async with session.get("/random.bin", headers={"Range": spec}, ssl=ssl) as resp:
                assert resp.status == 206, spec
                assert resp.headers["Content-Range"] == f"bytes {start}-{end - 1}/{len(data)}"
                assert await resp.read() == data[start:end], spec
        async with session.get("/random.bin", headers={"Range": "bytes=2000000-"}, ssl=ssl) as r:
            assert r.status == 416
            assert r.headers["Content-Range"] == f"bytes */{len(data)}"
        # reassembled from 64 KiB ranges, byte for byte
        pieces = []
        for start in range(0, len(data), 65536):
            headers = {"Range": f"bytes={start}-{start + 65535}"}
            async with session.get("/random.bin", headers=headers, ssl=ssl) as resp:
                pieces.append(await resp.read())
        assert b"".join(pieces) == data


async def _logged_groups(nginx: Any, marker: str, requests: int) -> list[list[str]]:
    """nginx's access log grouped by connection, once it holds all `requests` (nginx writes a
    line after the response went out, so the client can be done before the log is)."""
    for _ in range(100):
        groups: list[list[str]] = nginx.requests_by_connection(marker)
        if sum(len(group) for group in groups) >= requests:
            return groups
        await asyncio.sleep(0.05)
    return nginx.requests_by_connection(marker)  # type: ignore[no-any-return]


async def _get_marked(session: aiohttp.ClientSession, url: str) -> bytes:
    async with session.get(url) as resp:
        assert resp.status == 200
        return await resp.read()


async def test_keepalive_request_limit(nginx_server: Any) -> None:
    marker = uuid.uuid4().hex
    limit = nginx_server.keepalive_requests
    connector = aiohttp.TCPConnector(limit=1)
    async with aiohttp.ClientSession(connector=connector, timeout=TIMEOUT) as session:
        for n in range(4 * limit + 1):
            url = f"{nginx_server.keepalive_url}/text.txt?{marker}-{n}"
            assert await _get_marked(session, url) == nginx_server.text_data
    groups = await _logged_groups(nginx_server, marker, 4 * limit + 1)
    # every connection was used up to nginx's limit before the client opened the next one
    assert [len(group) for group in groups] == [limit] * 4 + [1]


async def test_keepalive_idle_timeout(nginx_server: Any) -> None:
    marker = uuid.uuid4().hex
    connector = aiohttp.TCPConnector(limit=1, keepalive_timeout=60)
    async with aiohttp.ClientSession(connector=connector, timeout=TIMEOUT) as session:
        url = f"{nginx_server.keepalive_url}/random.bin?{marker}"
        assert await _get_marked(session, url + "-a") == nginx_server.random_data
        # nginx closes the idle connection after keepalive_timeout seconds: wait past it
        await asyncio.sleep(nginx_server.keepalive_timeout + 0.5)
        assert await _get_marked(session, url + "-b") == nginx_server.random_data
        assert await _get_marked(session, url + "-c") == nginx_server.random_data
    assert await _logged_groups(nginx_server, marker, 3) == [
        [f"/random.bin?{marker}-a"],
        [f"/random.bin?{marker}-b", f"/random.bin?{marker}-c"],
    ]


async def test_keepalive_never_fails_a_get(nginx_server: Any) -> None:
    """Many GETs in flight, in waves whose gaps straddle nginx's idle timeout, on a small pool:
    connections closed by nginx (after N requests or idling) are never a client error."""
    marker = uuid.uuid4().hex
    gaps = [0.0, nginx_server.keepalive_timeout - 0.05, nginx_server.keepalive_timeout + 0.05]
    connector = aiohttp.TCPConnector(limit=4, keepalive_timeout=60)
    served = 0
    async with aiohttp.ClientSession(connector=connector, timeout=TIMEOUT) as session:
        for wave, gap in enumerate(gaps * 2):
            await asyncio.sleep(gap)
            urls = [f"{nginx_server.keepalive_url}/text.txt?{marker}-{wave}-{n}" for n in range(16)]
            bodies = await asyncio.gather(*(_get_marked(session, url) for url in urls))
            assert all(body == nginx_server.text_data for body in bodies)
            served += len(bodies)
    groups = await _logged_groups(nginx_server, marker, served)
    assert sum(len(group) for group in groups) == served
    assert max(len(group) for group in groups) <= nginx_server.keepalive_requests

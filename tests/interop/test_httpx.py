"""httpx.AsyncClient against the server: methods, streaming upload, keep-alive reuse, Range."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.interop
TIMEOUT = httpx.Timeout(10.0)


async def test_get_post_head(served: Any) -> None:
    async with httpx.AsyncClient(base_url=served.url, timeout=TIMEOUT) as client:
        got = await client.get("/hello/x")
        posted = await client.post("/echo", content=b"\x00payload\xff")
        head = await client.head("/hello/x")
        json_post = await client.post("/echo", json={"k": [1, 2]})
    assert (got.status_code, got.text, got.http_version) == (200, "hello /hello/x", "HTTP/1.1")
    assert posted.content == b"\x00payload\xff"
    assert posted.headers["X-Chunked"] == "False"
    assert (head.status_code, head.content, head.headers["Content-Length"]) == (200, b"", "14")
    assert json_post.json() == {"k": [1, 2]}


async def test_streamed_chunked_upload(served: Any) -> None:
    parts = [bytes([n]) * (1000 + n) for n in range(200)]

    async def body() -> AsyncIterator[bytes]:
        for part in parts:
            yield part

    async with httpx.AsyncClient(base_url=served.url, timeout=TIMEOUT) as client:
        resp = await client.post("/echo", content=body())
    assert resp.headers["X-Chunked"] == "True"
    assert resp.content == b"".join(parts)


async def test_keep_alive_one_connection_for_many_requests(served: Any) -> None:
    limits = httpx.Limits(max_connections=1)
    async with httpx.AsyncClient(base_url=served.url, timeout=TIMEOUT, limits=limits) as client:
        for n in range(10):
            resp = await client.get(f"/hello/{n}")
            assert resp.text == f"hello /hello/{n}"
        await client.post("/echo", content=b"x" * 100_000)
    assert served.connections_seen() == 1
    assert served.requests_per_connection() == [11]


async def test_streamed_download_matches_file(served: Any) -> None:
    async with httpx.AsyncClient(base_url=served.url, timeout=TIMEOUT) as client:
        for path in ("/static/blob.bin", "/file"):
            received = bytearray()
            async with client.stream("GET", path) as resp:
                assert resp.headers["Content-Length"] == str(len(served.data))
                async for chunk in resp.aiter_raw():
                    received += chunk
            assert received == served.data


@pytest.mark.parametrize("path", ["/static/blob.bin", "/file"])
async def test_ranges(served: Any, path: str) -> None:
    data = served.data
    size = len(data)
    async with httpx.AsyncClient(base_url=served.url, timeout=TIMEOUT) as client:
        for spec, expected, content_range in (
            ("bytes=0-0", data[:1], f"bytes 0-0/{size}"),
            ("bytes=65536-131071", data[65536:131072], f"bytes 65536-131071/{size}"),
            ("bytes=-1", data[-1:], f"bytes {size - 1}-{size - 1}/{size}"),
            (f"bytes={size - 3}-{size + 100}", data[-3:], f"bytes {size - 3}-{size - 1}/{size}"),
        ):
            resp = await client.get(path, headers={"Range": spec})
            assert resp.status_code == 206, spec
            assert resp.headers["Content-Range"] == content_range
            assert resp.content == expected, spec
        unsatisfiable = await client.get(path, headers={"Range": f"bytes={size}-"})
    assert unsatisfiable.status_code == 416
    assert unsatisfiable.headers["Content-Range"] == f"bytes */{size}"

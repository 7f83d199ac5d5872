"""aiohttp's ClientSession (the real aiohttp, as a peer) against the server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

pytestmark = pytest.mark.interop
TIMEOUT = aiohttp.ClientTimeout(total=10)


async def test_get_post_head(served: Any) -> None:
    async with aiohttp.ClientSession(served.url, timeout=TIMEOUT) as session:
        async with session.get("/hello/a") as resp:
            assert (resp.status, await resp.text(), resp.version) == (200, "hello /hello/a", (1, 1))
        async with session.post("/echo", data=b"raw\r\nbytes") as resp:
            assert await resp.read() == b"raw\r\nbytes"
            assert resp.headers["X-Chunked"] == "False"
        async with session.head("/hello/a") as resp:
            assert resp.status == 200
            assert resp.headers["Content-Length"] == "14"
            assert await resp.read() == b""
        async with session.post("/echo", data={"a": "1", "b": "é"}) as resp:
            assert await resp.text() == "a=1&b=%C3%A9"


async def test_chunked_upload(served: Any) -> None:
    parts = [b"%06d" % n for n in range(50_000)]

    async def body() -> AsyncIterator[bytes]:
        for start in range(0, len(parts), 1000):
            yield b"".join(parts[start : start + 1000])

    async with aiohttp.ClientSession(served.url, timeout=TIMEOUT) as session:
        async with session.post("/echo", data=body()) as resp:
            assert resp.headers["X-Chunked"] == "True"
            assert await resp.read() == b"".join(parts)
        async with session.post("/echo", data=b"small", chunked=True) as resp:
            assert resp.headers["X-Chunked"] == "True"
            assert await resp.read() == b"small"


async def test_keep_alive_reuse(served: Any) -> None:
    connector = aiohttp.TCPConnector(limit=1)
    async with aiohttp.ClientSession(served.url, timeout=TIMEOUT, connector=connector) as session:
        for n in range(8):
            async with session.get(f"/hello/{n}") as resp:
                assert await resp.text() == f"hello /hello/{n}"
        async with session.put("/echo", data=b"y" * 300_000) as resp:
            assert len(await resp.read()) == 300_000
    assert served.requests_per_connection() == [9]


@pytest.mark.parametrize("path", ["/static/blob.bin", "/file"])
async def test_download_and_ranges(served: Any, path: str) -> None:
    data = served.data
    async with aiohttp.ClientSession(served.url, timeout=TIMEOUT) as session:
        async with session.get(path) as resp:
            assert await resp.read() == data
        async with session.get(path, headers={"Range": "bytes=1048576-2097151"}) as resp:
            assert resp.status == 206
            assert await resp.read() == data[1048576:2097152]
        async with session.get(path, headers={"Range": "bytes=5-9,20-29"}) as resp:
            assert resp.status == 206
            assert resp.content_type == "multipart/byteranges"
            reader = aiohttp.MultipartReader.from_response(resp)
            found = []
            while (part := await reader.next()) is not None:
                found.append((part.headers["Content-Range"], await part.read()))
    assert found == [
        (f"bytes 5-9/{len(data)}", data[5:10]),
        (f"bytes 20-29/{len(data)}", data[20:30]),
    ]

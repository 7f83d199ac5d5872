"""Pipelining (curl cannot): several requests in one write, answered in order on one connection."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

pytestmark = pytest.mark.interop
TIMEOUT = 10.0


async def _read_one(reader: asyncio.StreamReader) -> tuple[bytes, dict[bytes, bytes], bytes]:
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), TIMEOUT)
    status, *lines = head[:-4].split(b"\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(b":") for line in lines)}
    body = await asyncio.wait_for(reader.readexactly(int(headers[b"content-length"])), TIMEOUT)
    return status, headers, body


async def test_three_pipelined_requests_in_one_write(served: Any) -> None:
    reader, writer = await asyncio.wait_for(
        asyncio.open_connection("127.0.0.1", served.port), TIMEOUT
    )
    try:
        writer.write(
            b"GET /hello/1 HTTP/1.1\r\nHost: t\r\n\r\n"
            b"POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nabcde"
            b"GET /hello/3 HTTP/1.1\r\nHost: t\r\n\r\n"
        )
        responses = [await _read_one(reader) for _ in range(3)]
    finally:
        writer.close()
    assert [status for status, _, _ in responses] == [b"HTTP/1.1 200 OK"] * 3
    assert [body for _, _, body in responses] == [b"hello /hello/1", b"abcde", b"hello /hello/3"]
    assert served.requests_per_connection() == [3]


async def test_pipelined_burst_with_close_at_the_end(served: Any) -> None:
    reader, writer = await asyncio.wait_for(
        asyncio.open_connection("127.0.0.1", served.port), TIMEOUT
    )
    try:
        requests = [f"GET /hello/{n} HTTP/1.1\r\nHost: t\r\n\r\n".encode() for n in range(10)]
        requests.append(b"GET /hello/last HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        writer.write(b"".join(requests))
        bodies = [(await _read_one(reader))[2] for _ in range(11)]
        tail = await asyncio.wait_for(reader.read(), TIMEOUT)
    finally:
        writer.close()
    assert bodies == [f"hello /hello/{n}".encode() for n in range(10)] + [b"hello /hello/last"]
    assert tail == b""  # closed after the last answer

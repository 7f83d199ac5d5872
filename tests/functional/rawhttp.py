"""Raw-socket HTTP/1.x for tests that need exact bytes: pipelining, Expect, HTTP/1.0, framing."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from multidict import CIMultiDict

TIMEOUT = 10.0


@dataclass
class RawResponse:
    version: str
    status: int
    reason: str
    headers: CIMultiDict[str] = field(default_factory=CIMultiDict)
    raw_head: bytes = b""
    body: bytes = b""


async def connect(port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    return await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), TIMEOUT)


async def read_head(reader: asyncio.StreamReader) -> RawResponse:
    raw = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), TIMEOUT)
    status_line, *lines = raw[:-4].decode("latin-1").split("\r\n")
    version, status, *reason = status_line.split(" ", 2)
    headers: CIMultiDict[str] = CIMultiDict()
    for line in lines:
        name, _, value = line.partition(":")
        headers.add(name, value.strip())
    return RawResponse(version, int(status), reason[0] if reason else "", headers, raw)


async def read_chunked(reader: asyncio.StreamReader) -> bytes:
    body = bytearray()
    while True:
        size_line = await asyncio.wait_for(reader.readuntil(b"\r\n"), TIMEOUT)
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            while (await asyncio.wait_for(reader.readuntil(b"\r\n"), TIMEOUT)) != b"\r\n":
                pass  # trailers
            return bytes(body)
        body += await asyncio.wait_for(reader.readexactly(size + 2), TIMEOUT)
        del body[-2:]


async def read_response(reader: asyncio.StreamReader, *, method: str = "GET") -> RawResponse:
    """One whole response, framed by the rules a client follows (RFC 9112 section 6.3)."""
    resp = await read_head(reader)
    if method == "HEAD" or resp.status < 200 or resp.status in (204, 304):
        return resp
    if "chunked" in resp.headers.get("Transfer-Encoding", ""):
        resp.body = await read_chunked(reader)
    elif "Content-Length" in resp.headers:
        resp.body = await asyncio.wait_for(
            reader.readexactly(int(resp.headers["Content-Length"])), TIMEOUT
        )
    else:
        resp.body = await asyncio.wait_for(reader.read(), TIMEOUT)
    return resp


async def at_eof(reader: asyncio.StreamReader) -> bool:
    """True when the server closed the connection (reads nothing more within the timeout)."""
    return await asyncio.wait_for(reader.read(1), TIMEOUT) == b""


async def exchange(port: int, data: bytes, *, method: str = "GET") -> RawResponse:
    """Send `data` on a fresh connection and read one response."""
    reader, writer = await connect(port)
    try:
        writer.write(data)
        return await read_response(reader, method=method)
    finally:
        writer.close()

"""A raw asyncio server that keeps the bytes of each request it gets, for tests of what a client
writes on the wire.

`recorder(path)` yields `(url, seen)`: the URL of `path` on the server, and the list that every
request's raw bytes are appended to. Each request is answered with an empty 200 and the
connection closed. A request is complete when its head and its Content-Length or chunked body
have arrived, or after IDLE seconds of silence when it cannot be framed.
Importable from every test folder: tests/ is on sys.path because tests/conftest.py lives there.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

IDLE = 2.0  # seconds of silence that end a request the recorder cannot frame


@asynccontextmanager
async def recorder(path: str = "") -> AsyncIterator[tuple[str, list[bytes]]]:
    seen: list[bytes] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        data = b""
        while not _complete(data):
            try:
                piece = await asyncio.wait_for(reader.read(2**20), IDLE)
            except asyncio.TimeoutError:
                break
            if not piece:
                break
            data += piece
        seen.append(data)
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}{path}", seen
    finally:
        server.close()
        await server.wait_closed()


def _complete(data: bytes) -> bool:
    head, sep, body = data.partition(b"\r\n\r\n")
    if not sep:
        return False
    lowered = head.lower()
    if b"transfer-encoding: chunked" in lowered:
        return body.endswith(b"0\r\n\r\n")
    match = re.search(rb"content-length: *(\d+)", lowered)
    return match is None or len(body) >= int(match.group(1))

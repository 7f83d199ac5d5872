"""Helpers for the _body tests: byte sources for the multipart reader, and a request recorder.

`feed(data)` gives a StreamReader holding `data` (and EOF); `Trickle(data, step)` is a
`readany()` source handing out `step` bytes at a time, so every parse also runs with the input
cut at every position. `recorder()` is a raw asyncio server that keeps each request's bytes.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from wirehttp._io.streams import StreamReader

IDLE = 2.0  # seconds of silence that end a request the recorder cannot frame


class _Flow:
    connected = True

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass


def feed(data: bytes) -> StreamReader:
    reader = StreamReader(_Flow(), 2**16, loop=asyncio.get_running_loop())
    reader.feed_data(data)
    reader.feed_eof()
    return reader


class Trickle:
    """A `readany()` source giving `step` bytes per call (b"" at the end)."""

    def __init__(self, data: bytes, step: int = 1) -> None:
        self.data = data
        self.step = step
        self.calls = 0

    async def readany(self) -> bytes:
        self.calls += 1
        piece, self.data = self.data[: self.step], self.data[self.step :]
        return piece


def form_headers(boundary: str, subtype: str = "form-data") -> dict[str, str]:
    return {"Content-Type": f"multipart/{subtype}; boundary={boundary}"}


@asynccontextmanager
async def recorder() -> AsyncIterator[tuple[str, list[bytes]]]:
    """A server answering 200 to everything, keeping each request's raw bytes in `seen`."""
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
        yield f"http://127.0.0.1:{port}/form", seen
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


def dechunk(body: bytes) -> bytes:
    out = b""
    while body:
        size_line, _, rest = body.partition(b"\r\n")
        size = int(size_line, 16)
        if size == 0:
            break
        out += rest[:size]
        body = rest[size + 2 :]
    return out


def normalised(raw: bytes) -> tuple[list[str], bytes]:
    """A request's head lines (User-Agent and Accept-Encoding left out: they differ on purpose)
    and its body (de-chunked), with a random 32-hex multipart boundary replaced by BOUNDARY."""
    head, _, body = raw.partition(b"\r\n\r\n")
    found = re.search(rb"boundary=([0-9a-f]{32})", head)
    if b"transfer-encoding: chunked" in head.lower():
        body = dechunk(body)
    if found is not None:
        head = head.replace(found.group(1), b"BOUNDARY")
        body = body.replace(found.group(1), b"BOUNDARY")
    lines = head.decode("utf-8").split("\r\n")
    skip = ("user-agent:", "accept-encoding:", "host:")
    return [line for line in lines if not line.lower().startswith(skip)], body


def parts_of(body: bytes, boundary: bytes) -> list[Any]:
    """A multipart body split into (header lines, content) by a plain split, for assertions."""
    chunks = body.split(b"--" + boundary)
    parts = []
    for chunk in chunks[1:-1]:
        head, _, content = chunk[2:].partition(b"\r\n\r\n")
        parts.append((head.decode("utf-8").split("\r\n"), content[:-2]))
    return parts

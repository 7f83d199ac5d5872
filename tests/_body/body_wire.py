"""Helpers for the _body tests: byte sources for the multipart reader, and a request recorder.

`feed(data)` gives a StreamReader holding `data` (and EOF); `Trickle(data, step)` is a
`readany()` source handing out `step` bytes at a time, so every parse also runs with the input
cut at every position. `recorder()` is tests/wire_recorder.py's request recorder at /form.
"""

from __future__ import annotations

import asyncio
import re
from contextlib import AbstractAsyncContextManager
from typing import Any

from wire_recorder import recorder as record_requests
from wirehttp._io.streams import StreamReader


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


def recorder() -> AbstractAsyncContextManager[tuple[str, list[bytes]]]:
    """The shared request recorder (tests/wire_recorder.py), at the path /form."""
    return record_requests("/form")


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

"""Loopback plumbing for the hostile-input suite: a served app that counts handler calls, and a
byte-exact raw client.

Everything here talks to a real server over 127.0.0.1 with plain asyncio streams, so each test
controls every byte it sends. Every read is bounded by `TIMEOUT`; a server that fails to close a
connection makes the test fail instead of hanging.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from wirehttp import web

TIMEOUT = 5.0  # upper bound for any single network wait; the cases normally take milliseconds


@dataclass
class Calls:
    """How often the application's handlers ran, and what they saw."""

    count: int = 0
    paths: list[str] = field(default_factory=list)
    bodies: list[bytes] = field(default_factory=list)
    body_errors: list[BaseException] = field(default_factory=list)


def counting_app(calls: Calls, **app_kwargs: Any) -> web.Application:
    """An app whose every route records the call, reads the whole body and answers 200 "ok"."""

    async def handler(request: web.Request) -> web.Response:
        calls.count += 1
        calls.paths.append(request.raw_path)
        try:
            body = await request.read()
        except Exception as exc:  # a refused body (413) or broken framing: recorded, re-raised
            calls.body_errors.append(exc)
            raise
        calls.bodies.append(body)
        return web.Response(text=f"ok {len(body)}")

    app = web.Application(**app_kwargs)
    app.router.add_route("*", "/{tail:.*}", handler)
    return app


@contextlib.asynccontextmanager
async def serve(
    app: web.Application, **runner_kwargs: Any
) -> AsyncIterator[tuple[web.AppRunner, int]]:
    """Run `app` on an ephemeral loopback port for the duration of the block."""
    runner = web.AppRunner(app, **runner_kwargs)
    await runner.setup()
    try:
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        yield runner, runner.addresses[0][1]
    finally:
        await runner.cleanup()


@contextlib.asynccontextmanager
async def connect(port: int) -> AsyncIterator[tuple[asyncio.StreamReader, asyncio.StreamWriter]]:
    reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), TIMEOUT)
    try:
        yield reader, writer
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await asyncio.wait_for(writer.wait_closed(), TIMEOUT)


async def read_until_eof(reader: asyncio.StreamReader, timeout: float = TIMEOUT) -> bytes:
    """All the bytes the server sends until it closes; fails (TimeoutError) if it never does."""
    chunks = []
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        try:
            chunk = await asyncio.wait_for(reader.read(65536), max(0.0, deadline - loop.time()))
        except ConnectionResetError:
            break  # closed with unread input still queued on the server side: still a close
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


async def exchange(port: int, data: bytes, timeout: float = TIMEOUT) -> bytes:
    """Send `data` in one write and return everything until the server closes the connection."""
    async with connect(port) as (reader, writer):
        writer.write(data)
        return await read_until_eof(reader, timeout)


@dataclass
class RawResponse:
    status_line: bytes
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    raw: bytes

    def header(self, name: str) -> str | None:
        key = name.lower().encode()
        for k, v in self.headers:
            if k.lower() == key:
                return v.decode("latin-1")
        return None


def parse_responses(data: bytes, *, head_only: tuple[int, ...] = ()) -> list[RawResponse]:
    """Split a byte stream into responses (Content-Length, chunked or read-until-close bodies).

    `head_only` lists the (0-based) positions of responses to HEAD requests, which have no body.
    """
    responses = []
    pos = 0
    while pos < len(data):
        end = data.index(b"\r\n\r\n", pos)
        head = data[pos:end]
        status_line, *lines = head.split(b"\r\n")
        headers = [(k.strip(), v.strip()) for k, v in (line.split(b":", 1) for line in lines)]
        names = {k.lower(): v for k, v in headers}
        body_start = end + 4
        if len(responses) in head_only:
            body, pos = b"", body_start
        elif b"content-length" in names:
            pos = body_start + int(names[b"content-length"])
            body = data[body_start:pos]
            assert len(body) == int(names[b"content-length"]), "truncated response body"
        elif names.get(b"transfer-encoding", b"").lower() == b"chunked":
            body, pos = _dechunk(data, body_start)
        else:
            body, pos = data[body_start:], len(data)
        raw = head + b"\r\n\r\n" + data[body_start:pos]
        responses.append(RawResponse(status_line, int(status_line.split()[1]), headers, body, raw))
    return responses


def _dechunk(data: bytes, pos: int) -> tuple[bytes, int]:
    out = bytearray()
    while True:
        line_end = data.index(b"\r\n", pos)
        size = int(data[pos:line_end].split(b";")[0], 16)
        pos = line_end + 2
        if size == 0:
            pos = data.index(b"\r\n\r\n", pos - 2) + 4
            return bytes(out), pos
        out += data[pos : pos + size]
        pos += size + 2


async def one_response_then_close(port: int, data: bytes) -> RawResponse:
    """Send `data`; the server must answer exactly once and then close the connection."""
    raw = await exchange(port, data)
    responses = parse_responses(raw)
    assert len(responses) == 1, f"expected exactly one response, got {raw!r}"
    return responses[0]


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

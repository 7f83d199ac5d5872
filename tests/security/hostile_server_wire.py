"""A raw loopback server that answers a client's first request with canned (hostile) bytes.

`hostile_server(first)` listens on 127.0.0.1:0. Each connection reads request heads one after
another; the very first request the server sees gets `first.data`, every later one gets `GOOD`.
After the hostile answer the connection stays open unless `first.close` says otherwise, so a
client that wrongly pooled it would send its next request there: the server records which
connection served which request, and the tests assert the follow-up arrived on a new one.

Every wait is bounded by `TIMEOUT`; the server stops (and closes what is left) on leaving the
block.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

TIMEOUT = 5.0
GOOD = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok"


@dataclass(frozen=True)
class Canned:
    """The bytes sent for the first request; `close` closes the connection right after."""

    data: bytes
    close: bool = False


@dataclass
class Seen:
    """What the server saw: per accepted connection, the request heads it read, and raw bytes."""

    heads: list[list[bytes]] = field(default_factory=list)
    received: list[bytearray] = field(default_factory=list)

    @property
    def connections(self) -> int:
        return len(self.heads)

    @property
    def total_bytes(self) -> int:
        return sum(len(chunk) for chunk in self.received)


async def _serve_one(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, first: Canned, seen: Seen
) -> None:
    heads: list[bytes] = []
    received = bytearray()
    seen.heads.append(heads)
    seen.received.append(received)
    buf = b""
    try:
        while True:
            while b"\r\n\r\n" not in buf:
                chunk = await asyncio.wait_for(reader.read(65536), TIMEOUT)
                if not chunk:
                    return
                received += chunk
                buf += chunk
            head, _, buf = buf.partition(b"\r\n\r\n")
            heads.append(head)
            hostile = sum(len(h) for h in seen.heads) == 1
            writer.write(first.data if hostile else GOOD)
            await writer.drain()
            if hostile and first.close:
                return
    except (OSError, asyncio.TimeoutError):
        return
    finally:
        writer.close()


@contextlib.asynccontextmanager
async def hostile_server(first: Canned) -> AsyncIterator[tuple[str, Seen]]:
    """Serve on an ephemeral loopback port; yields the base URL and the `Seen` record."""
    seen = Seen()
    tasks: set[asyncio.Task[None]] = set()
    writers: set[asyncio.StreamWriter] = set()

    async def on_connect(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        tasks.add(task)
        writers.add(writer)
        try:
            await _serve_one(reader, writer, first, seen)
        finally:
            tasks.discard(task)
            writers.discard(writer)

    server = await asyncio.start_server(on_connect, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}", seen
    finally:
        server.close()
        for writer in list(writers):
            writer.close()  # its reader sees the end and the handler returns (no cancel)
        if tasks:
            await asyncio.wait(list(tasks), timeout=TIMEOUT)
        await asyncio.wait_for(server.wait_closed(), TIMEOUT)


async def settle(seen: Seen, connections: int) -> None:
    """Wait (bounded) until the server accepted `connections` connections."""
    loop = asyncio.get_running_loop()
    end = loop.time() + TIMEOUT
    while seen.connections < connections and loop.time() < end:
        await asyncio.sleep(0.005)

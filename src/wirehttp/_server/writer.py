"""The response body writer handed to each request (aiohttp's `StreamWriter` role).

Owns: buffering the response head until the first body bytes, chunked framing, on-the-fly
compression, byte counters, and waiting for the transport to drain. A small response leaves in
one `transport.write` (head and body joined). Must not import `_web` or `_client`.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from .._io.codecs import Compressor
from .._io.writer_abc import AbstractStreamWriter
from .._sansio.h1.serialize import LAST_CHUNK, encode_chunk

if TYPE_CHECKING:
    from .._io.protocol import BaseProtocol

__all__ = ("ResponseWriter",)


class ResponseWriter(AbstractStreamWriter):
    """Writes one response's head and body to the connection's transport."""

    __slots__ = (
        "_compressor",
        "_eof",
        "_head",
        "_protocol",
        "buffer_size",
        "chunked",
        "length",
        "loop",
        "output_size",
    )
    # Declared again here, though AbstractStreamWriter declares them: a compiled (mypyc) class
    # must own the attributes it sets, and the interface stays interpreted.
    buffer_size: int
    length: int
    output_size: int

    def __init__(self, protocol: BaseProtocol, loop: asyncio.AbstractEventLoop) -> None:
        self._protocol = protocol
        self.loop = loop
        self._head = b""
        self._compressor: Compressor | None = None
        self._eof = False
        self.chunked = False
        self.length = 0  # body bytes accepted (before compression)
        self.output_size = 0  # bytes handed to the transport, head included
        self.buffer_size = 0

    @property
    def transport(self) -> asyncio.Transport | None:
        return self._protocol.transport

    @property
    def protocol(self) -> BaseProtocol:
        return self._protocol

    def enable_chunking(self) -> None:
        self.chunked = True

    def enable_compression(self, encoding: str = "deflate", strategy: int | None = None) -> None:
        self._compressor = Compressor(encoding)

    def write_headers(self, head: bytes, *args: Any) -> None:
        """Keep the encoded head; it leaves with the first body bytes (or at EOF)."""
        self._head = head

    def send_headers(self) -> None:
        """Flush a buffered head now (used before handing the socket to sendfile)."""
        if self._head:
            head, self._head = self._head, b""
            self._send(head)

    async def write(self, data: bytes | bytearray | memoryview) -> None:
        if self._eof:
            raise RuntimeError("Cannot write after write_eof()")
        if not data:
            return
        self.length += len(data)
        if self._compressor is not None:
            data = self._compressor.compress(bytes(data))
            if not data:
                return
        if self.chunked:
            data = encode_chunk(bytes(data))
        self._send_with_head(data)
        await self._maybe_drain()

    async def write_eof(self, data: bytes = b"") -> None:
        if self._eof:
            return
        self._eof = True
        if data:
            self.length += len(data)
        if self._compressor is not None or self.chunked:
            data = self._finish_body(data)
        head = self._head
        if head:  # the common small response: head and body leave in one write
            self._head = b""
            data = head + data if data else head
        if data:
            self._send(data)
            if self._protocol.writing_paused:  # the transport's buffer passed its high-water mark
                await self._protocol.drain()

    def send_whole(self, head: bytes, body: bytes) -> bool:
        """Head and complete body in one write (no chunking, no compression); True: drain now."""
        self._eof = True
        self._head = b""
        self.length += len(body)
        self._send(head + body if body else head)
        return self._protocol.writing_paused

    def _finish_body(self, data: bytes) -> bytes:
        if self._compressor is not None:
            data = (
                self._compressor.compress(data) + self._compressor.flush()
                if data
                else self._compressor.flush()
            )
        if self.chunked:
            return encode_chunk(data) + LAST_CHUNK if data else LAST_CHUNK
        return data

    def _send_with_head(self, data: bytes | bytearray | memoryview) -> None:
        if self._head:
            head, self._head = self._head, b""
            data = head + data if data else head
        if data:
            self._send(data)

    def _send(self, data: bytes | bytearray | memoryview) -> None:
        transport = self._protocol.transport
        if transport is None or transport.is_closing():
            raise ConnectionResetError("Cannot write to closing transport")
        self.output_size += len(data)
        transport.write(data)

    async def _maybe_drain(self) -> None:
        if self._protocol.writing_paused:  # the transport's buffer passed its high-water mark
            await self._protocol.drain()

    async def drain(self) -> None:
        await self._protocol.drain()

    def set_eof(self) -> None:
        self._eof = True

    async def write_file(self, fobj: Any, offset: int, count: int, chunk_size: int = 2**18) -> None:
        """Send `count` bytes of an open binary file from `offset`, by sendfile when possible."""
        transport = self._protocol.transport
        if transport is None or transport.is_closing():
            raise ConnectionResetError("Cannot write to closing transport")
        self.send_headers()
        if self._compressor is None and not self.chunked and _can_sendfile(transport):
            await self._protocol.drain()
            try:
                sent = await self.loop.sendfile(transport, fobj, offset, count, fallback=False)
            except (NotImplementedError, RuntimeError, asyncio.SendfileNotAvailableError):
                pass  # uvloop has no loop.sendfile; TLS and some transports cannot either
            else:
                self.length += sent
                self.output_size += sent
                return
        await self._copy_file(fobj, offset, count, chunk_size)

    async def _copy_file(self, fobj: Any, offset: int, count: int, chunk_size: int) -> None:
        fobj.seek(offset)
        while count > 0:
            chunk = await self.loop.run_in_executor(None, fobj.read, min(chunk_size, count))
            if not chunk:
                break
            count -= len(chunk)
            await self.write(chunk)


def _can_sendfile(transport: asyncio.BaseTransport) -> bool:
    return (
        transport.get_extra_info("sslcontext") is None
        and transport.get_extra_info("socket") is not None
    )

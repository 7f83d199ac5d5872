"""Request bodies for the client: what `data=` / `json=` become on the wire.

Owns: `make_body(data, json, json_serialize) -> RequestBody | None`. A `RequestBody` knows its
default Content-Type, its size when known (None makes the request chunked) and yields its bytes:
bytes as given, str as UTF-8, a dict or list of pairs urlencoded, json= through the session's
serialiser, a file object read in chunks off the loop (never whole), an async iterable or a
StreamReader as it arrives. Private and minimal: the public Payload / FormData machinery belongs
to `_body/` (a later issue). Must not import `_server` or `_web`.
"""

from __future__ import annotations

import asyncio
import io
import mimetypes
import os
from collections.abc import AsyncIterable, AsyncIterator, Callable, Mapping, Sequence
from typing import IO, Any, Final
from urllib.parse import urlencode

from .._io.codecs import Compressor
from .._io.streams import StreamReader
from .._sansio.h1.serialize import LAST_CHUNK, encode_chunk

__all__ = ("FILE_CHUNK", "RequestBody", "make_body", "write_body")

FILE_CHUNK: Final = 64 * 1024  # bytes read from a file per step: one socket write's worth
_OCTETS: Final = "application/octet-stream"
_TEXT: Final = "text/plain; charset=utf-8"
_FORM: Final = "application/x-www-form-urlencoded"
_JSON: Final = "application/json"


class RequestBody:
    """One request's body: `data` (all in memory) or `source` (streamed), and its framing facts."""

    __slots__ = ("content_type", "data", "size", "source")

    def __init__(
        self,
        content_type: str,
        *,
        data: bytes | None = None,
        source: AsyncIterable[bytes] | None = None,
        size: int | None = None,
    ) -> None:
        self.content_type = content_type
        self.data = data
        self.source = source
        self.size = len(data) if data is not None else size

    def __repr__(self) -> str:
        kind = "bytes" if self.data is not None else "stream"
        return f"<RequestBody {kind} size={self.size} type={self.content_type!r}>"

    async def chunks(self) -> AsyncIterator[bytes]:
        """The body's bytes, in the pieces they come in."""
        if self.data is not None:
            if self.data:
                yield self.data
            return
        assert self.source is not None
        async for piece in self.source:
            if isinstance(piece, str):
                piece = piece.encode("utf-8")
            if piece:
                yield bytes(piece)


def make_body(
    data: Any, json: Any, json_serialize: Callable[[Any], str | bytes]
) -> RequestBody | None:
    """The body for `data=` or `json=` (both given is a ValueError, as in aiohttp)."""
    if data is not None and json is not None:
        raise ValueError("data and json parameters can not be used at the same time")
    if json is not None:
        text = json_serialize(json)
        raw = text.encode("utf-8") if isinstance(text, str) else bytes(text)
        return RequestBody(_JSON, data=raw)
    if data is None:
        return None
    return _from_data(data)


def _from_data(data: Any) -> RequestBody:
    if isinstance(data, (bytes, bytearray, memoryview)):
        return RequestBody(_OCTETS, data=bytes(data))
    if isinstance(data, str):
        return RequestBody(_TEXT, data=data.encode("utf-8"))
    if isinstance(data, Mapping) or _is_pairs(data):
        return RequestBody(_FORM, data=urlencode(data, doseq=True).encode("utf-8"))
    if isinstance(data, StreamReader):
        return RequestBody(_OCTETS, source=data.iter_any())
    if isinstance(data, io.IOBase) or hasattr(data, "read"):
        return _from_file(data)
    if isinstance(data, AsyncIterable):
        return RequestBody(_OCTETS, source=data)
    raise TypeError(f"data of type {type(data).__name__!r} is not supported")


def _is_pairs(data: Any) -> bool:
    return isinstance(data, (list, tuple)) and all(
        isinstance(item, Sequence) and not isinstance(item, (str, bytes)) and len(item) == 2
        for item in data
    )


def _from_file(fobj: IO[Any]) -> RequestBody:
    text = isinstance(fobj, io.TextIOBase)
    name = getattr(fobj, "name", None)
    guessed = mimetypes.guess_type(name)[0] if isinstance(name, str) else None
    content_type = guessed or (_TEXT if text else _OCTETS)
    size = None if text and not isinstance(fobj, io.StringIO) else _remaining_size(fobj)
    return RequestBody(content_type, source=_read_file(fobj, text), size=size)


def _remaining_size(fobj: IO[Any]) -> int | None:
    """Bytes left from the current position, or None when the file cannot tell."""
    try:
        if isinstance(fobj, io.BytesIO):
            return len(fobj.getbuffer()) - fobj.tell()
        if isinstance(fobj, io.StringIO):
            return len(fobj.getvalue()[fobj.tell() :].encode("utf-8"))
        return os.fstat(fobj.fileno()).st_size - fobj.tell()
    except (OSError, AttributeError, ValueError, io.UnsupportedOperation):
        return None


async def _read_file(fobj: IO[Any], text: bool) -> AsyncIterator[bytes]:
    loop = asyncio.get_running_loop()
    in_memory = isinstance(fobj, (io.BytesIO, io.StringIO))
    try:
        while True:
            piece = (
                fobj.read(FILE_CHUNK)
                if in_memory
                else await loop.run_in_executor(None, fobj.read, FILE_CHUNK)
            )
            if not piece:
                return
            yield piece.encode("utf-8") if text else piece
    finally:
        fobj.close()  # as aiohttp: a file given as data is closed once it was sent


async def write_body(
    body: RequestBody | None,
    head: bytes,
    protocol: Any,
    *,
    chunked: bool,
    compress: str | None,
) -> None:
    """Send `head` then the body: in one write when it is small and in memory, else streamed."""
    transport = protocol.transport
    if transport is None:
        raise ConnectionResetError("connection lost before the request was sent")
    if body is None or (body.data is not None and not chunked and not compress):
        transport.write(head + body.data if body is not None and body.data else head)
        return
    transport.write(head)
    compressor = Compressor(compress) if compress else None
    async for piece in body.chunks():
        if compressor is not None:
            piece = compressor.compress(piece)
        await _send(protocol, encode_chunk(piece) if chunked else piece)
    tail = compressor.flush() if compressor is not None else b""
    if chunked:
        await _send(protocol, encode_chunk(tail) + LAST_CHUNK)
    elif tail:
        await _send(protocol, tail)


async def _send(protocol: Any, data: bytes) -> None:
    if not data:
        return
    transport = protocol.transport
    if transport is None:
        raise ConnectionResetError("connection lost while the request body was sent")
    transport.write(data)
    if protocol.writing_paused and protocol.flow is not None:
        await protocol.flow.drain()

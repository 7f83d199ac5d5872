"""Request bodies for the client: what `data=` / `json=` become on the wire.

Owns: `make_body(data, json, json_serialize) -> RequestBody | None` and `write_body`. The choice
of payload is `_body`'s (`body_payload`: aiohttp's rules for bytes, str, dicts and pairs,
FormData, MultipartWriter, Payload objects, files, async iterables, StreamReaders); a
`RequestBody` only adds what sending needs: the headers the payload brings (Content-Type
first), its size when known (None makes the request chunked), and its bytes, all at once
when they are in memory (sent with the head, and again on a retry or a 307) or streamed.
A payload holding a file is closed once it was sent, as aiohttp does.
Must not import `_server` or `_web`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any, Final

from .._base.json_types import default_json_dumps
from .._body.formdata import body_payload
from .._body.io_payload import IOBasePayload
from .._body.payload import BytesPayload, Payload
from .._body.streaming import payload_bytes, payload_chunks
from .._io.codecs import Compressor
from .._sansio.h1.serialize import LAST_CHUNK, encode_chunk
from .upload_tracker import UploadAttempt

__all__ = ("RequestBody", "make_body", "write_body")

# A multipart body whose parts are all in memory is joined into one bytes object up to this
# size (sent with the head, replayable); a bigger one streams instead of being copied whole.
JOIN_LIMIT: Final = 1024 * 1024


class RequestBody:
    """One request's payload: `data` (all in memory) or streamed, and its framing facts."""

    __slots__ = ("content_type", "data", "headers", "payload", "size")

    def __init__(self, payload: Payload) -> None:
        self.payload = payload
        self.headers = tuple(payload.headers.items())
        self.content_type = payload.content_type
        size = payload.size
        if isinstance(payload, BytesPayload):
            self.data: bytes | None = payload_bytes(payload)
        elif isinstance(payload, IOBasePayload) or size is None or size > JOIN_LIMIT:
            self.data = None  # a file object, even an in-memory one, is streamed as given
        else:
            self.data = payload_bytes(payload)
        self.size = len(self.data) if self.data is not None else size

    def __repr__(self) -> str:
        kind = "bytes" if self.data is not None else "stream"
        return f"<RequestBody {kind} size={self.size} type={self.content_type!r}>"

    async def chunks(self) -> AsyncIterator[bytes]:
        """The body's bytes, in the pieces they come in."""
        if self.data is not None:
            if self.data:
                yield self.data
            return
        try:
            async for piece in payload_chunks(self.payload):
                if isinstance(piece, str):
                    piece = piece.encode("utf-8")
                if piece:
                    yield bytes(piece)
        finally:
            await self.payload.close()  # files, also those inside a multipart body


def make_body(
    data: Any, json: Any, json_serialize: Callable[[Any], str | bytes]
) -> RequestBody | None:
    """The body for `data=` or `json=` (both given is a ValueError, as in aiohttp)."""
    if data is not None and json is not None:
        raise ValueError("data and json parameters can not be used at the same time")
    if json is not None:
        text = default_json_dumps(json_serialize)(json)  # type: ignore[arg-type]
        raw = text.encode("utf-8") if isinstance(text, str) else bytes(text)
        return RequestBody(BytesPayload(raw, content_type="application/json"))
    if data is None:
        return None
    return RequestBody(body_payload(data))


async def write_body(
    body: RequestBody | None,
    head: bytes,
    protocol: Any,
    *,
    chunked: bool,
    compress: str | None,
    attempt: UploadAttempt | None = None,
) -> None:
    """Send `head` then the body: in one write when it is small and in memory, else streamed.

    With an upload tracker's `attempt`, every write is reported to it (payload and wire sizes)
    and the body counts as sent once the transport took it below its high-water mark.
    """
    transport = protocol.transport
    if transport is None:
        raise ConnectionResetError("connection lost before the request was sent")
    if body is None or (body.data is not None and not chunked and not compress):
        transport.write(head + body.data if body is not None and body.data else head)
        if attempt is not None:
            size = len(body.data) if body is not None and body.data else 0
            attempt.wrote(size, size)  # in the head's write
            if protocol.writing_paused and protocol.flow is not None:
                await protocol.flow.drain()
        return
    transport.write(head)
    compressor = Compressor(compress) if compress else None
    async for piece in body.chunks():
        size = len(piece)
        if compressor is not None:
            piece = compressor.compress(piece)
        await _send(protocol, encode_chunk(piece) if chunked else piece, attempt, size)
    tail = compressor.flush() if compressor is not None else b""
    if chunked:
        await _send(protocol, encode_chunk(tail) + LAST_CHUNK, attempt)
    elif tail:
        await _send(protocol, tail, attempt)


async def _send(
    protocol: Any, data: bytes, attempt: UploadAttempt | None = None, payload: int = 0
) -> None:
    """Write `data` (carrying `payload` body bytes) and wait while the transport is full."""
    if data:
        transport = protocol.transport
        if transport is None:
            raise ConnectionResetError("connection lost while the request body was sent")
        transport.write(data)
    if attempt is not None:  # after the write: the tracker reads the buffer it is now in
        attempt.wrote(payload, len(data))
    if data and protocol.writing_paused and protocol.flow is not None:
        await protocol.flow.drain()

"""Getting the bytes out of any Payload, as an async iterator or, when in memory, at once.

Owns: `payload_chunks(payload)` (wirehttp's own payloads hand over their `_chunks()`; any other
Payload, e.g. a user's subclass or a `@streamer`, is run as `payload.write(writer)` against a
writer that passes each piece through a one-slot queue, so the producer waits for the consumer
and nothing piles up) and `payload_bytes(payload)` (the whole body without I/O when it is
already in memory, else None; a sender then writes it with the head and can send it again).
Must not import `_client`, `_server` or `_web`.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from .._io.writer_abc import AbstractStreamWriter
from .io_payload import BytesIOPayload
from .payload import BytesPayload, Payload, StreamedPayload

__all__ = ("payload_bytes", "payload_chunks")


def payload_chunks(payload: Payload) -> AsyncIterator[bytes]:
    """The payload's bytes, one fresh pass."""
    if isinstance(payload, StreamedPayload) and _writes_from_chunks(payload):
        return payload._chunks()
    return _bridged(payload)


def _writes_from_chunks(payload: StreamedPayload) -> bool:
    """True unless a subclass replaced `write` (then its `write` is what counts)."""
    return type(payload).write is StreamedPayload.write


def payload_bytes(payload: Payload) -> bytes | None:
    """The whole body when it is in memory (bytes, BytesIO, or a multipart of those)."""
    if not (isinstance(payload, StreamedPayload) and _writes_from_chunks(payload)):
        return None
    if isinstance(payload, BytesPayload):
        return bytes(payload._value)
    if isinstance(payload, BytesIOPayload):
        return payload.view()
    render = getattr(payload, "render_in_memory", None)
    if render is not None:
        rendered: bytes | None = render()
        return rendered
    return None


class _QueueWriter(AbstractStreamWriter):
    """A writer whose `write` hands each piece to the consuming iterator and waits for it."""

    __slots__ = ("_queue", "length")

    def __init__(self, queue: asyncio.Queue[Any]) -> None:
        self._queue = queue
        self.length = 0

    async def write(self, chunk: bytes | bytearray | memoryview) -> None:
        if chunk:
            self.length += len(chunk)
            await self._queue.put(bytes(chunk))

    async def write_eof(self, chunk: bytes = b"") -> None:
        await self.write(chunk)

    async def drain(self) -> None:
        """Nothing buffered here: `write` already waited for the consumer."""

    def enable_compression(self, encoding: str = "deflate", strategy: int | None = None) -> None:
        raise RuntimeError("a payload cannot change the framing of the message it is in")

    def enable_chunking(self) -> None:
        raise RuntimeError("a payload cannot change the framing of the message it is in")

    def write_headers(self, head: bytes, *args: Any) -> None:
        raise RuntimeError("a payload writes a body, not headers")


class _End:
    __slots__ = ("error",)

    def __init__(self, error: BaseException | None) -> None:
        self.error = error


async def _bridged(payload: Payload) -> AsyncIterator[bytes]:
    queue: asyncio.Queue[Any] = asyncio.Queue(maxsize=1)

    async def produce() -> None:
        try:
            await payload.write(_QueueWriter(queue))
        except Exception as exc:
            await queue.put(_End(exc))
        else:
            await queue.put(_End(None))

    producer = asyncio.get_running_loop().create_task(produce())
    try:
        while True:
            item = await queue.get()
            if isinstance(item, _End):
                if item.error is not None:
                    raise item.error
                return
            yield item
    finally:
        if not producer.done():
            producer.cancel()
            await asyncio.wait((producer,))

"""`abc.AbstractStreamWriter`: what a message body writer offers (aiohttp.abc's name).

Owns: the interface only. The server's `ResponseWriter` (`request.writer`, a response's
`_payload_writer`) implements it; the client's request writer will too, which is why it lives
here, below both. The method names are aiohttp's; `write_headers` takes the already encoded
head (wirehttp builds the head in one join) and is synchronous, as it only buffers.
Must not import anything above `_io`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

__all__ = ("AbstractStreamWriter",)


class AbstractStreamWriter(ABC):
    """Writes one HTTP message body (and its buffered head) to a connection."""

    __slots__ = ()  # implementations keep their own __slots__

    buffer_size: int = 0  # bytes buffered and not yet handed to the transport
    output_size: int = 0  # bytes handed to the transport, head included
    length: int = 0  # body bytes accepted from the caller (before compression)

    @abstractmethod
    async def write(self, chunk: bytes | bytearray | memoryview) -> None:
        """Send a piece of the body (framed and compressed as enabled)."""

    @abstractmethod
    async def write_eof(self, chunk: bytes = b"") -> None:
        """Send the last piece of the body and end the message."""

    @abstractmethod
    async def drain(self) -> None:
        """Wait until the transport's write buffer has room again."""

    @abstractmethod
    def enable_compression(self, encoding: str = "deflate", strategy: int | None = None) -> None:
        """Compress the body from here on with `encoding`."""

    @abstractmethod
    def enable_chunking(self) -> None:
        """Frame the body with chunked transfer coding."""

    @abstractmethod
    def write_headers(self, head: bytes, *args: Any) -> None:
        """Keep the encoded head; it leaves with the first body bytes."""

    def send_headers(self) -> None:  # noqa: B027 (optional: a writer that never buffers the head)
        """Send a buffered head at once, without body bytes."""


AbstractStreamWriter.__module__ = "wirehttp.abc"  # documented as wirehttp.abc.AbstractStreamWriter

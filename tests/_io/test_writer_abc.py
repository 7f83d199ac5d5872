"""abc.AbstractStreamWriter: aiohttp's abstract method names, implemented by ResponseWriter."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from wirehttp import abc
from wirehttp._io.protocol import BaseProtocol
from wirehttp._io.writer_abc import AbstractStreamWriter
from wirehttp._server.writer import ResponseWriter

ABSTRACT = {
    "drain",
    "enable_chunking",
    "enable_compression",
    "write",
    "write_eof",
    "write_headers",
}


def test_public_name() -> None:
    assert abc.AbstractStreamWriter is AbstractStreamWriter
    assert AbstractStreamWriter.__module__ == "wirehttp.abc"


def test_abstract_methods_are_aiohttps_names() -> None:
    assert set(AbstractStreamWriter.__abstractmethods__) == ABSTRACT


def test_cannot_be_instantiated_without_the_methods() -> None:
    with pytest.raises(TypeError, match="abstract"):
        AbstractStreamWriter()  # type: ignore[abstract]


def test_response_writer_is_one_and_keeps_its_slots() -> None:
    loop = asyncio.new_event_loop()  # the real types: the compiled build checks them
    try:
        writer = ResponseWriter(BaseProtocol(), loop)
    finally:
        loop.close()
    assert isinstance(writer, abc.AbstractStreamWriter)
    assert not hasattr(writer, "__dict__")  # per-request object: still slotted
    assert (writer.buffer_size, writer.output_size, writer.length) == (0, 0, 0)


def test_a_complete_implementation_can_be_made() -> None:
    class Collecting(AbstractStreamWriter):
        __slots__ = ("parts",)

        def __init__(self) -> None:
            self.parts: list[Any] = []

        async def write(self, chunk: bytes | bytearray | memoryview) -> None:
            self.parts.append(chunk)

        async def write_eof(self, chunk: bytes = b"") -> None:
            self.parts.append(chunk)

        async def drain(self) -> None:
            pass

        def enable_compression(
            self, encoding: str = "deflate", strategy: int | None = None
        ) -> None:
            pass

        def enable_chunking(self) -> None:
            pass

        def write_headers(self, head: bytes, *args: Any) -> None:
            self.parts.append(head)

    writer = Collecting()
    writer.write_headers(b"HTTP/1.1 200 OK\r\n\r\n")
    writer.send_headers()  # optional: the default does nothing
    assert writer.parts == [b"HTTP/1.1 200 OK\r\n\r\n"]

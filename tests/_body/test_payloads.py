"""Payload classes and the registry, checked against aiohttp 3.14's for the same values.

Also: files are streamed in bounded reads (never read whole) and never send more than the size
announced; async iterables go once; a user's Payload subclass and `@streamer` bodies are run
through the writer bridge; header values with CR/LF/NUL are refused.
"""

from __future__ import annotations

import asyncio
import io
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import aiohttp.payload
import pytest
from body_wire import feed, normalised, recorder

import wirehttp
from wirehttp import payload as wp
from wirehttp._body.io_payload import FILE_CHUNK
from wirehttp._body.streaming import payload_bytes, payload_chunks


async def _agen() -> AsyncIterator[bytes]:
    yield b"x"


def _values(tmp: Path) -> list[tuple[str, Any]]:
    (tmp / "data.csv").write_bytes(b"a,b\n1,2\n")
    (tmp / "note.txt").write_text("héllo")
    return [
        ("bytes", lambda: b"abc"),
        ("bytearray", lambda: bytearray(b"abc")),
        ("memoryview", lambda: memoryview(b"abcd")),
        ("str", lambda: "héllo"),
        ("StringIO", lambda: io.StringIO("héllo")),
        ("BytesIO", lambda: io.BytesIO(b"12345")),
        ("binary file", lambda: open(tmp / "data.csv", "rb")),
        ("text file", lambda: open(tmp / "note.txt", encoding="utf-8")),
        ("async gen", _agen),
    ]


@pytest.fixture
def values(tmp_path: Path) -> list[tuple[str, Any]]:
    return _values(tmp_path)


async def test_registry_picks_what_aiohttp_picks(values: list[tuple[str, Any]]) -> None:
    for label, make in values:
        ours, theirs = wp.get_payload(make()), aiohttp.payload.get_payload(make())
        assert type(ours).__name__ == type(theirs).__name__, label
        assert ours.content_type == theirs.content_type, label
        assert dict(ours.headers) == dict(theirs.headers), label
        if label != "text file":  # ours: unknown (newline translation, encodings); see below
            assert ours.size == theirs.size, label
        for payload in (ours, theirs):
            await payload.close()


def test_text_file_size_is_unknown(tmp_path: Path) -> None:
    (tmp_path / "crlf.txt").write_bytes(b"a\r\nb\r\n")
    with open(tmp_path / "crlf.txt", encoding="utf-8") as text:
        payload = wp.get_payload(text)
        assert isinstance(payload, wp.TextIOPayload)
        assert payload.size is None  # 6 bytes on disk, 4 once read: a size would lie


def test_payload_passes_through_and_lookup_error() -> None:
    payload = wp.BytesPayload(b"x")
    assert wp.get_payload(payload) is payload
    with pytest.raises(wp.LookupError):
        wp.get_payload(object())


def test_payload_type_registers_a_class() -> None:
    class Marker:
        pass

    @wp.payload_type(Marker, order=wp.Order.try_first)
    class MarkerPayload(wp.BytesPayload):
        def __init__(self, value: Marker, *args: Any, **kwargs: Any) -> None:
            super().__init__(b"marker", *args, **kwargs)

    assert isinstance(wp.get_payload(Marker()), MarkerPayload)


@pytest.mark.parametrize(
    ("kwargs", "content_type", "wire"),
    [
        ({}, "text/plain; charset=utf-8", "é".encode()),
        ({"encoding": "latin-1"}, "text/plain; charset=latin-1", b"\xe9"),
        ({"content_type": "text/csv; charset=cp1252"}, "text/csv; charset=cp1252", b"\xe9"),
        ({"content_type": "text/csv"}, "text/csv", "é".encode()),
    ],
)
async def test_string_payload_encoding(
    kwargs: dict[str, str], content_type: str, wire: bytes
) -> None:
    ours, theirs = wp.StringPayload("é", **kwargs), aiohttp.payload.StringPayload("é", **kwargs)
    assert (ours.content_type, await ours.as_bytes()) == (content_type, wire)
    assert (theirs.content_type, await theirs.as_bytes()) == (content_type, wire)
    assert ours.size == len(wire)


async def test_json_payloads() -> None:
    assert await wp.JsonPayload({"a": "é"}).as_bytes() == b'{"a": "\\u00e9"}'
    raw = wp.JsonBytesPayload({"a": 1}, dumps=lambda v: b'{"a":1}')
    assert (raw.content_type, await raw.as_bytes()) == ("application/json", b'{"a":1}')


class ReadSpy(io.FileIO):
    """A file that records the size of every read it serves."""

    reads: list[int]

    def read(self, size: int = -1, /) -> bytes:
        self.reads.append(size)
        return super().read(size)


async def test_a_file_is_streamed_in_bounded_reads(tmp_path: Path) -> None:
    blob = os.urandom(5 * FILE_CHUNK + 123)
    (tmp_path / "big.bin").write_bytes(blob)
    spy = ReadSpy(tmp_path / "big.bin", "rb")
    spy.reads = []
    payload = wp.IOBasePayload(spy)
    assert payload.size == len(blob)
    chunks = [chunk async for chunk in payload_chunks(payload)]
    assert b"".join(chunks) == blob
    assert spy.reads and all(0 < size <= FILE_CHUNK for size in spy.reads)  # never read(-1)
    assert max(len(chunk) for chunk in chunks) <= FILE_CHUNK
    again = b"".join([chunk async for chunk in payload_chunks(payload)])
    assert again == blob  # a second pass (a 307 replay) starts where the first did
    await payload.close()
    for _ in range(500):  # the close runs in the executor: poll for it, bounded
        if spy.closed:
            break
        await asyncio.sleep(0.01)
    assert spy.closed


async def test_a_growing_file_sends_only_its_announced_size(tmp_path: Path) -> None:
    path = tmp_path / "log.bin"
    path.write_bytes(b"a" * (FILE_CHUNK + 10))
    with open(path, "rb") as file:
        payload = wp.BufferedReaderPayload(file)
        announced = payload.size
        with open(path, "ab") as grow:
            grow.write(b"b" * 5000)
        sent = b"".join([chunk async for chunk in payload_chunks(payload)])
    assert announced == len(sent) == FILE_CHUNK + 10


async def test_file_position_is_where_sending_starts(tmp_path: Path) -> None:
    (tmp_path / "f.bin").write_bytes(b"0123456789")
    with open(tmp_path / "f.bin", "rb") as file:
        file.seek(4)
        payload = wp.get_payload(file)
        assert payload.size == 6
        assert b"".join([c async for c in payload_chunks(payload)]) == b"456789"


async def test_async_iterable_goes_once_unless_gathered() -> None:
    async def gen() -> AsyncIterator[bytes]:
        yield b"a"
        yield b"b"

    payload = wp.AsyncIterablePayload(gen())
    assert payload.size is None and not payload.consumed
    assert [c async for c in payload_chunks(payload)] == [b"a", b"b"]
    assert payload.consumed
    assert [c async for c in payload_chunks(payload)] == []
    gathered = wp.AsyncIterablePayload(gen())
    assert await gathered.as_bytes() == b"ab"
    assert [c async for c in payload_chunks(gathered)] == [b"a", b"b"]
    assert gathered.decode() == "ab" and not gathered.consumed
    with pytest.raises(TypeError):
        wp.AsyncIterablePayload([b"not async"])  # type: ignore[arg-type]


async def test_stream_reader_payload() -> None:
    payload = wp.get_payload(feed(b"from a stream"))
    assert type(payload).__name__ == "StreamReaderPayload"
    assert b"".join([c async for c in payload_chunks(payload)]) == b"from a stream"


class Upper(wp.Payload):
    """A user's own Payload: only write() and decode(), as aiohttp documents."""

    async def write(self, writer: Any) -> None:
        for word in self._value.split():
            await writer.write(word.upper().encode() + b" ")

    def decode(self, encoding: str = "utf-8", errors: str = "strict") -> str:
        return str(self._value).upper()


class Broken(wp.Payload):
    async def write(self, writer: Any) -> None:
        await writer.write(b"first")
        raise RuntimeError("source failed")

    def decode(self, encoding: str = "utf-8", errors: str = "strict") -> str:
        return ""


async def test_a_user_payload_is_run_through_its_write() -> None:
    assert payload_bytes(Upper("a b")) is None  # not known to be in memory
    assert [c async for c in payload_chunks(Upper("one two"))] == [b"ONE ", b"TWO "]
    chunks = payload_chunks(Broken(None))
    assert await chunks.__anext__() == b"first"
    with pytest.raises(RuntimeError, match="source failed"):
        await chunks.__anext__()


async def test_user_payload_and_streamer_on_the_wire_match_aiohttp() -> None:
    with pytest.warns(DeprecationWarning, match="streamer"):

        @wirehttp.streamer
        async def ours_sender(writer: Any, repeat: int) -> None:
            for n in range(repeat):
                await writer.write(b"line %d\n" % n)

    with pytest.warns(DeprecationWarning, match="streamer"):

        @aiohttp.streamer
        async def theirs_sender(writer: Any, repeat: int) -> None:
            for n in range(repeat):
                await writer.write(b"line %d\n" % n)

    async with recorder() as (url, seen):
        async with aiohttp.ClientSession() as theirs, theirs.post(url, data=theirs_sender(3)) as r:
            await r.read()
        async with wirehttp.ClientSession() as ours:
            async with ours.post(url, data=ours_sender(3)) as r:
                await r.read()
            async with ours.post(url, data=Upper("a b", content_type="text/x-up")) as r:
                await r.read()
    assert normalised(seen[1]) == normalised(seen[0])
    assert normalised(seen[1])[1] == b"line 0\nline 1\nline 2\n"
    head, body = normalised(seen[2])
    assert "Content-Type: text/x-up" in head and body == b"A B "


@pytest.mark.parametrize("value", ["a\r\nX-Evil: 1", "a\nb", "a\x00b"])
def test_part_headers_with_cr_lf_nul_are_refused(value: str) -> None:
    payload = wp.BytesPayload(b"x", headers={"X-Custom": value})
    with pytest.raises(ValueError, match="Forbidden control character"):
        payload._binary_headers  # noqa: B018 (the serialisation is what refuses)
    writer = wirehttp.MultipartWriter()
    writer.append(payload)
    with pytest.raises(ValueError, match="Forbidden control character"):
        _ = writer.size


async def test_payload_headers_go_into_the_request_head() -> None:
    payload = wp.BytesPayload(b"x", headers={"X-From-Payload": "1"}, content_type="text/x")
    async with recorder() as (url, seen):
        async with wirehttp.ClientSession() as ours, ours.post(url, data=payload) as r:
            await r.read()
        async with aiohttp.ClientSession() as theirs:
            theirs_payload = aiohttp.payload.BytesPayload(
                b"x", headers={"X-From-Payload": "1"}, content_type="text/x"
            )
            async with theirs.post(url, data=theirs_payload) as r:
                await r.read()
    assert normalised(seen[0]) == normalised(seen[1])
    assert "X-From-Payload: 1" in normalised(seen[0])[0]

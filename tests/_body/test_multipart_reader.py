"""MultipartReader / BodyPartReader: parts read from a StreamReader, whole and cut at every byte.

Each body is parsed from a fed StreamReader and from sources handing out 1, 2, 7 and 64 bytes
at a time, so the boundary search is checked across every split. Output of aiohttp's
MultipartWriter is read by our reader and ours by aiohttp's reader, byte for byte.
"""

from __future__ import annotations

import asyncio
import base64
import gzip
import hashlib
import os
import zlib
from typing import Any
from unittest import mock

import aiohttp
import pytest
from body_wire import Trickle, feed, form_headers

import wirehttp
from wirehttp import BodyPartReader, MultipartReader, MultipartWriter
from wirehttp.payload import StringPayload

STEPS = (None, 1, 2, 7, 64)  # None: one StreamReader holding everything


def source(data: bytes, step: int | None) -> Any:
    return feed(data) if step is None else Trickle(data, step)


def crlf(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode("utf-8")


SIMPLE = crlf(
    "preamble, ignored\n"
    "--XyZ\n"
    'Content-Disposition: form-data; name="title"\n'
    "\n"
    "Hello\n"
    "--XyZ  \t\n"  # transport padding after a boundary is allowed (RFC 2046 5.1.1)
    'Content-Disposition: form-data; name="file"; filename="a.txt"\n'
    "Content-Type: text/plain\n"
    "\n"
    "line one\n"
    "x--XyZ is not a boundary: not at a line start\n"
    "\n"
    "--XyZ\n"
    'Content-Disposition: form-data; name="empty"\n'
    "\n"
    "\n"
    "--XyZ--\n"
    "epilogue, ignored\n"
)


@pytest.mark.parametrize("step", STEPS)
async def test_parts_names_and_bodies(step: int | None) -> None:
    reader = MultipartReader(form_headers("XyZ"), source(SIMPLE, step))
    seen = []
    async for part in reader:
        assert isinstance(part, BodyPartReader)
        seen.append((part.name, part.filename, await part.read()))
    assert seen == [
        ("title", None, bytearray(b"Hello")),
        (
            "file",
            "a.txt",
            bytearray(b"line one\r\nx--XyZ is not a boundary: not at a line start\r\n"),
        ),
        ("empty", None, bytearray(b"")),
    ]
    assert reader.at_eof()
    assert await reader.next() is None


@pytest.mark.parametrize("step", STEPS)
async def test_read_chunk_never_returns_more_than_asked(step: int | None) -> None:
    payload = os.urandom(50_000) + b"\r\n--XyZ?" + os.urandom(1000)  # a delimiter lookalike
    body = b"--XyZ!\r\n\r\n" + payload + b"\r\n--XyZ!--\r\n"
    reader = MultipartReader(form_headers('"XyZ!"', "mixed"), source(body, step))
    part = await reader.next()
    assert isinstance(part, BodyPartReader)
    pieces = []
    while chunk := await part.read_chunk(1000):
        assert 0 < len(chunk) <= 1000
        pieces.append(chunk)
    assert b"".join(pieces) == payload
    assert part.at_eof() and await part.read_chunk() == b""
    assert await reader.next() is None


@pytest.mark.parametrize("step", STEPS)
async def test_readline(step: int | None) -> None:
    body = crlf("--b\n\nfirst\nsecond\r\nlast\n--b--\n")
    reader = MultipartReader(form_headers("b", "mixed"), source(body, step))
    part = await reader.next()
    assert isinstance(part, BodyPartReader)
    lines = []
    while line := await part.readline():
        lines.append(line)
    assert lines == [b"first\r\n", b"second\r\r\n", b"last"]


@pytest.mark.parametrize("step", STEPS)
async def test_unread_parts_are_skipped_and_release_reaches_the_end(step: int | None) -> None:
    reader = MultipartReader(form_headers("XyZ"), source(SIMPLE, step))
    first = await reader.next()
    second = await reader.next()  # the first was never read: skipped
    assert isinstance(first, BodyPartReader) and isinstance(second, BodyPartReader)
    assert (first.at_eof(), second.name) == (True, "file")
    start = b""
    while len(start) < 4:  # read_chunk gives what is there, up to the size asked
        start += await second.read_chunk(4 - len(start))
    assert start == b"line"
    await reader.release()
    assert reader.at_eof()


NESTED = crlf(
    "--outer\n"
    'Content-Disposition: form-data; name="meta"\n'
    "\n"
    "m\n"
    "--outer\n"
    'Content-Disposition: form-data; name="files"\n'
    "Content-Type: multipart/mixed; boundary=inner\n"
    "\n"
    "inner preamble\n"
    "--inner\n"
    "Content-Type: text/plain\n"
    "\n"
    "one\n"
    "--inner\n"
    "Content-Type: text/plain\n"
    "\n"
    "two\n"
    "--inner--\n"
    "inner epilogue\n"
    "--outer--\n"
)


@pytest.mark.parametrize("step", STEPS)
async def test_nested_multipart(step: int | None) -> None:
    reader = MultipartReader(form_headers("outer"), source(NESTED, step))
    meta = await reader.next()
    assert isinstance(meta, BodyPartReader) and await meta.text() == "m"
    nested = await reader.next()
    assert isinstance(nested, MultipartReader)
    assert [await p.text() async for p in nested] == ["one", "two"]  # type: ignore[union-attr]
    assert await reader.next() is None and reader.at_eof()


@pytest.mark.parametrize("step", STEPS)
async def test_nested_multipart_left_unread_is_skipped(step: int | None) -> None:
    reader = MultipartReader(form_headers("outer"), source(NESTED + b"", step))
    await reader.next()
    nested = await reader.next()
    assert isinstance(nested, MultipartReader)
    inner = await nested.next()
    assert isinstance(inner, BodyPartReader) and (await inner.read_chunk(2)) in (b"o", b"on")
    assert await reader.next() is None and reader.at_eof()


async def test_empty_multipart() -> None:
    reader = MultipartReader(form_headers("b"), feed(b"--b--\r\n"))
    assert await reader.next() is None and reader.at_eof()


async def test_charset_part_sets_the_default_charset() -> None:
    body = (
        b'--b\r\nContent-Disposition: form-data; name="_charset_"\r\n\r\nlatin-1\r\n'
        b'--b\r\nContent-Disposition: form-data; name="word"\r\n\r\n\xe9t\xe9\r\n--b--\r\n'
    )
    reader = MultipartReader(form_headers("b"), feed(body))
    part = await reader.next()
    assert isinstance(part, BodyPartReader)
    assert (part.name, part.get_charset("utf-8"), await part.text()) == ("word", "latin-1", "été")


async def test_text_json_form_and_charsets() -> None:
    writer = MultipartWriter("mixed", boundary="q")
    writer.append(StringPayload("ça va", content_type="text/plain; charset=iso-8859-1"))
    writer.append_json({"a": [1, 2]})
    writer.append_form([("x", "1 2"), ("y", "é")])
    writer.append(b"")
    body = await writer.as_bytes()
    assert "ça va".encode("iso-8859-1") in body
    reader = MultipartReader({"Content-Type": writer.content_type}, feed(body))
    got = []
    async for part in reader:  # each part is read before the next: the body is a stream
        assert isinstance(part, BodyPartReader)
        kind = part.headers["Content-Type"]
        if kind.startswith("text/"):
            got.append(await part.text())
        elif kind == "application/json":
            got.append(await part.json())
        elif kind.startswith("application/x-www-form-urlencoded"):
            got.append(await part.form())
        else:
            got.append(await part.json())
    assert got == ["ça va", {"a": [1, 2]}, [("x", "1 2"), ("y", "é")], None]


@pytest.mark.parametrize(
    ("headers", "encoded"),
    [
        ({"Content-Transfer-Encoding": "base64"}, base64.b64encode(b"payload \x00\xff")),
        ({"Content-Transfer-Encoding": "quoted-printable"}, b"payload =00=FF"),
        ({"Content-Encoding": "gzip"}, gzip.compress(b"payload \x00\xff")),
        (
            {"Content-Encoding": "deflate"},
            zlib.compress(b"payload \x00\xff")[2:-4],  # raw deflate, as aiohttp writes parts
        ),
        ({"Content-Transfer-Encoding": "binary"}, b"payload \x00\xff"),
    ],
)
async def test_decode(headers: dict[str, str], encoded: bytes) -> None:
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items()).encode()
    body = b"--b\r\n" + head + b"\r\n" + encoded + b"\r\n--b--\r\n"
    reader = MultipartReader(form_headers("b", "mixed"), feed(body))
    part = await reader.next()
    assert isinstance(part, BodyPartReader)
    assert await part.read(decode=True) == b"payload \x00\xff"


async def test_form_data_parts_ignore_content_encoding() -> None:
    """RFC 7578 4.7: a form-data part's Content-Encoding is not a coding to undo."""
    body = b"--b\r\nContent-Encoding: gzip\r\n\r\nplain\r\n--b--\r\n"
    part = await MultipartReader(form_headers("b"), feed(body)).next()
    assert isinstance(part, BodyPartReader) and await part.read(decode=True) == b"plain"


async def test_read_stops_at_client_max_size() -> None:
    body = b"--b\r\n\r\n" + b"x" * 5000 + b"\r\n--b--\r\n"
    reader = MultipartReader(
        form_headers("b"), feed(body), client_max_size=4096, max_size_error_cls=OverflowError
    )
    part = await reader.next()
    assert isinstance(part, BodyPartReader)
    with pytest.raises(OverflowError):
        await part.read()


async def test_gzip_bomb_in_a_part_stops_at_client_max_size() -> None:
    bomb = gzip.compress(b"\x00" * 10_000_000)
    body = b"--b\r\nContent-Encoding: gzip\r\n\r\n" + bomb + b"\r\n--b--\r\n"
    reader = MultipartReader(form_headers("b", "mixed"), feed(body), client_max_size=2**20)
    part = await reader.next()
    assert isinstance(part, BodyPartReader)
    with pytest.raises(ValueError):
        await part.read(decode=True)


def _aiohttp_stream(data: bytes) -> aiohttp.StreamReader:
    stream = aiohttp.StreamReader(mock.Mock(), 2**16, loop=asyncio.get_running_loop())
    stream.feed_data(data)
    stream.feed_eof()
    return stream


async def test_what_aiohttp_writes_we_read() -> None:
    blob = os.urandom(300_000)
    theirs = aiohttp.MultipartWriter("form-data")
    theirs.append("text value").set_content_disposition("form-data", name="t")
    theirs.append(blob).set_content_disposition("form-data", name="f", filename="ü x.bin")
    body = await theirs.as_bytes()
    reader = MultipartReader({"Content-Type": theirs.content_type}, feed(body))
    got = [(p.name, p.filename, bytes(await p.read())) async for p in reader]  # type: ignore[union-attr]
    # aiohttp percent-encodes a filename inside the quotes and its reader gives it back as
    # sent, not decoded; ours does the same, so a server sees what an aiohttp server sees
    assert got == [("t", None, b"text value"), ("f", "%C3%BC%20x.bin", blob)]


async def test_what_we_write_aiohttp_reads() -> None:
    blob = os.urandom(300_000)
    ours = wirehttp.FormData()
    ours.add_field("t", "text value")
    ours.add_field("f", blob, filename="ü x.bin", content_type="application/x-thing")
    payload = ours()
    body = await payload.as_bytes()
    reader = aiohttp.MultipartReader({"Content-Type": payload.content_type}, _aiohttp_stream(body))
    got = [
        (part.name, part.filename, part.headers["Content-Type"], await part.read())
        async for part in reader
    ]
    assert [(n, f, t, hashlib.sha256(d).hexdigest()) for n, f, t, d in got] == [
        ("t", None, "text/plain; charset=utf-8", hashlib.sha256(b"text value").hexdigest()),
        ("f", "%C3%BC%20x.bin", "application/x-thing", hashlib.sha256(blob).hexdigest()),
    ]


async def test_from_response_releases_the_response_at_the_end() -> None:
    body = b"--b\r\n\r\nonly\r\n--b--\r\n"
    response = mock.Mock(headers=form_headers("b", "mixed"), content=feed(body))
    response.release = mock.AsyncMock()
    wrapper = MultipartReader.from_response(response)
    part = await wrapper.next()
    assert isinstance(part, BodyPartReader) and await part.read() == b"only"
    response.release.assert_not_awaited()
    assert await wrapper.next() is None
    response.release.assert_awaited_once()


async def test_body_part_iterates_as_one_read() -> None:
    body = b"--b\r\n\r\nabc\r\n--b--\r\n"
    part = await MultipartReader(form_headers("b"), feed(body)).next()
    assert isinstance(part, BodyPartReader)
    assert [chunk async for chunk in part] == [b"abc"]


async def test_extended_filename_and_name() -> None:
    body = (
        b"--b\r\nContent-Disposition: form-data; name*=utf-8''n%C3%A4me; "
        b"filename*=UTF-8''%E2%82%AC%20rates.txt\r\n\r\nx\r\n--b--\r\n"
    )
    part = await MultipartReader(form_headers("b"), feed(body)).next()
    assert isinstance(part, BodyPartReader)
    assert (part.name, part.filename) == ("näme", "€ rates.txt")


async def test_raw_utf8_filename_as_browsers_send_it() -> None:
    body = (
        b'--b\r\nContent-Disposition: form-data; name="f"; filename="\xc3\xa9t\xc3\xa9.txt"'
        b"\r\n\r\nx\r\n--b--\r\n"
    )
    part = await MultipartReader(form_headers("b"), feed(body)).next()
    assert isinstance(part, BodyPartReader) and part.filename == "été.txt"

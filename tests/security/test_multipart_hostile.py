"""Hostile multipart bodies: each one refused with a ValueError (status 400 for a server),
after reading no more than its limit, whole and fed one byte at a time.

Cases: a part cut off before its boundary, no starting boundary, an endless header line, too
many headers, malformed header lines, bad or too long boundaries, nesting past the depth cap,
a boundary line with trailing garbage, an oversized `_charset_` part.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from wirehttp import BodyPartReader, MultipartReader
from wirehttp._base.limits import MAX_FIELD_SIZE, MAX_HEADERS
from wirehttp._body.multipart_reader import MAX_NESTING_DEPTH
from wirehttp._io.streams import StreamReader
from wirehttp._sansio.errors import RemoteProtocolError

pytestmark = pytest.mark.timeout(30)


class Trickle:
    """A readany() source handing out `step` bytes per call, counting what it handed out."""

    def __init__(self, data: bytes, step: int) -> None:
        self.data, self.step, self.given = data, step, 0

    async def readany(self) -> bytes:
        piece, self.data = self.data[: self.step], self.data[self.step :]
        self.given += len(piece)
        return piece


class Endless:
    """A readany() source that never ends: the same bytes forever, counting what it gave."""

    def __init__(self, prefix: bytes, filler: bytes) -> None:
        self.prefix, self.filler, self.given = prefix, filler, 0

    async def readany(self) -> bytes:
        piece, self.prefix = (self.prefix, b"") if self.prefix else (self.filler, b"")
        self.given += len(piece)
        return piece


def fed(data: bytes) -> StreamReader:
    class Flow:
        connected = True

        def pause_reading(self) -> None:
            pass

        def resume_reading(self) -> None:
            pass

    reader = StreamReader(Flow(), 2**16, loop=asyncio.get_running_loop())
    reader.feed_data(data)
    reader.feed_eof()
    return reader


HEADERS = {"Content-Type": "multipart/form-data; boundary=bnd"}
PART = b'--bnd\r\nContent-Disposition: form-data; name="a"\r\n\r\n'


def _nested(depth: int) -> bytes:
    body = b"--b0\r\n\r\nleaf\r\n--b0--\r\n"
    for level in range(1, depth + 1):
        body = (
            b"--b%d\r\nContent-Type: multipart/mixed; boundary=b%d\r\n\r\n" % (level, level - 1)
            + body
            + b"\r\n--b%d--\r\n" % level
        )
    return body


BODIES = {
    "part-without-boundary-end": PART + b"data that never meets its boundary",
    "part-cut-inside-delimiter": PART + b"data\r\n--bn",
    "no-starting-boundary": b"just some bytes\r\nand lines\r\n",
    "body-ends-in-headers": b'--bnd\r\nContent-Disposition: form-data; name="a"\r\n',
    "too-many-headers": b"--bnd\r\n" + b"X-H: v\r\n" * (MAX_HEADERS + 1) + b"\r\nx\r\n--bnd--\r\n",
    "header-without-colon": b"--bnd\r\nNo colon here\r\n\r\nx\r\n--bnd--\r\n",
    "header-bad-name": b"--bnd\r\nBad Name: v\r\n\r\nx\r\n--bnd--\r\n",
    "header-control-char": b"--bnd\r\nX-H: a\x01b\r\n\r\nx\r\n--bnd--\r\n",
    "header-lone-cr": b"--bnd\r\nX-H: a\rInjected: 1\r\n\r\nx\r\n--bnd--\r\n",
    "folded-first-line": b"--bnd\r\n folded: v\r\n\r\nx\r\n--bnd--\r\n",
    "garbage-after-boundary": PART + b"x\r\n--bndGARBAGE\r\n\r\ny\r\n--bnd--\r\n",
    "charset-part-too-long": b'--bnd\r\nContent-Disposition: form-data; name="_charset_"\r\n\r\n'
    + b"x" * 64
    + b"\r\n--bnd--\r\n",
}


async def _drain(reader: MultipartReader) -> None:
    """Read everything, the way a server's post() would: every part, every nested part."""
    async for part in reader:
        if isinstance(part, BodyPartReader):
            await part.read()
        else:
            await _drain(part)


def _refused(exc: BaseException) -> None:
    assert isinstance(exc, ValueError)
    assert isinstance(exc, RemoteProtocolError) and exc.status == 400


@pytest.mark.parametrize("name", sorted(BODIES))
@pytest.mark.parametrize("step", [None, 1, 5])
async def test_hostile_body_refused(name: str, step: int | None) -> None:
    body = BODIES[name]
    content: Any = fed(body) if step is None else Trickle(body, step)
    with pytest.raises(ValueError) as caught:
        await _drain(MultipartReader(HEADERS, content))
    _refused(caught.value)


@pytest.mark.parametrize("step", [None, 1, 7])
async def test_nesting_past_the_cap_refused(step: int | None) -> None:
    fine = _nested(MAX_NESTING_DEPTH)
    await _drain(
        MultipartReader(
            {"Content-Type": f"multipart/mixed; boundary=b{MAX_NESTING_DEPTH}"},
            fed(fine),
        )
    )
    deep = _nested(MAX_NESTING_DEPTH + 1)
    top = {"Content-Type": f"multipart/mixed; boundary=b{MAX_NESTING_DEPTH + 1}"}
    content: Any = fed(deep) if step is None else Trickle(deep, step)
    with pytest.raises(ValueError, match="nested") as caught:
        await _drain(MultipartReader(top, content))
    _refused(caught.value)


async def test_endless_header_line_stops_at_the_field_limit() -> None:
    source = Endless(b"--bnd\r\nX-Long: ", b"a" * 1000)
    with pytest.raises(ValueError, match="longer than") as caught:
        await _drain(MultipartReader(HEADERS, source))
    _refused(caught.value)
    assert source.given <= MAX_FIELD_SIZE + 2 * 1000  # refused as soon as the limit passed


async def test_endless_preamble_line_stops_at_its_limit() -> None:
    source = Endless(b"", b"p" * 4096)
    with pytest.raises(ValueError, match="longer than"):
        await _drain(MultipartReader(HEADERS, source))
    assert source.given <= 2**16 + 4096


async def test_endless_part_body_is_bounded_by_client_max_size() -> None:
    source = Endless(PART, b"z" * 4096)
    reader = MultipartReader(HEADERS, source, client_max_size=100_000)
    with pytest.raises(ValueError):
        await _drain(reader)
    assert source.given <= 100_000 + 2 * 8192 + len(PART)


@pytest.mark.parametrize(
    "content_type",
    [
        "multipart/form-data",  # no boundary
        "multipart/form-data; boundary=",
        "multipart/form-data; boundary=" + "x" * 71,  # RFC 2046 5.1.1: at most 70
        'multipart/form-data; boundary="bad\x00nul"',
        'multipart/form-data; boundary="bad\x7fdel"',
        'multipart/form-data; boundary="trailing "',
        "text/plain; boundary=abc",  # not multipart at all
    ],
)
async def test_bad_boundary_refused_before_reading(content_type: str) -> None:
    source = Trickle(b"--abc\r\n\r\nx\r\n--abc--\r\n", 1)
    with pytest.raises(ValueError):
        MultipartReader({"Content-Type": content_type}, source)
    assert source.given == 0


async def test_seventy_character_boundary_is_fine() -> None:
    boundary = "b" * 70
    body = f"--{boundary}\r\n\r\nok\r\n--{boundary}--\r\n".encode()
    reader = MultipartReader({"Content-Type": f"multipart/mixed; boundary={boundary}"}, fed(body))
    part = await reader.next()
    assert isinstance(part, BodyPartReader) and await part.read() == b"ok"

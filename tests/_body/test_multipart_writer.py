"""MultipartWriter and Content-Disposition, against aiohttp 3.14's for the same input.

The writer's bytes, Content-Type and size; boundary validation and quoting; Content-Disposition
values built and parsed, each table row compared with aiohttp's helpers.
"""

from __future__ import annotations

import io
import warnings
from typing import Any

import aiohttp
import aiohttp.helpers
import aiohttp.multipart
import pytest

import wirehttp
from wirehttp import multipart as wm


def _both(build: Any) -> tuple[Any, Any]:
    return build(wirehttp), build(aiohttp)


def _mixed(lib: Any) -> Any:
    writer = lib.MultipartWriter("mixed", boundary="b0und")
    writer.append("text")
    writer.append(io.BytesIO(b"\x00\x01binary"), {"X-Part": "2"})
    writer.append_json({"k": ["v"]})
    writer.append_form([("a", "1"), ("b", "x y")])
    nested = lib.MultipartWriter("alternative", boundary="inner")
    nested.append("<p>html</p>", {"Content-Type": "text/html"})
    writer.append(nested)
    return writer


def _encoded(lib: Any) -> Any:
    writer = lib.MultipartWriter("related", boundary="enc")
    writer.append(b"squeeze me " * 40, {"Content-Encoding": "gzip"})
    writer.append(b"abcdefg", {"Content-Transfer-Encoding": "base64"})
    writer.append("caf\u00e9 =\n", {"Content-Transfer-Encoding": "quoted-printable"})
    return writer


async def test_bytes_content_type_and_size_match_aiohttp() -> None:
    ours, theirs = _both(_mixed)
    body = await ours.as_bytes()
    assert body == await theirs.as_bytes()
    assert ours.content_type == theirs.content_type == "multipart/mixed; boundary=b0und"
    assert ours.size == theirs.size == len(body)
    streamed = b"".join([chunk async for chunk in ours._chunks()])
    assert streamed == body


async def test_part_codings_match_aiohttp_once_decoded() -> None:
    ours, theirs = _both(_encoded)
    assert ours.size is None and theirs.size is None  # coded parts have no size in advance

    class Sink:
        def __init__(self) -> None:
            self.data = b""

        async def write(self, chunk: bytes) -> None:
            self.data += chunk

    sink = Sink()
    await ours.write(sink)
    reader = aiohttp.MultipartReader({"Content-Type": ours.content_type}, _stream(sink.data))
    decoded = [bytes(await part.read(decode=True)) async for part in reader]
    assert decoded == [b"squeeze me " * 40, b"abcdefg", "caf\u00e9 =\n".encode()]


def _stream(data: bytes) -> Any:
    import asyncio
    from unittest import mock

    stream = aiohttp.StreamReader(mock.Mock(), 2**16, loop=asyncio.get_running_loop())
    stream.feed_data(data)
    stream.feed_eof()
    return stream


def test_random_boundary_is_fresh_and_a_token() -> None:
    boundaries = {wirehttp.MultipartWriter().boundary for _ in range(50)}
    assert len(boundaries) == 50
    assert all(len(b) == 32 and b.isalnum() for b in boundaries)


@pytest.mark.parametrize(
    ("boundary", "shown"),
    [("simple-token", "simple-token"), ("has space", '"has space"'), ('q"t', '"q\\"t"')],
)
def test_boundary_quoted_when_not_a_token(boundary: str, shown: str) -> None:
    ours, theirs = (lib.MultipartWriter("mixed", boundary=boundary) for lib in (wirehttp, aiohttp))
    assert ours.content_type == theirs.content_type == f"multipart/mixed; boundary={shown}"


@pytest.mark.parametrize("boundary", ["", "x" * 71, "bad\r\nline", "nul\x00", "caf\u00e9"])
def test_bad_boundary_refused(boundary: str) -> None:
    with pytest.raises(ValueError):
        wirehttp.MultipartWriter(boundary=boundary)


def test_form_data_parts_get_a_name_and_refuse_framing_headers() -> None:
    writer = wirehttp.MultipartWriter("form-data")
    part = writer.append("v")
    assert part.headers["Content-Disposition"] == 'form-data; name="section-0"'
    assert "Content-Length" not in part.headers
    with pytest.raises(ValueError, match="must not carry"):
        writer.append("v", {"Content-Length": "1"})


def test_unknown_codings_refused_as_aiohttp() -> None:
    writer = wirehttp.MultipartWriter("mixed")
    with pytest.raises(RuntimeError, match="content encoding"):
        writer.append("v", {"Content-Encoding": "br"})
    with pytest.raises(RuntimeError, match="transfer encoding"):
        writer.append("v", {"Content-Transfer-Encoding": "uuencode"})


def test_append_refuses_what_no_payload_takes() -> None:
    with pytest.raises(TypeError, match="Cannot create payload"):
        wirehttp.MultipartWriter().append(object())


def test_len_iter_bool_and_context_manager() -> None:
    with wirehttp.MultipartWriter() as writer:
        assert bool(writer) and len(writer) == 0
        writer.append("a")
    assert [type(part).__name__ for part, _, _ in writer] == ["StringPayload"]


# --- Content-Disposition -------------------------------------------------------------------------

BUILD = [
    ("attachment", True, {"filename": "a b.txt"}),
    ("form-data", True, {"name": "field", "filename": 'q"uote\\.txt'}),
    ("form-data", True, {"name": "sp ace\ttab"}),
    ("form-data", True, {"name": "n\u00e4me"}),
    ("form-data", True, {"filename": "\u20ac rates.pdf"}),
    ("form-data", False, {"name": 'a"b\\c', "filename": "\u00e9t\u00e9.txt"}),
    ("inline", True, {}),
]


@pytest.mark.parametrize(("disptype", "quote", "params"), BUILD)
def test_content_disposition_header_matches_aiohttp(
    disptype: str, quote: bool, params: dict[str, str]
) -> None:
    from wirehttp._body.disposition import content_disposition_header

    ours = content_disposition_header(disptype, quote_fields=quote, **params)
    theirs = aiohttp.helpers.content_disposition_header(disptype, quote_fields=quote, **params)
    assert ours == theirs


@pytest.mark.parametrize(
    ("disptype", "params"),
    [("bad type", {}), ("form-data", {"bad key": "v"}), ("form-data", {"name": "a\r\nb"})],
)
def test_content_disposition_header_refuses(disptype: str, params: dict[str, str]) -> None:
    from wirehttp._body.disposition import content_disposition_header

    with pytest.raises(ValueError):
        content_disposition_header(disptype, **params)


PARSE = [
    None,
    "",
    "inline",
    'attachment; filename="foo.html"',
    "attachment; filename=foo.html",
    'attachment; filename="a;b.txt"; name="x"',
    'attachment; filename="\\"quoted\\" \\\\ name"',
    "attachment; filename*=UTF-8''%e2%82%ac%20rates",
    "attachment; filename*=iso-8859-1'en'%A3%20rates",
    "attachment; filename*=bogus-charset''%A3",
    "attachment; filename*=UTF-8''%FF",
    'attachment; filename*0="foo."; filename*1=html',
    "attachment; filename*0*=UTF-8''foo-%c3%a4; filename*1=\".html\"",
    'attachment; filename="/etc/passwd"',
    "attachment; filename=foo; filename=bar",
    "attachment; filename",
    "attach ment; filename=x",
    "attachment; filename=a b",
    "attachment;;",
    "attachment; bad key=1; filename=x",
    'form-data; name="f"; filename="C:\\\\fakepath\\\\x.txt"',
]


@pytest.mark.parametrize("header", PARSE)
def test_parse_content_disposition_matches_aiohttp(header: str | None) -> None:
    with warnings.catch_warnings(record=True) as ours_warned:
        warnings.simplefilter("always")
        ours = wm.parse_content_disposition(header)
    with warnings.catch_warnings(record=True) as theirs_warned:
        warnings.simplefilter("always")
        theirs = aiohttp.multipart.parse_content_disposition(header)
    assert ours == theirs
    assert [w.category.__name__ for w in ours_warned] == [
        w.category.__name__ for w in theirs_warned
    ]
    for name in ("filename", "name"):
        assert wm.content_disposition_filename(
            ours[1], name
        ) == aiohttp.multipart.content_disposition_filename(theirs[1], name)

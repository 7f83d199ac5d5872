"""What our client sends for a form, compared with what aiohttp 3.14's client sends.

The same FormData / dict / MultipartWriter is posted by aiohttp's ClientSession and by ours to
a recorder; the heads (User-Agent, Accept-Encoding, Host aside) and the bodies must be equal
once the random boundary is replaced. Also: the urlencoded / multipart decision, the warnings
aiohttp gives, and values that are refused before anything is sent.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from body_wire import normalised, recorder
from multidict import MultiDict

import wirehttp

README = Path(__file__).resolve().parents[2] / "README.md"


def _plain(lib: Any) -> Any:
    form = lib.FormData()
    form.add_field("a", "1")
    form.add_field("b", "é x&y=z")
    return form


def _latin1(lib: Any) -> Any:
    return lib.FormData({"a": "é"}, charset="latin-1")


def _file_field(lib: Any) -> Any:
    form = lib.FormData()
    form.add_field("a", "1 2")
    form.add_field("file", io.BytesIO(b"xyz" * 100), filename='r é"s\\.csv')
    return form


def _no_quoting(lib: Any) -> Any:
    form = lib.FormData(quote_fields=False)
    form.add_field('nämé"', "v", filename='ä"b.txt')
    return form


def _charset_multipart(lib: Any) -> Any:
    form = lib.FormData(charset="latin-1")
    form.add_field("n", "välue", content_type="text/plain")
    form.add_field("n2", "välue", filename="x.txt")
    return form


def _content_types(lib: Any) -> Any:
    form = lib.FormData()
    form.add_field("j", "{}", content_type="application/json")
    form.add_field("n", "5")
    form.add_field("s", io.StringIO("text file"))
    return form


def _real_file(lib: Any) -> Any:
    form = lib.FormData()
    form.add_field("readme", open(README, "rb"))  # noqa: SIM115 (the request closes it)
    form.add_field("desc", "the readme", content_type="text/plain")
    return form


def _multidict(lib: Any) -> Any:
    return lib.FormData(MultiDict([("k", "1"), ("k", "2")]))


def _mixed_writer(lib: Any) -> Any:
    writer = lib.MultipartWriter("mixed", boundary="BOUND")
    writer.append("text")
    writer.append(b"bin")
    writer.append_json({"a": 1})
    writer.append_form({"x": "y"})
    inner = lib.MultipartWriter("related", boundary="INNER")
    inner.append("in")
    writer.append(inner)
    return writer


def _form_writer(lib: Any) -> Any:
    writer = lib.MultipartWriter("form-data", boundary="B2")
    writer.append("v")
    writer.append(io.BytesIO(b"data"))
    return writer


CASES: list[tuple[str, Callable[[Any], Any]]] = [
    ("plain", _plain),
    ("latin1", _latin1),
    ("file-field", _file_field),
    ("no-quoting", _no_quoting),
    ("charset-multipart", _charset_multipart),
    ("content-types", _content_types),
    ("real-file", _real_file),
    ("multidict", _multidict),
    ("dict-with-file", lambda lib: {"a": "1", "file": open(README, "rb")}),  # noqa: SIM115
    ("dict-with-pair", lambda lib: {"file": ("report.csv", "some,data\n")}),
    ("pairs", lambda lib: [("a", "1"), ("a", "2"), ("b", "x y")]),
    ("mixed-writer", _mixed_writer),
    ("form-writer", _form_writer),
]


@pytest.mark.parametrize("make", [c[1] for c in CASES], ids=[c[0] for c in CASES])
async def test_form_on_the_wire_matches_aiohttp(make: Callable[[Any], Any]) -> None:
    async with recorder() as (url, seen):
        async with aiohttp.ClientSession() as theirs, theirs.post(url, data=make(aiohttp)) as r:
            await r.read()
        async with wirehttp.ClientSession() as ours, ours.post(url, data=make(wirehttp)) as r:
            await r.read()
    assert normalised(seen[1]) == normalised(seen[0])


async def test_bytes_field_warns_and_becomes_a_file_part_as_in_aiohttp() -> None:
    async with recorder() as (url, seen):
        with pytest.warns(DeprecationWarning, match="passing bytes"):
            theirs_form = aiohttp.FormData()
            theirs_form.add_field("raw", b"bytes")
        with pytest.warns(DeprecationWarning, match="passing bytes"):
            ours_form = wirehttp.FormData()
            ours_form.add_field("raw", b"bytes")
        async with aiohttp.ClientSession() as theirs, theirs.post(url, data=theirs_form) as r:
            await r.read()
        async with wirehttp.ClientSession() as ours, ours.post(url, data=ours_form) as r:
            await r.read()
    assert normalised(seen[1]) == normalised(seen[0])
    assert b'name="raw"; filename="raw"' in seen[1]


async def test_a_file_of_unknown_size_goes_chunked() -> None:
    async def gen() -> Any:
        yield b"piece one, "
        yield b"piece two"

    form = wirehttp.FormData()
    form.add_field("stream", gen(), content_type="application/octet-stream")
    async with (
        recorder() as (url, seen),
        wirehttp.ClientSession() as ours,
        ours.post(url, data=form) as r,
    ):
        await r.read()
    head, body = normalised(seen[0])
    assert "Transfer-Encoding: chunked" in head
    assert not any(line.startswith("Content-Length") for line in head)
    assert b"\r\n\r\npiece one, piece two\r\n--BOUNDARY--\r\n" in body


@pytest.mark.parametrize(
    ("fields", "multipart"),
    [
        ({"a": "1"}, False),
        ([("a", "1"), ("b", "2")], False),
        ({"a": io.BytesIO(b"x")}, True),
    ],
)
def test_urlencoded_unless_a_file(fields: Any, multipart: bool) -> None:
    form = wirehttp.FormData(fields)
    theirs = aiohttp.FormData(fields)
    assert form.is_multipart is multipart is theirs.is_multipart
    kind = "multipart/form-data" if multipart else "application/x-www-form-urlencoded"
    assert form().content_type.startswith(kind)


@pytest.mark.parametrize(
    "kwargs", [{"filename": "a.txt"}, {"content_type": "text/csv"}], ids=["filename", "type"]
)
def test_filename_or_content_type_make_it_multipart(kwargs: dict[str, str]) -> None:
    form = wirehttp.FormData()
    form.add_field("a", "1", **kwargs)
    assert form.is_multipart


def test_content_transfer_encoding_is_deprecated_and_multipart() -> None:
    form = wirehttp.FormData()
    with pytest.warns(DeprecationWarning, match="content_transfer_encoding"):
        form.add_field("a", "1", content_transfer_encoding="base64")
    assert form.is_multipart


def test_default_to_multipart() -> None:
    assert wirehttp.FormData({"a": "1"}, default_to_multipart=True)().content_type.startswith(
        "multipart/form-data; boundary="
    )


@pytest.mark.parametrize(
    "kwargs",
    [
        {"name": "a\r\nX-Injected: 1", "value": "v"},
        {"name": "a", "value": "v", "filename": "f\r\n.txt"},
        {"name": "a", "value": "v", "filename": "f\n.txt"},
        {"name": "a", "value": "v", "content_type": "text/plain\r\nX: 1"},
        {"name": "a\x00", "value": "v"},
    ],
)
def test_header_injection_refused_when_added(kwargs: dict[str, str]) -> None:
    name, value = kwargs.pop("name"), kwargs.pop("value")
    with pytest.raises(ValueError, match="Forbidden control character"):
        wirehttp.FormData().add_field(name, value, **kwargs)


@pytest.mark.parametrize(
    ("item", "error"),
    [
        (object(), TypeError),
        ((1, 2, 3), TypeError),
    ],
)
def test_add_fields_refuses_what_aiohttp_refuses(item: Any, error: type[Exception]) -> None:
    with pytest.raises(error):
        wirehttp.FormData().add_fields(item)
    with pytest.raises(error):
        aiohttp.FormData().add_fields(item)


def test_filename_must_be_str() -> None:
    with pytest.raises(TypeError, match="filename"):
        wirehttp.FormData().add_field("a", "v", filename=b"x")  # type: ignore[arg-type]


def test_a_value_no_payload_takes_is_a_type_error() -> None:
    form = wirehttp.FormData()
    form.add_field("a", {"not": "serialisable"}, content_type="application/json")
    with pytest.raises(TypeError, match="Can not serialize"):
        form()


async def test_non_ascii_name_goes_out_as_an_extended_parameter() -> None:
    """aiohttp writes `name*=utf-8''...` here and then fails its own form-data check; we send
    it (RFC 7578 5.1.1 leaves names to the charset; receivers that read RFC 2231 get it)."""
    form = wirehttp.FormData()
    form.add_field("nämé", "v", content_type="text/plain")
    body = await form().as_bytes()
    assert b"Content-Disposition: form-data; name*=utf-8''n%C3%A4m%C3%A9\r\n" in body

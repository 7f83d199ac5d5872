"""Content types for static files and the precompressed siblings they may come from."""

from __future__ import annotations

import mimetypes
from pathlib import PurePosixPath

import pytest
from aiohttp import web_fileresponse

from wirehttp._base.mimetypes import (
    FALLBACK_CONTENT_TYPE,
    accepted_codings,
    guess_content_type,
    precompressed_variants,
)

PATHS = [
    "index.html",
    "style.css",
    "app.js",
    "data.json",
    "logo.svg",
    "photo.JPG",
    "archive.tar.gz",
    "archive.tgz",
    "page.html.br",
    "file.bz2",
    "file.xz",
    "file.Z",
    "noext",
    "dir.d/noext",
    ".hidden",
    "weird.unknownext",
]


@pytest.mark.parametrize("name", PATHS)
def test_content_type_matches_aiohttp(name: str) -> None:
    path = PurePosixPath("/srv/static") / name
    guesser = web_fileresponse.CONTENT_TYPES
    expected = guesser.guess_type(str(path))[0] or web_fileresponse.FALLBACK_CONTENT_TYPE
    assert guess_content_type(path) == expected
    assert guess_content_type(str(path)) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.tar.gz", "application/gzip"),  # never x-tar + Content-Encoding
        ("a.txt.br", "application/x-brotli"),
        ("a.zst", "application/zstd"),
        ("a.css", "text/css"),
        ("noext", FALLBACK_CONTENT_TYPE),
    ],
)
def test_compression_suffixes_are_types_of_their_own(name: str, expected: str) -> None:
    assert guess_content_type(name) == expected


def test_global_mimetypes_tables_are_left_alone() -> None:
    guess_content_type("a.gz")
    assert mimetypes.guess_type("a.tar.gz") == ("application/x-tar", "gzip")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("gzip, deflate, br", {"gzip", "deflate", "br"}),
        ("GZip;q=0.5 , BR", {"gzip", "br"}),
        ("gzip;q=0, br;q=1.0", {"br"}),
        ("br;q=0.000", set()),
        ("br; q=0.001", {"br"}),
        ("br;q=abc, gzip;q=", set()),
        ("br;q=\u0661", set()),  # non-ASCII digit
        ("*", {"*"}),
        ("", set()),
        (" , ,", set()),
        ("identity", {"identity"}),
    ],
)
def test_accepted_codings(header: str, expected: set[str]) -> None:
    assert accepted_codings(header) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("gzip, deflate, br", [("a.css.br", "br"), ("a.css.gz", "gzip")]),
        ("gzip", [("a.css.gz", "gzip")]),
        ("BR", [("a.css.br", "br")]),
        ("gzip;q=0, br;q=0", []),
        ("gzip;q=0", []),  # a refusal is not an acceptance, though "gzip" is in the text
        ("*", [("a.css.br", "br"), ("a.css.gz", "gzip")]),
        ("*, br;q=0", [("a.css.gz", "gzip")]),
        ("deflate", []),
        ("", []),
    ],
)
def test_precompressed_variants(header: str, expected: list[tuple[str, str]]) -> None:
    base = PurePosixPath("/srv/static/a.css")
    got = precompressed_variants(base, header)
    assert [(p.name, coding) for p, coding in got] == expected
    assert all(p.parent == base.parent for p, _ in got)

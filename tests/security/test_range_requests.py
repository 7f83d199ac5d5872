"""Range requests on a static file: multipart answers, If-Range, 416s and the range-count cap."""

from __future__ import annotations

import email.utils
import os
from pathlib import Path

import pytest
from security_wire import one_response_then_close, serve

from wirehttp import web
from wirehttp._base.limits import MAX_RANGES

DATA = bytes(range(256)) * 4  # 1024 bytes


def _app(tmp_path: Path) -> web.Application:
    (tmp_path / "f.bin").write_bytes(DATA)
    os.utime(tmp_path / "f.bin", (1_700_000_000, 1_700_000_000))
    app = web.Application()
    app.router.add_static("/s", tmp_path)
    return app


def _get(extra: bytes) -> bytes:
    return b"GET /s/f.bin HTTP/1.1\r\nHost: a\r\nConnection: close\r\n" + extra + b"\r\n"


def _parts(body: bytes, boundary: str) -> list[tuple[str, bytes]]:
    """(Content-Range, data) of each part of a multipart/byteranges body."""
    out = []
    for chunk in body.split(b"--" + boundary.encode())[1:]:
        if chunk.startswith(b"--"):
            break
        head, _, data = chunk.partition(b"\r\n\r\n")
        ranges = [
            line.split(b":", 1)[1].strip()
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-range:")
        ]
        out.append((ranges[0].decode(), data[:-2]))
    return out


async def test_multi_range_is_multipart_byteranges(tmp_path: Path) -> None:
    async with serve(_app(tmp_path)) as (_, port):
        r = await one_response_then_close(port, _get(b"Range: bytes=0-9,100-109,-5\r\n"))
    assert r.status == 206
    ctype = r.header("Content-Type") or ""
    assert ctype.startswith("multipart/byteranges; boundary=")
    parts = _parts(r.body, ctype.split("boundary=", 1)[1].strip('"'))
    assert parts == [
        ("bytes 0-9/1024", DATA[0:10]),
        ("bytes 100-109/1024", DATA[100:110]),
        ("bytes 1019-1023/1024", DATA[-5:]),
    ]


async def _etag_and_date(port: int) -> tuple[str, str]:
    r = await one_response_then_close(port, _get(b""))
    assert r.status == 200
    etag, date = r.header("ETag"), r.header("Last-Modified")
    assert etag and date
    return etag, date


@pytest.mark.parametrize(
    ("if_range", "status"),
    [
        ("{etag}", 206),
        ('"not-the-etag"', 200),
        ("W/{etag}", 200),  # If-Range needs a strong match (RFC 9110 13.1.5)
        ("{date}", 206),
        ("Tue, 14 Nov 2023 22:13:19 GMT", 200),  # one second before the file's mtime
        ("Wed, 15 Nov 2023 22:13:20 GMT", 200),  # a later date is not the validator either
        ("garbage", 200),
    ],
)
async def test_if_range_compares_etags_and_dates(
    tmp_path: Path, if_range: str, status: int
) -> None:
    async with serve(_app(tmp_path)) as (_, port):
        etag, date = await _etag_and_date(port)
        value = if_range.format(etag=etag, date=date)
        r = await one_response_then_close(
            port, _get(b"Range: bytes=0-9\r\nIf-Range: %s\r\n" % value.encode())
        )
    assert r.status == status
    assert r.body == (DATA[:10] if status == 206 else DATA)


def test_mtime_fixture_matches_the_dates_above() -> None:
    assert email.utils.formatdate(1_700_000_000, usegmt=True) == "Tue, 14 Nov 2023 22:13:20 GMT"


UNSATISFIABLE = [
    ("suffix-zero", b"bytes=-0"),
    ("reversed", b"bytes=10-5"),
    ("start-past-end", b"bytes=1024-"),
    ("start-far-past-end", b"bytes=5000-6000"),
    ("overflowing-start", b"bytes=99999999999999999999999999-"),
    ("overflowing-both", b"bytes=99999999999999999999999998-99999999999999999999999999"),
]


@pytest.mark.parametrize("value", [u[1] for u in UNSATISFIABLE], ids=[u[0] for u in UNSATISFIABLE])
async def test_unsatisfiable_ranges_get_416(tmp_path: Path, value: bytes) -> None:
    async with serve(_app(tmp_path)) as (_, port):
        r = await one_response_then_close(port, _get(b"Range: " + value + b"\r\n"))
    assert r.status == 416
    assert r.header("Content-Range") == "bytes */1024"
    assert DATA[:16] not in r.body


@pytest.mark.parametrize(
    "spec",
    [
        ",".join(f"{i}-{i}" for i in range(1000)),
        ",".join("0-0" for _ in range(1000)),
        ",".join(f"{i}-{i + 500}" for i in range(0, 500, 10)),
        ",".join(f"-{i}" for i in range(1, 200)),
    ],
    ids=["1000-tiny", "1000-same", "50-overlapping", "199-suffixes"],
)
async def test_number_of_ranges_is_capped(tmp_path: Path, spec: str) -> None:
    async with serve(_app(tmp_path)) as (_, port):
        r = await one_response_then_close(port, _get(b"Range: bytes=" + spec.encode() + b"\r\n"))
    if r.status == 206:
        ctype = r.header("Content-Type") or ""
        parts = (
            _parts(r.body, ctype.split("boundary=", 1)[1].strip('"'))
            if "boundary=" in ctype
            else [()]
        )
        assert len(parts) <= MAX_RANGES
    else:
        assert r.status in (200, 416)
    assert len(r.body) < 4 * len(DATA)  # never amplified into many copies

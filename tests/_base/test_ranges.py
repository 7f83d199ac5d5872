"""Byte ranges: the Range parser's accept / clip / ignore / 416 table, and multipart framing."""

from __future__ import annotations

import pytest

from wirehttp._base.limits import MAX_RANGES
from wirehttp._base.ranges import (
    ByteRange,
    RangeNotSatisfiable,
    content_range,
    multipart_layout,
    parse_range_header,
    unsatisfied_range,
)

SIZE = 1000


@pytest.mark.parametrize(
    ("header", "size", "expected"),
    [
        ("bytes=0-499", SIZE, [(0, 499)]),
        ("bytes=500-999", SIZE, [(500, 999)]),
        ("bytes=0-0", SIZE, [(0, 0)]),
        ("bytes=999-999", SIZE, [(999, 999)]),
        ("bytes=500-", SIZE, [(500, 999)]),  # open range
        ("bytes=0-", SIZE, [(0, 999)]),
        ("bytes=-200", SIZE, [(800, 999)]),  # suffix
        ("bytes=-1000", SIZE, [(0, 999)]),
        ("bytes=-5000", SIZE, [(0, 999)]),  # suffix longer than the file: all of it
        ("bytes=900-5000", SIZE, [(900, 999)]),  # end clipped
        ("bytes=0-99999999999", SIZE, [(0, 999)]),  # end clipped, still a sane number
        (f"bytes=0-{2**63 - 1}", SIZE, [(0, 999)]),  # the largest accepted position
        ("bytes=0-1,5-9", SIZE, [(0, 1), (5, 9)]),
        ("bytes=5-9,0-1", SIZE, [(5, 9), (0, 1)]),  # the client's order is kept
        ("bytes=0-1, 5-9 ,\t-3", SIZE, [(0, 1), (5, 9), (997, 999)]),  # OWS around elements
        ("bytes=0-1,,5-9,", SIZE, [(0, 1), (5, 9)]),  # empty list elements are skipped
        ("bytes= 0-1", SIZE, [(0, 1)]),
        ("Bytes=0-1", SIZE, [(0, 1)]),  # the unit is case-insensitive
        ("BYTES=0-1", SIZE, [(0, 1)]),
        ("bytes=0-1,2000-3000", SIZE, [(0, 1)]),  # the unsatisfiable spec is dropped
        ("bytes=0-1,-0", SIZE, [(0, 1)]),
        ("bytes=0-9,5-14", SIZE, [(0, 9), (5, 14)]),  # overlapping, 20 bytes <= 1000
        ("bytes=0-499,500-999", SIZE, [(0, 499), (500, 999)]),  # exactly the whole file
        ("bytes=0-0", 1, [(0, 0)]),
        ("bytes=-1", 1, [(0, 0)]),
    ],
)
def test_satisfiable(header: str, size: int, expected: list[tuple[int, int]]) -> None:
    ranges = parse_range_header(header, size)
    assert ranges is not None
    assert [tuple(r) for r in ranges] == expected
    assert all(isinstance(r, ByteRange) for r in ranges)


@pytest.mark.parametrize(
    ("header", "size"),
    [
        # unsatisfiable
        ("bytes=-0", SIZE),
        ("bytes=1000-", SIZE),  # start == size
        ("bytes=1000-2000", SIZE),
        ("bytes=5000-", SIZE),
        ("bytes=-0,1000-", SIZE),
        ("bytes=0-", 0),  # nothing is satisfiable in an empty file
        ("bytes=-5", 0),
        # reversed
        ("bytes=10-5", SIZE),
        ("bytes=0-1,10-5", SIZE),  # one bad spec spoils the set
        # overflowing numbers
        ("bytes=99999999999999999999999-", SIZE),
        ("bytes=0-99999999999999999999999", SIZE),
        ("bytes=-99999999999999999999999", SIZE),
        (f"bytes={2**63}-", SIZE),
        (f"bytes=0-{2**63}", SIZE),
        ("bytes=" + "9" * 5000 + "-", SIZE),  # never reaches int(): no str-to-int DoS
        # malformed
        ("bytes", SIZE),
        ("bytes:0-1", SIZE),
        ("bytes=", SIZE),
        ("bytes=,", SIZE),
        ("bytes= , ", SIZE),
        ("bytes=-", SIZE),
        ("bytes=5", SIZE),
        ("bytes=a-b", SIZE),
        ("bytes=0-1a", SIZE),
        ("bytes=+1-2", SIZE),
        ("bytes=-+2", SIZE),
        ("bytes=1--2", SIZE),
        ("bytes=0x10-", SIZE),
        ("bytes=1 - 2", SIZE),  # no whitespace inside a spec
        ("bytes=\u0661-\u0662", SIZE),  # Arabic-Indic digits are not DIGIT
        ("bytes=\uff11-\uff12", SIZE),  # nor are fullwidth ones
        ("bytes=1.5-2", SIZE),
        ("bytes=0-1;5-9", SIZE),
        ("", SIZE),
        ("=0-1", SIZE),  # no unit at all
        (" =0-1", SIZE),
        # abusive: overlapping ranges asking for more than the whole file
        ("bytes=0-,0-", SIZE),
        ("bytes=0-999,0-0", SIZE),
        ("bytes=0-600,400-999", SIZE),
        ("bytes=-1,-1", 1),
    ],
)
def test_not_satisfiable(header: str, size: int) -> None:
    with pytest.raises(RangeNotSatisfiable):
        parse_range_header(header, size)


def test_range_not_satisfiable_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        parse_range_header("bytes=5-1", SIZE)


@pytest.mark.parametrize("header", ["items=0-1", "none=0-", "pages=1-2,x"])
def test_other_units_are_ignored(header: str) -> None:
    assert parse_range_header(header, SIZE) is None


def test_max_ranges_allowed() -> None:
    header = "bytes=" + ",".join(f"{i * 10}-{i * 10 + 1}" for i in range(MAX_RANGES))
    ranges = parse_range_header(header, SIZE)
    assert ranges is not None and len(ranges) == MAX_RANGES


@pytest.mark.parametrize("extra", [1, 100, 10_000])
def test_more_than_max_ranges_refused(extra: int) -> None:
    count = MAX_RANGES + extra
    header = "bytes=" + ",".join(f"{i}-{i}" for i in range(count))
    with pytest.raises(RangeNotSatisfiable, match="more than"):
        parse_range_header(header, 10**9)


def test_many_empty_elements_do_not_count() -> None:
    header = "bytes=" + "," * 1000 + "0-1"
    assert parse_range_header(header, SIZE) == (ByteRange(0, 1),)


def test_byte_range_length() -> None:
    assert ByteRange(0, 0).length == 1
    assert ByteRange(10, 19).length == 10


def test_content_range_values() -> None:
    assert content_range(ByteRange(0, 499), 1234) == "bytes 0-499/1234"
    assert unsatisfied_range(1234) == "bytes */1234"
    assert unsatisfied_range(0) == "bytes */0"


def _parse_multipart(body: bytes, boundary: str) -> list[tuple[dict[str, str], bytes]]:
    """An independent reader for multipart/byteranges (RFC 2046 framing)."""
    delimiter = b"\r\n--" + boundary.encode()
    pieces = (b"\r\n" + body).split(delimiter)
    assert pieces[0] == b""  # nothing before the first delimiter
    assert pieces[-1] == b"--\r\n"  # the close delimiter ends the body
    parts = []
    for piece in pieces[1:-1]:
        assert piece.startswith(b"\r\n")
        head, _, data = piece[2:].partition(b"\r\n\r\n")
        fields = dict(line.split(": ", 1) for line in head.decode("latin-1").split("\r\n"))
        parts.append((fields, data))
    return parts


def test_multipart_layout_round_trip() -> None:
    content = bytes(range(256)) * 4
    ranges = [ByteRange(0, 9), ByteRange(1000, 1023), ByteRange(5, 5)]
    heads, closing, total = multipart_layout(ranges, len(content), "text/plain", "abc123")
    body = b"".join(h + content[r.start : r.end + 1] for h, r in zip(heads, ranges, strict=True))
    body += closing
    assert len(body) == total
    parts = _parse_multipart(body, "abc123")
    assert len(parts) == 3
    for (fields, data), rng in zip(parts, ranges, strict=True):
        assert fields["Content-Type"] == "text/plain"
        assert fields["Content-Range"] == f"bytes {rng.start}-{rng.end}/{len(content)}"
        assert data == content[rng.start : rng.end + 1]


def test_multipart_first_head_has_no_leading_crlf() -> None:
    heads, closing, _ = multipart_layout([ByteRange(0, 0), ByteRange(1, 1)], 2, "a/b", "B")
    assert heads[0] == b"--B\r\nContent-Type: a/b\r\nContent-Range: bytes 0-0/2\r\n\r\n"
    assert heads[1] == b"\r\n--B\r\nContent-Type: a/b\r\nContent-Range: bytes 1-1/2\r\n\r\n"
    assert closing == b"\r\n--B--\r\n"


@pytest.mark.parametrize("content_type", ["text/plain\r\nX-Evil: 1", "a\nb", "a\x00b"])
def test_multipart_refuses_header_injection(content_type: str) -> None:
    with pytest.raises(ValueError):
        multipart_layout([ByteRange(0, 0)], 1, content_type, "B")


@pytest.mark.parametrize("boundary", ["", "a b", "a\r\nb", "x" * 71, "caf\u00e9"])
def test_multipart_refuses_bad_boundary(boundary: str) -> None:
    with pytest.raises(ValueError):
        multipart_layout([ByteRange(0, 0)], 1, "a/b", boundary)

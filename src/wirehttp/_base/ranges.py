"""Byte ranges (RFC 9110 section 14): the Range header, Content-Range values, multipart layout.

Owns: `ByteRange`, `RangeNotSatisfiable`, `parse_range_header`, `content_range`,
`unsatisfied_range`, `multipart_layout`.
Must not import: asyncio, anything doing I/O, or any wirehttp layer above `_base`.

`parse_range_header(value, size)` turns a Range value into the ranges to send, applying these
rules in this order (RFC 9110 14.1.1, 14.1.2, and 14.2 on rejecting abusive range sets):

1. no ``=``, or nothing before it               -> `RangeNotSatisfiable` (416)
2. a unit other than ``bytes`` (any case)      -> None: the header is ignored, send 200
3. no non-empty spec, or more than `MAX_RANGES` -> 416 (counted before any number is read)
4. a malformed spec: not ``first-[last]`` or ``-suffix``, non-ASCII-digit characters, a number
   longer than 19 digits or above 2**63-1, or ``last < first``  -> 416
5. each spec is resolved against ``size``: ``last >= size`` is clipped to ``size - 1``, a suffix
   longer than ``size`` means the whole representation; a spec starting at or after ``size``,
   and ``-0``, are unsatisfiable and dropped
6. nothing left                                 -> 416
7. the kept ranges together exceed ``size`` bytes (only possible when they overlap) -> 416, so
   a multipart answer never carries more file bytes than the file itself

Empty list elements (``bytes=0-1,,5-``) are skipped, and optional whitespace around each
element is allowed, as RFC 9110 5.6.1 asks of list recipients. Ranges keep the client's order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from .limits import MAX_RANGES

__all__ = (
    "ByteRange",
    "RangeNotSatisfiable",
    "content_range",
    "multipart_layout",
    "parse_range_header",
    "unsatisfied_range",
)

# Largest position accepted: a signed 64-bit offset, the most any file system can address.
# 19 decimal digits hold it; longer numbers are refused before int() is called on them.
_MAX_POSITION = 2**63 - 1
_MAX_DIGITS = 19
_OWS = " \t"


class ByteRange(NamedTuple):
    """An inclusive range of byte positions, as Content-Range writes it."""

    start: int
    end: int

    @property
    def length(self) -> int:
        return self.end - self.start + 1


class RangeNotSatisfiable(ValueError):
    """The Range header is malformed, abusive, or asks for nothing the representation has."""


def _number(text: str) -> int:
    if not text or len(text) > _MAX_DIGITS or not (text.isascii() and text.isdigit()):
        raise RangeNotSatisfiable(f"bad byte position {text[:_MAX_DIGITS]!r}")
    value = int(text)
    if value > _MAX_POSITION:
        raise RangeNotSatisfiable("byte position too large")
    return value


def _resolve(spec: str, size: int) -> ByteRange | None:
    """One range-spec against ``size``: the clipped range, or None when unsatisfiable."""
    first, dash, last = spec.partition("-")
    if not dash:
        raise RangeNotSatisfiable("range spec without '-'")
    if not first:  # suffix-range: the last N bytes
        suffix = _number(last)
        if suffix == 0 or size == 0:
            return None
        return ByteRange(max(size - suffix, 0), size - 1)
    start = _number(first)
    end = _number(last) if last else None
    if end is not None and end < start:
        raise RangeNotSatisfiable("range ends before it starts")
    if start >= size:
        return None
    return ByteRange(start, size - 1 if end is None or end >= size else end)


def parse_range_header(value: str, size: int) -> tuple[ByteRange, ...] | None:
    """The byte ranges of ``size`` bytes that a Range value asks for (see the module rules).

    Returns None when the header must be ignored (another range unit); raises
    `RangeNotSatisfiable` when the answer must be 416.
    """
    unit, eq, range_set = value.partition("=")
    unit = unit.strip(_OWS)
    if not eq or not unit:
        raise RangeNotSatisfiable("Range is not unit=range-set")
    if unit.lower() != "bytes":
        return None
    specs = [item.strip(_OWS) for item in range_set.split(",")]
    specs = [spec for spec in specs if spec]
    if not specs:
        raise RangeNotSatisfiable("empty range set")
    if len(specs) > MAX_RANGES:
        raise RangeNotSatisfiable(f"more than {MAX_RANGES} ranges")
    resolved = [_resolve(spec, size) for spec in specs]
    ranges = tuple(r for r in resolved if r is not None)
    if not ranges:
        raise RangeNotSatisfiable("no satisfiable range")
    if sum(r.length for r in ranges) > size:
        raise RangeNotSatisfiable("overlapping ranges ask for more than the whole representation")
    return ranges


def content_range(rng: ByteRange, size: int) -> str:
    """The Content-Range value of a sent range: ``bytes 0-499/1234``."""
    return f"bytes {rng.start}-{rng.end}/{size}"


def unsatisfied_range(size: int) -> str:
    """The Content-Range value of a 416 answer: ``bytes */1234`` (RFC 9110 14.4)."""
    return f"bytes */{size}"


def multipart_layout(
    ranges: Sequence[ByteRange], size: int, content_type: str, boundary: str
) -> tuple[list[bytes], bytes, int]:
    """Frame a multipart/byteranges body (RFC 9110 14.6, RFC 2046 5.1.1).

    Returns one head per range (delimiter, Content-Type, Content-Range, blank line; every head
    after the first starts with the CRLF that ends the previous part's data), the closing
    delimiter, and the exact body length, so Content-Length can be sent before the body.
    Raises ValueError if ``content_type`` or ``boundary`` could break the framing.
    """
    if any(ch in content_type for ch in "\r\n\x00"):
        raise ValueError("Content-Type of a byte range part contains CR, LF or NUL")
    if not (0 < len(boundary) <= 70 and boundary.isascii() and boundary.isalnum()):
        raise ValueError("multipart boundary must be 1 to 70 ASCII letters or digits")
    heads = []
    for index, rng in enumerate(ranges):
        lead = "\r\n" if index else ""
        head = (
            f"{lead}--{boundary}\r\nContent-Type: {content_type}\r\n"
            f"Content-Range: {content_range(rng, size)}\r\n\r\n"
        )
        heads.append(head.encode("latin-1"))
    closing = f"\r\n--{boundary}--\r\n".encode("ascii")
    total = sum(map(len, heads)) + sum(r.length for r in ranges) + len(closing)
    return heads, closing, total

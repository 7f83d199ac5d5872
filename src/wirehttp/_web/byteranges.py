"""Range requests on a file: whether a Range header applies, and sending multipart/byteranges.

Owns: `ranges_for_request` (RFC 9110 14.2 and 13.1.5: GET only, an If-Range validator that
does not match means the whole representation) and `write_byteranges` (the part heads and file
slices of a multipart body, through the response writer). Parsing the header and framing the
parts are pure and live in `_base.ranges`.
Must not import `_client`, nor open files: the caller hands in an open file object.

If-Range holds either an entity-tag, compared strongly (a weak tag never matches), or an
HTTP-date that must equal the Last-Modified second exactly; anything else never matches.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any

from .._base.etag import ETag, parse_etag_list, strong_match
from .._base.httpdate import parse_http_date
from .._base.ranges import ByteRange, parse_range_header

__all__ = ("if_range_matches", "new_boundary", "ranges_for_request", "write_byteranges")


def new_boundary() -> str:
    """A random multipart boundary (32 hex digits), unguessable so file bytes cannot forge it."""
    return secrets.token_hex(16)


def if_range_matches(value: str, etag: ETag, mtime: int) -> bool:
    """Whether an If-Range value validates the current representation (RFC 9110 13.1.5)."""
    value = value.strip(" \t")
    if value.startswith(('"', 'W/"')):
        tags = parse_etag_list(value)
        return isinstance(tags, tuple) and len(tags) == 1 and strong_match(tags[0], etag)
    date = parse_http_date(value)
    return date is not None and int(date.timestamp()) == mtime


def ranges_for_request(
    request: Any, size: int, etag: ETag, mtime: int
) -> tuple[ByteRange, ...] | None:
    """The ranges to send for ``request``, or None for the whole representation.

    Raises `RangeNotSatisfiable` (a ValueError) when the answer must be 416.
    """
    if request.method != "GET":
        return None
    headers = request.headers
    value = headers.get("Range")
    if value is None:
        return None
    if_range = headers.get("If-Range")
    if if_range is not None and not if_range_matches(if_range, etag, mtime):
        return None
    return parse_range_header(value, size)


async def write_byteranges(
    writer: Any,
    fobj: Any,
    ranges: Sequence[ByteRange],
    heads: Sequence[bytes],
    closing: bytes,
    chunk_size: int,
) -> None:
    """Send each part head followed by its slice of ``fobj``, then the closing delimiter."""
    for head, rng in zip(heads, ranges, strict=True):
        await writer.write(head)
        await writer.write_file(fobj, rng.start, rng.length, chunk_size)
    await writer.write(closing)

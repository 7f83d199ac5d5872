"""A multipart part's header block (RFC 2046 5.1.1, RFC 5322 2.2): read, bounded, parsed.

Owns: `parse_part_headers(lines)` (sans-IO: field lines without their line ends to a
`CIMultiDictProxy`; names must be tokens, values hold no control bytes but HTAB, folded lines
are joined with one space, values are UTF-8 with undecodable bytes kept as surrogates, as
browsers send raw UTF-8 filenames) and `read_part_headers(stream, max_field_size, max_headers)`
(lines up to the blank one, each at most `max_field_size` bytes, at most `max_headers` of them).
Must not import `_client`, `_server` or `_web`.
"""

from __future__ import annotations

import re
from typing import Final

from multidict import CIMultiDict, CIMultiDictProxy

from .._sansio.errors import echo
from .part_stream import MultipartError, PartStream

__all__ = ("parse_part_headers", "read_part_headers")

_TOKEN_RE: Final = re.compile(rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_BAD_VALUE_RE: Final = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]")


def parse_part_headers(lines: list[bytes]) -> CIMultiDictProxy[str]:
    """Field lines (no line ends, no blank line) as headers; MultipartError when malformed."""
    fields: list[tuple[bytes, bytearray]] = []
    for line in lines:
        if line[:1] in (b" ", b"\t"):
            if not fields:
                raise MultipartError(f"a part's headers start with a folded line {echo(line)}")
            fields[-1][1].extend(b" " + line.strip(b" \t"))
            continue
        name, sep, raw = line.partition(b":")
        if not sep or _TOKEN_RE.fullmatch(name) is None:
            raise MultipartError(f"malformed part header line {echo(line)}")
        fields.append((name, bytearray(raw.strip(b" \t"))))
    headers: CIMultiDict[str] = CIMultiDict()
    for name, value in fields:
        if _BAD_VALUE_RE.search(value) is not None:
            raise MultipartError(f"control character in part header {echo(name)}")
        headers.add(name.decode("ascii"), value.decode("utf-8", "surrogateescape"))
    return CIMultiDictProxy(headers)


async def read_part_headers(
    stream: PartStream, max_field_size: int, max_headers: int
) -> CIMultiDictProxy[str]:
    """The header block at the head of `stream`, its blank line consumed."""
    lines: list[bytes] = []
    while True:
        line = await stream.readline(max_field_size + 2)  # the line end is not the field's
        if not line.endswith(b"\n"):
            raise MultipartError("the body ended inside a part's headers")
        line = line.rstrip(b"\r\n")
        if not line:
            return parse_part_headers(lines)
        if len(lines) >= max_headers:
            raise MultipartError(f"a part has more than {max_headers} header lines")
        lines.append(line)

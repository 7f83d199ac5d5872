"""Entity tags (RFC 9110 section 8.8.3): the ETag value, list parsing and comparison.

Owns: `ETag`, `ETAG_ANY`, `parse_etag_list`, `strong_match`, `weak_match`, `match_any`,
`validate_etag_value`, `format_etag`.
Must not import: asyncio, anything doing I/O, or any other wirehttp layer.

`parse_etag_list` reads an If-Match / If-None-Match value. It never raises on peer input: an
entry that is not a well-formed entity-tag is skipped and parsing resumes after the next comma.
Work is linear in the header length (each failed attempt stops at the next quote or comma).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal

__all__ = (
    "ETAG_ANY",
    "ETag",
    "format_etag",
    "match_any",
    "parse_etag_list",
    "strong_match",
    "validate_etag_value",
    "weak_match",
)

ETAG_ANY: Final = "*"
"""The ``*`` that means "any current representation" in If-Match / If-None-Match."""

# etagc = "!" / %x23-7E / obs-text. obs-text is %x80-FF on the wire; a header decoded as UTF-8
# can hold any non-ASCII character there, so all of them are accepted.
_ETAGC = "!#-~\x80-\U0010ffff"
_ETAGC_RE = re.compile(f"[{_ETAGC}]+")
# One list element: OWS [ "W/" ] DQUOTE *etagc DQUOTE OWS, then a comma or the end.
_ELEMENT_RE = re.compile(f'[ \\t]*(W/)?"([{_ETAGC}]*)"[ \\t]*(?:,|\\Z)')


@dataclass(frozen=True, slots=True)
class ETag:
    """An entity-tag: its opaque ``value`` (without quotes) and whether it is weak (``W/``)."""

    value: str
    is_weak: bool = False


def validate_etag_value(value: str) -> None:
    """Raise ValueError unless ``value`` can be sent as an entity-tag (or is ``*``).

    Guards the response side: a quote, CR, LF or other control character would break the header.
    """
    if value != ETAG_ANY and not _ETAGC_RE.fullmatch(value):
        raise ValueError(f"Value {value!r} is not a valid etag. Maybe it contains '\"'?")


def format_etag(etag: ETag) -> str:
    """Render an ETag as a header value: ``"v"`` or ``W/"v"`` (``*`` stays bare).

    Raises ValueError for a value `validate_etag_value` refuses, so a header cannot be split.
    """
    if etag.value == ETAG_ANY:
        return ETAG_ANY
    validate_etag_value(etag.value)
    return f'W/"{etag.value}"' if etag.is_weak else f'"{etag.value}"'


def parse_etag_list(header: str) -> tuple[ETag, ...] | Literal["*"]:
    """Parse an If-Match / If-None-Match value into ETags, or ``ETAG_ANY`` for ``*``.

    Malformed entries are skipped; an empty or wholly malformed value gives ``()``.
    """
    if header.strip(" \t") == ETAG_ANY:
        return ETAG_ANY
    tags: list[ETag] = []
    pos = 0
    end = len(header)
    while pos < end:
        m = _ELEMENT_RE.match(header, pos)
        if m is not None:
            tags.append(ETag(m.group(2), is_weak=m.group(1) is not None))
            pos = m.end()
            continue
        comma = header.find(",", pos)
        if comma < 0:
            break
        pos = comma + 1
    return tuple(tags)


def strong_match(a: ETag, b: ETag) -> bool:
    """RFC 9110 8.8.3.2 strong comparison: neither is weak and the values are equal."""
    return not a.is_weak and not b.is_weak and a.value == b.value


def weak_match(a: ETag, b: ETag) -> bool:
    """RFC 9110 8.8.3.2 weak comparison: the values are equal, weakness ignored."""
    return a.value == b.value


def match_any(
    candidates: Iterable[ETag] | Literal["*"],
    current: ETag | None,
    *,
    weak: bool,
) -> bool:
    """Whether a precondition list matches the current representation's ETag.

    ``*`` matches whenever a current representation exists (RFC 9110 13.1.1, 13.1.2). If-Match
    uses strong comparison (``weak=False``), If-None-Match uses weak comparison (``weak=True``).
    """
    if current is None:
        return False
    if isinstance(candidates, str):  # only ETAG_ANY is a str here
        return True
    compare = weak_match if weak else strong_match
    return any(compare(tag, current) for tag in candidates)


ETag.__module__ = "wirehttp"  # documented as wirehttp.ETag

"""Parsing and building `Content-Type` values (RFC 9110 section 8.3).

Owns: splitting a media type into its lower-cased type and its parameters, and the reverse.
Results are cached: the same few values come back on every request. No I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

from .quoted_split import split_outside_quotes

__all__ = ("build_content_type", "parse_content_type")

_EMPTY: Mapping[str, str] = MappingProxyType({})


@lru_cache(maxsize=256)
def parse_content_type(value: str) -> tuple[str, Mapping[str, str]]:
    """Return `(mimetype, params)`; an empty or absent value gives `("", {})`."""
    if not value:
        return "", _EMPTY
    parts = split_outside_quotes(value, ";")
    mimetype = parts[0].strip().lower()
    params: dict[str, str] = {}
    for part in parts[1:]:
        name, sep, raw = part.partition("=")
        name = name.strip().lower()
        if not sep or not name:
            continue
        raw = raw.strip()
        if len(raw) >= 2 and raw[0] == raw[-1] == '"':
            raw = raw[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        params[name] = raw
    return mimetype, MappingProxyType(params)


def build_content_type(mimetype: str, params: Mapping[str, str]) -> str:
    """Serialise a media type and its parameters back into a header value."""
    if not params:
        return mimetype
    rendered = "; ".join(f"{name}={_quote(value)}" for name, value in params.items())
    return f"{mimetype}; {rendered}"


def _quote(value: str) -> str:
    if value and all(c.isalnum() or c in "!#$%&'*+-.^_`|~" for c in value):
        return value
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'

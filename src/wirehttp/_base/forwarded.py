"""Parsing the `Forwarded` header (RFC 7239 section 4) into read-only mappings. No I/O.

Malformed elements are skipped rather than guessed at; quoted-string values are unescaped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from .quoted_split import split_outside_quotes

__all__ = ("parse_forwarded",)

_TOKEN = r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+"
_QUOTED = r'"(?:[\t !#-\[\]-~\x80-\xff]|\\[\t !-~\x80-\xff])*"'
_PAIR = re.compile(rf"[ \t]*({_TOKEN})=({_TOKEN}|{_QUOTED})[ \t]*")
_UNESCAPE = re.compile(r"\\(.)")


def parse_forwarded(headers: list[str]) -> tuple[Mapping[str, str], ...]:
    """One mapping per forwarded-element, in order, across all Forwarded header lines."""
    elements: list[Mapping[str, str]] = []
    for header in headers:
        for element in split_outside_quotes(header, ","):
            params = _parse_element(element)
            if params is not None:
                elements.append(MappingProxyType(params))
    return tuple(elements)


def _parse_element(element: str) -> dict[str, str] | None:
    params: dict[str, str] = {}
    for pair in split_outside_quotes(element, ";"):
        if not pair.strip():
            continue
        match = _PAIR.fullmatch(pair)
        if match is None:
            return None
        name, value = match.group(1).lower(), match.group(2)
        if value.startswith('"'):
            value = _UNESCAPE.sub(r"\1", value[1:-1])
        params.setdefault(name, value)
    return params

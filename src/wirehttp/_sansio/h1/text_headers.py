"""Parsed header fields as text: the raw (name, value) byte pairs of a head decoded into the
case-insensitive multidict users read (`request.headers`, `response.headers`).

Owns `text_headers(raw)`. Bytes that are not UTF-8 survive as surrogates (surrogateescape), so
nothing a peer sent is lost or rejected here; llhttp and the parsers have already checked the
field syntax. Must not import asyncio.
"""

from __future__ import annotations

from collections.abc import Iterable

from multidict import CIMultiDict, CIMultiDictProxy

__all__ = ("text_headers",)


def text_headers(raw: Iterable[tuple[bytes, bytes]]) -> CIMultiDictProxy[str]:
    """A read-only multidict of `raw`'s fields, in order, names and values decoded."""
    return CIMultiDictProxy(
        CIMultiDict(
            [
                (name.decode("utf-8", "surrogateescape"), value.decode("utf-8", "surrogateescape"))
                for name, value in raw
            ]
        )
    )

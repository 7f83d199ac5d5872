"""Content types for files, and the precompressed siblings a static file may be served from.

Owns: `guess_content_type`, `precompressed_variants`, `accepted_codings`, `FALLBACK_CONTENT_TYPE`,
`PRECOMPRESSED_SUFFIXES`.
Must not import: asyncio, any other wirehttp layer. Looking at the file system is the caller's
job; the only I/O here is the standard `mimetypes` tables being read once, on first use.

Compression suffixes name a type of their own: ``backup.tar.gz`` is ``application/gzip``, never
``application/x-tar`` with ``Content-Encoding: gzip`` (a browser would unpack the download).
Content-Encoding is only used when a file ``x.css`` is answered from a sibling ``x.css.br``.
"""

from __future__ import annotations

import functools
import mimetypes as _std_mimetypes
import os
import sys
from pathlib import PurePath
from typing import Final

__all__ = (
    "FALLBACK_CONTENT_TYPE",
    "PRECOMPRESSED_SUFFIXES",
    "accepted_codings",
    "guess_content_type",
    "precompressed_variants",
)

FALLBACK_CONTENT_TYPE: Final = "application/octet-stream"

# Sibling suffix -> Content-Encoding, in the order they are preferred (brotli is smaller).
PRECOMPRESSED_SUFFIXES: Final = ((".br", "br"), (".gz", "gzip"))

# Compression-only formats as types of their own, so the standard tables do not read them as
# encodings. https://www.iana.org/assignments/media-types (gzip, zstd) and common x- names.
_COMPRESSED_TYPES: Final = (
    ("application/gzip", ".gz"),
    ("application/x-brotli", ".br"),
    ("application/x-bzip2", ".bz2"),
    ("application/x-compress", ".Z"),
    ("application/x-xz", ".xz"),
    ("application/zstd", ".zst"),
)


@functools.lru_cache(maxsize=1)
def _table() -> _std_mimetypes.MimeTypes:
    """A private MimeTypes (the global one is left alone), built on first use."""
    table = _std_mimetypes.MimeTypes()
    table.encodings_map.clear()
    for content_type, suffix in _COMPRESSED_TYPES:
        table.add_type(content_type, suffix)
    return table


def guess_content_type(path: str | os.PathLike[str]) -> str:
    """The media type for ``path`` from its suffix, or `FALLBACK_CONTENT_TYPE`."""
    table = _table()
    if sys.version_info >= (3, 13):
        content_type = table.guess_file_type(path)[0]
    else:
        content_type = table.guess_type(os.fspath(path))[0]
    return content_type or FALLBACK_CONTENT_TYPE


def accepted_codings(accept_encoding: str) -> frozenset[str]:
    """Lower-cased codings an ``Accept-Encoding`` value allows (q > 0); ``*`` is kept as is.

    Codings are case-insensitive (RFC 9110 8.4.1); a coding with ``q=0`` is refused, and a
    malformed q-value is treated as refusal rather than guessed at.
    """
    accepted: set[str] = set()
    for item in accept_encoding.split(","):
        coding, _, params = item.partition(";")
        coding = coding.strip(" \t").lower()
        if coding and _qvalue_positive(params):
            accepted.add(coding)
    return frozenset(accepted)


def _qvalue_positive(params: str) -> bool:
    for param in params.split(";"):
        key, eq, value = param.partition("=")
        if eq and key.strip(" \t").lower() == "q":
            value = value.strip(" \t")
            # qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )  (RFC 9110 12.4.2)
            if not value or len(value) > 5 or not value.replace(".", "", 1).isdigit():
                return False
            if not value.isascii():
                return False
            return float(value) > 0
    return True


def precompressed_variants(path: PurePath, accept_encoding: str) -> list[tuple[PurePath, str]]:
    """Sibling files worth trying for ``path``, best first, as ``(sibling, content_encoding)``.

    Only codings the client accepts are listed; ``*`` accepts any coding it does not refuse.
    """
    accepted = accepted_codings(accept_encoding)
    refused = _refused_codings(accept_encoding)
    variants = []
    for suffix, coding in PRECOMPRESSED_SUFFIXES:
        if coding in accepted or ("*" in accepted and coding not in refused):
            variants.append((path.with_name(path.name + suffix), coding))
    return variants


def _refused_codings(accept_encoding: str) -> frozenset[str]:
    listed = {item.partition(";")[0].strip(" \t").lower() for item in accept_encoding.split(",")}
    return frozenset(listed - accepted_codings(accept_encoding))

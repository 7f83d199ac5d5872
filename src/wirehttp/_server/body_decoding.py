"""Request bodies sent with a Content-Encoding: decoded as they arrive, within a cap.

Owns: picking a decoder from a request head's Content-Encoding (gzip, deflate, br, zstd, as
aiohttp's server does; other codings are handed over as sent), and making the shared
`_io.decoding_stream.DecodingStreamReader` for it (`decoding_payload`). The decoded size is capped as it grows (`max_size`, the largest
client_max_size any app of the server allows), so a small compressed body can never expand
past it in memory; the per-app `client_max_size` is then applied by `request.read()`.
A body that cannot be decoded, or decodes too large, makes the handler's read fail with a
RequestPayloadError carrying the error's status (400 or 413). Must not import `_web` or `_client`.
"""

from __future__ import annotations

import asyncio
from typing import Any

from .._io.codecs import SUPPORTED_ENCODINGS
from .._io.decoding_stream import DecodingStreamReader
from .payload_errors import body_protocol_error

__all__ = ("decoding_payload", "request_content_coding")

_CONTENT_ENCODING = b"content-encoding"


def request_content_coding(raw_headers: tuple[tuple[bytes, bytes], ...]) -> str | None:
    """The single decodable coding the body was sent with, or None to pass it through."""
    found = None
    for name, value in raw_headers:
        if len(name) == 16 and name.lower() == _CONTENT_ENCODING:
            if found is not None:  # stacked codings: hand the body over untouched
                return None
            found = value.strip().lower().decode("latin-1")
    if found is None or found == "identity":
        return None
    coding = "gzip" if found == "x-gzip" else found
    return coding if coding in SUPPORTED_ENCODINGS else None


def decoding_payload(
    protocol: Any, limit: int, loop: asyncio.AbstractEventLoop, coding: str, max_size: int | None
) -> DecodingStreamReader:
    """The request body reader for a coded body: its errors carry their 400/413 status."""
    return DecodingStreamReader(
        protocol,
        limit,
        loop=loop,
        coding=coding,
        max_size=max_size,
        wrap_error=body_protocol_error,
    )

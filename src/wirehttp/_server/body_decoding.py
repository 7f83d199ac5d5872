"""Request bodies sent with a Content-Encoding: decoded as they arrive, within a cap.

Owns: picking a decoder from a request head's Content-Encoding (gzip, deflate, br, zstd, as
aiohttp's server does; other codings are handed over as sent) and a StreamReader that
decodes what it is fed. The decoded size is capped as it grows (`max_size`, the largest
client_max_size any app of the server allows), so a small compressed body can never expand
past it in memory; the per-app `client_max_size` is then applied by `request.read()`.
A body that cannot be decoded, or decodes too large, makes the handler's read fail with a
RequestPayloadError carrying the error's status (400 or 413). Must not import `_web` or `_client`.
"""

from __future__ import annotations

import asyncio
from typing import Any

from .._io.codecs import SUPPORTED_ENCODINGS, Decompressor
from .._io.streams import StreamReader
from .._sansio.errors import BodyTooLarge, DecodeError
from .payload_errors import body_protocol_error

__all__ = ("DecodingStreamReader", "request_content_coding")

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


class DecodingStreamReader(StreamReader):
    """A StreamReader fed coded bytes that holds (and hands out) the decoded ones."""

    def __init__(
        self,
        protocol: Any,
        limit: int,
        *,
        loop: asyncio.AbstractEventLoop,
        coding: str,
        max_size: int | None,
    ) -> None:
        super().__init__(protocol, limit, loop=loop)
        self._decoder = Decompressor(coding, max_size)

    def feed_data(self, data: bytes) -> None:
        if self.exception() is not None:
            return
        try:
            decoded = self._decoder.decompress(data)
        except (BodyTooLarge, DecodeError) as exc:
            self.set_exception(body_protocol_error(exc))
            return
        if decoded:
            super().feed_data(decoded)

    def feed_eof(self) -> None:
        if self.exception() is None:
            try:
                tail = self._decoder.flush()
            except (BodyTooLarge, DecodeError) as exc:
                self.set_exception(body_protocol_error(exc))
                return
            if tail:
                super().feed_data(tail)
            if not self._decoder.eof:
                error = DecodeError(f"truncated {self._decoder.encoding} body")
                self.set_exception(body_protocol_error(error))
                return
        super().feed_eof()

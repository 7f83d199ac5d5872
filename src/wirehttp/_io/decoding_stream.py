"""A StreamReader that is fed content-coded bytes and hands out the decoded ones.

Owns: `DecodingStreamReader`, shared by the server (request bodies with a Content-Encoding) and
the client (responses with one). The decoded size is capped as it grows (`max_size`), so a small
coded body is never expanded past it in memory; a corrupt, truncated or too-large body makes the
reader fail with the error `wrap_error` turns the codec's error into (each side has its own
exception types). Must not import `_body`, `_client`, `_server` or `_web`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from .._sansio.errors import BodyTooLarge, DecodeError, HttpProtocolError
from .codecs import Decompressor
from .streams import StreamReader

__all__ = ("DecodingStreamReader",)


def _as_is(error: HttpProtocolError) -> BaseException:
    return error


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
        wrap_error: Callable[[HttpProtocolError], BaseException] = _as_is,
    ) -> None:
        super().__init__(protocol, limit, loop=loop)
        self._decoder = Decompressor(coding, max_size)
        self._wrap_error = wrap_error

    def feed_data(self, data: bytes) -> None:
        if self.exception() is not None:
            return
        try:
            decoded = self._decoder.decompress(data)
        except (BodyTooLarge, DecodeError) as exc:
            self.set_exception(self._wrap_error(exc))
            return
        if decoded:
            super().feed_data(decoded)

    def feed_eof(self) -> None:
        if self.exception() is None:
            try:
                tail = self._decoder.flush()
            except (BodyTooLarge, DecodeError) as exc:
                self.set_exception(self._wrap_error(exc))
                return
            if tail:
                super().feed_data(tail)
            if not self._decoder.eof:
                error = DecodeError(f"truncated {self._decoder.encoding} body")
                self.set_exception(self._wrap_error(error))
                return
        super().feed_eof()

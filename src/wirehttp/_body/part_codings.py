"""Codings of one multipart part, both ways: Content-Encoding and Content-Transfer-Encoding.

Owns: `encoded_chunks(source, coding, transfer)` for the writer (gzip or raw deflate, as aiohttp
writes part codings, then base64 in whole 3-byte groups or quoted-printable) and
`decode_part(data, coding, transfer, max_size)` for the reader (transfer decoding, then the
content coding through `_io.codecs.Decompressor`, which stops at `max_size` decoded bytes).
RFC 2045 6 (transfer encodings), RFC 7578 4.7 (form-data parts carry none).
Must not import `_client`, `_server` or `_web`.
"""

from __future__ import annotations

import base64
import binascii
import sys
from collections.abc import AsyncIterator
from typing import Any

from .._base.zlib_backend import zlib_backend
from .._io.codecs import Decompressor
from .._sansio.errors import DecodeError
from .part_stream import MultipartError

__all__ = ("decode_part", "encoded_chunks")


def _compressor(coding: str) -> Any:
    zlib = zlib_backend()  # zlib, or the module given to wirehttp.set_zlib_backend
    if coding == "gzip":
        return zlib.compressobj(wbits=16 + zlib.MAX_WBITS)
    return zlib.compressobj(wbits=-zlib.MAX_WBITS)  # deflate: raw, no zlib header


async def encoded_chunks(
    source: AsyncIterator[bytes], coding: str | None, transfer: str | None
) -> AsyncIterator[bytes]:
    """`source` compressed with `coding` and then transfer-encoded with `transfer`."""
    compressor = _compressor(coding) if coding else None
    carry = b""  # base64 works on 3-byte groups; the rest waits for the next chunk
    async for chunk in _with_flush(source, compressor):
        if transfer == "base64":
            data = carry + chunk
            whole = len(data) - len(data) % 3
            carry = data[whole:]
            if whole:
                yield base64.b64encode(data[:whole])
        elif transfer == "quoted-printable":
            yield binascii.b2a_qp(chunk)
        elif chunk:
            yield chunk
    if carry:
        yield base64.b64encode(carry)


async def _with_flush(source: AsyncIterator[bytes], compressor: Any) -> AsyncIterator[bytes]:
    if compressor is None:
        async for chunk in source:
            yield chunk
        return
    async for chunk in source:
        squeezed = compressor.compress(chunk)
        if squeezed:
            yield squeezed
    yield compressor.flush()


def decode_part(data: bytes, coding: str | None, transfer: str | None, max_size: int) -> bytes:
    """A whole part body decoded; MultipartError (a ValueError) for broken data, BodyTooLarge
    past `max_size` decoded bytes, RuntimeError for a coding it does not know (as aiohttp)."""
    if transfer == "base64":
        try:
            data = base64.b64decode(data)
        except binascii.Error as exc:
            raise MultipartError(f"broken base64 part: {exc}") from None
    elif transfer == "quoted-printable":
        data = binascii.a2b_qp(data)
    elif transfer not in (None, "", "binary", "8bit", "7bit"):
        raise RuntimeError(f"unknown content transfer encoding: {transfer}")
    if coding in (None, "", "identity"):
        return data
    if coding not in ("gzip", "deflate"):
        raise RuntimeError(f"unknown content encoding: {coding}")
    decoder = Decompressor(coding, None if max_size >= sys.maxsize else max_size)
    try:
        return decoder.decompress(data) + decoder.flush()
    except DecodeError as exc:
        raise MultipartError(f"broken {coding} part: {exc.message}") from None

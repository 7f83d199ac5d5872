"""llhttp's refusals (httptools exceptions) mapped to our error classes.

Owns `map_llhttp_error`: httptools raises a few exception types whose reason text names the
rule llhttp applied; each becomes the RemoteProtocolError subclass that carries the right HTTP
status. The text carries no peer bytes. Must not import asyncio.
"""

from __future__ import annotations

from httptools import (
    HttpParserError,
    HttpParserInvalidMethodError,
    HttpParserInvalidStatusError,
    HttpParserInvalidURLError,
)

from ..errors import (
    BadRequestLine,
    BadStatusLine,
    InvalidChunk,
    InvalidContentLength,
    InvalidHeader,
    InvalidTransferEncoding,
    RemoteProtocolError,
)

__all__ = ("map_llhttp_error",)


def map_llhttp_error(exc: HttpParserError) -> RemoteProtocolError:
    """Our error class for an llhttp refusal (its reason text carries no peer bytes)."""
    reason = str(exc)
    if isinstance(exc, (HttpParserInvalidMethodError, HttpParserInvalidURLError)):
        return BadRequestLine(reason)
    if isinstance(exc, HttpParserInvalidStatusError):
        return BadStatusLine(reason)
    low = reason.lower()
    if "transfer-encoding" in low:
        return InvalidTransferEncoding(reason)
    if "content-length" in low:
        return InvalidContentLength(reason)
    if "chunk" in low:
        return InvalidChunk(reason)
    if "header" in low:
        return InvalidHeader(reason)
    if "response" in low or "status" in low:
        return BadStatusLine(reason)
    return BadRequestLine(reason)

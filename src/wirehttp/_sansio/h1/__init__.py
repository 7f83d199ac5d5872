"""wirehttp._sansio.h1: HTTP/1.1 bytes <-> events on httptools, with no I/O.

Re-exports the public names of the package (see docs/internals.md for the contracts).
Must not import asyncio.
"""

from __future__ import annotations

from .events import (
    END_OF_MESSAGE,
    EndOfMessage,
    Event,
    Interim,
    RequestHead,
    ResponseHead,
    Upgrade,
)
from .framing import response_has_body, status_allows_body
from .request_parser import RequestParser
from .response_parser import ResponseParser
from .serialize import (
    LAST_CHUNK,
    encode_chunk,
    encode_last_chunk,
    encode_request_head,
    encode_response_head,
    validate_header,
)

__all__ = (
    "END_OF_MESSAGE",
    "LAST_CHUNK",
    "EndOfMessage",
    "Event",
    "Interim",
    "RequestHead",
    "RequestParser",
    "ResponseHead",
    "ResponseParser",
    "Upgrade",
    "encode_chunk",
    "encode_last_chunk",
    "encode_request_head",
    "encode_response_head",
    "response_has_body",
    "status_allows_body",
    "validate_header",
)

"""Bytes for what we send: request and response heads, chunks, the last chunk with trailers.

Owns: `validate_header`, `encode_response_head`, `encode_request_head`, `encode_chunk`,
`LAST_CHUNK`, `encode_last_chunk`. Every head is built as one str and encoded once (UTF-8, as
aiohttp does); status lines for the common statuses are prepared at import. Anything that would
let a caller inject a line (CR, LF, NUL) or a bad name raises `LocalProtocolError`.
Must not import asyncio or httptools.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from http import HTTPStatus
from typing import Final

from multidict import CIMultiDict

from ..errors import LocalProtocolError
from .validate import is_token

__all__ = (
    "LAST_CHUNK",
    "encode_chunk",
    "encode_last_chunk",
    "encode_request_head",
    "encode_response_head",
    "validate_header",
)

LAST_CHUNK: Final = b"0\r\n\r\n"  # RFC 9112 7.1: last-chunk, no trailers, final CRLF

# (version, status) -> "HTTP/1.1 200 OK\r\n" for every status the stdlib names.
_STATUS_LINES: Final = {
    (version, int(status)): f"HTTP/{version[0]}.{version[1]} {int(status)} {status.phrase}\r\n"
    for version in ((1, 1), (1, 0))
    for status in HTTPStatus
}
_REASONS: Final = {int(status): status.phrase for status in HTTPStatus}

# Header containers that can be iterated twice (the error path reads them again): no copy.
_REITERABLE: Final = frozenset((list, tuple, type(CIMultiDict().items()), type({}.items())))

# Names already checked, so a hot header name is validated once per process, not per message.
_GOOD_NAMES: set[str] = set()
_GOOD_NAMES_MAX: Final = 1024


def _check_name(name: str) -> None:
    if name in _GOOD_NAMES:
        return
    if not is_token(name):  # RFC 9110 5.1: field-name = token
        raise LocalProtocolError(f"invalid header name {name!r}")
    if len(_GOOD_NAMES) < _GOOD_NAMES_MAX:
        _GOOD_NAMES.add(name)


def _check_value(name: str, value: str) -> None:
    # RFC 9110 5.5: CR, LF and NUL are never allowed in a field value
    if "\r" in value or "\n" in value or "\x00" in value:
        raise LocalProtocolError(f"header {name!r} has CR, LF or NUL in its value: {value!r}")


def validate_header(name: str, value: str) -> None:
    """Raise LocalProtocolError (a ValueError) for a non-token name or CR/LF/NUL in the value."""
    _check_name(name)
    _check_value(name, value)


# Field lines already validated, by (name, value): the same few lines go out on every response.
_LINES: dict[tuple[str, str], str] = {}
_LINES_MAX: Final = 4096  # entries; emptied when full (Date and Content-Length values churn)


def _line(field: tuple[str, str]) -> str:
    """Validate one field and remember its encoded line."""
    name, value = field
    _check_name(name)
    _check_value(name, value)
    line = f"{name}: {value}\r\n"
    if len(_LINES) >= _LINES_MAX:
        _LINES.clear()
    _LINES[(name, value)] = line  # a plain tuple key, whatever str subclass came in
    return line


def _fields(start: str, headers: Iterable[tuple[str, str]], *, trusted: bool = False) -> str:
    """The start line, the validated `name: value` lines and the blank line, joined.

    A start line we did not build from a table is checked to hold exactly the one CRLF we put
    in (RFC 9112 2.2: no stray CR, LF or NUL); `trusted` skips that for table lines.
    """
    if not trusted and ("\x00" in start or start.count("\n") != 1 or start.count("\r") != 1):
        raise LocalProtocolError("CR, LF or NUL in the start line")
    lines = _LINES
    parts = [lines.get(field) or _line(field) for field in headers]
    parts.append("\r\n")
    return start + "".join(parts)


def encode_response_head(
    version: tuple[int, int], status: int, reason: str, headers: Iterable[tuple[str, str]]
) -> bytes:
    """`HTTP/x.y status reason` plus the header lines and the blank line, as bytes."""
    line = _STATUS_LINES.get((version, status)) if reason == _REASONS.get(status) else None
    trusted = line is not None
    if line is None:
        if not 100 <= status <= 999:
            raise LocalProtocolError(f"invalid status code {status!r}")
        line = f"HTTP/{version[0]}.{version[1]} {status} {reason}\r\n"
    if type(headers) not in _REITERABLE:
        headers = list(headers)
    return _fields(line, headers, trusted=trusted).encode("utf-8", "surrogateescape")


_BAD_TARGET: Final = re.compile("[\x00-\x20\x7f]")


def encode_request_head(
    method: str, target: str, version: tuple[int, int], headers: Iterable[tuple[str, str]]
) -> bytes:
    """`METHOD target HTTP/x.y` plus the header lines and the blank line, as bytes."""
    if not is_token(method):  # RFC 9110 9.1: method = token
        raise LocalProtocolError(f"invalid method {method!r}")
    # RFC 9112 3.2: the request-target holds no whitespace or control characters
    if not target or _BAD_TARGET.search(target) is not None:
        raise LocalProtocolError(f"invalid request-target {target!r}")
    if type(headers) not in _REITERABLE:
        headers = list(headers)
    line = f"{method} {target} HTTP/{version[0]}.{version[1]}\r\n"
    # method is a token and target has no control byte or space: the line is trusted
    return _fields(line, headers, trusted=True).encode("utf-8", "surrogateescape")


def encode_chunk(data: bytes) -> bytes:
    """One chunk (RFC 9112 7.1); empty data gives b"" so it can never pose as the last chunk."""
    if not data:
        return b""
    return b"%x\r\n%b\r\n" % (len(data), data)


def encode_last_chunk(trailers: Iterable[tuple[str, str]] = ()) -> bytes:
    """The last chunk, with trailer fields if any (RFC 9112 7.1.2)."""
    trailers = list(trailers)
    if not trailers:
        return LAST_CHUNK
    return _fields("0\r\n", trailers, trusted=True).encode("utf-8", "surrogateescape")

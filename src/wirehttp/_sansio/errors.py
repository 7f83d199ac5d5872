"""The one error tree of the sans-IO layer.

Owns: every protocol error raised or returned by `_sansio`, each carrying the HTTP status it should
become (a malformed request turns into its 4xx without guessing), and `echo()`, the only way peer
bytes get into a message: at most `ERROR_ECHO_LIMIT` bytes, control characters escaped.
Must not import asyncio or anything above `_base`.
"""

from __future__ import annotations

from .._base.limits import ERROR_ECHO_LIMIT

__all__ = (
    "BadRequestLine",
    "BadStatusLine",
    "BodyTooLarge",
    "DecodeError",
    "HeaderFieldTooLong",
    "HeaderSectionTooLarge",
    "HttpProtocolError",
    "IncompleteMessage",
    "InvalidChunk",
    "InvalidContentLength",
    "InvalidHeader",
    "InvalidTransferEncoding",
    "LocalProtocolError",
    "RemoteProtocolError",
    "RequestLineTooLong",
    "StatusLineTooLong",
    "TooManyHeaders",
    "echo",
)


def echo(data: bytes | bytearray | memoryview | str) -> str:
    """Peer input made safe for a message: the first ERROR_ECHO_LIMIT bytes, repr-escaped.

    `repr` escapes CR, LF, NUL, DEL and every other control byte, so the result is one printable
    line; an ellipsis marks a cut.
    """
    if isinstance(data, str):
        raw = data.encode("utf-8", "surrogateescape")
    else:
        raw = bytes(data[: ERROR_ECHO_LIMIT + 1])
    cut = len(raw) > ERROR_ECHO_LIMIT
    text = repr(raw[:ERROR_ECHO_LIMIT])
    return text + "..." if cut else text


class HttpProtocolError(Exception):
    """Base of every sans-IO HTTP error; `status` is the HTTP status it should become."""

    status: int = 400

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, status={self.status})"


class RemoteProtocolError(HttpProtocolError):
    """The peer sent bytes we refuse. The connection must be closed after reporting it."""


class BadRequestLine(RemoteProtocolError):
    """Malformed request line: method, request-target or HTTP version."""


class BadStatusLine(RemoteProtocolError):
    """Malformed status line in a response."""


class InvalidHeader(RemoteProtocolError):
    """Malformed field line: bad name, bad value byte, obs-fold, bad line ending, duplicate Host."""


class InvalidContentLength(RemoteProtocolError):
    """Content-Length that is not exactly one run of ASCII digits, or that is repeated."""


class InvalidTransferEncoding(RemoteProtocolError):
    """Transfer-Encoding we do not accept, or Transfer-Encoding together with Content-Length."""


class InvalidChunk(RemoteProtocolError):
    """Malformed chunked framing: chunk size, chunk extension, chunk terminator."""


class IncompleteMessage(RemoteProtocolError):
    """The connection ended in the middle of a message (truncated head or body)."""


class RequestLineTooLong(RemoteProtocolError):
    """The request line exceeds the configured limit (414 URI Too Long)."""

    status = 414


class StatusLineTooLong(RemoteProtocolError):
    """The status line of a response exceeds the configured limit."""


class HeaderFieldTooLong(RemoteProtocolError):
    """One field line exceeds the configured limit (431 Request Header Fields Too Large)."""

    status = 431


class TooManyHeaders(RemoteProtocolError):
    """More field lines than allowed (431 Request Header Fields Too Large)."""

    status = 431


class HeaderSectionTooLarge(RemoteProtocolError):
    """The head (or a trailer section) as a whole exceeds the size cap (431)."""

    status = 431


class BodyTooLarge(RemoteProtocolError):
    """The body, or its decoded form, exceeds the allowed size (413 Content Too Large)."""

    status = 413


class DecodeError(RemoteProtocolError):
    """Broken gzip/deflate/br/zstd content."""


class LocalProtocolError(HttpProtocolError, ValueError):
    """We were asked to send something invalid (CR/LF/NUL in a header, a non-token name...).

    A ValueError too, so callers that guard user input with `except ValueError` catch it. The
    status is 500: it is our side's fault, never the peer's.
    """

    status = 500

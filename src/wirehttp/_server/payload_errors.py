"""What a handler's body read raises when the request body cannot be had (web.RequestPayloadError).

Owns: `RequestPayloadError` (the body broke off: the connection was lost mid-body, its framing
broke, or its Content-Encoding could not be decoded) and `PayloadAccessError` (the body was read
after the response was finished). The errors set on a request's payload are subclasses that
keep what callers already catch: a lost connection is also a `ConnectionResetError` (what
aiohttp raises there), a broken body is also the `RemoteProtocolError` whose `status` the request
cycle answers with. Must not import `_web` or `_client`.
"""

from __future__ import annotations

from .._sansio.errors import HttpProtocolError, RemoteProtocolError

__all__ = (
    "PAYLOAD_ACCESS_ERROR",
    "BodyConnectionLost",
    "BodyProtocolError",
    "PayloadAccessError",
    "RequestPayloadError",
    "body_protocol_error",
)


class RequestPayloadError(Exception):
    """The request body broke off (or could not be decoded) while it was being read."""


class PayloadAccessError(Exception):
    """The request body was read after the response to it was finished."""


class BodyConnectionLost(RequestPayloadError, ConnectionResetError):
    """The connection closed before the whole request body arrived."""

    def __init__(self, message: str = "Connection lost") -> None:
        super().__init__(message)


class BodyProtocolError(RequestPayloadError, RemoteProtocolError):
    """The request body broke its framing or coding; `status` is the answer it gets (4xx)."""


def body_protocol_error(error: HttpProtocolError) -> BodyProtocolError:
    """`error` as a RequestPayloadError with the same message and status, caused by `error`."""
    wrapped = BodyProtocolError(error.message, status=error.status)
    wrapped.__cause__ = error
    return wrapped


# One instance, as it carries nothing per request (set on every finished request's body).
PAYLOAD_ACCESS_ERROR = PayloadAccessError()

RequestPayloadError.__module__ = "wirehttp.web"  # documented as web.RequestPayloadError
PayloadAccessError.__module__ = "wirehttp.web"

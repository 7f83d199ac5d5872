"""`web.HTTP*`: HTTP statuses as exceptions that are also responses.

Owns: `HTTPException` and every status class aiohttp 3.14 has, plus `NotAppKeyWarning`.
Must not import: `_client`, `_testing`, or anything above L4; the only wirehttp import is the
`Response` this module builds on.

As in aiohttp 3.x, `HTTPException` is both a `Response` and an `Exception`: a handler may raise
it or return it. An error class without a body gets the text ``"<status>: <reason>"``; the
classes for 204, 205 and 304 never get a body. Values that end up in headers (reason, Location,
Link) are refused with ValueError if they hold control characters, so a header cannot be split.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from typing import Any

from yarl import URL

from .response import Response

__all__ = (
    "HTTPAccepted",
    "HTTPBadGateway",
    "HTTPBadRequest",
    "HTTPClientError",
    "HTTPConflict",
    "HTTPCreated",
    "HTTPError",
    "HTTPException",
    "HTTPExpectationFailed",
    "HTTPFailedDependency",
    "HTTPForbidden",
    "HTTPFound",
    "HTTPGatewayTimeout",
    "HTTPGone",
    "HTTPInsufficientStorage",
    "HTTPInternalServerError",
    "HTTPLengthRequired",
    "HTTPMethodNotAllowed",
    "HTTPMisdirectedRequest",
    "HTTPMove",
    "HTTPMovedPermanently",
    "HTTPMultipleChoices",
    "HTTPNetworkAuthenticationRequired",
    "HTTPNoContent",
    "HTTPNonAuthoritativeInformation",
    "HTTPNotAcceptable",
    "HTTPNotExtended",
    "HTTPNotFound",
    "HTTPNotImplemented",
    "HTTPNotModified",
    "HTTPOk",
    "HTTPPartialContent",
    "HTTPPaymentRequired",
    "HTTPPermanentRedirect",
    "HTTPPreconditionFailed",
    "HTTPPreconditionRequired",
    "HTTPProxyAuthenticationRequired",
    "HTTPRedirection",
    "HTTPRequestEntityTooLarge",
    "HTTPRequestHeaderFieldsTooLarge",
    "HTTPRequestRangeNotSatisfiable",
    "HTTPRequestTimeout",
    "HTTPRequestURITooLong",
    "HTTPResetContent",
    "HTTPSeeOther",
    "HTTPServerError",
    "HTTPServiceUnavailable",
    "HTTPSuccessful",
    "HTTPTemporaryRedirect",
    "HTTPTooManyRequests",
    "HTTPUnauthorized",
    "HTTPUnavailableForLegalReasons",
    "HTTPUnprocessableEntity",
    "HTTPUnsupportedMediaType",
    "HTTPUpgradeRequired",
    "HTTPUseProxy",
    "HTTPVariantAlsoNegotiates",
    "HTTPVersionNotSupported",
    "NotAppKeyWarning",
)

_CONTROL_CHARS = re.compile("[\x00-\x1f\x7f]")
_CONTROL_CHARS_BUT_TAB = re.compile("[\x00-\x08\x0a-\x1f\x7f]")  # reason-phrase allows HTAB


def _header_safe(what: str, value: str, *, allow_tab: bool = False) -> str:
    """Return ``value`` unless it holds a control character (CR, LF, NUL, ...)."""
    pattern = _CONTROL_CHARS_BUT_TAB if allow_tab else _CONTROL_CHARS
    if pattern.search(value):
        raise ValueError(f"{what} cannot contain control characters such as \\r or \\n: {value!r}")
    return value


class NotAppKeyWarning(UserWarning):
    """A plain string was used as an Application key where an `AppKey` is expected."""


class HTTPException(Response, Exception):
    """Base of every HTTP status exception; ``status_code`` is set by each concrete class."""

    status_code = -1
    empty_body = False

    __http_exception__ = True

    def __init__(
        self,
        *,
        headers: Any = None,
        reason: str | None = None,
        body: Any = None,
        text: str | None = None,
        content_type: str | None = None,
    ) -> None:
        if body is not None:
            warnings.warn(
                "body argument is deprecated for http web exceptions",
                DeprecationWarning,
                stacklevel=2,
            )
        if reason is not None:
            _header_safe("Reason", reason, allow_tab=True)
        Response.__init__(
            self,
            status=self.status_code,
            headers=headers,
            reason=reason,
            body=body,
            text=text,
            content_type=content_type,
        )
        Exception.__init__(self, self.reason)
        if self.body is None and not self.empty_body:
            self.text = f"{self.status}: {self.reason}"

    def __str__(self) -> str:
        # The reason given at construction, as Exception would (not Response's repr).
        return Exception.__str__(self)

    def __bool__(self) -> bool:
        # A Response is a mapping and would be falsy when empty; an exception is always truthy.
        return True


class HTTPError(HTTPException):
    """Base of the 4xx and 5xx classes."""


class HTTPRedirection(HTTPException):
    """Base of the 3xx classes."""


class HTTPSuccessful(HTTPException):
    """Base of the 2xx classes."""


# 2xx ----------------------------------------------------------------------------------------


class HTTPOk(HTTPSuccessful):
    status_code = 200


class HTTPCreated(HTTPSuccessful):
    status_code = 201


class HTTPAccepted(HTTPSuccessful):
    status_code = 202


class HTTPNonAuthoritativeInformation(HTTPSuccessful):
    status_code = 203


class HTTPNoContent(HTTPSuccessful):
    status_code = 204
    empty_body = True


class HTTPResetContent(HTTPSuccessful):
    status_code = 205
    empty_body = True


class HTTPPartialContent(HTTPSuccessful):
    status_code = 206


# 3xx ----------------------------------------------------------------------------------------


class HTTPMove(HTTPRedirection):
    """A redirect: ``location`` (str or URL) becomes the ``Location`` header."""

    def __init__(
        self,
        location: str | URL,
        *,
        headers: Any = None,
        reason: str | None = None,
        body: Any = None,
        text: str | None = None,
        content_type: str | None = None,
    ) -> None:
        if not location:
            raise ValueError("HTTP redirects need a location to redirect to.")
        # yarl silently drops CR/LF/TAB; refuse them instead of redirecting somewhere unintended.
        target = _header_safe("Location", str(location))
        super().__init__(
            headers=headers, reason=reason, body=body, text=text, content_type=content_type
        )
        self.headers["Location"] = str(URL(target))
        self.location = location


class HTTPMultipleChoices(HTTPMove):
    status_code = 300


class HTTPMovedPermanently(HTTPMove):
    status_code = 301


class HTTPFound(HTTPMove):
    status_code = 302


class HTTPSeeOther(HTTPMove):
    """303: the client follows with a GET, so it is the redirect to use after a POST."""

    status_code = 303


class HTTPNotModified(HTTPRedirection):
    status_code = 304
    empty_body = True


class HTTPUseProxy(HTTPMove):
    status_code = 305


class HTTPTemporaryRedirect(HTTPMove):
    status_code = 307


class HTTPPermanentRedirect(HTTPMove):
    status_code = 308


# 4xx ----------------------------------------------------------------------------------------


class HTTPClientError(HTTPError):
    """Base of the 4xx classes."""


class HTTPBadRequest(HTTPClientError):
    status_code = 400


class HTTPUnauthorized(HTTPClientError):
    status_code = 401


class HTTPPaymentRequired(HTTPClientError):
    status_code = 402


class HTTPForbidden(HTTPClientError):
    status_code = 403


class HTTPNotFound(HTTPClientError):
    status_code = 404


class HTTPMethodNotAllowed(HTTPClientError):
    """405 with an ``Allow`` header listing ``allowed_methods`` sorted, comma-separated."""

    status_code = 405

    def __init__(
        self,
        method: str,
        allowed_methods: Iterable[str],
        *,
        headers: Any = None,
        reason: str | None = None,
        body: Any = None,
        text: str | None = None,
        content_type: str | None = None,
    ) -> None:
        allowed = [_header_safe("Allowed method", m) for m in allowed_methods]  # read once
        super().__init__(
            headers=headers, reason=reason, body=body, text=text, content_type=content_type
        )
        self.headers["Allow"] = ",".join(sorted(allowed))
        self.allowed_methods: set[str] = set(allowed)
        self.method = method.upper()


class HTTPNotAcceptable(HTTPClientError):
    status_code = 406


class HTTPProxyAuthenticationRequired(HTTPClientError):
    status_code = 407


class HTTPRequestTimeout(HTTPClientError):
    status_code = 408


class HTTPConflict(HTTPClientError):
    status_code = 409


class HTTPGone(HTTPClientError):
    status_code = 410


class HTTPLengthRequired(HTTPClientError):
    status_code = 411


class HTTPPreconditionFailed(HTTPClientError):
    status_code = 412


class HTTPRequestEntityTooLarge(HTTPClientError):
    """413; the default text names the limit that was exceeded."""

    status_code = 413

    def __init__(self, max_size: float, actual_size: float = 0, **kwargs: Any) -> None:
        kwargs.setdefault("text", f"Maximum request body size {max_size} exceeded.")
        super().__init__(**kwargs)
        self.max_size = max_size
        self.actual_size = actual_size


class HTTPRequestURITooLong(HTTPClientError):
    status_code = 414


class HTTPUnsupportedMediaType(HTTPClientError):
    status_code = 415


class HTTPRequestRangeNotSatisfiable(HTTPClientError):
    status_code = 416


class HTTPExpectationFailed(HTTPClientError):
    status_code = 417


class HTTPMisdirectedRequest(HTTPClientError):
    status_code = 421


class HTTPUnprocessableEntity(HTTPClientError):
    status_code = 422


class HTTPFailedDependency(HTTPClientError):
    status_code = 424


class HTTPUpgradeRequired(HTTPClientError):
    status_code = 426


class HTTPPreconditionRequired(HTTPClientError):
    status_code = 428


class HTTPTooManyRequests(HTTPClientError):
    status_code = 429


class HTTPRequestHeaderFieldsTooLarge(HTTPClientError):
    status_code = 431


class HTTPUnavailableForLegalReasons(HTTPClientError):
    """451; ``link`` (optional) is sent as ``Link: <link>; rel="blocked-by"`` (RFC 7725)."""

    status_code = 451

    def __init__(
        self,
        link: str | URL | None,
        *,
        headers: Any = None,
        reason: str | None = None,
        body: Any = None,
        text: str | None = None,
        content_type: str | None = None,
    ) -> None:
        target = _header_safe("Link", str(link)) if link else None
        super().__init__(
            headers=headers, reason=reason, body=body, text=text, content_type=content_type
        )
        self._link = URL(target) if target is not None else None
        if self._link is not None:
            self.headers["Link"] = f'<{self._link}>; rel="blocked-by"'

    @property
    def link(self) -> URL | None:
        return self._link


# 5xx ----------------------------------------------------------------------------------------


class HTTPServerError(HTTPError):
    """Base of the 5xx classes."""


class HTTPInternalServerError(HTTPServerError):
    status_code = 500


class HTTPNotImplemented(HTTPServerError):
    status_code = 501


class HTTPBadGateway(HTTPServerError):
    status_code = 502


class HTTPServiceUnavailable(HTTPServerError):
    status_code = 503


class HTTPGatewayTimeout(HTTPServerError):
    status_code = 504


class HTTPVersionNotSupported(HTTPServerError):
    status_code = 505


class HTTPVariantAlsoNegotiates(HTTPServerError):
    status_code = 506


class HTTPInsufficientStorage(HTTPServerError):
    status_code = 507


class HTTPNotExtended(HTTPServerError):
    status_code = 510


class HTTPNetworkAuthenticationRequired(HTTPServerError):
    status_code = 511


# Public objects name the module they are documented under.
for _name in __all__:
    globals()[_name].__module__ = "wirehttp.web"
del _name

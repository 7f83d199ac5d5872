"""Following redirects: where the next hop goes, with which method, body and credentials.

Owns: `REDIRECT_STATUSES` and `next_hop(response, method, ...) -> Hop | None`, a pure decision
with no I/O: 301/302 turn a POST into a GET without body, 303 turns anything but HEAD into a GET
without body, 307/308 keep method and body (RFC 9110 15.4). A Location that is not a URL raises
InvalidUrlRedirectClientError, one with a scheme other than http/https
NonHttpUrlRedirectClientError. A hop to another origin (https -> http included, the scheme being
part of the origin) drops every credential: Authorization, Proxy-Authorization and Cookie
headers, the session's auth and the request's cookies= (the jar still sends what it matches).
Must not import `_server` or `_web`.
"""

from __future__ import annotations

from typing import Any, Final

from multidict import CIMultiDict
from yarl import URL

from .. import hdrs
from .exceptions import InvalidUrlRedirectClientError, NonHttpUrlRedirectClientError

__all__ = ("REDIRECT_STATUSES", "Chain", "Hop", "next_hop", "strip_credentials")

REDIRECT_STATUSES: Final = frozenset((301, 302, 303, 307, 308))
HTTP_SCHEMES: Final = frozenset(("http", "https"))
CREDENTIAL_HEADERS: Final = (hdrs.AUTHORIZATION, hdrs.PROXY_AUTHORIZATION, hdrs.COOKIE)


class Hop:
    """The next request of a redirect chain."""

    __slots__ = ("cross_origin", "drop_body", "method", "url")

    def __init__(self, method: str, url: URL, drop_body: bool, cross_origin: bool) -> None:
        self.method = method
        self.url = url
        self.drop_body = drop_body
        self.cross_origin = cross_origin

    def __repr__(self) -> str:
        return f"<Hop {self.method} {self.url} drop_body={self.drop_body} cross_origin={self.cross_origin}>"


def next_hop(
    status: int, location: str | None, method: str, url: URL, *, requote: bool
) -> Hop | None:
    """The next request after a response with `status` and `location`, or None to stop."""
    if status not in REDIRECT_STATUSES or not location:
        return None
    target = _parse_location(location, requote)
    if target.scheme and target.scheme not in HTTP_SCHEMES:
        raise NonHttpUrlRedirectClientError(location)
    new_url = url.join(target)
    if not new_url.raw_fragment and url.raw_fragment and not target.raw_fragment:
        new_url = new_url.with_fragment(url.raw_fragment)  # RFC 9110 10.2.2: keep the fragment
    if new_url.host is None:
        raise InvalidUrlRedirectClientError(location, "Invalid redirect URL: it has no host")
    new_method, drop_body = _method_rule(status, method)
    cross = new_url.origin() != url.origin()
    return Hop(new_method, new_url, drop_body, cross)


def _parse_location(location: str, requote: bool) -> URL:
    try:
        return URL(location, encoded=not requote)
    except ValueError as exc:
        raise InvalidUrlRedirectClientError(
            location, "Server attempted redirecting to a location that does not look like a URL"
        ) from exc


def _method_rule(status: int, method: str) -> tuple[str, bool]:
    if status == 303 and method != "HEAD":
        return "GET", True
    if status in (301, 302) and method == "POST":
        return "GET", True
    return method, False


def strip_credentials(headers: CIMultiDict[str] | Any) -> CIMultiDict[str]:
    """A copy of `headers` without Authorization, Proxy-Authorization and Cookie."""
    kept: CIMultiDict[str] = CIMultiDict(headers or ())
    for name in CREDENTIAL_HEADERS:
        kept.popall(name, None)
    return kept


class Chain:
    """What changes from one request of a redirect chain to the next."""

    __slots__ = ("auth", "body", "cookies", "headers", "method", "url")

    def __init__(
        self, method: str, url: URL, headers: CIMultiDict[str], body: Any, auth: Any, cookies: Any
    ) -> None:
        self.method, self.url, self.headers = method, url, headers
        self.body, self.auth, self.cookies = body, auth, cookies

    def __repr__(self) -> str:
        return f"<Chain {self.method} {self.url}>"

    def follow(self, hop: Hop) -> None:
        """Become the next request: new method and URL, no body, no credentials, as `hop` says."""
        self.method, self.url = hop.method, hop.url
        if hop.drop_body:
            self.body = None
            for name in (hdrs.CONTENT_TYPE, hdrs.CONTENT_LENGTH, hdrs.TRANSFER_ENCODING):
                self.headers.popall(name, None)
        if hop.cross_origin:
            self.headers = strip_credentials(self.headers)
            self.auth = None
            self.cookies = None

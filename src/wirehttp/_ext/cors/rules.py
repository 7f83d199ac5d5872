"""The CORS protocol as plain functions: preflight answers and actual-response headers.

Owns: the decisions of the Fetch standard's "CORS protocol" section for one request, given the
origin-to-options mapping that applies to it. No I/O, no web objects: the caller passes header
values in and gets header pairs out, or a PreflightRefused carrying the reason (a 403).

Rules beyond aiohttp_cors, all on the safe side: an Origin that is empty, "*", or a list is never
allowed (so "*" is never sent, least of all with credentials); requested methods and header
names must be tokens (RFC 9110 5.1, 9.1); every answer that names an origin says
`Vary: Origin`, so a shared cache cannot hand one origin's answer to another.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..._base.limits import ERROR_ECHO_LIMIT
from ..._sansio.h1.validate import is_token
from .options import ANY, ResourceOptions

__all__ = (
    "SAFELISTED_RESPONSE_HEADERS",
    "PreflightRefused",
    "actual_headers",
    "options_for",
    "preflight_headers",
)

# Response headers a browser shows to scripts anyway (the CORS-safelisted response-header
# names of the Fetch standard, less Content-Length, which aiohttp_cors also lists).
SAFELISTED_RESPONSE_HEADERS = frozenset(
    {"cache-control", "content-language", "content-type", "expires", "last-modified", "pragma"}
)

ALLOW_ORIGIN = "Access-Control-Allow-Origin"
ALLOW_CREDENTIALS = "Access-Control-Allow-Credentials"
ALLOW_METHODS = "Access-Control-Allow-Methods"
ALLOW_HEADERS = "Access-Control-Allow-Headers"
EXPOSE_HEADERS = "Access-Control-Expose-Headers"
MAX_AGE = "Access-Control-Max-Age"


class PreflightRefused(Exception):
    """The preflight is answered 403; `str()` says why (peer input shortened and escaped)."""


def _echo(value: str) -> str:
    return repr(value[:ERROR_ECHO_LIMIT])


def _is_single_origin(origin: str) -> bool:
    # A serialised origin ("https://a.example:8443") or "null"; never "*", empty or a list.
    return bool(origin) and origin != ANY and "," not in origin and " " not in origin


def options_for(config: Mapping[str, ResourceOptions], origin: str) -> ResourceOptions | None:
    """The options for `origin`: its own entry, else the "*" entry, else None (not allowed)."""
    if not _is_single_origin(origin):
        return None
    options = config.get(origin)
    return options if options is not None else config.get(ANY)


def _origin_headers(origin: str, options: ResourceOptions) -> list[tuple[str, str]]:
    headers = [(ALLOW_ORIGIN, origin), ("Vary", "Origin")]
    if options.allow_credentials:
        headers.append((ALLOW_CREDENTIALS, "true"))
    return headers


def _requested_headers(value: str | None) -> list[str]:
    names = [name.strip().upper() for name in (value or "").split(",")]
    names = sorted({name for name in names if name})
    bad = [name for name in names if not is_token(name)]
    if bad:
        raise PreflightRefused(f"requested header names are not tokens: {_echo(','.join(bad))}")
    return names


def preflight_headers(
    origin: str | None,
    method: str | None,
    request_headers: str | None,
    config: Mapping[str, ResourceOptions] | None,
) -> list[tuple[str, str]]:
    """The headers of a 200 answer to a preflight, or PreflightRefused.

    `config` is what applies to the requested method (None: CORS does not allow that method
    on this resource).
    """
    if origin is None:
        raise PreflightRefused("the request has no Origin header")
    if method is None:
        raise PreflightRefused("the request has no Access-Control-Request-Method header")
    if config is None or not is_token(method):
        raise PreflightRefused(f"method {_echo(method)} is not allowed for origin {_echo(origin)}")
    if not config:
        raise PreflightRefused("no origin is allowed")
    options = options_for(config, origin)
    if options is None:
        raise PreflightRefused(f"origin {_echo(origin)} is not allowed")
    requested = _requested_headers(request_headers)
    if options.allow_headers != ANY:
        refused = [name for name in requested if name not in options.allow_headers]
        if refused:
            raise PreflightRefused(f"headers are not allowed: {_echo(','.join(refused))}")
    headers = _origin_headers(origin, options)
    if options.max_age is not None:
        headers.append((MAX_AGE, str(options.max_age)))
    headers.append((ALLOW_METHODS, method))
    if requested:
        headers.append((ALLOW_HEADERS, ",".join(requested)))
    return headers


def actual_headers(
    origin: str, options: ResourceOptions, response_header_names: Iterable[str]
) -> list[tuple[str, str]]:
    """The CORS headers to add to the response of an allowed cross-origin request."""
    headers = _origin_headers(origin, options)
    if options.expose_headers == ANY:
        seen: dict[str, str] = {}
        for name in response_header_names:
            lowered = name.lower()
            if lowered not in SAFELISTED_RESPONSE_HEADERS and lowered not in seen:
                seen[lowered] = name
        exposed = list(seen.values())
    else:
        exposed = sorted(options.expose_headers)
    if exposed:
        headers.append((EXPOSE_HEADERS, ",".join(exposed)))
    return headers

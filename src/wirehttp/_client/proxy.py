"""Proxies: which proxy a request goes through, and the CONNECT exchange of a tunnel.

Owns: `normalise_proxy(proxy, proxy_auth)` (a str or URL; credentials in the proxy URL become
`proxy_auth` unless one is given, and leave the URL, so the pool key and the logs never hold
them), `choose_proxy(url, proxy, proxy_auth, trust_env)` (an explicit proxy wins; else with
trust_env the environment's, unless NO_PROXY excludes the URL's host: env_proxy.py), and `route(req, ...)`, which the
session calls on every hop of a redirect chain (it also adds ~/.netrc credentials for the
request's host under trust_env, unless the request carries Authorization already); `connect_head(req)` (the CONNECT request for an https
URL: `CONNECT host:port`, Host, the proxy_headers and Proxy-Authorization, which therefore only
ever go to the proxy) and `tunnel_refused(head, info)` (a non-200 answer ->
ClientHttpProxyError with its status, reason and headers, as aiohttp). The tunnel itself (TCP to
the proxy, CONNECT, then TLS over the same transport) is in connector/tcp.py. Plain-HTTP
proxying is request.py's: an absolute-form target and Proxy-Authorization in the request head.
Must not import `_server` or `_web`.
"""

from __future__ import annotations

import asyncio
from typing import Any, Final

from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from .. import hdrs
from .._base.auth import BasicAuth
from .._sansio.h1.serialize import encode_request_head, validate_header
from .._sansio.h1.text_headers import text_headers
from .env_proxy import env_proxy_for_url, netrc_auth
from .exceptions import ClientHttpProxyError, InvalidURL
from .request_info import RequestInfo

__all__ = (
    "choose_proxy",
    "connect_head",
    "connect_info",
    "normalise_proxy",
    "route",
    "tunnel_refused",
)

PROXY_SCHEMES: Final = frozenset(("http", "https"))


def normalise_proxy(proxy: Any, proxy_auth: Any) -> tuple[URL | None, BasicAuth | None]:
    """The proxy URL without credentials, and the credentials to give it."""
    if proxy is None:
        return None, proxy_auth
    url = proxy if isinstance(proxy, URL) else URL(str(proxy))
    if url.scheme not in PROXY_SCHEMES or not url.host:
        raise InvalidURL(url, "Only http:// and https:// proxies are supported")
    if proxy_auth is not None and not isinstance(proxy_auth, BasicAuth):
        raise ValueError("proxy_auth must be None or BasicAuth() tuple")
    if proxy_auth is None:
        proxy_auth = BasicAuth.from_url(url)
    if url.raw_user is not None or url.raw_password is not None:
        url = url.with_user(None)
    return url, proxy_auth


async def choose_proxy(
    url: URL, proxy: Any, proxy_auth: Any, trust_env: bool
) -> tuple[URL | None, BasicAuth | None]:
    """The proxy (and its credentials) for one request to `url`, or (None, None): direct."""
    if proxy is not None:
        return normalise_proxy(proxy, proxy_auth)
    if not trust_env:
        return None, None
    try:  # the environment and ~/.netrc are read off the event loop, as aiohttp does
        info = await asyncio.to_thread(env_proxy_for_url, url)
    except LookupError:
        return None, None
    return normalise_proxy(info.proxy, proxy_auth if proxy_auth is not None else info.proxy_auth)


async def route(req: Any, proxy: Any, proxy_auth: Any, proxy_headers: Any, trust_env: bool) -> None:
    """Set `req`'s proxy for its URL; with trust_env, ~/.netrc credentials for its host too.

    The session calls this for every request of a redirect chain, so a hop to another host is
    judged afresh (NO_PROXY, the scheme's proxy, that host's netrc entry).
    """
    found, auth = await choose_proxy(req.url, proxy, proxy_auth, trust_env)
    req.update_proxy(found, auth, proxy_headers if found is not None else None)
    if trust_env and hdrs.AUTHORIZATION not in req.headers and req.url.host:
        origin_auth = await asyncio.to_thread(netrc_auth, req.url.host)
        if origin_auth is not None:
            req.headers[hdrs.AUTHORIZATION] = origin_auth.encode()


def connect_info(proxy: URL, headers: CIMultiDict[str]) -> RequestInfo:
    """The request_info of a CONNECT: to the proxy, as aiohttp reports it."""
    return RequestInfo(proxy, hdrs.METH_CONNECT, CIMultiDictProxy(headers))


def connect_headers(req: Any) -> CIMultiDict[str]:
    """Host, the request's proxy_headers and Proxy-Authorization, for the CONNECT only."""
    host = req.url.raw_host
    target = f"[{host}]:{req.url.port}" if ":" in host else f"{host}:{req.url.port}"
    headers: CIMultiDict[str] = CIMultiDict({hdrs.HOST: target})
    extra = req.proxy_headers
    if extra:
        for name, value in extra.items() if hasattr(extra, "items") else extra:
            validate_header(str(name), str(value))
            if str(name).lower() != "host":
                headers.add(str(name), str(value))
    if req.proxy_auth is not None:
        headers[hdrs.PROXY_AUTHORIZATION] = req.proxy_auth.encode()
    return headers


def connect_head(req: Any) -> tuple[bytes, RequestInfo]:
    """The bytes of `CONNECT host:port HTTP/1.1` for `req`, and its request_info."""
    headers = connect_headers(req)
    head = encode_request_head(hdrs.METH_CONNECT, headers[hdrs.HOST], (1, 1), headers.items())
    return head, connect_info(req.proxy, headers)


def tunnel_refused(head: Any, info: RequestInfo) -> ClientHttpProxyError:
    """The error for a proxy that answered CONNECT with anything but 200."""
    headers = text_headers(head.raw_headers)
    return ClientHttpProxyError(info, (), status=head.status, message=head.reason, headers=headers)

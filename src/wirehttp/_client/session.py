"""ClientSession: the client's front door; it orchestrates and owns nothing of the wire.

Owns: `ClientSession` (aiohttp 3.14's constructor, verbs, `closed`, `close()`, `async with`).
One request runs as small steps: prepare (URL, headers, body) -> connect and send (exchange.py,
which also owns the retry rule) -> redirect -> finish (cookies stored, raise_for_status). Hooks
nobody uses (traces, middlewares, proxies, raise_for_status) cost no coroutine. The total
timeout is one deadline over the whole chain and the body reads. The module-level one-shot
`request()` is in oneshot.py. Must not import `_server` or `_web`.
"""

from __future__ import annotations

import asyncio
import json as _json
import warnings
from collections.abc import Awaitable, Callable, Iterable
from types import TracebackType
from typing import Any, Final

from multidict import CIMultiDict, istr
from yarl import URL

from .. import hdrs
from .._base.auth import BasicAuth
from .._base.http_version import HttpVersion11
from .._base.limits import STREAM_READER_LIMIT
from .body import make_body
from .connector.base import BaseConnector
from .connector.tcp import TCPConnector
from .cookies.abc import AbstractCookieJar
from .cookies.jar import CookieJar
from .deadline import Deadline
from .exceptions import (
    InvalidUrlClientError,
    NonHttpUrlClientError,
    TooManyRedirects,
)
from .exchange import ReadSettings, exchange
from .middlewares import hop_handler, send_through
from .options import check_options
from .params import check_base_url, join_base_url
from .proxy import normalise_proxy, route
from .redirects import REDIRECT_STATUSES, Chain, next_hop
from .request import ClientRequest
from .response import ClientResponse, RequestContextManager
from .timeouts import DEFAULT_TIMEOUT, ClientTimeout
from .tracing import fire_hop, freeze_configs, make_traces
from .ws_connect import WSRequestContextManager, ws_connect

__all__ = ("ClientSession",)

HTTP_SCHEMES: Final = frozenset(("http", "https"))


class _Sentinel:
    def __repr__(self) -> str:
        return "sentinel"


SENTINEL: Final = _Sentinel()


class ClientSession:
    """A pool of connections and the defaults every request of it shares (aiohttp's API)."""

    _connector: BaseConnector | None = None  # set first, so __del__ of a failed __init__ is quiet

    def __init__(
        self,
        base_url: str | URL | None = None,
        *,
        connector: BaseConnector | None = None,
        loop: asyncio.AbstractEventLoop | None = None,
        cookies: Any = None,
        headers: Any = None,
        proxy: Any = None,
        proxy_auth: BasicAuth | None = None,
        skip_auto_headers: Iterable[str] | None = None,
        auth: BasicAuth | None = None,
        json_serialize: Callable[[Any], str] = _json.dumps,
        request_class: type[ClientRequest] = ClientRequest,
        response_class: type[ClientResponse] = ClientResponse,
        ws_response_class: Any = None,
        version: Any = HttpVersion11,
        cookie_jar: AbstractCookieJar | None = None,
        connector_owner: bool = True,
        raise_for_status: bool | Callable[[ClientResponse], Awaitable[None]] = False,
        timeout: ClientTimeout | _Sentinel = SENTINEL,
        auto_decompress: bool = True,
        trust_env: bool = False,
        requote_redirect_url: bool = True,
        trace_configs: Any = None,
        read_bufsize: int = STREAM_READER_LIMIT,
        max_line_size: int = 8190,
        max_field_size: int = 8190,
        fallback_charset_resolver: Any = None,
        middlewares: Any = (),
        ssl_shutdown_timeout: Any = SENTINEL,
    ) -> None:
        normalise_proxy(proxy, proxy_auth)  # proxies: a bad proxy= fails here (proxy.py)
        self._base_url = check_base_url(base_url)
        self._loop = loop or asyncio.get_running_loop()
        self._connector_owner = connector_owner
        self._connector = connector if connector is not None else TCPConnector()
        self._cookie_jar = cookie_jar if cookie_jar is not None else CookieJar()
        if cookies:
            self._cookie_jar.update_cookies(cookies)
        self._default_headers: CIMultiDict[str] = CIMultiDict(headers or ())
        self._skip_auto_headers = frozenset(istr(h) for h in skip_auto_headers or ())
        self._default_auth = auth
        self._json_serialize = json_serialize
        self._request_class, self._response_class = request_class, response_class
        self._ws_response_class = ws_response_class
        self._version = version
        self._raise_for_status = raise_for_status
        self._timeout = DEFAULT_TIMEOUT if isinstance(timeout, _Sentinel) else timeout
        self._auto_decompress = auto_decompress
        self._read_settings = ReadSettings(
            read_bufsize, auto_decompress, max_line_size, max_field_size
        )
        self._trust_env = trust_env
        self._requote_redirect_url = requote_redirect_url
        self._trace_configs = freeze_configs(trace_configs)
        self._read_bufsize = read_bufsize
        self._max_line_size, self._max_field_size = max_line_size, max_field_size
        self._default_proxy, self._default_proxy_auth = proxy, proxy_auth
        self._middlewares = tuple(middlewares or ())

    def __repr__(self) -> str:
        return f"<ClientSession closed={self.closed} connector={self._connector!r}>"

    def __del__(self, _warn: Callable[..., None] = warnings.warn) -> None:
        if self._connector is not None and self._connector_owner and not self._connector.closed:
            _warn(f"Unclosed client session {self!r}", ResourceWarning, source=self)

    # --- public API -----------------------------------------------------------------------
    def request(self, method: str, url: str | URL, **kwargs: Any) -> RequestContextManager:
        if (tracker := kwargs.get("upload_tracker")) is None:
            return RequestContextManager(self._request(method, url, **kwargs))
        return RequestContextManager(tracker._run(self._request, method, url, **kwargs))

    def get(
        self, url: str | URL, *, allow_redirects: bool = True, **kw: Any
    ) -> RequestContextManager:
        return self.request(hdrs.METH_GET, url, allow_redirects=allow_redirects, **kw)

    def options(
        self, url: str | URL, *, allow_redirects: bool = True, **kw: Any
    ) -> RequestContextManager:
        return self.request(hdrs.METH_OPTIONS, url, allow_redirects=allow_redirects, **kw)

    def head(
        self, url: str | URL, *, allow_redirects: bool = False, **kw: Any
    ) -> RequestContextManager:
        return self.request(hdrs.METH_HEAD, url, allow_redirects=allow_redirects, **kw)

    def post(self, url: str | URL, *, data: Any = None, **kw: Any) -> RequestContextManager:
        return self.request(hdrs.METH_POST, url, data=data, **kw)

    def put(self, url: str | URL, *, data: Any = None, **kw: Any) -> RequestContextManager:
        return self.request(hdrs.METH_PUT, url, data=data, **kw)

    def patch(self, url: str | URL, *, data: Any = None, **kw: Any) -> RequestContextManager:
        return self.request(hdrs.METH_PATCH, url, data=data, **kw)

    def delete(self, url: str | URL, **kw: Any) -> RequestContextManager:
        return self.request(hdrs.METH_DELETE, url, **kw)

    def ws_connect(self, url: str | URL, **kwargs: Any) -> WSRequestContextManager:
        """A WebSocket to `url`, with aiohttp's keywords (the handshake is in ws_connect.py)."""
        return WSRequestContextManager(ws_connect(self, url, **kwargs))

    @property
    def closed(self) -> bool:
        return self._connector is None or self._connector.closed

    async def close(self) -> None:
        if not self.closed:
            assert self._connector is not None
            if self._connector_owner:
                await self._connector.close()
            self._connector = None

    async def __aenter__(self) -> ClientSession:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    @property
    def connector(self) -> BaseConnector | None:
        return self._connector

    @property
    def cookie_jar(self) -> AbstractCookieJar:
        return self._cookie_jar

    @property
    def timeout(self) -> ClientTimeout:
        return self._timeout

    @property
    def headers(self) -> CIMultiDict[str]:
        return self._default_headers

    @property
    def skip_auto_headers(self) -> frozenset[istr]:
        return self._skip_auto_headers

    @property
    def auth(self) -> BasicAuth | None:
        return self._default_auth

    @property
    def json_serialize(self) -> Callable[[Any], str]:
        return self._json_serialize

    @property
    def connector_owner(self) -> bool:
        return self._connector_owner

    @property
    def raise_for_status(self) -> bool | Callable[[ClientResponse], Awaitable[None]]:
        return self._raise_for_status

    @property
    def auto_decompress(self) -> bool:
        return self._auto_decompress

    @property
    def requote_redirect_url(self) -> bool:
        return self._requote_redirect_url

    @property
    def trust_env(self) -> bool:
        return self._trust_env

    @property
    def version(self) -> Any:
        return self._version

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        return self._loop

    def detach(self) -> None:
        """Forget the connector without closing it."""
        self._connector = None

    # --- one request: prepare -> connect -> send -> redirect -> finish ---------------------
    async def _request(
        self,
        method: str,
        str_or_url: str | URL,
        *,
        params: Any = None,
        data: Any = None,
        json: Any = None,
        cookies: Any = None,
        headers: Any = None,
        skip_auto_headers: Iterable[str] | None = None,
        auth: BasicAuth | None = None,
        allow_redirects: bool = True,
        max_redirects: int = 10,
        raise_for_status: Any = None,
        timeout: ClientTimeout | _Sentinel = SENTINEL,
        **options: Any,
    ) -> ClientResponse:
        if self.closed:
            raise RuntimeError("Session is closed")
        check_options(options)
        hops = self._first_hop(method, str_or_url, params, data, json, headers, auth, cookies)
        traces = options["traces"] = (
            make_traces(self, self._trace_configs, options.get("trace_request_ctx"))
            if self._trace_configs
            else []
        )
        if traces:  # every `fire_hop` is skipped when nobody traces: no coroutine per hook
            await fire_hop(traces, "send_request_start", hops)
        real_timeout = self._timeout if isinstance(timeout, _Sentinel) else timeout
        deadline = Deadline(self._loop, real_timeout.total)
        try:
            with deadline:
                response = await self._follow(
                    hops,
                    real_timeout,
                    deadline,
                    allow_redirects,
                    max_redirects,
                    skip_auto_headers,
                    options,
                )
                check = self._raise_for_status if raise_for_status is None else raise_for_status
                if check or traces:
                    await _finish(response, check, traces, hops)
        except BaseException as exc:
            deadline.cancel()
            if traces:
                await fire_hop(traces, "send_request_exception", hops, exc)
            raise
        if real_timeout.total is not None:
            response.content._timer = deadline  # body reads count against the total too
        return response

    def _first_hop(
        self,
        method: str,
        str_or_url: str | URL,
        params: Any,
        data: Any,
        json: Any,
        headers: Any,
        auth: BasicAuth | None,
        cookies: Any,
    ) -> Chain:
        """The chain's first request: URL, merged headers, body, credentials and cookies=."""
        url = self._build_url(str_or_url)
        merged = self._merge_headers(headers)
        has_body = data is not None or json is not None
        return Chain(
            method.upper(),
            url.extend_query(params) if params else url,
            merged,
            make_body(data, json, self._json_serialize) if has_body else None,
            self._choose_auth(auth, url, merged),
            cookies,
        )

    def _choose_auth(self, auth: BasicAuth | None, url: URL, headers: CIMultiDict[str]) -> Any:
        """aiohttp's rules: one source of credentials; the session's only for its base origin."""
        if auth is not None and url.user:
            raise ValueError("Cannot combine AUTH argument with credentials encoded in URL")
        base = self._base_url
        if auth is None and not url.user and (base is None or base.origin() == url.origin()):
            auth = self._default_auth
        if (auth is not None or url.user) and hdrs.AUTHORIZATION in headers:
            raise ValueError(
                "Cannot combine AUTHORIZATION header with AUTH argument or credentials encoded in URL"
            )
        return auth

    def _build_url(self, str_or_url: str | URL) -> URL:
        try:
            url = join_base_url(self._base_url, str_or_url)
        except (ValueError, TypeError) as exc:
            raise InvalidUrlClientError(str_or_url) from exc
        if not url.absolute:
            raise InvalidUrlClientError(url)
        if url.scheme not in HTTP_SCHEMES:
            raise NonHttpUrlClientError(url)
        if not url.host:
            raise InvalidUrlClientError(url)
        return url

    def _merge_headers(self, headers: Any) -> CIMultiDict[str]:
        merged: CIMultiDict[str] = CIMultiDict(self._default_headers)
        if headers:
            replaced: set[str] = set()
            items = headers.items() if hasattr(headers, "items") else headers
            for name, value in items:
                key = name.lower()
                if key not in replaced:
                    merged.popall(name, None)
                    replaced.add(key)
                merged.add(name, value)
        return merged

    async def _follow(
        self,
        hops: Chain,
        timeout: ClientTimeout,
        deadline: Deadline,
        allow_redirects: bool,
        max_redirects: int,
        skip_auto_headers: Iterable[str] | None,
        options: dict[str, Any],
    ) -> ClientResponse:
        history: list[ClientResponse] = []
        while True:
            req = self._make_request(hops, skip_auto_headers, options)
            if self._may_proxy(options):  # proxies: chosen again on every hop (proxy.py)
                await self._route(req, options)
            past = tuple(history)
            if self._middlewares or options.get("middlewares") is not None:
                handler = hop_handler(self._exchange, timeout, deadline, past, options)
                response = await send_through(self._middlewares, options, handler, req)
            else:
                response = await self._exchange(req, timeout, deadline, past, options)
            self._store_cookies(response)
            if not allow_redirects or response.status not in REDIRECT_STATUSES:
                return response
            location = response.headers.get(hdrs.LOCATION) or response.headers.get(hdrs.URI)
            hop = next_hop(
                response.status,
                location,
                hops.method,
                req.original_url,
                requote=self._requote_redirect_url,
            )
            if hop is None:
                return response
            if options["traces"]:
                await fire_hop(options["traces"], "send_request_redirect", hops, response)
            history.append(response)
            response.release()
            if max_redirects and len(history) >= max_redirects:
                raise TooManyRedirects(history[0].request_info, tuple(history))
            hops.follow(hop)

    def _make_request(
        self, hops: Chain, skip_auto_headers: Iterable[str] | None, options: dict[str, Any]
    ) -> ClientRequest:
        skip = set(self._skip_auto_headers)
        skip.update(istr(name) for name in skip_auto_headers or ())
        return self._request_class(
            hops.method,
            hops.url,
            headers=hops.headers,
            skip_auto_headers=skip,
            data=hops.body,
            cookies=self._cookies_for(hops),
            auth=hops.auth,
            version=self._version,
            compress=options.get("compress"),
            chunked=options.get("chunked"),
            expect100=options.get("expect100", False),
            loop=self._loop,
            response_class=self._response_class,
            ssl=options.get("ssl", True),
            server_hostname=options.get("server_hostname"),
            session=self,
            traces=options["traces"],
        )

    def _may_proxy(self, options: dict[str, Any]) -> bool:
        """False when no proxy can apply: no proxy= anywhere and the environment not trusted."""
        return (
            self._trust_env or options.get("proxy") is not None or self._default_proxy is not None
        )

    async def _route(self, req: ClientRequest, options: dict[str, Any]) -> None:
        """proxy=/proxy_auth= of the request, else the session's, else (trust_env) the env's."""
        proxy, auth = options.get("proxy"), options.get("proxy_auth")
        await route(
            req,
            self._default_proxy if proxy is None else proxy,
            self._default_proxy_auth if auth is None else auth,
            options.get("proxy_headers"),
            self._trust_env,
        )

    def _cookies_for(self, hops: Chain) -> dict[str, Any] | None:
        jar = self._cookie_jar.filter_cookies(hops.url)
        chosen: dict[str, Any] = {name: morsel.value for name, morsel in jar.items()}
        if hops.cookies:
            items = hops.cookies.items() if hasattr(hops.cookies, "items") else hops.cookies
            for name, value in items:
                chosen[name] = value.value if hasattr(value, "value") else value
        return chosen or None

    def _exchange(
        self,
        req: ClientRequest,
        timeout: ClientTimeout,
        deadline: Deadline,
        history: tuple[ClientResponse, ...],
        options: dict[str, Any],
    ) -> Awaitable[ClientResponse]:
        """The innermost handler of a hop (under any client middlewares): exchange.py's
        coroutine itself, so a request is one coroutine frame shorter."""
        assert self._connector is not None
        settings = self._read_settings
        return exchange(self._connector, req, settings, timeout, deadline, history, options)

    def _store_cookies(self, response: ClientResponse) -> None:
        # most responses set no cookie, and then no header is decoded here
        if response._sets_cookies:
            values = response.headers.getall(hdrs.SET_COOKIE, ())
            self._cookie_jar.update_cookies_from_headers(values, response.url)


async def _finish(response: ClientResponse, check: Any, traces: Any, hops: Chain) -> None:
    """raise_for_status (True, or the session's / request's coroutine), then send_request_end."""
    if check is True:
        response.raise_for_status()
    elif callable(check):
        await check(response)
    if traces:
        await fire_hop(traces, "send_request_end", hops, response)


ClientSession.__module__ = "wirehttp"

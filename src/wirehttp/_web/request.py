"""`web.BaseRequest` and `web.Request`: what a handler reads about one request.

Owns: lazy views over the parsed head (headers, URL, query, host, scheme, remote are built the
first time a handler asks), reading the body within `client_max_size` counted as it streams,
urlencoded and multipart forms (multipart_form.py), `multipart()`, `clone()`, per-request state, and for `Request` the routing result, the
owning application and `on_response_prepare`.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator, MutableMapping
from typing import Any, NoReturn
from urllib.parse import parse_qsl

from multidict import CIMultiDict, CIMultiDictProxy, MultiDict, MultiDictProxy
from yarl import URL

from .._base.appkey import RequestKey
from .._base.chain_map import ChainMapProxy
from .._base.http_version import HttpVersion, HttpVersion11
from .._base.limits import DEFAULT_CLIENT_MAX_SIZE
from .._body.multipart_reader import MultipartReader
from .._sansio.h1.text_headers import text_headers
from .headers_mixin import HeadersMixin
from .multipart_form import CountedBody, read_multipart_form
from .request_headers import RequestHeadersMixin

__all__ = ("BaseRequest", "Request")

_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data", "")
_POST_METHODS = frozenset(("PATCH", "POST", "PUT", "TRACE", "DELETE"))
_EMPTY_MULTIDICT: MultiDictProxy[str] = MultiDictProxy(MultiDict())


# Plain (non-RequestKey) keys already warned about; aiohttp 3.14 warns once per key per process.
_SEEN_STR_KEYS: set[Any] = set()


def _warn_plain_key(key: Any) -> None:
    from .exceptions import NotAppKeyWarning

    _SEEN_STR_KEYS.add(key)
    warnings.warn(
        "It is recommended to use web.RequestKey instances for keys.\n"
        "https://docs.aiohttp.org/en/stable/web_advanced.html#request-s-storage",
        category=NotAppKeyWarning,
        stacklevel=3,
    )


def _target_to_rel_url(target: str) -> URL:
    """The request-target as a relative URL whose path is exactly the path sent.

    An origin-form target (RFC 9112 3.2.1) is split by hand: parsed as a URL reference,
    `//evil.example/x` would read `evil.example` as an authority and route as `/x`, and
    `///a` would lose slashes. Only an absolute-form target (3.2.2) is parsed as a URL.
    """
    if not target.startswith("/"):
        url = URL(target, encoded=True)
        return url.relative() if url.absolute else url
    rest, _, fragment = target.partition("#")
    path, _, query = rest.partition("?")
    return URL.build(path=path, query_string=query, fragment=fragment, encoded=True)


# Request targets repeat ("/", "/api/items"...); URLs are immutable, so parsed ones are shared.
_URL_CACHE: dict[str, URL] = {}
_URL_CACHE_MAX = 1024  # entries; the cache is emptied when full (no per-hit bookkeeping)
_URL_CACHE_TARGET_MAX = 256  # longer targets are parsed every time, never kept


def _cached_rel_url(target: str) -> URL:
    url = _target_to_rel_url(target)
    if len(target) <= _URL_CACHE_TARGET_MAX:
        if len(_URL_CACHE) >= _URL_CACHE_MAX:
            _URL_CACHE.clear()
        _URL_CACHE[target] = url
    return url


class BaseRequest(MutableMapping[Any, Any], HeadersMixin, RequestHeadersMixin):
    """A request as the low-level server sees it: no application, no routing."""

    _response_hooks: tuple[Any, ...] = ()  # on_response_prepare signals to run (set by routing)
    # Computed on first use; class-level None keeps the per-request constructor short.
    _headers_proxy: CIMultiDictProxy[str] | None = None
    _rel_url: URL | None = None
    _read_bytes: bytes | None = None
    _post: MultiDictProxy[Any] | None = None

    def __init__(
        self,
        message: Any,
        payload: Any,
        protocol: Any,
        payload_writer: Any,
        task: Any,
        loop: Any = None,
        *,
        client_max_size: int = DEFAULT_CLIENT_MAX_SIZE,
        state: dict[Any, Any] | None = None,
        scheme: str | None = None,
        host: str | None = None,
        remote: str | None = None,
    ) -> None:
        self._message = message
        self._payload = payload
        self._protocol = protocol
        self._payload_writer = payload_writer
        self._task = task
        self._loop = loop
        self._client_max_size = client_max_size
        self._state = {} if state is None else state
        self._cache: dict[str, Any] = {}
        if scheme is not None:
            self._cache["scheme"] = scheme
        if host is not None:
            self._cache["host"] = host
        if remote is not None:
            self._cache["remote"] = remote

    # -- the request line -------------------------------------------------------------------

    @property
    def message(self) -> Any:
        return self._message

    @property
    def method(self) -> str:
        return self._message.method  # type: ignore[no-any-return]

    @property
    def version(self) -> HttpVersion:
        version = self._message.version
        return HttpVersion11 if version == (1, 1) else HttpVersion(*version)

    @property
    def rel_url(self) -> URL:
        url = self._rel_url
        if url is None:
            target = self._message.target
            url = _URL_CACHE.get(target)
            if url is None:
                url = _cached_rel_url(target)
            self._rel_url = url
        return url

    @property
    def raw_path(self) -> str:
        return self._message.target  # type: ignore[no-any-return]

    @property
    def path(self) -> str:
        return self.rel_url.path

    @property
    def path_qs(self) -> str:
        return str(self.rel_url)

    @property
    def query(self) -> MultiDictProxy[str]:
        return self.rel_url.query

    @property
    def query_string(self) -> str:
        return self.rel_url.query_string

    @property
    def url(self) -> URL:
        return URL.build(scheme=self.scheme, authority=self.host).join(self.rel_url)

    # -- headers and connection ---------------------------------------------------------------

    @property
    def _headers(self) -> CIMultiDictProxy[str]:
        proxy = self._headers_proxy
        if proxy is None:
            proxy = self._headers_proxy = text_headers(self._message.raw_headers)
        return proxy

    @property
    def headers(self) -> CIMultiDictProxy[str]:
        return self._headers

    @property
    def raw_headers(self) -> tuple[tuple[bytes, bytes], ...]:
        return tuple(self._message.raw_headers)

    @property
    def keep_alive(self) -> bool:
        return bool(self._message.keep_alive) and not getattr(
            self._protocol, "close_after_response", False
        )

    @property
    def transport(self) -> Any:
        return self._protocol.transport if self._protocol is not None else None

    @property
    def protocol(self) -> Any:
        return self._protocol

    @property
    def writer(self) -> Any:
        return self._payload_writer

    @property
    def task(self) -> Any:
        return self._task

    @property
    def loop(self) -> Any:
        return self._loop

    @property
    def client_max_size(self) -> int:
        return self._client_max_size

    @property
    def scheme(self) -> str:
        if "scheme" not in self._cache:
            transport = self.transport
            secure = transport is not None and transport.get_extra_info("sslcontext") is not None
            self._cache["scheme"] = "https" if secure else "http"
        return self._cache["scheme"]  # type: ignore[no-any-return]

    @property
    def secure(self) -> bool:
        return self.scheme == "https"

    @property
    def host(self) -> str:
        if "host" not in self._cache:
            host = self.headers.get("Host")
            if not host:  # as aiohttp 3.14: the local address the request arrived on
                transport = self.transport
                sockname = transport.get_extra_info("sockname") if transport is not None else None
                host = _host_from_sockname(sockname)
            self._cache["host"] = host
        return self._cache["host"]  # type: ignore[no-any-return]

    @property
    def remote(self) -> str | None:
        if "remote" not in self._cache:
            transport = self.transport
            peer = transport.get_extra_info("peername") if transport is not None else None
            self._cache["remote"] = (
                peer[0] if isinstance(peer, (list, tuple)) else (str(peer) if peer else None)
            )
        return self._cache["remote"]  # type: ignore[no-any-return]

    # -- body ---------------------------------------------------------------------------------

    @property
    def content(self) -> Any:
        return self._payload

    @property
    def body_exists(self) -> bool:
        return bool(self._message.has_body)

    @property
    def can_read_body(self) -> bool:
        return not self._payload.at_eof()

    @property
    def has_body(self) -> bool:
        return self.can_read_body

    async def release(self) -> None:
        while not self._payload.at_eof():
            await self._payload.readany()

    async def read(self) -> bytes:
        """The whole body; more than `client_max_size` bytes raises 413 as soon as it is seen."""
        if self._read_bytes is None:
            limit = self._client_max_size
            declared = self._message.content_length
            if limit and declared is not None and declared > limit:
                self._raise_too_large(declared)
            source = CountedBody(self._payload, limit, self._raise_too_large)
            body = bytearray()
            while chunk := await source.readany():
                body += chunk
            self._read_bytes = bytes(body)
        return self._read_bytes

    def _raise_too_large(self, actual: int) -> NoReturn:
        from .exceptions import HTTPRequestEntityTooLarge

        raise HTTPRequestEntityTooLarge(max_size=self._client_max_size, actual_size=actual)

    async def text(self) -> str:
        body = await self.read()
        return body.decode(self.charset or "utf-8")

    async def json(self, *, loads: Any = json.loads) -> Any:
        return loads(await self.text())

    async def post(self) -> MultiDictProxy[Any]:
        """Form fields of an urlencoded body (empty for other methods and media types)."""
        if self._post is not None:
            return self._post
        if self.method not in _POST_METHODS or self.content_type not in _FORM_TYPES:
            self._post = _EMPTY_MULTIDICT
            return self._post
        if self.content_type == "multipart/form-data":
            self._post = MultiDictProxy(await self._multipart_form())
            return self._post
        text = (await self.read()).decode(self.charset or "utf-8")
        pairs = parse_qsl(text, keep_blank_values=True, encoding=self.charset or "utf-8")
        self._post = MultiDictProxy(MultiDict(pairs))
        return self._post

    async def multipart(self) -> MultipartReader:
        """A reader over the body's parts, streamed (not limited by client_max_size)."""
        return MultipartReader(self.headers, self._payload)

    async def _multipart_form(self) -> MultiDict[Any]:
        from .exceptions import HTTPBadRequest

        body = CountedBody(self._payload, self._client_max_size, self._raise_too_large)
        try:
            reader = MultipartReader(self.headers, body)
        except ValueError as exc:  # no boundary, or a bad one
            raise HTTPBadRequest(text=f"Malformed multipart body: {exc}") from None
        return await read_multipart_form(reader, HTTPBadRequest)

    # -- copies, hooks, state -----------------------------------------------------------------

    def clone(
        self,
        *,
        method: str | None = None,
        rel_url: Any = None,
        headers: Any = None,
        scheme: str | None = None,
        host: str | None = None,
        remote: str | None = None,
        client_max_size: int | None = None,
    ) -> BaseRequest:
        """A new request sharing this one's body, with some parts replaced."""
        message = _ClonedHead(self._message, method, rel_url, headers)
        new = self.__class__.__new__(self.__class__)
        BaseRequest.__init__(
            new,
            message,
            self._payload,
            self._protocol,
            self._payload_writer,
            self._task,
            self._loop,
            client_max_size=client_max_size or self._client_max_size,
            state=self._state.copy(),
            scheme=scheme or self._cache.get("scheme"),
            host=host or self._cache.get("host"),
            remote=remote or self._cache.get("remote"),
        )
        self._clone_extra(new)
        return new

    def _clone_extra(self, new: BaseRequest) -> None:
        pass

    async def _prepare_hook(self, response: Any) -> None:
        return None

    def __repr__(self) -> str:
        return f"<{self.__class__.__name__} {self.method} {self.path} >"

    def __getitem__(self, key: Any) -> Any:
        return self._state[key]

    def __setitem__(self, key: Any, value: Any) -> None:
        if not isinstance(key, RequestKey) and key not in _SEEN_STR_KEYS:
            _warn_plain_key(key)
        self._state[key] = value

    def __delitem__(self, key: Any) -> None:
        del self._state[key]

    def __len__(self) -> int:
        return len(self._state)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._state)

    def __eq__(self, other: object) -> bool:
        return self is other

    def __hash__(self) -> int:
        return id(self)

    def __bool__(self) -> bool:
        return True


class _ClonedHead:
    """A request head with some fields replaced (what `clone()` hands the new request)."""

    def __init__(self, base: Any, method: str | None, rel_url: Any, headers: Any) -> None:
        self.method = method or base.method
        self.target = str(URL(rel_url)) if rel_url is not None else base.target
        self.version = base.version
        if headers is not None:
            self.raw_headers = tuple(
                (str(k).encode("utf-8"), str(v).encode("utf-8"))
                for k, v in CIMultiDict(headers).items()
            )
        else:
            self.raw_headers = base.raw_headers
        self.keep_alive = base.keep_alive
        self.upgrade = base.upgrade
        self.chunked = base.chunked
        self.content_length = base.content_length
        self.expect_continue = base.expect_continue
        self.has_body = base.has_body


class Request(BaseRequest):
    """A request routed inside an Application: `match_info`, `app`, `config_dict`."""

    _match_info: Any = None  # set by Application._handle once the router has resolved it

    @property
    def match_info(self) -> Any:
        return self._match_info

    @property
    def app(self) -> Any:
        match_info = self._match_info
        return match_info.current_app if match_info is not None else None

    @property
    def config_dict(self) -> ChainMapProxy:
        match_info = self._match_info
        if match_info is None:
            return ChainMapProxy([])
        apps = match_info.apps
        current = match_info.current_app
        stack = apps[: apps.index(current) + 1] if current in apps else apps
        return ChainMapProxy(list(reversed(stack)))

    def _clone_extra(self, new: BaseRequest) -> None:
        assert isinstance(new, Request)
        new._match_info = self._match_info
        new._response_hooks = self._response_hooks

    async def _prepare_hook(self, response: Any) -> None:
        for signal in self._response_hooks:
            await signal.send(self, response)


def _host_from_sockname(sockname: Any) -> str:
    """`request.host` without a Host header: the bare local address ([v6] in brackets), a Unix
    socket's path, or "" when the transport does not say."""
    if isinstance(sockname, (tuple, list)):
        return f"[{sockname[0]}]" if len(sockname) == 4 else str(sockname[0])
    return str(sockname) if sockname else ""


for _cls in (BaseRequest, Request):
    _cls.__module__ = "wirehttp.web"  # documented as web.BaseRequest, web.Request

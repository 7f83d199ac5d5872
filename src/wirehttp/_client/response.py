"""ClientResponse: the status, head and body of one answer, and its connection's fate.

Owns: `ClientResponse` (aiohttp 3.14's attributes and methods) and the Link-header parser behind
`links`. The body flows into `content` (a StreamReader the connection's protocol feeds); once
it reaches EOF the connection goes back to its pool (`Connection.release()` decides whether it
is reusable); `release()` before EOF and `close()` give it up. Reading the body of a response
that was released first raises ClientConnectionError saying so. Also what a request call
returns before its response exists: `RequestContextManager` (awaitable or `async with`) and
`SessionRequestContextManager` (the same, closing its own one-shot session at the end).
Must not import `_server` or `_web`.
"""

from __future__ import annotations

import codecs
import json as _json
import re
from collections.abc import Callable, Coroutine, Generator
from http.cookies import CookieError, SimpleCookie
from types import TracebackType
from typing import Any, Final

from multidict import CIMultiDictProxy, MultiDict, MultiDictProxy
from yarl import URL

from .. import hdrs
from .._base.content_type import parse_content_type
from .._base.http_version import HttpVersion, HttpVersion10, HttpVersion11
from .._io.empty_stream import EMPTY_PAYLOAD
from .._io.streams import StreamReader
from .._sansio.h1.text_headers import text_headers
from .awaitable_context import AwaitableContext
from .exceptions import ClientConnectionError, ClientResponseError, ContentTypeError
from .request_info import RequestInfo

__all__ = ("ClientResponse", "RequestContextManager", "SessionRequestContextManager")

_VERSIONS: Final = {(1, 1): HttpVersion11, (1, 0): HttpVersion10}

_JSON_TYPE: Final = re.compile(r"^application/(?:[\w.+-]+?\+)?json$")
_RELEASED: Final = "Connection closed: the response was released before its body was read"
_LINK: Final = re.compile(r"<([^>]*)>\s*((?:;\s*[^;,]+)*)")
_LINK_PARAM: Final = re.compile(r";\s*([^=;\s]+)\s*=\s*(?:\"([^\"]*)\"|([^;,\s]*))")


class ClientResponse:
    """One HTTP response, as aiohttp's ClientResponse."""

    version: HttpVersion | None = None
    status: int = None  # type: ignore[assignment]
    reason: str | None = None
    content: StreamReader = EMPTY_PAYLOAD
    _headers: CIMultiDictProxy[str] = None  # type: ignore[assignment]
    _raw_headers: tuple[tuple[bytes, bytes], ...] = ()
    _started = False
    _sets_cookies = False  # a Set-Cookie field came (the parser notes it; the session reads it)

    def __init__(
        self,
        method: str,
        url: URL,
        *,
        request_info: RequestInfo,
        history: tuple[ClientResponse, ...] = (),
        session: Any = None,
        loop: Any = None,
        traces: Any = (),
        **_ignored: Any,
    ) -> None:
        self.method = method
        self._traces = traces or ()
        self._real_url = url
        self._url = url.with_fragment(None) if url.raw_fragment else url
        self._request_info = request_info
        self._history = history
        self._session = session
        self._loop = loop
        self._connection: Any = None
        self._writer: Any = None  # a streamed request body still being sent
        self._body: bytes | None = None
        self._released = False
        self._closed = True  # until a connection is attached
        self._in_context = False
        self._cookies: SimpleCookie | None = None

    # --- filled by the request once the head arrived -------------------------------------
    def _start(self, connection: Any, head: Any, content: StreamReader, writer: Any = None) -> None:
        self._connection = connection
        self._writer = writer
        self._closed = False
        version = head.version
        self.version = _VERSIONS.get(version) or HttpVersion(*version)
        self.status = head.status
        self.reason = head.reason
        self._raw_headers = tuple(head.raw_headers)
        self._headers = None  # type: ignore[assignment]  # decoded when first asked for
        self._started = True
        self._sets_cookies = getattr(head, "sets_cookies", True)  # unknown: look in the headers
        self.content = content
        if content.is_eof():
            self._on_eof()
        else:
            content.on_eof(self._on_eof)

    def _on_eof(self) -> None:
        if self.content.exception() is None:
            self._release_connection()

    def _release_connection(self) -> None:
        conn, self._connection = self._connection, None
        if conn is None:
            return
        writer = self._writer
        if writer is not None and not writer.done():
            writer.cancel()  # answered before the body was all sent: the stream is mid-message
            conn.close()
        else:
            conn.release()

    # --- head -----------------------------------------------------------------------------
    @property
    def url(self) -> URL:
        return self._url

    @property
    def real_url(self) -> URL:
        return self._real_url

    @property
    def host(self) -> str:
        assert self._url.host is not None
        return self._url.host

    @property
    def headers(self) -> CIMultiDictProxy[str]:
        headers = self._headers
        if headers is None and self._started:
            headers = self._headers = text_headers(self._raw_headers)
        return headers

    @property
    def raw_headers(self) -> tuple[tuple[bytes, bytes], ...]:
        return self._raw_headers

    @property
    def request_info(self) -> RequestInfo:
        return self._request_info

    @property
    def history(self) -> tuple[ClientResponse, ...]:
        return self._history

    @property
    def connection(self) -> Any:
        return self._connection

    @property
    def ok(self) -> bool:
        return self.status < 400

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def cookies(self) -> SimpleCookie:
        if self._cookies is None:
            self._cookies = SimpleCookie()
            for value in self.headers.getall(hdrs.SET_COOKIE, ()) if self._started else ():
                try:
                    self._cookies.load(value)
                except CookieError:  # an unparsable Set-Cookie is skipped
                    continue
        return self._cookies

    @cookies.setter
    def cookies(self, value: SimpleCookie) -> None:
        self._cookies = value

    @property
    def content_type(self) -> str:
        return parse_content_type(self.headers.get(hdrs.CONTENT_TYPE, ""))[0] or (
            "application/octet-stream"
        )

    @property
    def charset(self) -> str | None:
        return parse_content_type(self.headers.get(hdrs.CONTENT_TYPE, ""))[1].get("charset")

    @property
    def content_length(self) -> int | None:
        value = self.headers.get(hdrs.CONTENT_LENGTH)
        return int(value) if value is not None and value.isdigit() else None

    @property
    def links(self) -> MultiDictProxy[MultiDictProxy[str | URL]]:
        return _parse_links(self.headers.getall(hdrs.LINK, ()), self._url)

    def __repr__(self) -> str:
        return (
            f"<ClientResponse({self._real_url}) [{self.status} {self.reason}]>\n{self.headers!r}\n"
        )

    # --- body -----------------------------------------------------------------------------
    async def read(self) -> bytes:
        """The whole body (kept, so later calls return it again)."""
        if self._body is None:
            if self._released and not self.content.is_eof():
                raise ClientConnectionError(_RELEASED)
            try:
                self._body = await self.content.read()
            except BaseException:
                self.close()
                raise
            for trace in self._traces:  # tracing hook (tracing.py)
                await trace.send_response_chunk_received(self.method, self.url, self._body)
            self._release_connection()
        return self._body

    def get_encoding(self) -> str:
        charset = self.charset
        if charset:
            try:
                return codecs.lookup(charset).name
            except LookupError:
                pass
        if self._body is None:
            raise RuntimeError("Cannot compute fallback encoding of a not yet read body")
        return "utf-8"

    async def text(self, encoding: str | None = None, errors: str = "strict") -> str:
        body = await self.read()
        return body.decode(encoding or self.get_encoding(), errors)

    async def json(
        self,
        *,
        encoding: str | None = None,
        loads: Callable[[str], Any] = _json.loads,
        content_type: str | None = "application/json",
    ) -> Any:
        body = await self.read()
        if content_type and not _expected_type(self.content_type, content_type):
            raise ContentTypeError(
                self._request_info,
                self._history,
                status=self.status,
                message=f"Attempt to decode JSON with unexpected mimetype: {self.content_type}",
                headers=self.headers,
            )
        text = body.strip()
        if not text:
            return None
        return loads(text.decode(encoding or self.get_encoding()))

    # --- lifecycle ------------------------------------------------------------------------
    def release(self) -> Any:
        """Give the connection back (or close it when its body was not read to the end)."""
        if not self._released:
            self._released = True
            self._closed = True
            if not self.content.is_eof():
                self.content.set_exception(ClientConnectionError(_RELEASED))
            self._release_connection()
        return _Noop()

    def close(self) -> None:
        """Close the connection: it is never reused."""
        self._released = True
        self._closed = True
        conn, self._connection = self._connection, None
        if self._writer is not None and not self._writer.done():
            self._writer.cancel()
        if conn is not None:
            conn.close()

    def raise_for_status(self) -> None:
        if self.status >= 400:
            if not self._in_context:
                self.release()
            raise ClientResponseError(
                self._request_info,
                self._history,
                status=self.status,
                message=self.reason or "",
                headers=self.headers,
            )

    async def wait_for_close(self) -> None:
        self.release()

    async def __aenter__(self) -> ClientResponse:
        self._in_context = True
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._in_context = False
        self.release()


class _Noop:
    """What aiohttp's release() returns: awaitable, to nothing."""

    def __await__(self) -> Any:
        return iter(())


def _expected_type(actual: str, expected: str) -> bool:
    if expected == "application/json":
        return _JSON_TYPE.match(actual) is not None
    return expected in actual


def _parse_links(values: Any, base: URL) -> MultiDictProxy[MultiDictProxy[str | URL]]:
    """RFC 8288 Link values -> {rel (or url): {param: value, "url": URL}}, as aiohttp."""
    links: MultiDict[MultiDictProxy[str | URL]] = MultiDict()
    for value in values:
        for match in _LINK.finditer(value):
            target, raw_params = match.groups()
            link: MultiDict[str | URL] = MultiDict()
            for name, quoted, bare in _LINK_PARAM.findall(raw_params):
                link.add(name.lower(), quoted if quoted else bare)
            key = link.get("rel", target)
            link.add("url", base.join(URL(target)))
            links.add(str(key), MultiDictProxy(link))
    return MultiDictProxy(links)


class RequestContextManager(AwaitableContext[ClientResponse]):
    """What `session.get(...)` returns: await it for the response, or use `async with`."""

    __slots__ = ()


class SessionRequestContextManager:
    """`wirehttp.request(...)`: a session of its own, closed with the response."""

    __slots__ = ("_coro", "_resp", "_session")

    def __init__(self, coro: Coroutine[Any, Any, ClientResponse], session: Any) -> None:
        self._coro = coro
        self._session = session
        self._resp: ClientResponse | None = None

    def __await__(self) -> Generator[Any, None, ClientResponse]:
        return self._run().__await__()

    async def _run(self) -> ClientResponse:
        try:
            return await self._coro
        except BaseException:
            await self._session.close()
            raise

    async def __aenter__(self) -> ClientResponse:
        self._resp = await self._run()
        return self._resp

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._resp is not None
        self._resp.close()
        await self._session.close()


ClientResponse.__module__ = "wirehttp"

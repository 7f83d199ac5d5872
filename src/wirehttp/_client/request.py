"""ClientRequest: one request's URL, head and body, and sending them on a connection.

Owns: `ClientRequest` (the headers aiohttp 3.14 adds and in its order: Host, Accept,
Accept-Encoding, User-Agent, Cookie, Authorization, then the body's framing and type), the
connection key, `request_info`, and `send(conn)`: the head serialised in one join
(`encode_request_head`), a small in-memory body sent in the same `transport.write`, other bodies
streamed (chunked when their size is unknown, optionally compressed). Every header name, value
and the method are checked when the request is built, so a CR or LF raises ValueError before
any byte is sent. Must not import `_server` or `_web`.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterable, Mapping
from typing import Any, Final

from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from .. import hdrs
from .._base.auth import BasicAuth
from .._base.limits import DEFAULT_DECODED_BODY_LIMIT, STREAM_READER_LIMIT
from .._base.version import __version__
from .._io.codecs import SUPPORTED_ENCODINGS
from .._sansio.h1.serialize import encode_request_head, validate_header
from .._sansio.h1.validate import is_token
from .body import RequestBody, make_body, write_body
from .connector.key import ConnectionKey
from .exceptions import ClientConnectionResetError, ClientOSError
from .expect_continue import head_then_continue
from .proxy import normalise_proxy
from .request_info import RequestInfo
from .response import ClientResponse
from .tracing import TracedBody
from .upload_tracker import UploadAttempt

__all__ = ("ClientRequest",)

USER_AGENT: Final = f"Python/{sys.version_info[0]}.{sys.version_info[1]} wirehttp/{__version__}"
ACCEPT_ENCODING: Final = ", ".join(
    name for name in ("gzip", "deflate", "br", "zstd") if name in SUPPORTED_ENCODINGS
)
DEFAULT_PORTS: Final = {"http": 80, "https": 443, "ws": 80, "wss": 443}
# RFC 9110 9.3: methods with no defined request-body semantics get no Content-Length: 0.
BODYLESS_METHODS: Final = frozenset(("GET", "HEAD", "OPTIONS", "TRACE", "CONNECT"))


class ClientRequest:
    """A request about to be sent: aiohttp's ClientRequest constructor and attributes."""

    DEFAULT_HEADERS: Final = {hdrs.ACCEPT: "*/*", hdrs.ACCEPT_ENCODING: ACCEPT_ENCODING}
    # Set per attempt by exchange() when the request has an upload_tracker= (upload_tracker.py).
    _upload_attempt: UploadAttempt | None = None

    def __init__(
        self,
        method: str,
        url: URL,
        *,
        params: Any = None,
        headers: Any = None,
        skip_auto_headers: Iterable[str] | None = None,
        data: Any = None,
        cookies: Any = None,
        auth: BasicAuth | None = None,
        version: tuple[int, int] = (1, 1),
        compress: bool | str | None = None,
        chunked: bool | None = None,
        expect100: bool = False,
        loop: Any = None,
        response_class: type[ClientResponse] | None = None,
        proxy: URL | None = None,
        proxy_auth: BasicAuth | None = None,
        timer: Any = None,
        session: Any = None,
        ssl: Any = True,
        proxy_headers: Any = None,
        traces: Any = None,
        trust_env: bool = False,
        server_hostname: str | None = None,
        json_serialize: Any = None,
    ) -> None:
        if not is_token(method):
            raise ValueError(f"invalid method {method!r}")
        if url.host is None:
            raise ValueError(f"URL has no host: {url}")
        self.method = method.upper()
        self.original_url = url.extend_query(params) if params else url
        self.url = self.original_url.with_fragment(None) if url.raw_fragment else self.original_url
        self.version = version
        self.loop = loop
        self.response_class = response_class or ClientResponse
        self.proxy, self.proxy_auth, self.proxy_headers = proxy, proxy_auth, proxy_headers
        self.ssl, self.server_hostname = ssl, server_hostname
        self._session = session
        self._timer = timer
        self._traces = traces or []
        self.compress = "deflate" if compress is True else compress or None
        self.chunked = bool(chunked)
        self.expect100 = expect100
        self.response: ClientResponse | None = None
        self._build_headers(headers, skip_auto_headers, cookies, auth)
        if proxy is not None or proxy_auth is not None:
            self._set_proxy(proxy, proxy_auth)  # proxies: see proxy.py
        self.body = (
            data if isinstance(data, RequestBody) or data is None else make_body(data, None, str)
        )
        self._set_body_headers()

    # --- head -----------------------------------------------------------------------------
    def _build_headers(
        self,
        headers: Any,
        skip_auto_headers: Iterable[str] | None,
        cookies: Any,
        auth: BasicAuth | None,
    ) -> None:
        """Host first (as aiohttp sends it), the given headers, the automatic ones, Cookie and
        Authorization."""
        self.skip_auto_headers: CIMultiDict[str] = (
            CIMultiDict([(name, "") for name in skip_auto_headers])
            if skip_auto_headers
            else CIMultiDict()
        )
        self.headers: CIMultiDict[str] = CIMultiDict()
        if hdrs.HOST not in self.skip_auto_headers:
            self.headers[hdrs.HOST] = self.host_header
        self._set_headers(headers)
        self._set_auto_headers()
        self._set_cookies(cookies)
        self._set_auth(auth)

    def _set_headers(self, headers: Any) -> None:
        if not headers:
            return
        items = headers.items() if isinstance(headers, Mapping) else headers
        for name, value in items:
            name, value = str(name), str(value)
            validate_header(name, value)
            if name.lower() == "host":
                self.headers[name] = value  # replaces the automatic one, in its place
            else:
                self.headers.add(name, value)

    def _set_auto_headers(self) -> None:
        skip = self.skip_auto_headers
        for name, value in self.DEFAULT_HEADERS.items():
            if name not in skip and name not in self.headers:
                self.headers[name] = value
        if hdrs.USER_AGENT not in skip and hdrs.USER_AGENT not in self.headers:
            self.headers[hdrs.USER_AGENT] = USER_AGENT

    @property
    def host_header(self) -> str:
        url = self.url
        netloc = url.host_port_subcomponent
        assert netloc is not None
        return netloc

    def _set_cookies(self, cookies: Any) -> None:
        if not cookies:
            return
        items = cookies.items() if isinstance(cookies, Mapping) else cookies
        pairs = []
        for name, value in items:
            text = value.value if hasattr(value, "value") else str(value)
            pairs.append(f"{name}={text}")
        existing = self.headers.get(hdrs.COOKIE)
        line = "; ".join(([existing] if existing else []) + pairs)
        validate_header(hdrs.COOKIE, line)
        self.headers[hdrs.COOKIE] = line

    def _set_auth(self, auth: BasicAuth | None) -> None:
        if auth is None and self.url.user:
            auth = BasicAuth.from_url(self.url)
        if auth is None:
            return
        if not isinstance(auth, BasicAuth):
            raise TypeError("BasicAuth() tuple is required instead")
        self.headers[hdrs.AUTHORIZATION] = auth.encode()

    def _set_proxy(self, proxy: Any, proxy_auth: BasicAuth | None) -> None:
        """Through a proxy (proxy.py): plain HTTP carries Proxy-Authorization in its own head;
        through a CONNECT tunnel, a Proxy-Authorization header goes to the proxy only."""
        self.proxy, self.proxy_auth = normalise_proxy(proxy, proxy_auth)
        if self.proxy is None:
            return
        if self.is_ssl:
            given = self.headers.popall(hdrs.PROXY_AUTHORIZATION, None)
            if given and self.proxy_auth is None:
                moved: CIMultiDict[str] = CIMultiDict(self.proxy_headers or ())
                moved[hdrs.PROXY_AUTHORIZATION] = given[-1]
                self.proxy_headers = moved
        elif self.proxy_auth is not None:
            self.headers[hdrs.PROXY_AUTHORIZATION] = self.proxy_auth.encode()

    def update_proxy(self, proxy: Any, proxy_auth: BasicAuth | None, proxy_headers: Any) -> None:
        """Route this request through `proxy` (None: direct), as the session decides per hop."""
        if self.proxy is not None and not self.is_ssl:
            self.headers.popall(hdrs.PROXY_AUTHORIZATION, None)
        self.proxy_headers = proxy_headers
        self._set_proxy(proxy, proxy_auth)

    def _set_body_headers(self) -> None:
        headers, body = self.headers, self.body
        expect = self.expect100
        if not expect and headers.get(hdrs.EXPECT, "").lower() == "100-continue":
            self.expect100 = True  # given by hand, the body waits all the same (as aiohttp)
        if self.compress:
            if hdrs.CONTENT_ENCODING in headers:
                raise ValueError("compress can not be set if Content-Encoding header is set")
            if self.compress not in SUPPORTED_ENCODINGS:
                raise ValueError(f"unsupported compression {self.compress!r}")
            headers[hdrs.CONTENT_ENCODING] = self.compress
            self.chunked = True
        if self.chunked:
            if hdrs.CONTENT_LENGTH in headers:
                raise ValueError("chunked can not be set if Content-Length header is set")
            if hdrs.TRANSFER_ENCODING in headers:
                raise ValueError("chunked can not be set if Transfer-Encoding header is set")
        elif hdrs.TRANSFER_ENCODING in headers:
            self.chunked = "chunked" in headers[hdrs.TRANSFER_ENCODING].lower()
        if body is None:
            if self.method not in BODYLESS_METHODS and not self.chunked:
                headers.setdefault(hdrs.CONTENT_LENGTH, "0")
            if expect:
                headers[hdrs.EXPECT] = "100-continue"
            if self.method == "POST" and hdrs.CONTENT_TYPE not in self.skip_auto_headers:
                headers.setdefault(hdrs.CONTENT_TYPE, "application/octet-stream")
            return
        if not self.chunked and hdrs.CONTENT_LENGTH not in headers:
            if body.size is None:
                self.chunked = True
            else:
                headers[hdrs.CONTENT_LENGTH] = str(body.size)
        for name, value in body.headers:  # the payload's own headers, Content-Type first
            if name not in headers and name not in self.skip_auto_headers:
                headers[name] = value
        if self.chunked and hdrs.TRANSFER_ENCODING not in headers:
            headers[hdrs.TRANSFER_ENCODING] = "chunked"
        if expect:
            headers[hdrs.EXPECT] = "100-continue"

    # --- what the connector and the session read -------------------------------------------
    @property
    def is_ssl(self) -> bool:
        return self.url.scheme in ("https", "wss")

    @property
    def port(self) -> int | None:
        return self.url.port

    @property
    def host(self) -> str:
        assert self.url.raw_host is not None
        return self.url.raw_host

    @property
    def connection_key(self) -> ConnectionKey:
        proxy_hash = hash(tuple(self.proxy_headers.items())) if self.proxy_headers else None
        return ConnectionKey(
            self.host, self.port, self.is_ssl, self.ssl, self.proxy, self.proxy_auth, proxy_hash
        )

    @property
    def request_info(self) -> RequestInfo:
        headers: CIMultiDictProxy[str] = CIMultiDictProxy(self.headers)
        return RequestInfo(self.url, self.method, headers, self.original_url)

    def encode_head(self) -> bytes:
        """The request line and header lines, one join (absolute-form target through a proxy)."""
        target = (
            str(self.url) if self.proxy is not None and not self.is_ssl else self.url.raw_path_qs
        )
        return encode_request_head(self.method, target, self.version, self.headers.items())

    def __repr__(self) -> str:
        return f"<ClientRequest {self.method} {self.url}>"

    async def send(
        self,
        conn: Any,
        *,
        read_timeout: float | None = None,
        read_bufsize: int = STREAM_READER_LIMIT,
        auto_decompress: bool = True,
        max_decoded: int | None = DEFAULT_DECODED_BODY_LIMIT,
        history: tuple[ClientResponse, ...] = (),
    ) -> ClientResponse:
        """Write the request on `conn` and return the response once its head arrived.

        With expect100 the body waits for `100 Continue` (expect_continue.py): a final answer
        that comes first is the response and the body is never sent.
        """
        protocol = conn.protocol
        info = self.request_info
        head = self.encode_head()
        protocol.start_response(
            self.method,
            read_bufsize=read_bufsize,
            auto_decompress=auto_decompress,
            max_decoded=max_decoded,
            request_info=info,
        )
        body, writer = self.body, None
        at_once = body is None or (
            body.data is not None and not self.chunked and not self.compress and not self.expect100
        )
        attempt = self._upload_attempt  # an upload tracker's: its body is written in a task
        if at_once and attempt is None:
            if self._traces:
                await self._write(head, protocol)  # the traced body fires headers/chunk_sent
            else:
                data = body.data if body is not None else None
                self._write_at_once(head + data if data else head, protocol)
            response_head, content = await protocol.read_head(read_timeout)
        else:
            write = (
                self._write(head, protocol)
                if attempt is None
                else self._write_tracked(head, protocol, attempt)
            )
            writer = asyncio.get_running_loop().create_task(write)
            response_head, content = await _head_while_writing(protocol, writer, read_timeout)
        response = self.response_class(
            self.method,
            self.original_url,
            request_info=info,
            history=history,
            session=self._session,
            loop=self.loop,
            traces=self._traces,  # tracing hook: response_chunk_received in read()
        )
        response._start(conn, response_head, content, writer)
        self.response = response
        return response

    def _write_at_once(self, data: bytes, protocol: Any) -> None:
        """Head and in-memory body in one transport.write, nothing to wait for."""
        transport = protocol.transport
        if transport is None:
            raise ClientConnectionResetError("connection lost before the request was sent")
        try:
            transport.write(data)
        except OSError as exc:
            raise self._write_error(exc) from exc

    async def _write(
        self, head: bytes, protocol: Any, attempt: UploadAttempt | None = None
    ) -> bool:
        """Head and body; False when a final answer came instead of `100 Continue`."""
        try:
            if self.expect100 and self.body is not None:
                if not await head_then_continue(head, protocol):
                    return False  # answered before the body was asked for: it is never sent
                head = b""
            body: Any = self.body
            if self._traces:  # tracing hook: headers_sent, then chunk_sent per piece
                body = TracedBody(body, self._traces, self.method, self.url, self.headers)
            await write_body(
                body, head, protocol, chunked=self.chunked, compress=self.compress, attempt=attempt
            )
            return True
        except OSError as exc:
            raise self._write_error(exc) from exc

    def _write_error(self, exc: OSError) -> Exception:
        """The client error for a failed write: aiohttp's reset or OS error."""
        if isinstance(exc, ConnectionResetError):
            return ClientConnectionResetError(str(exc) or "Connection reset")
        return ClientOSError(exc.errno, f"Can not write request body for {self.url}")

    async def _write_tracked(self, head: bytes, protocol: Any, attempt: UploadAttempt) -> None:
        """`_write`, telling the upload tracker's attempt how it went (upload_tracker.py)."""
        attempt.begin(protocol.transport, len(head))
        try:
            sent_in_full = await self._write(head, protocol, attempt)
        except asyncio.CancelledError:
            attempt.fail(None)
            raise
        except BaseException as exc:
            attempt.fail(exc)
            raise
        attempt.finish(sent_in_full)


async def _head_while_writing(
    protocol: Any, writer: asyncio.Task[Any], read_timeout: float | None
) -> tuple[Any, Any]:
    """The response head, read while a streamed body is still going out.

    A server may answer before it read the whole body (413, 401...): that answer wins. A body
    that fails to go out before any answer fails the request.
    """
    reading = asyncio.get_running_loop().create_task(protocol.read_head(read_timeout))
    try:
        await asyncio.wait((writer, reading), return_when=asyncio.FIRST_COMPLETED)
        if not reading.done() and writer.exception() is not None:
            reading.cancel()
            await asyncio.wait((reading,))
            writer.result()  # raises the write error
        result: tuple[Any, Any] = await reading
    except BaseException:
        writer.cancel()
        reading.cancel()
        raise
    writer.add_done_callback(_retrieve)
    return result


def _retrieve(task: asyncio.Task[Any]) -> None:
    """A body writer outlived by its response: its late error is the connection's, not ours."""
    if not task.cancelled():
        task.exception()


ClientRequest.__module__ = "wirehttp"

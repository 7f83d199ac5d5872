"""The client connection's asyncio Protocol: response bytes in, a head and a body stream out.

Owns `ResponseHandler`, one per connection. It drives a `ResponseParser` (`start_response`
before each request is written), hands the head to `read_head` and the body to a StreamReader
(a DecodingStreamReader for a content-coded body), times reads (`sock_read`) and answers the
pool's yes/no questions: `is_idle`, `should_close`, `has_expired(now)`.

Error mapping: a refused response head -> `ClientResponseError` (status 400, from `read_head`);
a broken or undecodable body -> `ClientPayloadError` (on the reader); the connection lost
before a head -> `ServerDisconnectedError`; no bytes within `sock_read` -> `SocketTimeoutError`.
Any of them, bytes arriving while idle, and EOF while idle make the connection unusable: it is
closed and never pooled. `got_response_bytes` says whether any byte of the current response
arrived, so the session can tell a request that may be retried (it failed before any answer).
`continue_waiter()` backs `Expect: 100-continue` (expect_continue.py): its future is True once a
`100 Continue` arrives, False when the final answer (or a failure) comes first; the body was
then never sent, so the connection closes after that response.
`abort_closed_after` (set by the connector on TLS connections when `enable_cleanup_closed` is
on, see cleanup_closed.py): seconds after `force_close()` a transport that has not reported
`connection_lost` (a peer that never answers close_notify) is aborted.

Imports nothing from _server or _web.
"""

from __future__ import annotations

import asyncio
from typing import Final

from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from ..._base.limits import (
    DEFAULT_DECODED_BODY_LIMIT,
    MAX_FIELD_SIZE,
    MAX_REQUEST_LINE,
    STREAM_READER_LIMIT,
)
from ..._io.codecs import SUPPORTED_ENCODINGS
from ..._io.decoding_stream import DecodingStreamReader
from ..._io.protocol import BaseProtocol
from ..._io.streams import StreamReader
from ..._sansio.errors import HttpProtocolError, RemoteProtocolError
from ..._sansio.h1 import END_OF_MESSAGE, Interim, ResponseHead, ResponseParser, Upgrade
from ..exceptions import (
    ClientPayloadError,
    ClientResponseError,
    ServerDisconnectedError,
    SocketTimeoutError,
)
from ..request_info import RequestInfo

__all__ = ("ResponseHandler",)

# A server's `Keep-Alive: timeout=N` is honoured this much early, so that a request is not
# written into a connection the server is closing at that very moment.
KEEPALIVE_MARGIN: Final = 0.5


class ResponseHandler(BaseProtocol):
    """One client connection: parser, current response, read timer and reuse checks."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__()
        self._loop = loop
        self._parser = ResponseParser()
        self._head_limits = (MAX_REQUEST_LINE, MAX_FIELD_SIZE)
        self._in_flight = False
        self._must_close = False
        self._upgraded = False
        self._got_bytes = False
        self._head_waiter: asyncio.Future[None] | None = None
        self._continue: asyncio.Future[bool] | None = None
        self._head_error_exc: BaseException | None = None
        self._reader: StreamReader | None = None
        self._head: ResponseHead | None = None
        self._read_timeout: float | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._idle_since = loop.time()
        self._server_keepalive: float | None = None
        self._settings: tuple[int, bool, int | None, RequestInfo | None] = (
            STREAM_READER_LIMIT,
            True,
            DEFAULT_DECODED_BODY_LIMIT,
            None,
        )
        self._method = "GET"
        self.requests_started = 0  # the session's retry rule: only a reused connection retries
        self.abort_closed_after: float | None = None
        self._abort_timer: asyncio.TimerHandle | None = None
        self.closed: asyncio.Future[None] = loop.create_future()

    def __repr__(self) -> str:
        return (
            f"<ResponseHandler connected={self.connected} in_flight={self._in_flight} "
            f"should_close={self.should_close}>"
        )

    # -- the pool's questions -------------------------------------------------------------

    @property
    def should_close(self) -> bool:
        """True when this connection must not carry another request."""
        return self._must_close or self._in_flight or self._upgraded or not self.connected

    @property
    def is_idle(self) -> bool:
        return self.connected and not self._in_flight and not self._must_close

    def has_expired(self, now: float) -> bool:
        """True once the server's `Keep-Alive: timeout=` (less a margin) has passed while idle."""
        ka = self._server_keepalive
        return ka is not None and now - self._idle_since >= ka - KEEPALIVE_MARGIN

    @property
    def got_response_bytes(self) -> bool:
        """Whether any byte of the current response arrived (False: safe to retry idempotent)."""
        return self._got_bytes

    @property
    def upgraded(self) -> bool:
        return self._upgraded

    def force_close(self) -> None:
        """Mark the connection unusable and close its transport (aborted if it has not closed
        `abort_closed_after` seconds later, when that is set).

        Unsent bytes still buffered belong to a message we gave up on (a cancelled upload, an
        early answer released): the transport is aborted at once, since a polite close would
        wait for a peer that may never read them."""
        self._must_close = True
        transport = self.transport
        if transport is None:
            return
        if _unsent(transport):
            transport.abort()
            return
        transport.close()
        delay = self.abort_closed_after
        if delay is not None and self._abort_timer is None and self.transport is not None:
            self._abort_timer = self._loop.call_later(delay, self._abort_unclosed)

    def _abort_unclosed(self) -> None:
        self._abort_timer = None
        if self.transport is not None:
            self.transport.abort()

    # -- one request/response -------------------------------------------------------------

    def set_head_limits(self, max_line_size: int, max_field_size: int) -> None:
        """Cap the status line and each header field line of the next responses (aiohttp's
        `max_line_size` / `max_field_size`); the parser is rebuilt only when they change."""
        limits = (max_line_size, max_field_size)
        if limits == self._head_limits:
            return
        if self._in_flight:
            raise RuntimeError("head limits can not change while a response is in flight")
        self._head_limits = limits
        self._parser = ResponseParser(max_line_size=max_line_size, max_field_size=max_field_size)

    def start_response(
        self,
        method: str,
        *,
        read_bufsize: int = STREAM_READER_LIMIT,
        auto_decompress: bool = True,
        max_decoded: int | None = DEFAULT_DECODED_BODY_LIMIT,
        request_info: RequestInfo | None = None,
    ) -> None:
        """Expect the response to a request with `method` (call before writing the request)."""
        if self._in_flight:
            raise RuntimeError("a response is already in flight on this connection")
        self._parser.start(method)
        self._method = method
        self.requests_started += 1
        self._in_flight = True
        self._got_bytes = False
        self._reader = None
        self._head_error_exc = None
        self._head_waiter = None
        self._settings = (read_bufsize, auto_decompress, max_decoded, request_info)

    def continue_waiter(self) -> asyncio.Future[bool]:
        """A future for the current request's `100 Continue`: True when it arrives, False when
        the final head, a failure or the connection's end comes first. Create it before the
        request head is written; whoever stops waiting without a False sends the body, and
        resolves it True so that a later final head is not taken as a refusal."""
        waiter = self._continue = self._loop.create_future()
        if not self._in_flight or self._reader is not None or self._head_error_exc is not None:
            waiter.set_result(False)
        return waiter

    async def read_head(self, timeout: float | None = None) -> tuple[ResponseHead, StreamReader]:
        """Wait for the response head; `timeout` (sock_read) also bounds each later body read."""
        self._read_timeout = timeout
        self._arm_timer()
        if self._reader is None and self._head_error_exc is None:
            if not self._in_flight:
                raise RuntimeError("read_head() without start_response()")
            waiter = self._head_waiter = self._loop.create_future()
            try:
                await waiter
            finally:
                self._head_waiter = None
        error, self._head_error_exc = self._head_error_exc, None
        if error is not None:
            raise error
        assert self._reader is not None and self._head is not None
        return self._head, self._reader

    # -- asyncio callbacks ----------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        self._idle_since = self._loop.time()

    def data_received(self, data: bytes) -> None:
        if self._upgraded:
            if self._reader is not None:
                self._reader.feed_data(data)
            return
        if not self._in_flight:
            self.force_close()  # RFC 9112 9.3: bytes nobody asked for; the stream is unsafe
            return
        self._got_bytes = True
        self._arm_timer()
        for event in self._parser.feed(data):
            if isinstance(event, bytes):
                if self._reader is not None:
                    self._reader.feed_data(event)
            elif event is END_OF_MESSAGE:
                self._finish()
            elif isinstance(event, ResponseHead):
                self._on_head(event)
            elif isinstance(event, Upgrade):
                self._on_upgrade(event.tail)
            elif isinstance(event, Interim):
                if event.status == 100:
                    self._resolve_continue(True)
            elif isinstance(event, HttpProtocolError):
                self._fail(event)

    def eof_received(self) -> bool:
        self._must_close = True
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        super().connection_lost(exc)
        self._must_close = True
        self._cancel_timer()
        if self._abort_timer is not None:
            self._abort_timer.cancel()
            self._abort_timer = None
        if self._in_flight and not self._upgraded:
            self._end_of_stream()
        elif self._upgraded and self._reader is not None:
            self._reader.feed_eof()
        if not self.closed.done():
            self.closed.set_result(None)

    # -- internals ------------------------------------------------------------------------

    def _on_head(self, head: ResponseHead) -> None:
        # a final answer to `Expect: 100-continue` before any 100: the body was never sent
        if (self._continue is not None and self._resolve_continue(False)) or not head.keep_alive:
            self._must_close = True
        header = head.keep_alive_header
        self._server_keepalive = None if header is None else _keepalive_timeout(header)
        self._head = head
        self._reader = self._make_reader(head)
        self._wake_head_waiter()

    def _head_failed(self, exc: BaseException) -> None:
        if self._head_error_exc is None:
            self._head_error_exc = exc
        self._resolve_continue(False)
        self._wake_head_waiter()

    def _resolve_continue(self, proceed: bool) -> bool:
        """Answer a pending expect-continue wait; True if one was pending."""
        waiter, self._continue = self._continue, None
        if waiter is None or waiter.done():
            return False
        waiter.set_result(proceed)
        return True

    def _wake_head_waiter(self) -> None:
        waiter = self._head_waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def _make_reader(self, head: ResponseHead) -> StreamReader:
        bufsize, decompress, max_decoded, _ = self._settings
        coding = _content_coding(head.content_encoding) if decompress else None
        if coding in SUPPORTED_ENCODINGS:
            return DecodingStreamReader(
                self,
                bufsize,
                loop=self._loop,
                coding=coding,
                max_size=max_decoded,
                wrap_error=_payload_error,
            )
        return StreamReader(self, bufsize, loop=self._loop)

    def _on_upgrade(self, tail: bytes) -> None:
        self._upgraded = True
        self._in_flight = False
        self._cancel_timer()
        if tail and self._reader is not None:
            self._reader.feed_data(tail)

    def _finish(self) -> None:
        self._in_flight = False
        self._idle_since = self._loop.time()
        self._cancel_timer()
        if self._reader is not None:
            self._reader.feed_eof()

    def _fail(self, error: HttpProtocolError) -> None:
        self.force_close()
        self._in_flight = False
        self._cancel_timer()
        if self._reader is None:
            self._head_failed(self._head_error(error))
        elif self._reader is not None:
            message = f"Response payload is not completed: {error.message}"
            self._reader.set_exception(ClientPayloadError(message))

    def _head_error(self, error: HttpProtocolError) -> ClientResponseError:
        info = self._settings[3]
        if info is None:
            info = RequestInfo(URL(), self._method, CIMultiDictProxy(CIMultiDict()))
        # aiohttp reports every refused response head as 400 (its parser errors all carry 400);
        # the server-side statuses (431, 414...) say nothing about a response.
        exc = ClientResponseError(info, (), status=400, message=error.message)
        exc.__cause__ = error
        return exc

    def _end_of_stream(self) -> None:
        events = self._parser.feed_eof() if self._reader is not None else []
        for event in events:
            if event is END_OF_MESSAGE:
                self._finish()
                return
            if isinstance(event, RemoteProtocolError):
                self._fail(event)
                return
        self._in_flight = False
        if self._reader is None:
            self._head_failed(ServerDisconnectedError())
        elif self._reader is not None and not self._reader.is_eof():
            msg = "Response payload is not completed: connection closed"
            self._reader.set_exception(ClientPayloadError(msg))

    def _arm_timer(self) -> None:
        timeout = self._read_timeout
        if timeout is None or not self._in_flight:
            return
        if self._timer is not None:
            self._timer.cancel()
        self._timer = self._loop.call_later(timeout, self._on_read_timeout)

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _on_read_timeout(self) -> None:
        self._timer = None
        exc = SocketTimeoutError("Timeout on reading data from socket")
        if self._reader is None:
            self._head_failed(exc)
        elif self._reader is not None:
            self._reader.set_exception(exc)
        self._in_flight = False
        self.force_close()


def _payload_error(error: HttpProtocolError) -> BaseException:
    exc = ClientPayloadError(f"Can not decode content-encoding: {error.message}")
    exc.__cause__ = error
    return exc


def _content_coding(value: bytes | None) -> str | None:
    """The response's Content-Encoding (its first field line), as a lower-case name."""
    return None if value is None else value.decode("latin-1").strip().lower()


def _keepalive_timeout(value: bytes) -> float | None:
    """The `timeout=` parameter of a Keep-Alive header value (RFC 2068 19.7.1.1), if any."""
    for part in value.split(b","):
        param, _, number = part.strip().partition(b"=")
        if param.strip().lower() == b"timeout" and number.strip().isdigit():
            return float(number.strip())
    return None


def _unsent(transport: asyncio.WriteTransport) -> int:
    """Bytes still waiting in the transport's write buffer (0 when it cannot tell)."""
    try:
        return int(transport.get_write_buffer_size())
    except NotImplementedError:  # a transport that does not keep count (a test double)
        return 0

"""`web.WebSocketResponse`: the server's side of a WebSocket, with aiohttp 3.14's API.

Owns: the server handshake as a response (`can_prepare`, `prepare`: the sans-IO
`server_handshake` checks the request, a refusal becomes the HTTP error aiohttp raises, an
acceptance is sent as the 101 head) and the hand-over of the connection: after the head the
request's connection protocol `switch_protocol`s to a `WebSocketProtocol`, and everything an open
WebSocket does is the shared `_io.websocket.WebSocketSession` (this class only forwards to it).
When the handler returns, the server's cycle calls `write_eof()`, which closes the WebSocket if
the handler did not; no HTTP response follows (the connection is no longer HTTP).
Must not import `_client`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Final

from .._io.websocket import WebSocketSession
from .._io.websocket_errors import ws_logger
from .._io.websocket_protocol import QUEUE_LIMIT, WebSocketProtocol
from .._sansio.ws.frames import WebSocketReader
from .._sansio.ws.handshake import HandshakeError, ServerHandshake, server_handshake
from .._sansio.ws.models import DEFAULT_MAX_MSG_SIZE, WSCloseCode, WSMessage, WSMsgType
from .exceptions import HTTPBadRequest, HTTPException, HTTPUpgradeRequired
from .stream_response import StreamResponse

__all__ = ("WebSocketReady", "WebSocketResponse")

# aiohttp's writer_limit default: the bytes a WebSocket may have buffered for writing
DEFAULT_WRITER_LIMIT: Final = 2**16
_NOT_PREPARED: Final = "Call .prepare() first"


@dataclass(frozen=True)
class WebSocketReady:
    """What `can_prepare()` answers: whether the handshake would succeed, and the subprotocol."""

    ok: bool
    protocol: str | None

    def __bool__(self) -> bool:
        return self.ok


class WebSocketResponse(StreamResponse):
    """A WebSocket served from a handler: `await ws.prepare(request)`, then messages."""

    _length_check = False
    _session: WebSocketSession | None = None
    _ws_protocol: str | None = None

    def __init__(
        self,
        *,
        timeout: float = 10.0,
        receive_timeout: float | None = None,
        autoclose: bool = True,
        autoping: bool = True,
        heartbeat: float | None = None,
        protocols: Iterable[str] = (),
        compress: bool = True,
        max_msg_size: int = DEFAULT_MAX_MSG_SIZE,
        writer_limit: int = DEFAULT_WRITER_LIMIT,
        decode_text: bool = True,
    ) -> None:
        super().__init__(status=101)
        self._protocols = tuple(protocols)
        self._timeout = timeout
        self._receive_timeout = receive_timeout
        self._autoclose = autoclose
        self._autoping = autoping
        self._heartbeat = heartbeat
        self._compress: bool | int = compress
        self._max_msg_size = max_msg_size
        self._writer_limit = writer_limit
        self._decode_text = decode_text

    # -- the handshake ------------------------------------------------------------------------

    def _handshake(self, request: Any) -> ServerHandshake:
        try:
            return server_handshake(
                request.method, request.headers, self._protocols, compress=bool(self._compress)
            )
        except HandshakeError as exc:
            raise _refusal(exc) from None

    def _log_no_common_protocol(self, request: Any) -> None:
        offered = request.headers.get("Sec-WebSocket-Protocol")
        if offered:  # RFC 6455 4.2.2: then no subprotocol; aiohttp logs it the same way
            ws_logger.warning(
                "%s: Client protocols %r don't overlap server-known ones %r",
                request.remote,
                offered,
                self._protocols,
            )

    def can_prepare(self, request: Any) -> WebSocketReady:
        """Whether `prepare(request)` would succeed, without sending anything."""
        if self._session is not None:
            raise RuntimeError("Already started")
        try:
            handshake = self._handshake(request)
        except HTTPException:
            return WebSocketReady(False, None)
        return WebSocketReady(True, handshake.protocol)

    async def prepare(self, request: Any) -> Any:
        if self._payload_writer is not None or self._session is not None:
            return self._payload_writer
        handshake = self._handshake(request)
        if handshake.protocol is None and self._protocols:
            self._log_no_common_protocol(request)
        self.set_status(101)
        self._headers.extend(handshake.response_headers)
        self.force_close()
        writer = await super().prepare(request)
        await writer.write_eof()  # the 101 head leaves now; the HTTP exchange is over
        deflate = handshake.deflate
        reader = WebSocketReader(
            expect_masked=True,
            max_msg_size=self._max_msg_size,
            deflate=deflate,
            decode_text=self._decode_text,
        )
        protocol = WebSocketProtocol(request.loop, reader, limit=QUEUE_LIMIT)
        request.protocol.switch_protocol(lambda: protocol)
        self._ws_protocol = handshake.protocol
        self._compress = _window_bits(deflate)
        self._session = WebSocketSession(
            protocol,
            mask=False,
            deflate=deflate,
            close_timeout=self._timeout,
            receive_timeout=self._receive_timeout,
            autoclose=self._autoclose,
            autoping=self._autoping,
            heartbeat=self._heartbeat,
            decode_text=self._decode_text,
            raise_after_closed=True,
        )
        return writer

    def _ws(self) -> WebSocketSession:
        session = self._session
        if session is None:
            raise RuntimeError(_NOT_PREPARED)
        return session

    # -- state --------------------------------------------------------------------------------

    @property
    def prepared(self) -> bool:
        return self._session is not None or super().prepared

    @property
    def closed(self) -> bool:
        return self._session is not None and self._session.closed

    @property
    def close_code(self) -> int | None:
        return None if self._session is None else self._session.close_code

    @property
    def ws_protocol(self) -> str | None:
        return self._ws_protocol

    @property
    def compress(self) -> int | bool:
        return self._compress

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return default if self._session is None else self._session.get_extra_info(name, default)

    def exception(self) -> BaseException | None:
        return None if self._session is None else self._session.exception()

    # -- sending ------------------------------------------------------------------------------

    async def ping(self, message: bytes = b"") -> None:
        await self._ws().ping(message)

    async def pong(self, message: bytes = b"") -> None:
        await self._ws().pong(message)

    async def send_frame(
        self, message: bytes, opcode: WSMsgType, compress: int | None = None
    ) -> None:
        await self._ws().send_frame(message, opcode, compress)

    async def send_str(self, data: str, compress: int | None = None) -> None:
        await self._ws().send_str(data, compress)

    async def send_bytes(self, data: bytes, compress: int | None = None) -> None:
        await self._ws().send_bytes(data, compress)

    async def send_json(
        self, data: Any, compress: int | None = None, *, dumps: Callable[[Any], str] = json.dumps
    ) -> None:
        await self._ws().send_json(data, compress, dumps=dumps)

    async def send_json_bytes(
        self, data: Any, compress: int | None = None, *, dumps: Callable[[Any], bytes]
    ) -> None:
        await self._ws().send_json_bytes(data, compress, dumps=dumps)

    async def write(self, data: Any) -> None:
        raise RuntimeError("Cannot call .write() for websocket")

    async def write_eof(self, data: bytes = b"") -> None:
        """The handler is done: close the WebSocket if it is still open (no HTTP body follows)."""
        if self._eof_sent:
            return
        if self._session is None:
            raise RuntimeError("Response has not been started")
        await self._session.close()
        self._eof_sent = True

    async def close(
        self, *, code: int = WSCloseCode.OK, message: bytes = b"", drain: bool = True
    ) -> bool:
        return await self._ws().close(code=code, message=message, drain=drain)

    # -- receiving ----------------------------------------------------------------------------

    async def receive(self, timeout: float | None = None) -> WSMessage:
        return await self._ws().receive(timeout)

    async def receive_str(self, *, timeout: float | None = None) -> str:
        return await self._ws().receive_str(timeout=timeout)

    async def receive_bytes(self, *, timeout: float | None = None) -> bytes:
        return await self._ws().receive_bytes(timeout=timeout)

    async def receive_json(
        self, *, loads: Callable[[Any], Any] = json.loads, timeout: float | None = None
    ) -> Any:
        return await self._ws().receive_json(loads=loads, timeout=timeout)

    def __aiter__(self) -> WebSocketResponse:
        return self

    async def __anext__(self) -> WSMessage:
        return await self._ws().next_message()

    def __repr__(self) -> str:
        return f"<WebSocketResponse {self._session!r}>"


def _refusal(exc: HandshakeError) -> HTTPException:
    """The HTTP error a refused handshake becomes: 400 as aiohttp, 426 for a wrong version."""
    if exc.status == 426:
        return HTTPUpgradeRequired(headers=exc.headers, text=exc.message)
    return HTTPBadRequest(headers=exc.headers or None, text=exc.message)


def _window_bits(deflate: Any) -> int:
    """`ws.compress` after the handshake, as aiohttp: the window bits in use, 0 without deflate."""
    if deflate is None:
        return 0
    return int(deflate.server_max_window_bits)


for _cls in (WebSocketReady, WebSocketResponse):
    _cls.__module__ = "wirehttp.web"

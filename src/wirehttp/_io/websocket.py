"""The WebSocket session core: one implementation behind the client's and the server's objects.

Owns: `WebSocketSession`, everything an open WebSocket does once the handshake is over, the
same on both sides (RFC 6455 section numbers beside the rules):
- sending: `send_str` / `send_bytes` / `send_json` / `send_frame` / `ping` / `pong`, each message
  framed (masked by a client, 5.3), compressed when permessage-deflate was negotiated (RFC 7692),
  and handed to the transport in one synchronous write, so concurrent senders never interleave
  frames; a sender waits only while the transport's buffer is above its high-water mark;
- `receive(timeout)` with aiohttp's semantics: PING answered when `autoping` (5.5.2), the peer's
  CLOSE answered when `autoclose` (5.5.1), frame errors become an ERROR message and a CLOSE with
  the error's code (7.1.7), a lost connection a CLOSED message with code 1006 (7.1.5);
- the close handshake: `close(code, message)` sends CLOSE, waits up to the close timeout for the
  peer's CLOSE, then closes the transport (at once after a frame error: the reader is dead);
- the heartbeat: after `heartbeat` seconds without a byte from the peer a PING goes out; if still
  nothing arrives within `heartbeat / 2`, the connection is closed with 1006, as aiohttp does.
  One timer, moved lazily: received bytes only record the time.
What differs between the sides is passed in: masking, the errors to raise (the client raises its
own exception classes), and what closing the connection means (the client also ends its loan of
the pooled connection). The bytes come from `websocket_protocol.WebSocketProtocol`.

Must not import: anything above L2 (`_body`, `_client`, `_server`, `_web`), nor aiohttp.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any, Final

from .._sansio.ws.frames import encode_frame
from .._sansio.ws.models import (
    WS_CLOSED_MESSAGE,
    WS_CLOSING_MESSAGE,
    WebSocketError,
    WSCloseCode,
    WSMessage,
    WSMessageTextBytes,
    WSMsgType,
)
from .websocket_errors import WSMessageTypeError
from .websocket_protocol import Lost, WebSocketProtocol

__all__ = ("WSMessageDecodeText", "WSMessageNoDecodeText", "WebSocketSession", "close_payload")

# The vocabulary's public homes (`__module__`), set here because every public module that shows
# these names imports this one. wirehttp.WSMsgType and friends, as aiohttp documents them.
for _cls in (WSMsgType, WSCloseCode, WSMessage, WebSocketError):
    _cls.__module__ = "wirehttp"
WSMessageTextBytes.__module__ = "wirehttp.http_websocket"

# What receive() hands out (aiohttp 3.14's names for the two decode_text choices)
WSMessageDecodeText = WSMessage
WSMessageNoDecodeText = WSMessage | WSMessageTextBytes

# receive() on a closed server WebSocket answers CLOSED this many times, then raises: a handler
# looping on receive() without checking the type must not spin forever (aiohttp's rule).
THRESHOLD_CONNLOST_ACCESS: Final = 5

_TEXT: Final = int(WSMsgType.TEXT)
_BINARY: Final = int(WSMsgType.BINARY)
_CLOSE: Final = int(WSMsgType.CLOSE)
_PING: Final = int(WSMsgType.PING)
_PONG: Final = int(WSMsgType.PONG)
_STOP_TYPES: Final = (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED)


def close_payload(code: int, message: bytes | str) -> bytes:
    """A CLOSE frame's body: the status code in network order, then the UTF-8 reason (5.5.1)."""
    if isinstance(message, str):
        message = message.encode("utf-8")
    return int(code).to_bytes(2, "big") + bytes(message)


class WebSocketSession:
    """An open WebSocket: messages in and out, ping/pong, heartbeat and the close handshake."""

    __slots__ = (
        "_autoclose",
        "_autoping",
        "_close_code",
        "_close_timeout",
        "_close_wait",
        "_closed",
        "_closing",
        "_conn_lost",
        "_decode_text",
        "_deflate",
        "_exception",
        "_hb_timer",
        "_heard",
        "_heartbeat",
        "_last_data",
        "_loop",
        "_mask",
        "_on_close",
        "_ping_sent",
        "_pong_timeout_error",
        "_protocol",
        "_raise_after_closed",
        "_receive_timeout",
        "_waiting",
        "_write_error",
    )

    def __init__(
        self,
        protocol: WebSocketProtocol,
        *,
        mask: bool,
        deflate: Any = None,
        close_timeout: float | None = 10.0,
        receive_timeout: float | None = None,
        autoclose: bool = True,
        autoping: bool = True,
        heartbeat: float | None = None,
        decode_text: bool = True,
        raise_after_closed: bool = False,
        write_error: Callable[[str], BaseException] = ConnectionResetError,
        pong_timeout_error: Callable[[str], BaseException] = asyncio.TimeoutError,
        on_close: Callable[[], None] | None = None,
    ) -> None:
        self._protocol = protocol
        self._loop = protocol.loop
        self._mask = mask
        self._deflate = deflate
        self._close_timeout = close_timeout
        self._receive_timeout = receive_timeout
        self._autoclose = autoclose
        self._autoping = autoping
        self._decode_text = decode_text
        self._raise_after_closed = raise_after_closed
        self._write_error = write_error
        self._pong_timeout_error = pong_timeout_error
        self._on_close = on_close
        self._closed = False
        self._closing = False
        self._close_code: int | None = None
        self._exception: BaseException | None = None
        self._waiting = False
        self._close_wait: asyncio.Future[None] | None = None
        self._conn_lost = 0
        self._heartbeat = heartbeat
        self._hb_timer: asyncio.TimerHandle | None = None
        self._ping_sent: float | None = None
        self._last_data = self._loop.time()
        self._heard = False  # bytes arrived since the last heartbeat PING
        if heartbeat:
            protocol.set_data_callback(self._on_data)
            self._hb_timer = self._loop.call_at(self._last_data + heartbeat, self._on_heartbeat)

    def __repr__(self) -> str:
        state = "closed" if self._closed else "closing" if self._closing else "open"
        return f"<WebSocketSession {state} close_code={self._close_code} {self._protocol!r}>"

    # -- state ------------------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def close_code(self) -> int | None:
        return self._close_code

    def exception(self) -> BaseException | None:
        return self._exception

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        transport = self._protocol.transport
        return default if transport is None else transport.get_extra_info(name, default)

    # -- sending ----------------------------------------------------------------------------

    def _write(self, opcode: int, payload: bytes, compress: bool = True) -> None:
        transport = self._protocol.transport
        if transport is None or transport.is_closing() or (self._closed and opcode != _CLOSE):
            # RFC 6455 5.5.1: nothing may follow our CLOSE (aiohttp raises the same)
            raise self._write_error("Cannot write to closing transport")
        deflate = self._deflate
        if deflate is not None and compress and opcode < 8:  # control frames never (RFC 7692 6.1)
            frame = encode_frame(opcode, deflate.compress(payload), mask=self._mask, rsv1=True)
        else:
            frame = encode_frame(opcode, payload, mask=self._mask)
        transport.write(frame)

    async def _send(self, opcode: int, payload: bytes, compress: bool = True) -> None:
        self._write(opcode, payload, compress)
        if self._protocol.writing_paused:
            await self._protocol.drain()

    async def send_frame(self, message: bytes, opcode: int, compress: int | None = None) -> None:
        """Send one whole message of `opcode` (a WSMsgType) as it is."""
        await self._send(int(opcode), bytes(message))

    async def send_str(self, data: str, compress: int | None = None) -> None:
        # `compress` is accepted for aiohttp's signature; the window was fixed at the handshake
        if not isinstance(data, str):
            raise TypeError(f"data argument must be str ({type(data)!r})")
        await self._send(_TEXT, data.encode("utf-8"))

    async def send_bytes(self, data: bytes, compress: int | None = None) -> None:
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError(f"data argument must be byte-ish ({type(data)!r})")
        await self._send(_BINARY, bytes(data))

    async def send_json(
        self, data: Any, compress: int | None = None, *, dumps: Callable[[Any], str] = json.dumps
    ) -> None:
        await self.send_str(dumps(data), compress=compress)

    async def send_json_bytes(
        self, data: Any, compress: int | None = None, *, dumps: Callable[[Any], bytes]
    ) -> None:
        payload = dumps(data)
        if not isinstance(payload, (bytes, bytearray, memoryview)):
            raise TypeError(f"dumps must return bytes ({type(payload)!r})")
        await self._send(_TEXT, bytes(payload))

    async def ping(self, message: bytes | str = b"") -> None:
        await self._send(_PING, _control(message))

    async def pong(self, message: bytes | str = b"") -> None:
        await self._send(_PONG, _control(message))

    # -- closing ----------------------------------------------------------------------------

    async def close(
        self, *, code: int = WSCloseCode.OK, message: bytes | str = b"", drain: bool = True
    ) -> bool:
        """Send CLOSE, wait up to the close timeout for the peer's, close. False if closed."""
        if self._closed:
            return False
        self._set_closed()
        try:
            self._write(_CLOSE, close_payload(code, message))
            if drain and self._protocol.writing_paused:
                await self._protocol.drain()
        except asyncio.CancelledError:
            self._abort(WSCloseCode.ABNORMAL_CLOSURE)
            raise
        except Exception as exc:
            self._exception = exc
            self._abort(WSCloseCode.ABNORMAL_CLOSURE)
            return True
        if self._waiting:
            # another task sits in receive(): hand it CLOSING and wait until it has returned
            waiter = self._close_wait = self._loop.create_future()
            self._protocol.push(WS_CLOSING_MESSAGE)
            await waiter
        if self._closing or self._protocol.failed:
            self._close_connection()  # the peer's CLOSE is in, or can never be read
            return True
        await self._wait_for_peer_close()
        return True

    async def _wait_for_peer_close(self) -> None:
        timeout = self._close_timeout
        deadline = None if timeout is None else self._loop.time() + timeout
        try:
            while True:
                item = await self._next_item(deadline)
                if isinstance(item, WSMessage):
                    if item.type is WSMsgType.CLOSE:
                        self._close_code = item.data
                        break
                    continue  # what was still on its way is dropped, as aiohttp does
                self._close_code = WSCloseCode.ABNORMAL_CLOSURE
                if isinstance(item, WebSocketError):
                    self._exception = item
                break
        except asyncio.CancelledError:
            self._abort(WSCloseCode.ABNORMAL_CLOSURE)
            raise
        except Exception as exc:  # the close timeout
            self._exception = exc
            self._close_code = WSCloseCode.ABNORMAL_CLOSURE
        self._close_connection()

    def _set_closed(self) -> None:
        self._closed = True
        self._stop_heartbeat()

    def _set_closing(self, code: int) -> None:
        self._closing = True
        self._close_code = code
        self._stop_heartbeat()

    def _abort(self, code: int) -> None:
        self._close_code = code
        self._close_connection()

    def _close_connection(self) -> None:
        self._protocol.close_transport()
        on_close, self._on_close = self._on_close, None
        if on_close is not None:
            on_close()

    # -- receiving --------------------------------------------------------------------------

    async def _next_item(self, deadline: float | None = None) -> Any:
        """The next queued item; TimeoutError once the loop's clock passes `deadline`."""
        protocol = self._protocol
        item = protocol.read_nowait()
        while item is None:
            await protocol.wait(deadline)
            item = protocol.read_nowait()
        return item

    async def receive(self, timeout: float | None = None) -> WSMessage:
        receive_timeout = timeout or self._receive_timeout
        deadline = self._loop.time() + receive_timeout if receive_timeout else None
        while True:
            if self._waiting:
                raise RuntimeError("Concurrent call to receive() is not allowed")
            if self._closed:
                return self._closed_message()
            if self._closing:
                return WS_CLOSING_MESSAGE
            self._waiting = True
            try:
                item = await self._next_item(deadline)
            finally:
                self._waiting = False
                waiter, self._close_wait = self._close_wait, None
                if waiter is not None and not waiter.done():
                    waiter.set_result(None)
            if isinstance(item, Lost):
                return self._lost(item)
            if isinstance(item, WebSocketError):
                self._exception = item
                self._close_code = item.code
                await self.close(code=item.code)
                return WSMessage(WSMsgType.ERROR, item, None)
            msg_type = item.type
            if msg_type is WSMsgType.TEXT:
                if self._decode_text:
                    return item  # type: ignore[no-any-return]
                return WSMessageTextBytes(*item)  # type: ignore[return-value]
            if msg_type is WSMsgType.BINARY:
                return item  # type: ignore[no-any-return]
            if msg_type is WSMsgType.PING and self._autoping:
                await self._answer_ping(item.data)
                continue
            if msg_type is WSMsgType.PONG and self._autoping:
                continue
            if msg_type is WSMsgType.CLOSE:
                self._set_closing(item.data)
                if not self._closed and self._autoclose:
                    await self.close(drain=False)
            return item  # type: ignore[no-any-return]

    def _closed_message(self) -> WSMessage:
        if self._raise_after_closed:
            self._conn_lost += 1
            if self._conn_lost >= THRESHOLD_CONNLOST_ACCESS:
                raise RuntimeError("WebSocket connection is closed.")
        return WS_CLOSED_MESSAGE

    def _lost(self, item: Lost) -> WSMessage:
        """The connection ended without a close handshake (RFC 6455 7.1.5: code 1006)."""
        self._set_closed()
        self._close_code = WSCloseCode.ABNORMAL_CLOSURE
        if self._exception is None:
            self._exception = item.exc or self._write_error("Connection lost")
        self._close_connection()
        return WS_CLOSED_MESSAGE

    async def _answer_ping(self, data: bytes) -> None:
        try:
            await self.pong(data)
        except ConnectionResetError:
            pass  # the connection is going: the next receive() reports it

    async def receive_str(self, *, timeout: float | None = None) -> str:
        msg = await self.receive(timeout)
        if msg.type is not WSMsgType.TEXT:
            raise WSMessageTypeError(
                f"Received message {msg.type}:{msg.data!r} is not WSMsgType.TEXT"
            )
        return msg.data  # type: ignore[no-any-return]

    async def receive_bytes(self, *, timeout: float | None = None) -> bytes:
        msg = await self.receive(timeout)
        if msg.type is not WSMsgType.BINARY:
            raise WSMessageTypeError(
                f"Received message {msg.type}:{msg.data!r} is not WSMsgType.BINARY"
            )
        return msg.data  # type: ignore[no-any-return]

    async def receive_json(
        self, *, loads: Callable[[Any], Any] = json.loads, timeout: float | None = None
    ) -> Any:
        return loads(await self.receive_str(timeout=timeout))

    async def next_message(self) -> WSMessage:
        """One step of `async for`: StopAsyncIteration at CLOSE, CLOSING and CLOSED."""
        msg = await self.receive()
        if msg.type in _STOP_TYPES:
            raise StopAsyncIteration
        return msg

    def __aiter__(self) -> WebSocketSession:
        return self

    async def __anext__(self) -> WSMessage:
        return await self.next_message()

    # -- heartbeat (one timer, moved lazily) --------------------------------------------------

    def _on_data(self) -> None:
        self._last_data = self._loop.time()
        self._heard = True

    def _on_heartbeat(self) -> None:
        self._hb_timer = None
        heartbeat = self._heartbeat
        if self._closed or self._closing or not heartbeat:
            return
        now = self._loop.time()
        sent = self._ping_sent
        if sent is not None:  # a PING is out: anything received since then proves the peer
            if not self._heard:
                self._heartbeat_failed(
                    self._pong_timeout_error(f"No PONG received after {heartbeat / 2} seconds")
                )
                return
            self._ping_sent = None
        due = self._last_data + heartbeat
        if now < due:
            self._hb_timer = self._loop.call_at(due, self._on_heartbeat)
            return
        try:
            self._write(_PING, b"")
        except Exception as exc:
            self._heartbeat_failed(exc)
            return
        self._ping_sent = now
        self._heard = False
        self._hb_timer = self._loop.call_at(now + heartbeat / 2, self._on_heartbeat)

    def _heartbeat_failed(self, exc: BaseException) -> None:
        if self._closed:
            return
        waiting = self._waiting and not self._closing
        self._set_closed()
        self._exception = exc
        self._abort(WSCloseCode.ABNORMAL_CLOSURE)
        if waiting:
            self._protocol.push(WSMessage(WSMsgType.ERROR, exc, None))

    def _stop_heartbeat(self) -> None:
        timer, self._hb_timer = self._hb_timer, None
        if timer is not None:
            timer.cancel()
        self._protocol.set_data_callback(None)


def _control(message: bytes | str) -> bytes:
    return message.encode("utf-8") if isinstance(message, str) else bytes(message)

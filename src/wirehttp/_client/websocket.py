"""`ClientWebSocketResponse`: the client's side of an open WebSocket (aiohttp 3.14's API).

Owns: `ClientWSTimeout` (ws_receive, ws_close) and `ClientWebSocketResponse`, which is the shared
session core (`_io.websocket.WebSocketSession`) plus what only a client has: the handshake's
`ClientResponse` (whose pooled connection it holds until it closes: the connection never goes
back to the pool), the chosen subprotocol, and the client's own exceptions
(`ClientConnectionResetError` for a write on a closed connection, `ServerTimeoutError` for a
missed heartbeat PONG). The handshake itself is `ws_connect.py`. Must not import `_server` or
`_web`.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Final

from .._io.websocket import WebSocketSession
from .._io.websocket_protocol import WebSocketProtocol
from .._sansio.ws.models import WS_CLOSED_MESSAGE, WSCloseCode, WSMessage
from .exceptions import ClientConnectionResetError, ServerTimeoutError

__all__ = ("DEFAULT_WS_CLIENT_TIMEOUT", "ClientWSTimeout", "ClientWebSocketResponse")


@dataclass(frozen=True)
class ClientWSTimeout:
    """ws_connect's timeouts: `ws_receive` bounds each receive(), `ws_close` the close handshake."""

    ws_receive: float | None = None
    ws_close: float | None = None


DEFAULT_WS_CLIENT_TIMEOUT: Final = ClientWSTimeout(ws_receive=None, ws_close=10.0)


class ClientWebSocketResponse(WebSocketSession):
    """An open client WebSocket: `async for msg in ws`, `send_str`, `close()`, `async with`."""

    __slots__ = ("_compress_bits", "_response", "_ws_protocol")

    def __init__(
        self,
        protocol: WebSocketProtocol,
        response: Any,
        ws_protocol: str | None,
        timeout: ClientWSTimeout,
        *,
        deflate: Any = None,
        autoclose: bool = True,
        autoping: bool = True,
        heartbeat: float | None = None,
        decode_text: bool = True,
    ) -> None:
        super().__init__(
            protocol,
            mask=True,
            deflate=deflate,
            close_timeout=timeout.ws_close,
            receive_timeout=timeout.ws_receive,
            autoclose=autoclose,
            autoping=autoping,
            heartbeat=heartbeat,
            decode_text=decode_text,
            write_error=ClientConnectionResetError,
            pong_timeout_error=ServerTimeoutError,
            on_close=response.close,
        )
        self._response = response
        self._ws_protocol = ws_protocol
        self._compress_bits = 0 if deflate is None else int(deflate.server_max_window_bits)

    def __repr__(self) -> str:
        return f"<ClientWebSocketResponse {self._response.url} {super().__repr__()}>"

    @property
    def protocol(self) -> str | None:
        """The subprotocol the server chose (None when none was agreed)."""
        return self._ws_protocol

    @property
    def compress(self) -> int:
        """The negotiated permessage-deflate window bits; 0 when not compressing."""
        return self._compress_bits

    @property
    def client_notakeover(self) -> bool:
        deflate = self._deflate
        return bool(deflate is not None and deflate.client_no_context_takeover)

    async def receive(self, timeout: float | None = None) -> WSMessage:
        if self._closing and not self._closed:
            # aiohttp's client: once the peer's CLOSE was handed out, the next receive closes
            await self.close()
            return WS_CLOSED_MESSAGE
        try:
            return await super().receive(timeout)
        except (asyncio.CancelledError, asyncio.TimeoutError):
            self._close_code = WSCloseCode.ABNORMAL_CLOSURE  # aiohttp's client records it so
            raise

    async def __aenter__(self) -> ClientWebSocketResponse:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


for _cls in (ClientWSTimeout, ClientWebSocketResponse):
    _cls.__module__ = "wirehttp"

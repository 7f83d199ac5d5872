"""WebSocket vocabulary: message types, close codes, the message tuple, the protocol error.

Owns: `WSMsgType`, `WSCloseCode`, `WSMessage`, `WSMessageTextBytes`, `WebSocketError`,
`HandshakeError` (here so that both `deflate.py` and `handshake.py` can raise it), the
`WS_CLOSING_MESSAGE` / `WS_CLOSED_MESSAGE` markers and the WebSocket size limits. The names, values
and tuple shapes are aiohttp 3.14's, because users compare against them (`msg.type ==
WSMsgType.TEXT`, `ws.close_code == WSCloseCode.GOING_AWAY`); `tests/_sansio/ws/test_ws_models.py`
checks them against aiohttp. Must not import asyncio or anything above `_sansio`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from enum import IntEnum
from typing import Any, Final, NamedTuple

__all__ = (
    "DEFAULT_MAX_MSG_SIZE",
    "HandshakeError",
    "MAX_CLOSE_REASON",
    "MAX_CONTROL_PAYLOAD",
    "WS_CLOSED_MESSAGE",
    "WS_CLOSING_MESSAGE",
    "WSCloseCode",
    "WSMessage",
    "WSMessageTextBytes",
    "WSMsgType",
    "WebSocketError",
)

# aiohttp's default `max_msg_size` for ws_connect and WebSocketResponse (4 MiB); 0 means no limit.
DEFAULT_MAX_MSG_SIZE: Final = 4 * 1024 * 1024
# RFC 6455 5.5: all control frames MUST have a payload length of 125 bytes or less.
MAX_CONTROL_PAYLOAD: Final = 125
# RFC 6455 5.5.1: a close body is a 2-byte code and a reason, inside the 125-byte control limit.
MAX_CLOSE_REASON: Final = MAX_CONTROL_PAYLOAD - 2


class WSMsgType(IntEnum):
    """Frame opcodes (RFC 6455 5.2) plus the session's own pseudo types (0x100 and up)."""

    CONTINUATION = 0x0
    TEXT = 0x1
    BINARY = 0x2
    PING = 0x9
    PONG = 0xA
    CLOSE = 0x8
    CLOSING = 0x100
    CLOSED = 0x101
    ERROR = 0x102

    # lower-case aliases, as aiohttp 3.14 has them
    text = TEXT
    binary = BINARY
    ping = PING
    pong = PONG
    close = CLOSE
    closing = CLOSING
    closed = CLOSED
    error = ERROR


class WSCloseCode(IntEnum):
    """Close status codes (RFC 6455 7.4.1 and the IANA registry) that aiohttp names."""

    OK = 1000
    GOING_AWAY = 1001
    PROTOCOL_ERROR = 1002
    UNSUPPORTED_DATA = 1003
    ABNORMAL_CLOSURE = 1006
    INVALID_TEXT = 1007
    POLICY_VIOLATION = 1008
    MESSAGE_TOO_BIG = 1009
    MANDATORY_EXTENSION = 1010
    INTERNAL_ERROR = 1011
    SERVICE_RESTART = 1012
    TRY_AGAIN_LATER = 1013
    BAD_GATEWAY = 1014


class WSMessage(NamedTuple):
    """One received message: TEXT -> str, BINARY/PING/PONG -> bytes, CLOSE -> (code, reason)."""

    type: WSMsgType
    data: Any  # str, bytes, int (CLOSE code) or None, by type (aiohttp 3.x types it as Any)
    extra: str | None

    def json(self, *, loads: Callable[[Any], Any] = json.loads) -> Any:
        """The data parsed as JSON (TEXT or BINARY messages)."""
        return loads(self.data)


class WSMessageTextBytes(NamedTuple):
    """A TEXT message handed out as its UTF-8 bytes (aiohttp 3.14's `decode_text=False`)."""

    type: WSMsgType
    data: Any
    extra: str | None

    def json(self, *, loads: Callable[[Any], Any] = json.loads) -> Any:
        """The data parsed as JSON (`json.loads` takes UTF-8 bytes too)."""
        return loads(self.data)


WS_CLOSING_MESSAGE: Final = WSMessage(WSMsgType.CLOSING, None, None)
WS_CLOSED_MESSAGE: Final = WSMessage(WSMsgType.CLOSED, None, None)


class WebSocketError(Exception):
    """The peer broke the protocol; `code` is the close code to answer with (RFC 6455 7.4.1).

    Built as `WebSocketError(code, message)`, as aiohttp's; `str()` is the message alone.
    """

    def __init__(self, code: int, message: str) -> None:
        super().__init__(code, message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return self.message


class HandshakeError(Exception):
    """An opening handshake we refuse (RFC 6455 4.1-4.2), or a response a client must refuse.

    `status` is the HTTP status a server answers with (400, or 426 for a version we do not
    speak, with `headers` naming the one we do); `message` says what was wrong.
    """

    def __init__(
        self, message: str, status: int = 400, headers: tuple[tuple[str, str], ...] = ()
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.headers = headers

    def __str__(self) -> str:
        return self.message

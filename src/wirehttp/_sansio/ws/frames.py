"""The WebSocket frame layer in one import: encoding (`wire.py`) and the reader (`reader.py`).

Owns nothing itself; it is the module the session core imports (`encode_frame`,
`WebSocketReader`, `close_payload`, the opcodes). Must not import asyncio or anything above
`_sansio`.
"""

from __future__ import annotations

from .reader import WebSocketReader
from .wire import (
    CONTROL_OPCODES,
    DATA_OPCODES,
    OP_BINARY,
    OP_CLOSE,
    OP_CONTINUATION,
    OP_PING,
    OP_PONG,
    OP_TEXT,
    apply_mask,
    close_payload,
    encode_frame,
    is_valid_close_code,
    parse_close,
)

__all__ = (
    "CONTROL_OPCODES",
    "DATA_OPCODES",
    "OP_BINARY",
    "OP_CLOSE",
    "OP_CONTINUATION",
    "OP_PING",
    "OP_PONG",
    "OP_TEXT",
    "WebSocketReader",
    "apply_mask",
    "close_payload",
    "encode_frame",
    "is_valid_close_code",
    "parse_close",
)

"""What both WebSocket sides share above the frames: an error and a logger.

Owns: `ws_logger` ("aiohttp.websocket", aiohttp's name; public in `wirehttp.log`) and
`WSMessageTypeError`, raised from `receive_str` / `receive_bytes` / `receive_json` (public as `wirehttp.WSMessageTypeError`, re-exported by
`_client.exceptions` with the client's errors, where aiohttp documents it). It lives here, below
both sides, because the server's `WebSocketResponse` raises it too and `_web` never imports
`_client`. Must not import anything above L2, nor aiohttp.
"""

from __future__ import annotations

import logging

__all__ = ("WSMessageTypeError", "ws_logger")

ws_logger = logging.getLogger("aiohttp.websocket")


class WSMessageTypeError(TypeError):
    """A WebSocket message was not of the type asked for (receive_str got binary...)."""


WSMessageTypeError.__module__ = "wirehttp"

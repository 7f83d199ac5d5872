"""wirehttp.http_websocket: the WebSocket vocabulary (aiohttp.http_websocket's names).

Re-exports only. aiohttp's low-level reader, writer and extension helpers are not provided: the
frame layer is `wirehttp._sansio.ws`, with a different, private API.
"""

from ._io.websocket import WSMessageDecodeText as WSMessageDecodeText
from ._io.websocket import WSMessageNoDecodeText as WSMessageNoDecodeText
from ._sansio.ws.handshake import WS_GUID as WS_KEY
from ._sansio.ws.models import WS_CLOSED_MESSAGE as WS_CLOSED_MESSAGE
from ._sansio.ws.models import WS_CLOSING_MESSAGE as WS_CLOSING_MESSAGE
from ._sansio.ws.models import WebSocketError as WebSocketError
from ._sansio.ws.models import WSCloseCode as WSCloseCode
from ._sansio.ws.models import WSMessage as WSMessage
from ._sansio.ws.models import WSMessageTextBytes as WSMessageTextBytes
from ._sansio.ws.models import WSMsgType as WSMsgType

__all__ = (
    "WSCloseCode",
    "WSMessage",
    "WSMessageDecodeText",
    "WSMessageNoDecodeText",
    "WSMessageTextBytes",
    "WSMsgType",
    "WS_CLOSED_MESSAGE",
    "WS_CLOSING_MESSAGE",
    "WS_KEY",
    "WebSocketError",
)

"""wirehttp.web_ws: the server's WebSocket response (aiohttp.web_ws's names). Re-exports only."""

from ._sansio.ws.models import WSMsgType as WSMsgType
from ._web.websocket import WebSocketReady as WebSocketReady
from ._web.websocket import WebSocketResponse as WebSocketResponse

__all__ = (
    "WSMsgType",
    "WebSocketReady",
    "WebSocketResponse",
)

"""wirehttp.client_ws: the client's WebSocket (aiohttp.client_ws's names). Re-exports only."""

from ._client.websocket import DEFAULT_WS_CLIENT_TIMEOUT as DEFAULT_WS_CLIENT_TIMEOUT
from ._client.websocket import ClientWebSocketResponse as ClientWebSocketResponse
from ._client.websocket import ClientWSTimeout as ClientWSTimeout

__all__ = (
    "ClientWSTimeout",
    "ClientWebSocketResponse",
    "DEFAULT_WS_CLIENT_TIMEOUT",
)

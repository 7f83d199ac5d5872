"""wirehttp.http: HTTP version constants, the status table, the server software string and
the WebSocket vocabulary (as wirehttp.http_websocket)."""

from ._base.http_version import HttpVersion as HttpVersion
from ._base.http_version import HttpVersion10 as HttpVersion10
from ._base.http_version import HttpVersion11 as HttpVersion11
from ._base.status import RESPONSES as RESPONSES
from ._web.response_head import SERVER_SOFTWARE as SERVER_SOFTWARE
from .http_websocket import WS_CLOSED_MESSAGE as WS_CLOSED_MESSAGE
from .http_websocket import WS_CLOSING_MESSAGE as WS_CLOSING_MESSAGE
from .http_websocket import WS_KEY as WS_KEY
from .http_websocket import WebSocketError as WebSocketError
from .http_websocket import WSCloseCode as WSCloseCode
from .http_websocket import WSMessage as WSMessage
from .http_websocket import WSMessageDecodeText as WSMessageDecodeText
from .http_websocket import WSMessageNoDecodeText as WSMessageNoDecodeText
from .http_websocket import WSMessageTextBytes as WSMessageTextBytes
from .http_websocket import WSMsgType as WSMsgType

__all__ = (
    "HttpVersion",
    "HttpVersion10",
    "HttpVersion11",
    "RESPONSES",
    "SERVER_SOFTWARE",
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

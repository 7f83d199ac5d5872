"""wirehttp.log: the named loggers (the same logger names as aiohttp's)."""

from ._base.internal_log import internal_logger as internal_logger
from ._client.client_log import client_logger as client_logger
from ._io.websocket_errors import ws_logger as ws_logger
from ._server.access_log import access_logger as access_logger
from ._server.server import server_logger as server_logger
from ._web.app import web_logger as web_logger

__all__ = (
    "access_logger",
    "client_logger",
    "internal_logger",
    "server_logger",
    "web_logger",
    "ws_logger",
)

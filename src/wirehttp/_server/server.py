"""The low-level server: a protocol factory holding what every connection shares.

Owns: the handler and request factory, the limits and timeouts every connection reads, the set
of live connections, error and access logging hooks, and graceful shutdown (in-flight requests
get `shutdown_timeout` to finish, idle keep-alive connections close at once).
Must not import `_web` or `_client`; `_web` passes its request factory in.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from .._base.limits import MAX_FIELD_SIZE, MAX_HEADERS, MAX_REQUEST_LINE, STREAM_READER_LIMIT
from .access_log import AccessLogger, access_logger
from .protocol import RequestHandler

__all__ = ("Server",)

server_logger = logging.getLogger("aiohttp.server")

DEFAULT_KEEPALIVE_TIMEOUT = (
    75.0  # seconds an idle keep-alive connection stays open (aiohttp's default)
)
DEFAULT_HEADER_READ_TIMEOUT = 60.0  # seconds a client gets to send a complete head once it started


class Server:
    """Creates one `RequestHandler` per connection and keeps track of them."""

    def __init__(
        self,
        handler: Callable[[Any], Awaitable[Any]],
        *,
        request_factory: Callable[..., Any] | None = None,
        handler_cancellation: bool = False,
        loop: asyncio.AbstractEventLoop | None = None,
        keepalive_timeout: float = DEFAULT_KEEPALIVE_TIMEOUT,
        header_read_timeout: float = DEFAULT_HEADER_READ_TIMEOUT,
        max_line_size: int = MAX_REQUEST_LINE,
        max_field_size: int = MAX_FIELD_SIZE,
        max_headers: int = MAX_HEADERS,
        read_bufsize: int = STREAM_READER_LIMIT,
        max_decoded_body: int | None = None,
        access_log: logging.Logger | None = access_logger,
        access_log_class: Any = None,
        access_log_format: str | None = None,
        logger: logging.Logger = server_logger,
        **kwargs: Any,
    ) -> None:
        if request_factory is None:
            raise TypeError("the low-level _server.Server needs a request_factory; use web.Server")
        self._loop = loop
        self.handler = handler
        self.request_handler = handler
        self.request_factory = request_factory
        self.handler_cancellation = handler_cancellation
        self.keepalive_timeout = keepalive_timeout
        self.header_read_timeout = header_read_timeout
        self.max_line_size = max_line_size
        self.max_field_size = max_field_size
        self.max_headers = max_headers
        self.read_bufsize = read_bufsize
        # the most a Content-Encoding'd request body may decode to, whatever app it is routed to
        self.max_decoded_body = max_decoded_body
        self.logger = logger
        self.access_logger = _make_access_logger(access_log, access_log_class, access_log_format)
        self.closing = False
        self._connections: dict[RequestHandler, None] = {}
        self.requests_count = 0
        self._kwargs = kwargs

    def __repr__(self) -> str:
        return f"<Server connections={len(self._connections)} closing={self.closing}>"

    @property
    def connections(self) -> list[RequestHandler]:
        return list(self._connections)

    def __call__(self) -> RequestHandler:
        loop = self._loop or asyncio.get_running_loop()
        return RequestHandler(self, loop=loop)

    def connection_made(self, handler: RequestHandler, transport: asyncio.BaseTransport) -> None:
        self._connections[handler] = None

    def connection_lost(self, handler: RequestHandler, exc: BaseException | None) -> None:
        self._connections.pop(handler, None)

    def log_exception(self, message: str, exc: BaseException) -> None:
        self.logger.error(message, exc_info=exc)

    def log_protocol_error(self, handler: RequestHandler, error: Exception) -> None:
        self.logger.debug("Bad request: %s", error)

    def pre_shutdown(self) -> None:
        """Stop accepting work: idle connections close now, busy ones after their response."""
        self.closing = True
        for conn in list(self._connections):
            conn.close_if_idle()

    async def shutdown(self, timeout: float | None = None) -> None:
        """Wait up to `timeout` for in-flight requests, then cancel what is left."""
        self.pre_shutdown()
        busy = [conn.wait_idle() for conn in list(self._connections)]
        if busy:
            try:
                await asyncio.wait_for(asyncio.gather(*busy), timeout)
            except asyncio.TimeoutError:
                pass
        for conn in list(self._connections):
            conn.cancel_handler()
        self._connections.clear()


def _make_access_logger(logger: logging.Logger | None, cls: Any, fmt: str | None) -> Any:
    if logger is None:
        return None
    if cls is None:
        cls = AccessLogger
    return cls(logger, fmt if fmt is not None else AccessLogger.LOG_FORMAT)

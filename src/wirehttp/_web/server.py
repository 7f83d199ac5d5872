"""`web.Server`: the low-level server for a bare handler, without an Application.

Owns: the default request factory (`BaseRequest`) and turning a raised `HTTPException` into
the response it is, the two things the `_server` layer cannot know about.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from .._server.server import Server as _LowLevelServer
from .exceptions import HTTPException
from .request import BaseRequest

__all__ = ("Server", "make_server")


def _base_request_factory(
    message: Any, payload: Any, protocol: Any, writer: Any, task: Any
) -> BaseRequest:
    return BaseRequest(
        message, payload, protocol, writer, task, protocol.loop if protocol else None
    )


def _catch_http_exceptions(
    handler: Callable[[Any], Awaitable[Any]],
) -> Callable[[Any], Awaitable[Any]]:
    async def handle(request: Any) -> Any:
        try:
            return await handler(request)
        except HTTPException as exc:
            return exc

    return handle


class Server(_LowLevelServer):
    """`web.Server(handler, **kwargs)`: serve `handler(request) -> response` directly."""

    def __init__(
        self,
        handler: Callable[[Any], Awaitable[Any]],
        *,
        request_factory: Any = None,
        handler_cancellation: bool = False,
        loop: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            _catch_http_exceptions(handler),
            request_factory=request_factory or _base_request_factory,
            handler_cancellation=handler_cancellation,
            loop=loop,
            **kwargs,
        )
        self.request_handler = handler


def make_server(handler: Callable[[Any], Awaitable[Any]], **kwargs: Any) -> _LowLevelServer:
    """The Server an Application runs on: its handler already answers HTTPExceptions."""
    return _LowLevelServer(handler, **kwargs)

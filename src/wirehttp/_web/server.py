"""`web.Server`: the low-level server for a bare handler, without an Application.

Owns: the default request factory (`BaseRequest`) and turning a raised `HTTPException` into
the response it is (a returned one is sent too, with aiohttp's DeprecationWarning): the
things the `_server` layer cannot know about.
"""

from __future__ import annotations

import warnings
from collections.abc import Awaitable, Callable
from typing import Any

from .._server.server import Server as _LowLevelServer
from .exceptions import HTTPException
from .request import BaseRequest

__all__ = ("Server", "make_server", "warn_returned_exception")


def warn_returned_exception() -> None:
    """aiohttp 3.14 deprecates returning (rather than raising) an HTTPException (its #2415)."""
    warnings.warn(
        "returning HTTPException object is deprecated (#2415) and will be removed, "
        "please raise the exception instead",
        DeprecationWarning,
        stacklevel=2,
    )


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
            response = await handler(request)
        except HTTPException as exc:
            return exc
        if isinstance(response, HTTPException):
            warn_returned_exception()
        return response

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


Server.__module__ = "wirehttp.web"  # documented as web.Server

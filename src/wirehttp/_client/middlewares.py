"""Client middlewares (aiohttp 3.12+): `async def mw(req, handler) -> ClientResponse`.

Owns the `ClientHandlerType` / `ClientMiddlewareType` typedefs (public in `wirehttp` and
`wirehttp.client_middlewares`), `build_client_middlewares` and `send_through`, which the session
calls once per hop (each redirect hop goes through the chain again, as in aiohttp). The first
middleware given is the outermost; the innermost handler connects and sends. A middleware may
change the request and call its handler again (a retry), or answer without calling it.
Per-request `middlewares=` replaces the session's (an empty tuple turns them off).
Imports nothing from _server or _web.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from .request import ClientRequest
from .response import ClientResponse

__all__ = ("ClientHandlerType", "ClientMiddlewareType", "build_client_middlewares")

ClientHandlerType = Callable[[ClientRequest], Awaitable[ClientResponse]]
ClientMiddlewareType = Callable[[ClientRequest, ClientHandlerType], Awaitable[ClientResponse]]


def build_client_middlewares(
    handler: ClientHandlerType, middlewares: Sequence[ClientMiddlewareType]
) -> ClientHandlerType:
    """`handler` wrapped by `middlewares`, the first one outermost."""
    for middleware in reversed(middlewares):
        handler = _bind(middleware, handler)
    return handler


def _bind(middleware: ClientMiddlewareType, handler: ClientHandlerType) -> ClientHandlerType:
    def call(req: ClientRequest) -> Awaitable[ClientResponse]:
        return middleware(req, handler)

    return call


def hop_handler(
    exchange: Callable[..., Awaitable[ClientResponse]], *args: Any
) -> ClientHandlerType:
    """The innermost handler of one hop: `exchange(req, *args)` (connect and send)."""

    def handler(req: ClientRequest) -> Awaitable[ClientResponse]:
        return exchange(req, *args)

    return handler


def send_through(
    session_middlewares: Sequence[ClientMiddlewareType],
    options: dict[str, Any],
    handler: ClientHandlerType,
    req: ClientRequest,
) -> Awaitable[ClientResponse]:
    """`handler(req)` through the request's `middlewares=` when given (even empty), else the
    session's."""
    chosen = options.get("middlewares")
    middlewares = session_middlewares if chosen is None else chosen
    if not middlewares:
        return handler(req)
    return build_client_middlewares(handler, middlewares)(req)


build_client_middlewares.__module__ = "wirehttp.client_middlewares"

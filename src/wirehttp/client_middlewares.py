"""wirehttp.client_middlewares: the client middleware typedefs and the chain builder."""

from ._client.middlewares import ClientHandlerType as ClientHandlerType
from ._client.middlewares import ClientMiddlewareType as ClientMiddlewareType
from ._client.middlewares import build_client_middlewares as build_client_middlewares

__all__ = ("ClientHandlerType", "ClientMiddlewareType", "build_client_middlewares")

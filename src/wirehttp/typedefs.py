"""wirehttp.typedefs: the type aliases of aiohttp.typedefs that wirehttp has."""

from ._sansio.h1.events import RawHeaders as RawHeaders
from ._web.middlewares import Middleware as Middleware
from ._web.routing._types import Handler as Handler
from ._web.routing._types import PathLike as PathLike

__all__ = (
    "Handler",
    "Middleware",
    "PathLike",
    "RawHeaders",
)

"""wirehttp.abc: the abstract base classes a wirehttp user can subclass (aiohttp.abc's names)."""

from ._io.writer_abc import AbstractStreamWriter as AbstractStreamWriter
from ._server.access_log import AbstractAccessLogger as AbstractAccessLogger
from ._web.routing.interfaces import AbstractMatchInfo as AbstractMatchInfo
from ._web.routing.interfaces import AbstractRouter as AbstractRouter
from ._web.routing.interfaces import AbstractView as AbstractView

__all__ = (
    "AbstractAccessLogger",
    "AbstractMatchInfo",
    "AbstractRouter",
    "AbstractStreamWriter",
    "AbstractView",
)

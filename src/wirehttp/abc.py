"""wirehttp.abc: the abstract base classes a wirehttp user can subclass (aiohttp.abc's names)."""

from ._client.connector.dns import AbstractResolver as AbstractResolver
from ._client.connector.dns import ResolveResult as ResolveResult
from ._client.cookies.abc import AbstractCookieJar as AbstractCookieJar
from ._client.cookies.abc import ClearCookiePredicate as ClearCookiePredicate
from ._io.writer_abc import AbstractStreamWriter as AbstractStreamWriter
from ._server.access_log import AbstractAccessLogger as AbstractAccessLogger
from ._web.routing.interfaces import AbstractMatchInfo as AbstractMatchInfo
from ._web.routing.interfaces import AbstractRouter as AbstractRouter
from ._web.routing.interfaces import AbstractView as AbstractView

__all__ = (
    "AbstractAccessLogger",
    "AbstractCookieJar",
    "AbstractMatchInfo",
    "AbstractResolver",
    "AbstractRouter",
    "AbstractStreamWriter",
    "AbstractView",
    "ClearCookiePredicate",
    "ResolveResult",
)

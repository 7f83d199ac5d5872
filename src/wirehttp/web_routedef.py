"""wirehttp.web_routedef: route definitions (RouteTableDef, web.get() and friends)."""

from ._web.routing import AbstractRouteDef as AbstractRouteDef
from ._web.routing import RouteDef as RouteDef
from ._web.routing import RouteTableDef as RouteTableDef
from ._web.routing import StaticDef as StaticDef
from ._web.routing import delete as delete
from ._web.routing import get as get
from ._web.routing import head as head
from ._web.routing import options as options
from ._web.routing import patch as patch
from ._web.routing import post as post
from ._web.routing import put as put
from ._web.routing import route as route
from ._web.routing import static as static
from ._web.routing import view as view

__all__ = (
    "AbstractRouteDef",
    "RouteDef",
    "RouteTableDef",
    "StaticDef",
    "delete",
    "get",
    "head",
    "options",
    "patch",
    "post",
    "put",
    "route",
    "static",
    "view",
)

"""wirehttp.web_urldispatcher: the router, its resources, routes and class-based views."""

from ._web.routing import AbstractResource as AbstractResource
from ._web.routing import AbstractRoute as AbstractRoute
from ._web.routing import DynamicResource as DynamicResource
from ._web.routing import PlainResource as PlainResource
from ._web.routing import Resource as Resource
from ._web.routing import ResourceRoute as ResourceRoute
from ._web.routing import StaticResource as StaticResource
from ._web.routing import UrlDispatcher as UrlDispatcher
from ._web.routing import UrlMappingMatchInfo as UrlMappingMatchInfo
from ._web.routing import View as View

__all__ = (
    "AbstractResource",
    "AbstractRoute",
    "DynamicResource",
    "PlainResource",
    "Resource",
    "ResourceRoute",
    "StaticResource",
    "UrlDispatcher",
    "UrlMappingMatchInfo",
    "View",
)

"""wirehttp._web.routing: URL routing (aiohttp 3.14's web_urldispatcher, web_routedef and View).

Modules: url_pattern (path syntax and quoting), routes, resources, static_resource and static_files,
subapp (sub-applications and domains), match_info, dispatcher (UrlDispatcher), route_def
(RouteTableDef, web.get()...), class_view (web.View), interfaces (the abstract router classes).
Router contract used by the application: see docs/internals.md (L4) and UrlDispatcher.resolve.
"""

from .class_view import View
from .dispatcher import ResourcesView, RoutesView, UrlDispatcher
from .interfaces import AbstractMatchInfo, AbstractRouter, AbstractView
from .match_info import MatchInfoError, UrlMappingMatchInfo
from .resources import AbstractResource, DynamicResource, PlainResource, PrefixResource, Resource
from .route_def import (
    AbstractRouteDef,
    RouteDef,
    RouteTableDef,
    StaticDef,
    delete,
    get,
    head,
    options,
    patch,
    post,
    put,
    route,
    static,
    view,
)
from .routes import AbstractRoute, ResourceRoute, SystemRoute
from .static_resource import StaticResource
from .subapp import (
    AbstractRuleMatching,
    Domain,
    MaskDomain,
    MatchedSubAppResource,
    PrefixedSubAppResource,
)

__all__ = (
    "AbstractMatchInfo",
    "AbstractResource",
    "AbstractRoute",
    "AbstractRouteDef",
    "AbstractRouter",
    "AbstractRuleMatching",
    "AbstractView",
    "Domain",
    "DynamicResource",
    "MaskDomain",
    "MatchInfoError",
    "MatchedSubAppResource",
    "PlainResource",
    "PrefixResource",
    "PrefixedSubAppResource",
    "Resource",
    "ResourceRoute",
    "ResourcesView",
    "RouteDef",
    "RouteTableDef",
    "RoutesView",
    "StaticDef",
    "StaticResource",
    "SystemRoute",
    "UrlDispatcher",
    "UrlMappingMatchInfo",
    "View",
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

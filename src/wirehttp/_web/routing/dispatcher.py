"""UrlDispatcher: the application's router. Registration (add_* methods, names, freezing) and
`resolve`, plus the ResourcesView / RoutesView it hands out.

Resolution order (aiohttp 3.14's): domain sub-applications first; then the plain resource for
the exact path, found with one dict lookup; then the other resources indexed by the literal
path before their first variable, walking from the full path up towards '/' (deeper first,
registration order within one key). Each resource answers full match / path-only match (its
allowed methods) / no match; a miss is a MatchInfoError carrying 405 with the union of allowed
methods if any resource matched the path, else 404.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sized
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, cast

from ..exceptions import HTTPMethodNotAllowed, HTTPNotFound
from .interfaces import AbstractRouter
from .match_info import MatchInfoError, UrlMappingMatchInfo
from .resources import AbstractResource, DynamicResource, PlainResource, Resource
from .routes import METH_ANY, AbstractRoute
from .static_resource import DEFAULT_CHUNK_SIZE, StaticResource
from .subapp import Domain, MaskDomain, MatchedSubAppResource, PrefixedSubAppResource
from .url_pattern import is_dynamic, to_match_form, validate_name, validate_path

if TYPE_CHECKING:
    from ..app import Application
    from ..request import Request
    from ._types import ExpectHandler, Handler, PathLike
    from .interfaces import AbstractView
    from .route_def import AbstractRouteDef

    _Matcher = Callable[[str, str], UrlMappingMatchInfo | set[str] | None]
    _IndexEntry = tuple[AbstractResource, _Matcher | None]


def _sync_matcher(resource: AbstractResource) -> _Matcher | None:
    """The resource's allocation-free `match_route` if its `resolve` is the stock one."""
    if type(resource).resolve in (Resource.resolve, StaticResource.resolve):
        return cast("_Matcher", resource.match_route)  # type: ignore[attr-defined]
    return None


def _index_key(resource: AbstractResource) -> str:
    """The literal path before the resource's first variable, without trailing '/'."""
    key = resource.canonical
    if "{" in key:
        key = key.partition("{")[0].rpartition("/")[0]
    return to_match_form(key.rstrip("/")) or "/"


class ResourcesView(Sized, Iterable[AbstractResource], Container[AbstractResource]):
    def __init__(self, resources: list[AbstractResource]) -> None:
        self._resources = resources

    def __len__(self) -> int:
        return len(self._resources)

    def __iter__(self) -> Iterator[AbstractResource]:
        yield from self._resources

    def __contains__(self, resource: object) -> bool:
        return resource in self._resources


class RoutesView(Sized, Iterable[AbstractRoute], Container[AbstractRoute]):
    def __init__(self, resources: list[AbstractResource]) -> None:
        self._routes: list[AbstractRoute] = [route for resource in resources for route in resource]

    def __len__(self) -> int:
        return len(self._routes)

    def __iter__(self) -> Iterator[AbstractRoute]:
        yield from self._routes

    def __contains__(self, route: object) -> bool:
        return route in self._routes


class UrlDispatcher(AbstractRouter, Mapping[str, AbstractResource]):
    """The router: resources in registration order, named resources, and the lookup indexes."""

    def __init__(self) -> None:
        super().__init__()
        self._resources: list[AbstractResource] = []
        self._named_resources: dict[str, AbstractResource] = {}
        self._plain: dict[str, list[PlainResource]] = {}
        self._index: dict[str, list[_IndexEntry]] = {}
        self._matched_sub_app_resources: list[MatchedSubAppResource] = []

    async def resolve(self, request: Request) -> UrlMappingMatchInfo:
        method = request.method
        allowed: set[str] | None = None
        for sub_app in self._matched_sub_app_resources:
            match_info, methods = await sub_app.resolve(request)
            if match_info is not None:
                return match_info
            if methods:
                allowed = methods if allowed is None else allowed | methods
        path = request.rel_url.path_safe
        plain = self._plain.get(path)
        if plain is not None:
            for resource in plain:
                outcome = resource.match_route(path, method)
                if type(outcome) is UrlMappingMatchInfo or isinstance(outcome, UrlMappingMatchInfo):
                    return outcome
                if outcome:
                    allowed = set(outcome) if allowed is None else allowed | outcome
        if self._index:
            found = await self._walk_index(request, path, method)
            if isinstance(found, UrlMappingMatchInfo):
                return found
            if found:
                allowed = found if allowed is None else allowed | found
        if allowed:
            return MatchInfoError(HTTPMethodNotAllowed(method, allowed))
        return MatchInfoError(HTTPNotFound())

    def match_fast(self, method: str, path: str) -> UrlMappingMatchInfo | None:
        """The hot path of `resolve()`, without awaiting: a plain or pattern route's match.

        Tries the same resources in the same order as `resolve()`; None means "ask `resolve()`"
        (a miss, a 405, a sub-app or domain, or a custom resource that must be awaited).
        """
        if self._matched_sub_app_resources:
            return None
        plain = self._plain.get(path)
        if plain is not None:
            for resource in plain:
                outcome = resource.match_route(path, method)
                if type(outcome) is UrlMappingMatchInfo:
                    return outcome
            return None
        index = self._index
        part = path
        while True:
            for _resource, matcher in index.get(part, ()):
                if matcher is None:
                    return None
                outcome = matcher(path, method)
                if type(outcome) is UrlMappingMatchInfo:
                    return outcome
                if outcome:
                    return None
            if part == "/":
                return None
            cut = part.rfind("/")
            part = part[:cut] if cut > 0 else "/"

    async def _walk_index(
        self, request: Request, path: str, method: str
    ) -> UrlMappingMatchInfo | set[str] | None:
        """Try indexed resources from the full path up to '/': a match or the allowed methods."""
        allowed: set[str] | None = None
        index = self._index
        part = path
        while True:
            for resource, matcher in index.get(part, ()):
                if matcher is not None:
                    outcome = matcher(path, method)
                    if type(outcome) is UrlMappingMatchInfo or isinstance(
                        outcome, UrlMappingMatchInfo
                    ):
                        return outcome
                    methods = outcome
                else:
                    match_info, methods = await resource.resolve(request)
                    if match_info is not None:
                        return match_info
                if methods:
                    allowed = set(methods) if allowed is None else allowed | methods
            if part == "/":
                return allowed
            cut = part.rfind("/")
            part = part[:cut] if cut > 0 else "/"

    # -- the Mapping of named resources --------------------------------------------------------

    def __iter__(self) -> Iterator[str]:
        return iter(self._named_resources)

    def __len__(self) -> int:
        return len(self._named_resources)

    def __contains__(self, resource: object) -> bool:
        return resource in self._named_resources

    def __getitem__(self, name: str) -> AbstractResource:
        return self._named_resources[name]

    def resources(self) -> ResourcesView:
        return ResourcesView(self._resources)

    def routes(self) -> RoutesView:
        return RoutesView(self._resources)

    def named_resources(self) -> Mapping[str, AbstractResource]:
        return MappingProxyType(self._named_resources)

    # -- registration --------------------------------------------------------------------------

    def _check_not_frozen(self) -> None:
        if self._frozen:
            raise RuntimeError("Cannot register a resource into frozen router.")

    def register_resource(self, resource: AbstractResource) -> None:
        if not isinstance(resource, AbstractResource):
            raise TypeError(f"Instance of AbstractResource class is required, got {resource!r}")
        self._check_not_frozen()
        name = resource.name
        if name is not None:
            validate_name(name)
            if name in self._named_resources:
                raise ValueError(
                    f"Duplicate {name!r}, already handled by {self._named_resources[name]!r}"
                )
            self._named_resources[name] = resource
        self._resources.append(resource)
        if isinstance(resource, MatchedSubAppResource):
            self._matched_sub_app_resources.append(resource)  # rules cannot be indexed by path
        else:
            self.index_resource(resource)

    def index_resource(self, resource: AbstractResource) -> None:
        """Add a registered resource to the lookup indexes (under its current path)."""
        if isinstance(resource, PlainResource) and _sync_matcher(resource) is not None:
            self._plain.setdefault(resource.match_path, []).append(resource)
        else:
            self._index.setdefault(_index_key(resource), []).append(
                (resource, _sync_matcher(resource))
            )

    def unindex_resource(self, resource: AbstractResource) -> None:
        """Remove a resource from the indexes (before its path changes)."""
        if isinstance(resource, PlainResource) and _sync_matcher(resource) is not None:
            bucket: list[Any] = self._plain[resource.match_path]
            bucket.remove(resource)
            if not bucket:
                del self._plain[resource.match_path]
            return
        key = _index_key(resource)
        entries = self._index[key]
        entries[:] = [entry for entry in entries if entry[0] is not resource]
        if not entries:
            del self._index[key]

    def add_resource(self, path: str, *, name: str | None = None) -> Resource:
        self._check_not_frozen()
        validate_path(path)
        if self._resources:
            last = self._resources[-1]
            if last.name == name and last.raw_match(path):
                return cast(Resource, last)  # more methods for the resource just added
        resource: Resource
        resource = (
            DynamicResource(path, name=name) if is_dynamic(path) else PlainResource(path, name=name)
        )
        self.register_resource(resource)
        return resource

    def add_route(
        self,
        method: str,
        path: str,
        handler: Handler | type[AbstractView],
        *,
        name: str | None = None,
        expect_handler: ExpectHandler | None = None,
    ) -> AbstractRoute:
        resource = self.add_resource(path, name=name)
        return resource.add_route(method, handler, expect_handler=expect_handler)

    def add_static(
        self,
        prefix: str,
        path: PathLike,
        *,
        name: str | None = None,
        expect_handler: ExpectHandler | None = None,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        show_index: bool = False,
        follow_symlinks: bool = False,
        append_version: bool = False,
    ) -> StaticResource:
        """Serve the files under directory `path` at URL `prefix`."""
        if not prefix.startswith("/"):
            raise ValueError(f"prefix should start with '/', got {prefix!r}")
        resource = StaticResource(
            prefix.rstrip("/"),
            path,
            name=name,
            expect_handler=expect_handler,
            chunk_size=chunk_size,
            show_index=show_index,
            follow_symlinks=follow_symlinks,
            append_version=append_version,
        )
        self.register_resource(resource)
        return resource

    def add_subapp_resource(self, prefix: str, app: Application) -> PrefixedSubAppResource:
        """Register `app` under `prefix` (Application.add_subapp validates, then calls this)."""
        resource = PrefixedSubAppResource(prefix, app)
        self.register_resource(resource)
        return resource

    def add_domain_resource(self, domain: str, app: Application) -> MatchedSubAppResource:
        """Register `app` for requests whose Host matches `domain` ('*' labels allowed)."""
        rule = MaskDomain(domain) if "*" in domain else Domain(domain)
        resource = MatchedSubAppResource(rule, app)
        self.register_resource(resource)
        return resource

    def add_get(
        self,
        path: str,
        handler: Handler,
        *,
        name: str | None = None,
        allow_head: bool = True,
        **kwargs: Any,
    ) -> AbstractRoute:
        """GET route; also registers HEAD for the same handler unless allow_head is False."""
        resource = self.add_resource(path, name=name)
        if allow_head:
            resource.add_route("HEAD", handler, **kwargs)
        return resource.add_route("GET", handler, **kwargs)

    def add_head(self, path: str, handler: Handler, **kwargs: Any) -> AbstractRoute:
        return self.add_route("HEAD", path, handler, **kwargs)

    def add_options(self, path: str, handler: Handler, **kwargs: Any) -> AbstractRoute:
        return self.add_route("OPTIONS", path, handler, **kwargs)

    def add_post(self, path: str, handler: Handler, **kwargs: Any) -> AbstractRoute:
        return self.add_route("POST", path, handler, **kwargs)

    def add_put(self, path: str, handler: Handler, **kwargs: Any) -> AbstractRoute:
        return self.add_route("PUT", path, handler, **kwargs)

    def add_patch(self, path: str, handler: Handler, **kwargs: Any) -> AbstractRoute:
        return self.add_route("PATCH", path, handler, **kwargs)

    def add_delete(self, path: str, handler: Handler, **kwargs: Any) -> AbstractRoute:
        return self.add_route("DELETE", path, handler, **kwargs)

    def add_view(self, path: str, handler: type[AbstractView], **kwargs: Any) -> AbstractRoute:
        """A class-based view answering every method (it dispatches on the method itself)."""
        return self.add_route(METH_ANY, path, handler, **kwargs)

    def add_routes(self, routes: Iterable[AbstractRouteDef]) -> list[AbstractRoute]:
        """Register route definitions (RouteTableDef, web.get()...); returns the new routes."""
        registered: list[AbstractRoute] = []
        for route_def in routes:
            registered.extend(route_def.register(self))
        return registered

    def freeze(self) -> None:
        """No more resources; paths settle (a sub-application's '' root becomes '/')."""
        super().freeze()
        for resource in self._resources:
            resource.freeze()
        self._plain.clear()
        self._index.clear()
        for resource in self._resources:
            if not isinstance(resource, MatchedSubAppResource):
                self.index_resource(resource)

    def __repr__(self) -> str:
        return f"<UrlDispatcher resources={len(self._resources)} frozen={self._frozen}>"


for _cls in (ResourcesView, RoutesView, UrlDispatcher):
    _cls.__module__ = "wirehttp.web"

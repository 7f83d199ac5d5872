"""Resources: a path (or prefix) with its routes. AbstractResource, Resource, PlainResource,
DynamicResource, PrefixResource.

Matching has three outcomes (`Resource.match_route`): a UrlMappingMatchInfo (path and method
match), the resource's allowed-methods set (path matches, method does not: a 405 candidate), or
None (path does not match). Paths are compared in `URL.path_safe` form (see url_pattern).
Must not import the dispatcher, static files or sub-application resources.
"""

from __future__ import annotations

import abc
import re
from collections.abc import Iterable, Iterator, Sized
from typing import TYPE_CHECKING, Any, Final

from yarl import URL

from .match_info import UrlMappingMatchInfo
from .routes import METH_ANY, AbstractRoute, ResourceRoute
from .url_pattern import (
    compile_template,
    quote_path,
    requote_path,
    to_match_form,
    unquote_kept,
    validate_method,
)

if TYPE_CHECKING:
    from ..request import Request
    from ._types import ExpectHandler, Handler, InfoDict
    from .interfaces import AbstractView

    ResolveResult = tuple[UrlMappingMatchInfo | None, set[str]]

_NO_VARIABLES: Final[dict[str, str]] = {}


def check_prefix(prefix: str) -> None:
    """A prefix added to a registered resource: '/x' form, no trailing '/'."""
    if not prefix.startswith("/") or prefix.endswith("/") or len(prefix) < 2:
        raise ValueError(f"Invalid prefix {prefix!r}: must start with '/' and not end with '/'")


class AbstractResource(Sized, Iterable[AbstractRoute]):
    """Something the router can match a request against; owns zero or more routes."""

    def __init__(self, *, name: str | None = None) -> None:
        self._name = name

    @property
    def name(self) -> str | None:
        return self._name

    @property
    @abc.abstractmethod
    def canonical(self) -> str:
        """The resource's canonical path, e.g. '/users/{id}' (also its router index key)."""

    @abc.abstractmethod
    def url_for(self, **kwargs: Any) -> URL:
        """Build a URL for this resource."""

    @abc.abstractmethod
    async def resolve(self, request: Request) -> ResolveResult:
        """Return (match info or None, methods allowed on this path)."""

    @abc.abstractmethod
    def add_prefix(self, prefix: str) -> None:
        """Prepend a sub-application prefix to the matched path."""

    @abc.abstractmethod
    def get_info(self) -> InfoDict:
        """Introspection data."""

    def freeze(self) -> None:
        """Called when the router freezes."""

    @abc.abstractmethod
    def raw_match(self, path: str) -> bool:
        """Whether `path` is this resource's path exactly as registered."""


class Resource(AbstractResource):
    """A resource holding one route per method (plus an optional any-method route)."""

    def __init__(self, *, name: str | None = None) -> None:
        super().__init__(name=name)
        self._routes: dict[str, ResourceRoute] = {}
        self._any_route: ResourceRoute | None = None
        self._allowed_methods: set[str] = set()

    def add_route(
        self,
        method: str,
        handler: Handler | type[AbstractView],
        *,
        expect_handler: ExpectHandler | None = None,
    ) -> ResourceRoute:
        existing = self._routes.get(validate_method(method), self._any_route)
        if existing is not None:
            raise RuntimeError(
                f"Added route will never be executed, method {existing.method} is already registered"
            )
        route = ResourceRoute(method, handler, self, expect_handler=expect_handler)
        self.register_route(route)
        return route

    def register_route(self, route: ResourceRoute) -> None:
        if not isinstance(route, ResourceRoute):
            raise TypeError(f"Instance of ResourceRoute class is required, got {route!r}")
        if route.method == METH_ANY:
            self._any_route = route
        self._allowed_methods.add(route.method)
        self._routes[route.method] = route

    def match_route(self, path: str, method: str) -> UrlMappingMatchInfo | set[str] | None:
        """Three outcomes: match info, the allowed-methods set (405 candidate), or None."""
        variables = self._match(path)
        if variables is None:
            return None
        route = self._routes.get(method, self._any_route)
        if route is None:
            return self._allowed_methods
        return UrlMappingMatchInfo(variables, route)

    async def resolve(self, request: Request) -> ResolveResult:
        outcome = self.match_route(request.rel_url.path_safe, request.method)
        if outcome is None:
            return None, set()
        if isinstance(outcome, UrlMappingMatchInfo):
            return outcome, self._allowed_methods
        return None, outcome

    @abc.abstractmethod
    def _match(self, path: str) -> dict[str, str] | None:
        """The path variables if `path` (in path_safe form) matches, else None."""

    def __len__(self) -> int:
        return len(self._routes)

    def __iter__(self) -> Iterator[ResourceRoute]:
        return iter(self._routes.values())


class PlainResource(Resource):
    """A fixed path; the dispatcher finds it with one dict lookup on `match_path`."""

    def __init__(self, path: str, *, name: str | None = None) -> None:
        super().__init__(name=name)
        if path and not path.startswith("/"):
            raise ValueError(f"path should be started with / or be empty, got {path!r}")
        self._path = path
        self._match_path = to_match_form(requote_path(path))

    @property
    def canonical(self) -> str:
        return self._path

    @property
    def match_path(self) -> str:
        """The request path (URL.path_safe form) this resource answers."""
        return self._match_path

    def freeze(self) -> None:
        if not self._path:  # a sub-application's root route
            self._path = "/"
            self._match_path = "/"

    def add_prefix(self, prefix: str) -> None:
        check_prefix(prefix)
        self._path = prefix + self._path
        self._match_path = to_match_form(requote_path(self._path))

    def _match(self, path: str) -> dict[str, str] | None:
        return _NO_VARIABLES if path == self._match_path else None

    def raw_match(self, path: str) -> bool:
        return self._path == path

    def get_info(self) -> InfoDict:
        return {"path": self._path}

    def url_for(self) -> URL:  # type: ignore[override]
        return URL.build(path=requote_path(self._path), encoded=True)

    def __repr__(self) -> str:
        name = f"'{self.name}' " if self.name is not None else ""
        return f"<PlainResource {name} {self._path}>"


class DynamicResource(Resource):
    """A path template with `{name}` / `{name:regex}` variables, compiled once."""

    def __init__(self, path: str, *, name: str | None = None) -> None:
        super().__init__(name=name)
        if not path.startswith("/"):
            raise ValueError(f"path should be started with /, got {path!r}")
        self._orig_path = path
        self._pattern, self._formatter = compile_template(path)

    @property
    def canonical(self) -> str:
        return self._formatter

    def add_prefix(self, prefix: str) -> None:
        check_prefix(prefix)
        quoted = requote_path(prefix)
        self._pattern = re.compile(re.escape(to_match_form(quoted)) + self._pattern.pattern)
        self._formatter = quoted + self._formatter
        self._orig_path = prefix + self._orig_path

    def _match(self, path: str) -> dict[str, str] | None:
        match = self._pattern.fullmatch(path)
        if match is None:
            return None
        if "%" not in path:
            return match.groupdict()
        return {key: unquote_kept(value) for key, value in match.groupdict().items()}

    def raw_match(self, path: str) -> bool:
        return self._orig_path == path

    def get_info(self) -> InfoDict:
        return {"formatter": self._formatter, "pattern": self._pattern}

    def url_for(self, **parts: str) -> URL:
        path = self._formatter.format_map({key: quote_path(value) for key, value in parts.items()})
        return URL.build(path=path, encoded=True)

    def __repr__(self) -> str:
        name = f"'{self.name}' " if self.name is not None else ""
        return f"<DynamicResource {name} {self._formatter}>"


class PrefixResource(AbstractResource):
    """A resource matching every path under a prefix (static files, sub-applications)."""

    def __init__(self, prefix: str, *, name: str | None = None) -> None:
        if prefix and not prefix.startswith("/"):
            raise ValueError(f"prefix should start with '/', got {prefix!r}")
        if prefix not in ("", "/") and prefix.endswith("/"):
            raise ValueError(f"prefix should not end with '/', got {prefix!r}")
        super().__init__(name=name)
        self._set_prefix(requote_path(prefix))

    def _set_prefix(self, prefix: str) -> None:
        self._prefix = prefix
        self._prefix2 = prefix + "/"
        self._match_prefix = to_match_form(prefix)
        self._match_prefix2 = self._match_prefix + "/"

    @property
    def canonical(self) -> str:
        return self._prefix

    def add_prefix(self, prefix: str) -> None:
        check_prefix(prefix)
        self._set_prefix(requote_path(prefix) + self._prefix)

    def raw_match(self, path: str) -> bool:
        return False


for _cls in (AbstractResource, Resource, PlainResource, DynamicResource, PrefixResource):
    _cls.__module__ = "wirehttp.web"

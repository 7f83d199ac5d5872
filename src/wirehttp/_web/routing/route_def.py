"""Route definitions registered later with `router.add_routes`: AbstractRouteDef, RouteDef,
StaticDef, RouteTableDef (the decorator table) and the `web.get()` / `web.post()` ... functions.

Definitions are plain data; registering them is the router's job. Must not import the dispatcher
at run time.
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Union, overload

from .interfaces import AbstractView
from .routes import METH_ANY

if TYPE_CHECKING:
    from ._types import Handler, PathLike
    from .dispatcher import UrlDispatcher
    from .routes import AbstractRoute

_HandlerType = Union[type[AbstractView], "Handler"]
_Deco = Callable[[_HandlerType], _HandlerType]

# Methods with an `add_<method>` shortcut on the router (GET's also registers HEAD).
_SHORTCUTS = frozenset({"GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"})


def _kwargs_repr(kwargs: dict[str, Any]) -> str:
    return "".join(f", {name}={value!r}" for name, value in sorted(kwargs.items()))


class AbstractRouteDef(abc.ABC):
    __slots__ = ()

    @abc.abstractmethod
    def register(self, router: UrlDispatcher) -> list[AbstractRoute]:
        """Add this definition to `router`; return the routes it created."""


@dataclass(frozen=True, repr=False, slots=True)
class RouteDef(AbstractRouteDef):
    """A route to register: method, path, handler and add_route keyword arguments."""

    method: str
    path: str
    handler: _HandlerType
    kwargs: dict[str, Any]

    def __repr__(self) -> str:
        handler_name = getattr(self.handler, "__name__", repr(self.handler))
        return (
            f"<RouteDef {self.method} {self.path} -> {handler_name!r}{_kwargs_repr(self.kwargs)}>"
        )

    def register(self, router: UrlDispatcher) -> list[AbstractRoute]:
        if self.method in _SHORTCUTS:
            add = getattr(router, "add_" + self.method.lower())
            return [add(self.path, self.handler, **self.kwargs)]
        return [router.add_route(self.method, self.path, self.handler, **self.kwargs)]


@dataclass(frozen=True, repr=False, slots=True)
class StaticDef(AbstractRouteDef):
    """A static directory to register with add_static."""

    prefix: str
    path: PathLike
    kwargs: dict[str, Any]

    def __repr__(self) -> str:
        return f"<StaticDef {self.prefix} -> {self.path}{_kwargs_repr(self.kwargs)}>"

    def register(self, router: UrlDispatcher) -> list[AbstractRoute]:
        resource = router.add_static(self.prefix, self.path, **self.kwargs)
        return list(resource)


def route(method: str, path: str, handler: _HandlerType, **kwargs: Any) -> RouteDef:
    return RouteDef(method, path, handler, kwargs)


def head(path: str, handler: _HandlerType, **kwargs: Any) -> RouteDef:
    return route("HEAD", path, handler, **kwargs)


def options(path: str, handler: _HandlerType, **kwargs: Any) -> RouteDef:
    return route("OPTIONS", path, handler, **kwargs)


def get(
    path: str,
    handler: _HandlerType,
    *,
    name: str | None = None,
    allow_head: bool = True,
    **kwargs: Any,
) -> RouteDef:
    return route("GET", path, handler, name=name, allow_head=allow_head, **kwargs)


def post(path: str, handler: _HandlerType, **kwargs: Any) -> RouteDef:
    return route("POST", path, handler, **kwargs)


def put(path: str, handler: _HandlerType, **kwargs: Any) -> RouteDef:
    return route("PUT", path, handler, **kwargs)


def patch(path: str, handler: _HandlerType, **kwargs: Any) -> RouteDef:
    return route("PATCH", path, handler, **kwargs)


def delete(path: str, handler: _HandlerType, **kwargs: Any) -> RouteDef:
    return route("DELETE", path, handler, **kwargs)


def view(path: str, handler: type[AbstractView], **kwargs: Any) -> RouteDef:
    return route(METH_ANY, path, handler, **kwargs)


def static(prefix: str, path: PathLike, **kwargs: Any) -> StaticDef:
    return StaticDef(prefix, path, kwargs)


class RouteTableDef(Sequence[AbstractRouteDef]):
    """A list of route definitions filled by decorators (`@routes.get("/")`)."""

    def __init__(self) -> None:
        self._items: list[AbstractRouteDef] = []

    def __repr__(self) -> str:
        return f"<RouteTableDef count={len(self._items)}>"

    @overload
    def __getitem__(self, index: int) -> AbstractRouteDef: ...

    @overload
    def __getitem__(self, index: slice) -> list[AbstractRouteDef]: ...

    def __getitem__(self, index: int | slice) -> AbstractRouteDef | list[AbstractRouteDef]:
        return self._items[index]

    def __iter__(self) -> Iterator[AbstractRouteDef]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, item: object) -> bool:
        return item in self._items

    def route(self, method: str, path: str, **kwargs: Any) -> _Deco:
        def inner(handler: _HandlerType) -> _HandlerType:
            self._items.append(RouteDef(method, path, handler, kwargs))
            return handler

        return inner

    def head(self, path: str, **kwargs: Any) -> _Deco:
        return self.route("HEAD", path, **kwargs)

    def get(self, path: str, **kwargs: Any) -> _Deco:
        return self.route("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> _Deco:
        return self.route("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> _Deco:
        return self.route("PUT", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> _Deco:
        return self.route("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> _Deco:
        return self.route("DELETE", path, **kwargs)

    def options(self, path: str, **kwargs: Any) -> _Deco:
        return self.route("OPTIONS", path, **kwargs)

    def view(self, path: str, **kwargs: Any) -> _Deco:
        return self.route(METH_ANY, path, **kwargs)

    def static(self, prefix: str, path: PathLike, **kwargs: Any) -> None:
        self._items.append(StaticDef(prefix, path, kwargs))


for _cls in (AbstractRouteDef, RouteDef, StaticDef, RouteTableDef):
    _cls.__module__ = "wirehttp.web"
for _func in (route, head, options, get, post, put, patch, delete, view, static):
    _func.__module__ = "wirehttp.web"

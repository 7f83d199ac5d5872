"""UrlMappingMatchInfo (a resolved request: path variables, route, app stack) and MatchInfoError.

A match info is the one object the router allocates per request. It is a dict of the path
variables; the applications that handle the request are kept as a tuple so the common
single-application case allocates nothing more.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .interfaces import AbstractMatchInfo
from .routes import SystemRoute

if TYPE_CHECKING:
    from ..app import Application
    from ..exceptions import HTTPException
    from ._types import ExpectHandler, Handler
    from .routes import AbstractRoute

    _BaseDict = dict[str, str]
else:
    _BaseDict = dict


class UrlMappingMatchInfo(_BaseDict, AbstractMatchInfo):
    """Path variables of a matched request plus the route, handler and application stack."""

    __slots__ = ("_apps", "_current_app", "_frozen", "_route")

    def __init__(self, match_dict: dict[str, str], route: AbstractRoute) -> None:
        super().__init__(match_dict)
        self._route = route
        self._apps: tuple[Application, ...] = ()
        self._current_app: Application | None = None
        self._frozen = False

    @property
    def handler(self) -> Handler:
        return self._route.handler

    @property
    def route(self) -> AbstractRoute:
        return self._route

    @property
    def expect_handler(self) -> ExpectHandler:
        return self._route.handle_expect_header

    @property
    def http_exception(self) -> HTTPException | None:
        return None

    def get_info(self) -> dict[str, Any]:
        return self._route.get_info()

    @property
    def apps(self) -> tuple[Application, ...]:
        """Applications from the outermost (root) to the innermost (the route's own)."""
        return self._apps

    def add_app(self, app: Application) -> None:
        """Push an enclosing application; sub-applications add themselves before their parents."""
        if self._frozen:
            raise RuntimeError("Cannot change apps stack after .freeze() call")
        if self._current_app is None:
            self._current_app = app
        self._apps = (app, *self._apps)

    @property
    def current_app(self) -> Application:
        app = self._current_app
        if app is None:
            raise RuntimeError("No application was added to this match info")
        return app

    @current_app.setter
    def current_app(self, app: Application) -> None:
        if app not in self._apps:
            raise RuntimeError(f"Expected one of the following apps {self._apps!r}, got {app!r}")
        self._current_app = app

    def freeze(self) -> None:
        self._frozen = True

    def __repr__(self) -> str:
        return f"<MatchInfo {dict.__repr__(self)}: {self._route}>"


class MatchInfoError(UrlMappingMatchInfo):
    """A miss: its handler raises the carried 404 or 405 (the latter with an `Allow` header)."""

    __slots__ = ("_exception",)

    def __init__(self, http_exception: HTTPException) -> None:
        self._exception = http_exception
        super().__init__({}, SystemRoute(http_exception))

    @property
    def http_exception(self) -> HTTPException:
        return self._exception

    def __repr__(self) -> str:
        return f"<MatchInfoError {self._exception.status}: {self._exception.reason}>"


UrlMappingMatchInfo.__module__ = "wirehttp.web"
MatchInfoError.__module__ = "wirehttp.web"

"""CorsConfig and setup(): enabling CORS on resources and routes of one Application.

Owns: CorsConfig (add(), the preflight endpoints it installs, the on_response_prepare receiver
that adds CORS headers to actual responses) and setup(). A resource gets CORS by an OPTIONS
route answering its preflights (a StaticResource through set_options_route); an actual
response gets its headers just before its head is sent. A response whose handler already set
Access-Control-Allow-Origin is left as it is.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

from ... import hdrs
from ..._web.app import Application
from ..._web.request import Request
from ..._web.response import Response
from ..._web.routing.resources import AbstractResource, Resource
from ..._web.routing.routes import AbstractRoute
from ..._web.routing.static_resource import StaticResource
from ..._web.stream_response import StreamResponse
from .answer import preflight_response
from .keys import CONFIG_KEY
from .mixin import CorsViewMixin
from .options import ResourceOptions, parse_config
from .registry import ResourceRegistry
from .rules import ALLOW_ORIGIN, actual_headers, options_for

__all__ = ("CorsConfig", "setup")


class _PreflightEndpoint:
    """The OPTIONS handler of one CORS-enabled resource."""

    __slots__ = ("_registry", "_resource")

    def __init__(self, registry: ResourceRegistry, resource: AbstractResource) -> None:
        self._registry = registry
        self._resource = resource

    async def handle(self, request: Request) -> Response:
        resource, registry = self._resource, self._registry
        return preflight_response(
            request, lambda origin, method: registry.preflight_config(resource, origin, method)
        )


def _view_class(route: AbstractRoute) -> type[CorsViewMixin] | None:
    handler = route.handler
    if isinstance(handler, type) and issubclass(handler, CorsViewMixin):
        return handler
    return None


def _add_vary_origin(response: StreamResponse) -> None:
    values = ",".join(response.headers.getall("Vary", ()))
    tokens = {token.strip().lower() for token in values.split(",")}
    if "origin" not in tokens and "*" not in tokens:
        response.headers.add("Vary", "Origin")


class CorsConfig:
    """The CORS configuration of one Application: defaults plus what add() enabled."""

    def __init__(self, app: Application, *, defaults: Mapping[str, Any] | None = None) -> None:
        self._app = app
        self.defaults: dict[str, ResourceOptions] = parse_config(defaults)
        self._registry = ResourceRegistry(self.defaults)
        self._view_routes: set[AbstractRoute] = set()  # their actual responses get headers
        app.on_response_prepare.append(self._on_response_prepare)

    def add(
        self, routing_entity: Any, config: Mapping[str, Any] | None = None, webview: bool = False
    ) -> Any:
        """Enable CORS on a resource or a route, with `{origin: options}` over the defaults.

        Returns `routing_entity`. A CorsViewMixin view answers its own preflights; adding its
        route makes its actual responses carry the headers too. `webview=True` is accepted, and
        deprecated, as in aiohttp_cors: views are recognised without it.
        """
        if webview:
            warnings.warn(
                "CorsConfig.add(webview=True) is deprecated: CorsViewMixin views are found "
                "without it",
                DeprecationWarning,
                stacklevel=2,
            )
        parsed = parse_config(config)
        if isinstance(routing_entity, AbstractRoute):
            self._add_route(routing_entity, parsed)
        elif isinstance(routing_entity, AbstractResource):
            self._enable(routing_entity, parsed)
        else:
            raise ValueError(f"a resource or a route is expected, got {routing_entity!r}")
        return routing_entity

    def _add_route(self, route: AbstractRoute, config: dict[str, ResourceOptions]) -> None:
        if _view_class(route) is not None:
            self._view_routes.add(route)
            return
        resource = route.resource
        if resource is None:
            raise ValueError(f"{route!r} belongs to no resource")
        if resource not in self._registry:
            self._enable(resource, config)  # its first route's config stands for the resource
        self._registry.add_route(resource, route.method, config)

    def _enable(self, resource: AbstractResource, config: dict[str, ResourceOptions]) -> None:
        if resource in self._registry:
            raise ValueError(f"CORS is already configured for {resource!r}")
        endpoint = _PreflightEndpoint(self._registry, resource)
        if isinstance(resource, StaticResource):
            resource.set_options_route(endpoint.handle)
        elif isinstance(resource, Resource):
            for route in resource:
                if route.method in (hdrs.METH_OPTIONS, hdrs.METH_ANY):
                    raise ValueError(
                        f"{resource!r} already has a {route.method} route, which would "
                        "shadow the CORS preflight answer"
                    )
            resource.add_route(hdrs.METH_OPTIONS, endpoint.handle)
        else:
            raise ValueError(f"CORS cannot be enabled on {resource!r}")
        self._registry.add_resource(resource, config)

    def _config_for(self, request: Request) -> Mapping[str, ResourceOptions] | None:
        route = request.match_info.route
        if isinstance(getattr(route.handler, "__self__", None), _PreflightEndpoint):
            return None  # a preflight answer is complete as it is
        view = _view_class(route)
        if view is not None:
            if route not in self._view_routes:
                return None
            return view.get_request_config(request, request.method)
        if route.resource is None:
            return None
        return self._registry.actual_config(route.resource, request.method)

    async def _on_response_prepare(self, request: Request, response: StreamResponse) -> None:
        origin = request.headers.get("Origin")
        if origin is None or ALLOW_ORIGIN in response.headers:
            return
        config = self._config_for(request)
        options = options_for(config, origin) if config is not None else None
        if options is None:
            return
        for name, value in actual_headers(origin, options, response.headers.keys()):
            if name == "Vary":
                _add_vary_origin(response)
            else:
                response.headers[name] = value

    def __repr__(self) -> str:
        return f"<CorsConfig defaults={sorted(self.defaults)} {self._registry!r}>"


def setup(app: Application, *, defaults: Mapping[str, Any] | None = None) -> CorsConfig:
    """Make the app's CorsConfig (kept on the app) with `{origin: options}` defaults."""
    cors = CorsConfig(app, defaults=defaults)
    app[CONFIG_KEY] = cors
    return cors


CorsConfig.__module__ = "wirehttp.cors"  # documented as wirehttp.cors.<name>
setup.__module__ = "wirehttp.cors"

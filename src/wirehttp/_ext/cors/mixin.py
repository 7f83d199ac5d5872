"""CORS for class-based views: CorsViewMixin and the per-method `@custom_cors(...)`.

Owns: CorsViewMixin, custom_cors. A view class that mixes this in answers its own preflights
(its `options()`); its actual responses get CORS headers once its route is passed to
CorsConfig.add(). The config for a method is the app's defaults, layered with the class's
`cors_config`, layered with the method's `@custom_cors`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from ... import hdrs
from ..._web.request import Request
from ..._web.response import Response
from .answer import preflight_response
from .keys import CONFIG_KEY
from .options import ResourceOptions, parse_config

__all__ = ("CorsViewMixin", "custom_cors")

_F = TypeVar("_F", bound=Callable[..., Any])
_CUSTOM = "__wirehttp_cors_config__"


def custom_cors(config: Mapping[str, Any]) -> Callable[[_F], _F]:
    """Give one method of a CorsViewMixin view its own `{origin: options}` config."""
    parsed = parse_config(config)

    def mark(method: _F) -> _F:
        setattr(method, _CUSTOM, parsed)
        return method

    return mark


class CorsViewMixin:
    """Mix into a web.View subclass to serve it with CORS (see the module docstring)."""

    cors_config: Mapping[str, Any] | None = None

    @classmethod
    def get_request_config(
        cls, request: Request, request_method: str
    ) -> dict[str, ResourceOptions] | None:
        """The `{origin: options}` for `request_method` on this view; None: no such method."""
        if request_method not in hdrs.METH_ALL or request_method == hdrs.METH_OPTIONS:
            return None
        handler = getattr(cls, request_method.lower(), None)
        if handler is None:
            return None
        cors = request.config_dict.get(CONFIG_KEY)
        merged = dict(cors.defaults if cors is not None else {})
        merged.update(parse_config(cls.cors_config))
        merged.update(getattr(handler, _CUSTOM, {}))
        return merged

    async def options(self) -> Response:
        """Answer a preflight for this view."""
        request: Request = self.request  # type: ignore[attr-defined]
        return preflight_response(
            request, lambda _origin, method: self.get_request_config(request, method)
        )


CorsViewMixin.__module__ = "wirehttp.cors"  # documented as wirehttp.cors.<name>
custom_cors.__module__ = "wirehttp.cors"

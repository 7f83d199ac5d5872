"""Turning a preflight decision into a response: 200 with the CORS headers, or 403.

Owns: preflight_response, the request-header names a preflight reads. Used by the resource
preflight endpoint (config.py) and by CorsViewMixin.options() (mixin.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ..._web.exceptions import HTTPForbidden
from ..._web.request import Request
from ..._web.response import Response
from .options import ResourceOptions
from .rules import PreflightRefused, preflight_headers

__all__ = ("REQUEST_HEADERS", "REQUEST_METHOD", "preflight_response")

REQUEST_METHOD = "Access-Control-Request-Method"
REQUEST_HEADERS = "Access-Control-Request-Headers"

ConfigFor = Callable[[str, str], Mapping[str, ResourceOptions] | None]


def preflight_response(request: Request, config_for: ConfigFor) -> Response:
    """Answer the preflight `request`; `config_for(origin, method)` gives what applies."""
    headers = request.headers
    origin = headers.get("Origin")
    method = headers.get(REQUEST_METHOD)
    config = None
    if origin is not None and method is not None:
        config = config_for(origin, method)
    try:
        answer = preflight_headers(origin, method, headers.get(REQUEST_HEADERS), config)
    except PreflightRefused as refused:
        raise HTTPForbidden(text=f"CORS preflight request refused: {refused}") from None
    return Response(headers=answer)

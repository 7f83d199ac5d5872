"""`@template("page.html")`: a handler returns a mapping, the decorator renders it.

Owns: template. Works on plain handlers (the request is the last argument) and on class-based
view methods (the first argument is the view; its `.request` is used). A handler that returns a
StreamResponse (a redirect, an error page) passes through untouched. The environment decides
the rendering path: `enable_async=True` renders with `render_template_async`.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any

import jinja2

from ..._base.appkey import AppKey
from ..._web.request import Request
from ..._web.routing.interfaces import AbstractView
from ..._web.stream_response import StreamResponse
from .keys import APP_KEY
from .render import render_template, render_template_async

__all__ = ("template",)

_Handler = Callable[..., Awaitable[Any]]


def _request_of(args: tuple[Any, ...]) -> Request:
    if args and isinstance(args[0], AbstractView):
        return args[0].request
    return args[-1]  # type: ignore[no-any-return]


def template(
    template_name: str,
    *,
    app_key: AppKey[jinja2.Environment] = APP_KEY,
    encoding: str = "utf-8",
    status: int = 200,
) -> Callable[[_Handler], Callable[..., Awaitable[StreamResponse]]]:
    """Decorate an async handler returning a mapping (or None) to respond with the template."""

    def wrapper(func: _Handler) -> Callable[..., Awaitable[StreamResponse]]:
        @functools.wraps(func)
        async def rendered(*args: Any) -> StreamResponse:
            context = await func(*args)
            if isinstance(context, StreamResponse):
                return context
            request = _request_of(args)
            env = request.config_dict.get(app_key)
            options: dict[str, Any] = {"app_key": app_key, "encoding": encoding, "status": status}
            if env is not None and env.is_async:
                return await render_template_async(template_name, request, context, **options)
            return render_template(template_name, request, context, **options)

        return rendered

    return wrapper


template.__module__ = "wirehttp.jinja2"  # documented as wirehttp.jinja2.template

"""Rendering a template for a request: to a string, or to a text/html Response.

Owns: render_string, render_template and their `_async` twins. The context a template sees is
request[REQUEST_CONTEXT_KEY] (from the context processors) updated with the handler's mapping.
A missing environment or template, or a context that is not a mapping, is the handler's bug:
it becomes web.HTTPInternalServerError with a message naming it (as aiohttp_jinja2 does).

An `enable_async=True` environment renders through coroutines. The sync functions drive that
coroutine to its end without a loop when nothing in the template awaits real I/O (the usual
case: plain data), so `render_template()` works with such an environment too; a template that
does await (an async callable in its context) must use `render_template_async()`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import jinja2

from ..._base.appkey import AppKey
from ..._web.exceptions import HTTPInternalServerError
from ..._web.request import Request
from ..._web.response import Response
from .keys import APP_KEY, REQUEST_CONTEXT_KEY

__all__ = (
    "render_string",
    "render_string_async",
    "render_template",
    "render_template_async",
)


def _template_and_context(
    template_name: str,
    request: Request,
    context: Any,
    app_key: AppKey[jinja2.Environment],
) -> tuple[jinja2.Template, dict[str, Any]]:
    env = request.config_dict.get(app_key)
    if env is None:
        raise HTTPInternalServerError(
            text="Template engine is not initialized, call wirehttp.jinja2.setup() first"
        )
    try:
        template = env.get_template(template_name)
    except jinja2.TemplateNotFound as exc:
        raise HTTPInternalServerError(text=f"Template '{exc.name}' not found") from exc
    if not isinstance(context, Mapping):
        raise HTTPInternalServerError(text=f"context should be mapping, not {type(context)}")
    merged = dict(request.get(REQUEST_CONTEXT_KEY) or {})
    merged.update(context)
    return template, merged


class _NeedsLoop(Exception):
    """Thrown into a template coroutine that cannot finish without an event loop."""


def _render_without_loop(template: jinja2.Template, context: dict[str, Any]) -> str:
    if not template.environment.is_async:
        return template.render(context)
    coro = template.render_async(context)
    try:
        coro.send(None)
    except StopIteration as done:
        return str(done.value)
    # It is waiting for something only a loop can finish. Unwind it by raising at that await,
    # so jinja2's async generators end normally (closing them mid-step leaves them "running").
    try:
        coro.throw(_NeedsLoop())
    except (_NeedsLoop, StopIteration):
        pass
    finally:
        coro.close()
    raise RuntimeError(
        f"template {template.name!r} awaits something that is not ready; "
        "render it with render_template_async() / render_string_async()"
    )


def render_string(
    template_name: str,
    request: Request,
    context: Mapping[str, Any],
    *,
    app_key: AppKey[jinja2.Environment] = APP_KEY,
) -> str:
    """The template rendered with the request context and `context`, as a str."""
    template, merged = _template_and_context(template_name, request, context, app_key)
    return _render_without_loop(template, merged)


async def render_string_async(
    template_name: str,
    request: Request,
    context: Mapping[str, Any],
    *,
    app_key: AppKey[jinja2.Environment] = APP_KEY,
) -> str:
    """render_string() for an `enable_async=True` environment (awaits inside the template)."""
    template, merged = _template_and_context(template_name, request, context, app_key)
    return await template.render_async(merged)


def _html_response(text: str, encoding: str, status: int) -> Response:
    return Response(text=text, status=status, content_type="text/html", charset=encoding)


def render_template(
    template_name: str,
    request: Request,
    context: Mapping[str, Any] | None,
    *,
    app_key: AppKey[jinja2.Environment] = APP_KEY,
    encoding: str = "utf-8",
    status: int = 200,
) -> Response:
    """A text/html Response holding the rendered template (`context=None` is an empty one)."""
    text = render_string(
        template_name, request, {} if context is None else context, app_key=app_key
    )
    return _html_response(text, encoding, status)


async def render_template_async(
    template_name: str,
    request: Request,
    context: Mapping[str, Any] | None,
    *,
    app_key: AppKey[jinja2.Environment] = APP_KEY,
    encoding: str = "utf-8",
    status: int = 200,
) -> Response:
    """render_template() for an `enable_async=True` environment."""
    text = await render_string_async(
        template_name, request, {} if context is None else context, app_key=app_key
    )
    return _html_response(text, encoding, status)


for _obj in (render_string, render_string_async, render_template, render_template_async):
    _obj.__module__ = "wirehttp.jinja2"  # documented as wirehttp.jinja2.<name>

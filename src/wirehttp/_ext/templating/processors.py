"""Context processors: coroutines that give every rendered template extra variables.

Owns: context_processors_middleware, request_processor. The middleware runs the processors
stored under APP_CONTEXT_PROCESSORS_KEY (found through the request's config_dict, so a sub-app
sees its parent's) and keeps the merged result in request[REQUEST_CONTEXT_KEY], which the
renderers read first and the handler's own context overrides.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from ..._web.middlewares import middleware
from ..._web.request import Request
from ..._web.stream_response import StreamResponse
from .keys import APP_CONTEXT_PROCESSORS_KEY, REQUEST_CONTEXT_KEY

__all__ = ("context_processors_middleware", "request_processor")


@middleware
async def context_processors_middleware(
    request: Request, handler: Callable[[Request], Awaitable[StreamResponse]]
) -> StreamResponse:
    """Run the app's context processors in order, each result updating the request context."""
    context = request.get(REQUEST_CONTEXT_KEY)
    if context is None:
        context = request[REQUEST_CONTEXT_KEY] = {}
    for processor in request.config_dict.get(APP_CONTEXT_PROCESSORS_KEY, ()):
        context.update(await processor(request))
    return await handler(request)


async def request_processor(request: Request) -> dict[str, Any]:
    """A context processor making the request itself available as `request`."""
    return {"request": request}


for _obj in (context_processors_middleware, request_processor):
    _obj.__module__ = "wirehttp.jinja2"  # documented as wirehttp.jinja2.<name>

"""An application's entry point for each request: route it, choose its handler chain, call it.

Owns: `handle_request(app, request)`, what `Application._make_handler` gives the server to call
for every request. It lives apart from app.py so that it can be compiled (compiled-modules.txt)
while `web.Application`, a class users may subclass, stays interpreted.
Must not import `_client`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .exceptions import HTTPException
from .response import Response
from .server import warn_returned_exception

if TYPE_CHECKING:
    from .app import Application

__all__ = ("handle_request",)


async def handle_request(app: Application, request: Any) -> Any:
    """Resolve `request` in `app`'s router and answer it through the matched handler chain.

    A raised `HTTPException` is returned as the response; returning one (instead of raising
    it) works too, with the deprecation warning aiohttp gives.
    """
    router = app._router
    match_info = router.match_fast(request.method, request.rel_url.path_safe)
    if match_info is None:
        match_info = await router.resolve(request)
    match_info.add_app(app)
    match_info.freeze()
    request._match_info = match_info
    apps = match_info.apps
    if len(apps) > 1:
        request._client_max_size = apps[-1]._client_max_size
        request._response_hooks = tuple(
            sub.on_response_prepare for sub in apps if sub.on_response_prepare
        )
    elif app._own_response_hooks:
        request._response_hooks = app._own_response_hooks
    try:
        if request._message.expect_continue:
            expect = await match_info.expect_handler(request)
            if expect is not None:
                return expect
        handler = match_info.handler
        if app._has_middlewares:
            handler = app._chain_for(match_info, handler)
        response = await handler(request)
    except HTTPException as exc:
        return exc
    if type(response) is not Response and isinstance(response, HTTPException):
        warn_returned_exception()
    return response

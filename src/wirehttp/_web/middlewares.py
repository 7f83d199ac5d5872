"""`web.middleware` and `web.normalize_path_middleware`.

Owns: marking new-style middlewares, and redirecting a path that does not resolve to the
slash-normalised path that does. The redirect target is always a path on this same origin:
a result that would start with `//` or `/\\` (which browsers read as another host) is never sent.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from .exceptions import HTTPPermanentRedirect

__all__ = ("middleware", "normalize_path_middleware")

Middleware = Callable[[Any, Callable[[Any], Awaitable[Any]]], Awaitable[Any]]
_MANY_SLASHES = re.compile(r"//+")


def middleware(func: Middleware) -> Middleware:
    """Mark `func(request, handler)` as a middleware (all middlewares are new-style now)."""
    func.__middleware_version__ = 1  # type: ignore[attr-defined]
    return func


def _candidates(
    path: str, *, append_slash: bool, remove_slash: bool, merge_slashes: bool
) -> list[str]:
    merged = _MANY_SLASHES.sub("/", path)
    found: list[str] = []
    if merge_slashes:
        found.append(merged)
    if append_slash and not path.endswith("/"):
        found.append(path + "/")
        if merge_slashes:
            found.append(merged + "/")
    if remove_slash and path.endswith("/") and len(path) > 1:
        found.append(path[:-1])
        if merge_slashes and len(merged) > 1:
            found.append(merged.rstrip("/") or "/")
    return [candidate for candidate in dict.fromkeys(found) if candidate != path]


def _same_origin(path: str) -> bool:
    return path.startswith("/") and not path.startswith(("//", "/\\"))


def normalize_path_middleware(
    *,
    append_slash: bool = True,
    remove_slash: bool = False,
    merge_slashes: bool = True,
    redirect_class: type[Any] = HTTPPermanentRedirect,
) -> Middleware:
    """Redirect requests whose path only resolves once its slashes are normalised."""
    if append_slash and remove_slash:
        raise ValueError("Cannot both remove and append slash")

    @middleware
    async def normalize(request: Any, handler: Callable[[Any], Awaitable[Any]]) -> Any:
        if request.match_info.http_exception is None:
            return await handler(request)
        path, sep, query = request.raw_path.partition("?")
        suffix = sep + query
        for candidate in _candidates(
            path, append_slash=append_slash, remove_slash=remove_slash, merge_slashes=merge_slashes
        ):
            if not _same_origin(candidate):
                continue
            alternative = request.clone(rel_url=candidate)
            match_info = await request.app.router.resolve(alternative)
            if match_info.http_exception is None:
                raise redirect_class(candidate + suffix)
        return await handler(request)

    return normalize


for _func in (middleware, normalize_path_middleware):
    _func.__module__ = "wirehttp.web"  # documented as web.middleware, web.normalize_path_middleware

"""The two globals every environment gets by default: `url()` and `static()`.

Owns: url_for, static_url, GLOBAL_HELPERS. Both read the Application from the template's
context (the `app` global that setup() installs). Must not import: the rendering module.
"""

from __future__ import annotations

import warnings
from typing import Any

import jinja2
from yarl import URL

from .keys import static_root_key

__all__ = ("GLOBAL_HELPERS", "static_url", "url_for")

_LEGACY_STATIC_ROOT = "static_root_url"  # the plain string key older aiohttp_jinja2 read


@jinja2.pass_context
def url_for(
    context: Any,
    __route_name: str,
    query_: dict[str, Any] | None = None,
    **parts: str | int,
) -> URL:
    """`{{ url('item', id=3, query_={'page': 2}) }}`: the named route's URL, path parts as str."""
    app = context["app"]
    url: URL = app.router[__route_name].url_for(**{key: str(value) for key, value in parts.items()})
    if query_:
        url = url.with_query(query_)
    return url


@jinja2.pass_context
def static_url(context: Any, static_file_path: str) -> str:
    """`{{ static('css/site.css') }}`: the path under app[static_root_key] (a CDN URL or /static)."""
    app = context["app"]
    root = app.get(static_root_key)
    if root is None:
        root = _legacy_static_root(app)
    return f"{root.rstrip('/')}/{static_file_path.lstrip('/')}"


def _legacy_static_root(app: Any) -> str:
    try:
        root = app[_LEGACY_STATIC_ROOT]
    except KeyError:
        raise RuntimeError(
            "static() needs a URL root for static files: set "
            "app[wirehttp.jinja2.static_root_key] = '/static' (or a CDN URL)"
        ) from None
    warnings.warn(
        f"app[{_LEGACY_STATIC_ROOT!r}] is deprecated: use app[wirehttp.jinja2.static_root_key]",
        DeprecationWarning,
        stacklevel=3,
    )
    return str(root)


GLOBAL_HELPERS: dict[str, Any] = {"url": url_for, "static": static_url}

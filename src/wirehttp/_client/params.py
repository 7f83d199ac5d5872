"""Query parameters and base_url joining for client requests.

Owns: `apply_params(url, params)` (dict, sequence of pairs, MultiDict or str, appended to the
URL's own query the way aiohttp 3.14 does it, through yarl's `extend_query`) and
`join_base_url(base, url)` (aiohttp 3.11+: a relative URL is resolved against a base that must
end with "/"; an absolute URL is used as given). Must not import `_server` or `_web`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Union

from yarl import URL

__all__ = ("Params", "apply_params", "check_base_url", "join_base_url")

Params = Union[Mapping[str, Any], Sequence[tuple[str, Any]], str, None]  # noqa: UP007


def apply_params(url: URL, params: Params) -> URL:
    """The URL with `params` appended to its query (an empty or None `params` changes nothing)."""
    if not params:
        return url
    return url.extend_query(params)


def check_base_url(base_url: str | URL | None) -> URL | None:
    """Validate a session's base_url: absolute, and its path ending with "/" (aiohttp 3.11+)."""
    if base_url is None:
        return None
    url = URL(base_url)
    if not url.absolute:
        raise ValueError("base_url must be an absolute URL")
    if not url.path.endswith("/"):
        raise ValueError("base_url must have a path ending with '/'")
    return url


def join_base_url(base: URL | None, url: str | URL) -> URL:
    """`url` resolved against `base` when it is relative and a base is set."""
    target = URL(url)
    if base is None or target.absolute:
        return target
    return base.join(target)

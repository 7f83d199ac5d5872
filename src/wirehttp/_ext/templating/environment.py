"""Making the Environment and finding it again: `setup()` and `get_env()`.

Owns: setup, get_env. Must not import: the rendering or decorator modules (they import this).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import jinja2

from ..._base.appkey import AppKey
from ..._web.app import Application
from .keys import APP_CONTEXT_PROCESSORS_KEY, APP_KEY, ContextProcessor
from .processors import context_processors_middleware
from .url_helpers import GLOBAL_HELPERS

__all__ = ("get_env", "setup")

Filters = Iterable[tuple[str, Callable[..., str]]] | Mapping[str, Callable[..., str]]


def setup(
    app: Application,
    *args: Any,
    app_key: AppKey[jinja2.Environment] = APP_KEY,
    context_processors: Sequence[ContextProcessor] = (),
    filters: Filters | None = None,
    default_helpers: bool = True,
    **kwargs: Any,
) -> jinja2.Environment:
    """Build a jinja2.Environment (args and kwargs go to it) and store it on `app`.

    Autoescaping is on unless `autoescape=` says otherwise. The environment gets the `app`
    global, and `url()` / `static()` unless `default_helpers=False`. Context processors are
    stored on the app and their middleware is appended to `app.middlewares`.
    """
    kwargs.setdefault("autoescape", True)
    env = jinja2.Environment(*args, **kwargs)
    if default_helpers:
        env.globals.update(GLOBAL_HELPERS)
    if filters is not None:
        env.filters.update(filters)
    env.globals["app"] = app
    app[app_key] = env
    if context_processors:
        app[APP_CONTEXT_PROCESSORS_KEY] = context_processors
        if context_processors_middleware not in app.middlewares:
            app.middlewares.append(context_processors_middleware)
    return env


def get_env(
    app: Application, *, app_key: AppKey[jinja2.Environment] = APP_KEY
) -> jinja2.Environment:
    """The environment setup() stored on `app` under `app_key`."""
    try:
        env: jinja2.Environment = app[app_key]
    except KeyError:
        raise RuntimeError("wirehttp.jinja2.setup(app, ...) must be called first") from None
    return env


for _obj in (setup, get_env):
    _obj.__module__ = "wirehttp.jinja2"  # documented as wirehttp.jinja2.<name>

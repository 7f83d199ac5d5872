"""The keys under which the templating extra keeps its state on an Application or a Request.

Owns: APP_KEY (the Environment), APP_CONTEXT_PROCESSORS_KEY, REQUEST_CONTEXT_KEY, static_root_key.
Must not import: anything above the web layer.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import jinja2

from ..._base.appkey import AppKey, RequestKey
from ..._web.request import Request

__all__ = (
    "APP_CONTEXT_PROCESSORS_KEY",
    "APP_KEY",
    "REQUEST_CONTEXT_KEY",
    "ContextProcessor",
    "static_root_key",
)

ContextProcessor = Callable[[Request], Awaitable[dict[str, Any]]]

APP_KEY = AppKey("APP_KEY", jinja2.Environment)
APP_CONTEXT_PROCESSORS_KEY = AppKey[Sequence[ContextProcessor]]("APP_CONTEXT_PROCESSORS_KEY")
# aiohttp_jinja2 uses the plain string "aiohttp_jinja2_context", which makes aiohttp 3.14 warn
# (NotAppKeyWarning) on every request that runs the processors; a RequestKey does not.
REQUEST_CONTEXT_KEY = RequestKey[dict[str, Any]]("REQUEST_CONTEXT_KEY")
static_root_key = AppKey("static_root_key", str)

"""Typed storage keys: `AppKey` for ``app[key]``, `RequestKey` and `ResponseKey` likewise.

Owns: `BaseKey` and its three public subclasses.
Must not import: asyncio, anything doing I/O, or any other wirehttp layer.

A key is compared and hashed by identity, so two keys with the same name never collide. Its
name is prefixed with the module that defines it (the nearest module-level frame), which keeps
reprs and sort order readable when several packages use the same short name.
"""

from __future__ import annotations

import sys
from typing import Any, Generic, TypeVar, get_args

__all__ = ("AppKey", "BaseKey", "RequestKey", "ResponseKey")

_T = TypeVar("_T")


def _defining_module() -> str:
    """Name of the module whose top-level code is (directly or indirectly) creating the key."""
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_name == "<module>":
            return str(frame.f_globals.get("__name__", "__main__"))
        frame = frame.f_back  # type: ignore[assignment]
    return "__main__"


def _type_repr(t: Any) -> str:
    if t is None:
        return "<<Unknown>>"
    if isinstance(t, type):
        if t.__module__ == "builtins":
            return t.__qualname__
        return f"{t.__module__}.{t.__qualname__}"
    return repr(t)


class BaseKey(Generic[_T]):
    """A key for a typed mapping slot; ``t`` (or the subscripted type) documents the value type."""

    __slots__ = ("__orig_class__", "_name", "_t")

    # Python sets this when the key is made through a subscripted alias, e.g. AppKey[int]("n").
    __orig_class__: type[object]

    def __init__(self, name: str, t: type[_T] | None = None) -> None:
        self._name = f"{_defining_module()}.{name}"
        self._t = t

    def __lt__(self, other: object) -> bool:
        # Keys sort by name among themselves and before any non-key (e.g. a plain str key).
        if isinstance(other, BaseKey):
            return self._name < other._name
        return True

    def __repr__(self) -> str:
        t: Any = self._t
        if t is None:
            try:
                t = get_args(self.__orig_class__)[0]
            except AttributeError:
                pass
        return f"<{type(self).__name__}({self._name}, type={_type_repr(t)})>"


class AppKey(BaseKey[_T]):
    """Key for values stored on an Application: ``app[key] = value``."""

    __slots__ = ()


class RequestKey(BaseKey[_T]):
    """Key for values stored on a Request."""

    __slots__ = ()


class ResponseKey(BaseKey[_T]):
    """Key for values stored on a Response."""

    __slots__ = ()


for _cls in (AppKey, RequestKey, ResponseKey):
    _cls.__module__ = "wirehttp.web"  # documented as web.AppKey and friends

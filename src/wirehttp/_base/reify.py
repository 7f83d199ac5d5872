"""`helpers.reify`: a read-only property computed once per instance, then served from a cache.

Owns: the descriptor only. The value is kept in the instance's `_cache` dict when it has one
(as wirehttp's and aiohttp's request classes do, so slotted classes can use it), else in the
instance `__dict__`. No I/O; imports nothing of wirehttp.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

__all__ = ("reify",)

_T = TypeVar("_T")


class reify(Generic[_T]):  # aiohttp's (lower-case) name for it
    """Use as `@reify` on a method: its result is computed on first access and then kept."""

    def __init__(self, wrapped: Callable[[Any], _T]) -> None:
        self.wrapped = wrapped
        self.name = wrapped.__name__
        self.__doc__ = wrapped.__doc__

    @overload
    def __get__(self, inst: None, owner: type[Any] | None = None) -> reify[_T]: ...

    @overload
    def __get__(self, inst: object, owner: type[Any] | None = None) -> _T: ...

    def __get__(self, inst: object | None, owner: type[Any] | None = None) -> reify[_T] | _T:
        if inst is None:  # looked up on the class: the descriptor itself (docs, introspection)
            return self
        cache = _cache_of(inst)
        try:
            return cache[self.name]  # type: ignore[no-any-return]
        except KeyError:
            value = cache[self.name] = self.wrapped(inst)
            return value

    def __set__(self, inst: object, value: Any) -> None:
        raise AttributeError("reified property is read-only")


def _cache_of(inst: object) -> dict[str, Any]:
    cache = getattr(inst, "_cache", None)
    if isinstance(cache, dict):
        return cache
    try:
        return inst.__dict__
    except AttributeError:
        raise TypeError(
            f"reify needs a _cache dict or an instance __dict__ on {type(inst).__name__}"
        ) from None


reify.__module__ = "wirehttp.helpers"  # documented as wirehttp.helpers.reify

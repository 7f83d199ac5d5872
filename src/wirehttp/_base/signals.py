"""`Signal` and `FrozenList`: callback lists that stop changing once an app starts. No I/O.

A Signal is a list of async callbacks sent the same arguments in order; it is frozen (no more
appends) when its owner freezes, so a running server never sees the list change under it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, MutableSequence
from typing import Any, TypeVar, overload

__all__ = ("FrozenList", "Signal")

T = TypeVar("T")


class FrozenList(MutableSequence[T]):
    """A list that refuses changes after `freeze()`."""

    __slots__ = ("_frozen", "_items")

    def __init__(self, items: Iterable[T] = ()) -> None:
        self._items = list(items)
        self._frozen = False

    @property
    def frozen(self) -> bool:
        return self._frozen

    def freeze(self) -> None:
        self._frozen = True

    def _check(self) -> None:
        if self._frozen:
            raise RuntimeError("Cannot modify frozen list.")

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> MutableSequence[T]: ...
    def __getitem__(self, index: Any) -> Any:
        return self._items[index]

    def __setitem__(self, index: Any, value: Any) -> None:
        self._check()
        self._items[index] = value

    def __delitem__(self, index: Any) -> None:
        self._check()
        del self._items[index]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[T]:
        return iter(self._items)

    def __reversed__(self) -> Iterator[T]:
        return reversed(self._items)

    def insert(self, index: int, value: T) -> None:
        self._check()
        self._items.insert(index, value)

    def __eq__(self, other: object) -> bool:
        return list(self) == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<{self.__class__.__name__}(frozen={self._frozen}, {self._items!r})>"


class Signal(FrozenList[Any]):
    """Async callbacks called in registration order by `await signal.send(*args)`."""

    __slots__ = ("_owner",)

    def __init__(self, owner: Any) -> None:
        super().__init__()
        self._owner = owner

    def __repr__(self) -> str:
        return f"<Signal owner={self._owner!r}, frozen={self.frozen}, {self._items!r}>"

    async def send(self, *args: Any, **kwargs: Any) -> None:
        if not self.frozen:
            raise RuntimeError("Cannot send non-frozen signal.")
        for receiver in self._items:
            await receiver(*args, **kwargs)

"""The object a client call returns before its result exists: await it, or `async with` it.

Owns `AwaitableContext[T]`: it wraps the coroutine that makes the result (a response, a
WebSocket) and is itself a coroutine, so `await session.get(url)` works; as an async context
manager it enters and exits the result too (`async with session.get(url) as resp:` releases
`resp` at the end). `RequestContextManager` and `WSRequestContextManager` are its named forms.
Must not import `_server` or `_web`.
"""

from __future__ import annotations

from collections.abc import Coroutine, Generator
from types import TracebackType
from typing import Any, Generic, TypeVar

__all__ = ("AwaitableContext",)

T = TypeVar("T")


class AwaitableContext(Coroutine[Any, Any, T], Generic[T]):
    """A coroutine for a result that is itself an async context manager."""

    __slots__ = ("_coro", "_result")

    def __init__(self, coro: Coroutine[Any, Any, T]) -> None:
        self._coro = coro
        self._result: Any = None

    def send(self, arg: Any) -> Any:
        return self._coro.send(arg)

    def throw(self, *args: Any) -> Any:
        return self._coro.throw(*args)

    def close(self) -> None:
        self._coro.close()

    def __await__(self) -> Generator[Any, None, T]:
        return self._coro.__await__()

    async def __aenter__(self) -> T:
        self._result = await self._coro
        entered: T = await self._result.__aenter__()
        return entered

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._result is not None
        await self._result.__aexit__(exc_type, exc, tb)

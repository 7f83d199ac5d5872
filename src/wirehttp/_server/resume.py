"""The generator-based coroutine that lets a Task take over a handler started eagerly.

Owns: `resume(coro, first)`. eager.py runs a handler's first step itself; when the handler
really waits, a Task must continue it from exactly that point. `resume` is what that Task runs:
it yields the future the first step produced, then drives the rest of the coroutine.

It lives alone, and stays interpreted, because `asyncio.Task` accepts only a real coroutine or
generator object; when the hot-path modules are compiled (setup.py, `make compiled`), a
generator written in a compiled module becomes a native object that a Task refuses.
Must not import `_web` or `_client`.
"""

from __future__ import annotations

import types
from collections.abc import Coroutine, Generator
from typing import Any

__all__ = ("resume",)


@types.coroutine
def resume(coro: Coroutine[Any, Any, Any], first: Any) -> Generator[Any, Any, Any]:
    """Hand what the coroutine yielded to the Task, then keep driving the coroutine."""
    try:
        yield first
    except BaseException as exc:  # thrown in by the Task (cancellation): pass it on
        try:
            nxt = coro.throw(exc)
        except StopIteration as stop:
            return stop.value
        return (yield from resume(coro, nxt))
    return (yield from coro)

"""Start a handler coroutine eagerly: run it at once, and make a Task only if it really waits.

Owns: `start_eagerly(loop, coro)`. Most handlers answer without awaiting anything that blocks,
so creating a Task, scheduling it and waiting one loop iteration for it is pure overhead on the
server's hot path. Python 3.12+ does this right with `asyncio.eager_task_factory`; on 3.10 and
3.11 it is done here by hand:

- the first step runs inside `data_received`, in a fresh `contextvars` context (a handler's
  context variables never leak into the connection or the next request), with an `EagerTask`
  registered as the current task, so `asyncio.current_task()` and `asyncio.timeout()` work;
- if the coroutine finishes in that step, no Task is ever made;
- if it yields a future, a real Task takes over from exactly that point (resume.py), in the
  same context, and the `EagerTask` forwards `cancel()` / `uncancel()` / `cancelling()` to it,
  so a timeout entered during the first step still cancels the right thing.
Must not import `_web` or `_client`.
"""

from __future__ import annotations

import asyncio
import contextvars
import sys
from collections.abc import Callable, Coroutine
from typing import Any

from .resume import resume

__all__ = ("EagerTask", "start_eagerly")

_enter_task: Callable[[asyncio.AbstractEventLoop, Any], None] = asyncio.tasks._enter_task
_leave_task: Callable[[asyncio.AbstractEventLoop, Any], None] = asyncio.tasks._leave_task


class EagerTask:
    """Stands for the handler's task: the real Task once there is one, a handle before."""

    __slots__ = ("_cancel_message", "_cancel_requested", "_coro", "_done", "_loop", "_task")

    def __init__(self, loop: asyncio.AbstractEventLoop, coro: Coroutine[Any, Any, Any]) -> None:
        self._loop = loop
        self._coro = coro
        self._task: asyncio.Task[Any] | None = None
        self._done = False
        self._cancel_requested = 0
        self._cancel_message: Any = None

    def __repr__(self) -> str:
        state = "done" if self.done() else "pending"
        return f"<EagerTask {state} task={self._task!r}>"

    @property
    def task(self) -> asyncio.Task[Any] | None:
        """The real Task, once the coroutine had to wait."""
        return self._task

    def get_loop(self) -> asyncio.AbstractEventLoop:
        return self._loop

    def get_coro(self) -> Coroutine[Any, Any, Any]:
        return self._coro

    def get_name(self) -> str:
        return self._task.get_name() if self._task is not None else "wirehttp-handler"

    def done(self) -> bool:
        return self._task.done() if self._task is not None else self._done

    def cancelled(self) -> bool:
        return self._task.cancelled() if self._task is not None else False

    def cancel(self, msg: Any = None) -> bool:
        if self._task is not None:
            return self._task.cancel(msg)
        if self._done:
            return False
        self._cancel_requested += 1
        self._cancel_message = msg
        return True

    def cancelling(self) -> int:
        task: Any = self._task
        if task is not None:  # Task.cancelling() exists from Python 3.11
            return int(task.cancelling())
        return self._cancel_requested

    def uncancel(self) -> int:
        task: Any = self._task
        if task is not None:  # Task.uncancel() exists from Python 3.11
            return int(task.uncancel())
        if self._cancel_requested:
            self._cancel_requested -= 1
        return self._cancel_requested

    def add_done_callback(self, callback: Callable[[Any], object], *, context: Any = None) -> None:
        if self._task is not None:
            self._task.add_done_callback(callback, context=context)
        elif self._done:
            self._loop.call_soon(callback, self, context=context)
        else:
            raise RuntimeError("add_done_callback before the handler's first suspension")

    def start(self) -> None:
        """Run the first step now; a Task continues it only if it has to wait."""
        loop, coro = self._loop, self._coro
        try:
            _enter_task(loop, self)
        except RuntimeError:  # called from inside a running task (a test driving a protocol)
            self._attach(loop.create_task(coro))
            return
        ctx = contextvars.copy_context()
        try:
            first = ctx.run(coro.send, None)
        except StopIteration:
            self._done = True
            return
        except BaseException:
            self._done = True
            raise
        finally:
            _leave_task(loop, self)
        self._attach(_create_task(loop, resume(coro, first), ctx))

    def _attach(self, task: asyncio.Task[Any]) -> None:
        self._task = task
        if self._cancel_requested:
            task.cancel(self._cancel_message)


def _create_task(
    loop: asyncio.AbstractEventLoop, coro: Any, ctx: contextvars.Context
) -> asyncio.Task[Any]:
    if sys.version_info >= (3, 11):
        return loop.create_task(coro, context=ctx)
    return ctx.run(loop.create_task, coro)  # pragma: no cover - Python 3.10


def start_eagerly(
    loop: asyncio.AbstractEventLoop, coro: Coroutine[Any, Any, Any]
) -> EagerTask | asyncio.Task[Any]:
    """Run `coro` until it first waits; return a handle on it (a real Task on 3.12+)."""
    if sys.version_info >= (3, 12):
        factory: Any = getattr(asyncio, "eager_task_factory")  # noqa: B009 (3.12+ only)
        return factory(loop, coro)
    handle = EagerTask(loop, coro)
    handle.start()
    return handle

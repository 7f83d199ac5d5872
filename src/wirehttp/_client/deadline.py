"""The total timeout of one client request: a deadline over the whole chain and its body reads.

Owns `Deadline`. Entered around each wait (the request chain, then every read of the response
body, as the reader's timer), it cancels the task inside it when time is up and turns that
cancellation into the exception aiohttp raises: ConnectionTimeoutError while connecting,
asyncio.TimeoutError afterwards. A task doing something else when the time passes is left alone;
its next read fails at once. Must not import `_server` or `_web`.
"""

from __future__ import annotations

import asyncio
import sys
from typing import Any

from .exceptions import ConnectionTimeoutError

__all__ = ("Deadline",)


class Deadline:
    """The total timeout: cancels whatever task is inside it when time is up.

    Entered around each wait (the request chain, every body read), so a task that is doing
    something else when the deadline passes is left alone; its next read fails at once.
    """

    __slots__ = ("_expired", "_handle", "_loop", "_tasks", "phase")

    def __init__(self, loop: asyncio.AbstractEventLoop, total: float | None) -> None:
        self._tasks: list[asyncio.Task[Any]] = []
        self._loop = loop
        self._expired = False
        self.phase = "connect"
        self._handle = loop.call_later(total, self._expire) if total is not None else None

    def _expire(self) -> None:
        self._expired = True
        for task in self._tasks:
            task.cancel()

    def cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()

    def __enter__(self) -> Deadline:
        if self._expired:
            raise asyncio.TimeoutError
        task = asyncio.current_task(self._loop)
        assert task is not None
        self._tasks.append(task)
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        task = self._tasks.pop()
        if exc_type is asyncio.CancelledError and self._expired:
            if sys.version_info >= (3, 11):
                task.uncancel()
            if self.phase == "connect":
                raise ConnectionTimeoutError("Connection timeout: the total timeout expired")
            raise asyncio.TimeoutError from None

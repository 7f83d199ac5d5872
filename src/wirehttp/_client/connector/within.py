"""`within(limit, awaitable)`: a connect step bounded in time, cancellation-safe.

asyncio.wait_for before Python 3.12 loses a cancellation from outside when the awaited thing
finishes in the same loop iteration (it returns the result instead): a connect to loopback under
uvloop often does, so `asyncio.wait_for(session.get(...), 0.01)` could run to the end and leak
its socket. asyncio.timeout (3.11+) has no such race; 3.10 keeps wait_for. Imports only asyncio.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable
from typing import TypeVar

__all__ = ("within",)

_T = TypeVar("_T")


async def within(limit: float | None, awaitable: Awaitable[_T]) -> _T:
    """`await awaitable`, raising asyncio.TimeoutError after `limit` seconds (None: no limit)."""
    if sys.version_info >= (3, 11):
        async with asyncio.timeout(limit):
            return await awaitable
    return await asyncio.wait_for(awaitable, limit)  # pragma: no cover  (3.10)

"""Pool bookkeeping for the connector, with no I/O and no awaits (httpcore's habit).

Owns `PoolBook`: which connections are idle per key, how many are in use (or being opened) per
key and in total, and the FIFO queue of callers waiting for a slot. Every method returns what
the caller must close; the caller does the closing and the awaiting, so the bookkeeping stays
consistent even when a caller is cancelled between two steps.

Rules:
- A slot is one connection in use or being opened. `limit` caps slots in total and
  `limit_per_host` per key (0 = no cap). Idle connections hold no slot.
- `try_acquire` hands out the most recently released idle connection of a key (a deque, O(1)),
  dropping into `to_close` the ones that closed, should close or outlived `keepalive_timeout`
  (or their own `has_expired`). A closed connection is never handed out.
- Waiters are futures queued FIFO across the pool. A waiter is woken only with a slot already
  reserved for it, so a newcomer cannot take that slot first; a woken waiter that gives up must
  call `abandon_waiter` so its slot passes on. Newcomers do not overtake waiters of their key.
Must not import asyncio (futures are used only through `done()` / `set_result()`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable
from typing import Any, Generic, Protocol, TypeVar

__all__ = ("PoolBook", "Poolable", "Waiter")


class Poolable(Protocol):
    """The yes/no checks the pool asks of a connection."""

    @property
    def should_close(self) -> bool: ...

    def has_expired(self, now: float) -> bool: ...


class Waiter(Protocol):
    """What the pool needs of a waiter's future."""

    def done(self) -> bool: ...

    def set_result(self, result: Any, /) -> None: ...


C = TypeVar("C", bound=Poolable)


class PoolBook(Generic[C]):
    """Idle connections, slot counts and waiters of one connector."""

    __slots__ = (
        "_closed",
        "_granted",
        "_idle",
        "_in_use",
        "_total",
        "_waiters",
        "keepalive_timeout",
        "limit",
        "limit_per_host",
    )

    def __init__(
        self, limit: int = 100, limit_per_host: int = 0, keepalive_timeout: float = 15
    ) -> None:
        self.limit = limit
        self.limit_per_host = limit_per_host
        self.keepalive_timeout = keepalive_timeout
        self._idle: dict[Hashable, deque[tuple[C, float]]] = {}
        self._in_use: dict[Hashable, int] = {}
        self._total = 0
        self._waiters: deque[tuple[Hashable, Waiter]] = deque()
        self._granted: dict[int, Hashable] = {}  # id(waiter) -> key of the slot reserved for it
        self._closed = False

    def __repr__(self) -> str:
        idle = sum(len(q) for q in self._idle.values())
        return (
            f"<PoolBook in_use={self._total}/{self.limit or 'inf'} idle={idle} "
            f"waiters={len(self._waiters)} closed={self._closed}>"
        )

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def in_use(self) -> int:
        """Slots taken in total (connections in use or being opened)."""
        return self._total

    def in_use_for(self, key: Hashable) -> int:
        return self._in_use.get(key, 0)

    def idle_count(self, key: Hashable | None = None) -> int:
        if key is None:
            return sum(len(q) for q in self._idle.values())
        return len(self._idle.get(key, ()))

    def has_slot(self, key: Hashable) -> bool:
        """True when one more connection for `key` stays within both limits."""
        if self._closed:
            return False
        if self.limit and self._total >= self.limit:
            return False
        return not (self.limit_per_host and self._in_use.get(key, 0) >= self.limit_per_host)

    # -- acquiring ------------------------------------------------------------------------

    def try_acquire(
        self, key: Hashable, now: float, *, reserved: bool = False
    ) -> tuple[C | None, list[C]]:
        """An idle connection for `key` (taking a slot for it), or None; plus what to close.

        With `reserved=True` the caller already holds a slot (from `reserve` or a wake-up) and
        the connection uses that one; otherwise None is returned when no slot is free.
        """
        to_close: list[C] = []
        if not reserved and not self._may_take(key):
            return None, to_close
        queue = self._idle.get(key)
        found: C | None = None
        while queue:
            conn, released_at = queue.pop()
            if self._unusable(conn, released_at, now):
                to_close.append(conn)
                continue
            found = conn
            break
        if queue is not None and not queue:
            del self._idle[key]
        if found is not None and not reserved:
            self._take(key)
        return found, to_close

    def reserve(self, key: Hashable) -> bool:
        """Take a slot for a new connection to `key`; False when the limits (or waiters) forbid."""
        if not self._may_take(key):
            return False
        self._take(key)
        return True

    def cancel_reservation(self, key: Hashable) -> None:
        """Give back a slot whose connection was never made (or failed); wakes the next waiter."""
        self._give(key)
        self.wake_next()

    def release(self, key: Hashable, conn: C, now: float, reusable: bool) -> list[C]:
        """Give back the slot of `conn`; keep it idle when reusable, else return it to close."""
        self._give(key)
        to_close: list[C] = []
        if reusable and not self._closed and not self._unusable(conn, now, now):
            self._idle.setdefault(key, deque()).append((conn, now))
        else:
            to_close.append(conn)
        self.wake_next()
        return to_close

    # -- waiting --------------------------------------------------------------------------

    def add_waiter(self, key: Hashable, waiter: Waiter) -> None:
        """Queue `waiter` for a slot of `key`; it is set (result None) with the slot reserved."""
        self._waiters.append((key, waiter))

    def holds_slot(self, waiter: Waiter) -> bool:
        """True when `waiter` was woken with a slot reserved for it (a closed pool wakes without)."""
        return id(waiter) in self._granted

    def claim(self, waiter: Waiter) -> bool:
        """The woken waiter takes over its reserved slot; False when it was woken without one."""
        return self._granted.pop(id(waiter), None) is not None

    def abandon_waiter(self, waiter: Waiter) -> None:
        """The waiter gave up (timeout, cancel): unqueue it, or pass on the slot it was given."""
        key = self._granted.pop(id(waiter), None)
        if key is not None:
            self.cancel_reservation(key)
            return
        for item in self._waiters:
            if item[1] is waiter:
                self._waiters.remove(item)
                break

    def wake_next(self) -> None:
        """Wake, in FIFO order, every waiter whose key has a free slot, reserving it for them."""
        if not self._waiters:
            return
        kept: deque[tuple[Hashable, Waiter]] = deque()
        while self._waiters:
            key, waiter = self._waiters.popleft()
            if waiter.done():  # cancelled while queued
                continue
            if self.has_slot(key) and not any(k == key for k, _ in kept):
                self._take(key)
                self._granted[id(waiter)] = key
                waiter.set_result(None)
            else:
                kept.append((key, waiter))
        self._waiters = kept

    # -- housekeeping ---------------------------------------------------------------------

    def expire(self, now: float) -> list[C]:
        """Drop idle connections that expired or should close; return them to close."""
        to_close: list[C] = []
        for key in list(self._idle):
            queue = self._idle[key]
            kept = deque(item for item in queue if not self._unusable(item[0], item[1], now))
            if len(kept) != len(queue):
                to_close.extend(c for c, t in queue if self._unusable(c, t, now))
            if kept:
                self._idle[key] = kept
            else:
                del self._idle[key]
        return to_close

    def close_all(self) -> list[C]:
        """Close the pool: return every idle connection to close, wake waiters with no slot."""
        self._closed = True
        to_close = [conn for queue in self._idle.values() for conn, _ in queue]
        self._idle.clear()
        waiters, self._waiters = self._waiters, deque()
        for _, waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)
        return to_close

    # -- internals ------------------------------------------------------------------------

    def _may_take(self, key: Hashable) -> bool:
        if not self.has_slot(key):
            return False
        return not self._waiters or not any(k == key for k, _ in self._waiters)

    def _take(self, key: Hashable) -> None:
        self._total += 1
        self._in_use[key] = self._in_use.get(key, 0) + 1

    def _give(self, key: Hashable) -> None:
        count = self._in_use.get(key, 0)
        if count <= 0:
            raise RuntimeError(f"pool slot for {key!r} given back more often than taken")
        self._total -= 1
        if count == 1:
            del self._in_use[key]
        else:
            self._in_use[key] = count - 1

    def _unusable(self, conn: C, released_at: float, now: float) -> bool:
        if conn.should_close or conn.has_expired(now):
            return True
        return now - released_at >= self.keepalive_timeout

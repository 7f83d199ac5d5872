"""PoolBook: limits, per-host limits, FIFO waiters, expiry, closed connections, reservations."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from wirehttp._client.connector.pool import PoolBook


@dataclass(eq=False)
class Conn:
    name: str
    should_close: bool = False
    expires_at: float | None = None

    def has_expired(self, now: float) -> bool:
        return self.expires_at is not None and now >= self.expires_at


class Fut:
    """A stand-in future: the pool only calls done() and set_result()."""

    def __init__(self) -> None:
        self.woken = False
        self.cancelled = False

    def done(self) -> bool:
        return self.woken or self.cancelled

    def set_result(self, result: object) -> None:
        assert not self.done()
        self.woken = True


A, B = ("a", 80), ("b", 80)


def test_reserve_within_total_limit() -> None:
    book: PoolBook[Conn] = PoolBook(limit=2)
    assert book.reserve(A)
    assert book.reserve(B)
    assert not book.reserve(A)
    assert book.in_use == 2
    book.cancel_reservation(B)
    assert book.reserve(A)
    assert book.in_use_for(A) == 2


def test_limit_zero_means_unlimited() -> None:
    book: PoolBook[Conn] = PoolBook(limit=0)
    assert all(book.reserve(A) for _ in range(1000))


@pytest.mark.parametrize(
    ("limit", "per_host", "takes_a", "then_b"),
    [(10, 1, 1, True), (10, 2, 2, True), (2, 3, 2, False), (0, 1, 1, True)],
)
def test_per_host_limit_table(limit: int, per_host: int, takes_a: int, then_b: bool) -> None:
    book: PoolBook[Conn] = PoolBook(limit=limit, limit_per_host=per_host)
    taken = 0
    while taken < 50 and book.reserve(A):
        taken += 1
    assert taken == takes_a
    assert book.reserve(B) is then_b


def test_release_then_reuse_lifo_and_counts() -> None:
    book: PoolBook[Conn] = PoolBook(limit=5)
    c1, c2 = Conn("1"), Conn("2")
    book.reserve(A)
    book.reserve(A)
    assert book.release(A, c1, 0.0, True) == []
    assert book.release(A, c2, 1.0, True) == []
    assert book.in_use == 0 and book.idle_count(A) == 2
    got, to_close = book.try_acquire(A, 2.0)
    assert got is c2 and to_close == []
    assert book.in_use_for(A) == 1
    assert book.try_acquire(B, 2.0) == (None, [])


def test_unreusable_release_is_returned_to_close() -> None:
    book: PoolBook[Conn] = PoolBook()
    conn = Conn("x")
    book.reserve(A)
    assert book.release(A, conn, 0.0, reusable=False) == [conn]
    assert book.idle_count() == 0 and book.in_use == 0


def test_closed_or_should_close_connection_never_handed_out() -> None:
    book: PoolBook[Conn] = PoolBook()
    good, bad = Conn("good"), Conn("bad")
    for c in (good, bad):
        book.reserve(A)
        book.release(A, c, 0.0, True)
    bad.should_close = True  # e.g. the server closed it while idle
    got, to_close = book.try_acquire(A, 1.0)
    assert got is good and to_close == [bad]


def test_released_connection_that_should_close_is_not_pooled() -> None:
    book: PoolBook[Conn] = PoolBook()
    conn = Conn("c", should_close=True)
    book.reserve(A)
    assert book.release(A, conn, 0.0, True) == [conn]


def test_keepalive_expiry_on_acquire_and_sweep() -> None:
    book: PoolBook[Conn] = PoolBook(keepalive_timeout=10)
    old, new = Conn("old"), Conn("new")
    book.reserve(A)
    book.reserve(A)
    book.release(A, old, 0.0, True)
    book.release(A, new, 5.0, True)
    assert book.expire(9.0) == []
    assert book.expire(12.0) == [old]
    assert book.idle_count(A) == 1
    got, to_close = book.try_acquire(A, 20.0)
    assert got is None and to_close == [new]
    assert book.in_use == 0


def test_connection_own_expiry_honoured() -> None:
    book: PoolBook[Conn] = PoolBook(keepalive_timeout=100)
    conn = Conn("c", expires_at=3.0)
    book.reserve(A)
    book.release(A, conn, 0.0, True)
    assert book.try_acquire(A, 4.0) == (None, [conn])


def test_waiters_fifo_and_slot_reserved_for_them() -> None:
    book: PoolBook[Conn] = PoolBook(limit=1)
    assert book.reserve(A)
    w1, w2 = Fut(), Fut()
    book.add_waiter(A, w1)
    book.add_waiter(A, w2)
    conn = Conn("c")
    book.release(A, conn, 0.0, True)
    assert w1.woken and not w2.woken
    assert book.holds_slot(w1)
    # the slot is w1's: a newcomer cannot take it, nor the idle connection
    assert not book.reserve(A)
    assert book.try_acquire(A, 0.0) == (None, [])
    assert book.claim(w1)
    got, _ = book.try_acquire(A, 0.0, reserved=True)
    assert got is conn and book.in_use == 1


def test_newcomer_does_not_overtake_waiter_of_same_key() -> None:
    book: PoolBook[Conn] = PoolBook(limit=10, limit_per_host=1)
    assert book.reserve(A)
    w = Fut()
    book.add_waiter(A, w)
    assert book.reserve(B)  # other keys are not held up
    book.cancel_reservation(A)
    assert w.woken and not book.reserve(A)


def test_waiter_of_blocked_key_does_not_block_others() -> None:
    book: PoolBook[Conn] = PoolBook(limit=2, limit_per_host=1)
    book.reserve(A)
    book.reserve(B)
    wa, wb = Fut(), Fut()
    book.add_waiter(A, wa)
    book.add_waiter(B, wb)
    book.cancel_reservation(B)
    assert wb.woken and not wa.woken


def test_abandoned_granted_waiter_passes_slot_on() -> None:
    book: PoolBook[Conn] = PoolBook(limit=1)
    book.reserve(A)
    w1, w2 = Fut(), Fut()
    book.add_waiter(A, w1)
    book.add_waiter(A, w2)
    book.cancel_reservation(A)
    assert w1.woken
    book.abandon_waiter(w1)  # cancelled right after being woken
    assert w2.woken and book.in_use == 1 and book.claim(w2)


def test_abandoned_queued_waiter_is_forgotten() -> None:
    book: PoolBook[Conn] = PoolBook(limit=1)
    book.reserve(A)
    w = Fut()
    book.add_waiter(A, w)
    book.abandon_waiter(w)
    book.cancel_reservation(A)
    assert not w.woken and book.in_use == 0


def test_cancelled_waiter_is_skipped() -> None:
    book: PoolBook[Conn] = PoolBook(limit=1)
    book.reserve(A)
    w1, w2 = Fut(), Fut()
    book.add_waiter(A, w1)
    book.add_waiter(A, w2)
    w1.cancelled = True
    book.cancel_reservation(A)
    assert w2.woken and book.in_use == 1


def test_close_all_returns_idle_and_wakes_waiters_without_slot() -> None:
    book: PoolBook[Conn] = PoolBook(limit=1)
    conn = Conn("c")
    book.reserve(A)
    book.release(A, conn, 0.0, True)
    book.reserve(B)
    w = Fut()
    book.add_waiter(A, w)
    assert book.close_all() == [conn]
    assert w.woken and not book.claim(w)
    assert book.closed and not book.reserve(A)
    # a lent connection coming back after close is closed, not pooled
    other = Conn("o")
    assert book.release(B, other, 1.0, True) == [other]


def test_double_release_is_refused() -> None:
    book: PoolBook[Conn] = PoolBook()
    with pytest.raises(RuntimeError):
        book.cancel_reservation(A)


def test_repr_shows_state() -> None:
    book: PoolBook[Conn] = PoolBook(limit=3)
    book.reserve(A)
    assert "in_use=1/3" in repr(book)

"""UploadTracker's bookkeeping without a network: a fake transport whose unsent buffer the test
sets stands for the kernel taking bytes, so every figure below is worked out by hand.

The rules are aiohttp 3.14's (module doc of wirehttp/_client/upload_tracker.py); the same
behaviour over loopback is in tests/functional/test_client_upload_tracker.py.
"""

from __future__ import annotations

import asyncio
import gc

import pytest

import wirehttp
from wirehttp._client.upload_tracker import MAX_PENDING_WRITES, UploadAttempt, UploadTracker


class FakeTransport:
    """What the tracker reads of a transport: its unsent buffer and whether it is closing."""

    def __init__(self) -> None:
        self.buffered = 0
        self.closing = False

    def get_write_buffer_size(self) -> int:
        return self.buffered

    def is_closing(self) -> bool:
        return self.closing


def writing(tracker: UploadTracker, head: int) -> tuple[UploadAttempt, FakeTransport]:
    transport = FakeTransport()
    attempt = tracker._start_attempt()
    transport.buffered = head  # the head is handed over, nothing of it is out yet
    attempt.begin(transport, head)
    return attempt, transport


def test_made_outside_a_running_loop_is_refused() -> None:
    with pytest.raises(RuntimeError, match="no running event loop"):
        UploadTracker()


async def test_fresh_tracker() -> None:
    tracker = wirehttp.UploadTracker()
    assert (tracker.attempts, tracker.bytes_written) == (0, 0)
    assert not tracker.upload_complete.done()
    assert repr(tracker) == "<UploadTracker uploading attempts=0 bytes_written=0>"
    tracker.label = "avatar.png"  # type: ignore[attr-defined]  # allowed, as with aiohttp's


async def test_one_tracker_one_request() -> None:
    tracker = UploadTracker()
    tracker._bind()
    with pytest.raises(RuntimeError, match="already tracks another request"):
        tracker._bind()


async def test_plain_body_counts_what_left_the_buffer() -> None:
    tracker = UploadTracker()
    attempt, transport = writing(tracker, head=100)
    transport.buffered += 1000
    attempt.wrote(1000, 1000)
    assert tracker.bytes_written == 0  # the head is not payload, and nothing is out
    transport.buffered = 1100 - 60
    assert tracker.bytes_written == 0  # 60 bytes out: all head
    transport.buffered = 600
    assert tracker.bytes_written == 400  # head + 400 body bytes out
    transport.buffered = 0
    assert tracker.bytes_written == 1000
    assert not tracker.upload_complete.done()


async def test_chunk_framing_is_not_payload() -> None:
    tracker = UploadTracker()
    attempt, transport = writing(tracker, head=50)
    for _ in range(2):  # b"a\r\n" + 10 bytes + b"\r\n": 15 wire bytes carry 10 payload bytes
        transport.buffered += 15
        attempt.wrote(10, 15)
    transport.buffered += 5
    attempt.wrote(0, 5)  # the last chunk
    transport.buffered = 85 - 65
    assert tracker.bytes_written == 10  # head and the first chunk
    transport.buffered = 85 - 72
    assert tracker.bytes_written == 10 + 10 * 7 // 15  # 7 of the second chunk's 15 bytes
    transport.buffered = 0
    assert tracker.bytes_written == 20


async def test_payload_a_compressor_keeps_counts_with_the_write_that_carries_it() -> None:
    tracker = UploadTracker()
    attempt, transport = writing(tracker, head=10)
    attempt.wrote(4000, 0)  # swallowed by the compressor: nothing handed over
    transport.buffered = 0
    assert tracker.bytes_written == 0
    transport.buffered = 300
    attempt.wrote(0, 300)  # the flush carries all of it
    assert tracker.bytes_written == 0
    transport.buffered = 150
    assert tracker.bytes_written == 2000
    transport.buffered = 0
    assert tracker.bytes_written == 4000


async def test_bytes_someone_else_left_in_the_buffer_are_not_counted() -> None:
    tracker = UploadTracker()
    transport = FakeTransport()
    transport.buffered = 500  # not ours: before this request
    attempt = tracker._start_attempt()
    attempt.begin(transport, 100)
    transport.buffered += 100 + 1000
    attempt.wrote(1000, 1000)
    assert tracker.bytes_written == 0
    transport.buffered = 500  # all of ours is out, the stranger's bytes are not
    assert 0 < tracker.bytes_written <= 1000


async def test_figure_never_goes_back() -> None:
    tracker = UploadTracker()
    attempt, transport = writing(tracker, head=0 + 1)
    transport.buffered += 100
    attempt.wrote(100, 100)
    transport.buffered = 0
    assert tracker.bytes_written == 100
    transport.buffered = 1000  # cannot happen, but must not make the figure shrink
    assert tracker.bytes_written == 100


async def test_many_tiny_writes_keep_a_bounded_list() -> None:
    tracker = UploadTracker()
    attempt, transport = writing(tracker, head=0 + 10)
    for _ in range(10 * MAX_PENDING_WRITES):
        transport.buffered += 1
        attempt.wrote(1, 1)
    assert len(attempt.pending) <= MAX_PENDING_WRITES
    transport.buffered = 500
    assert tracker.bytes_written == 10 * MAX_PENDING_WRITES - 500
    transport.buffered = 0
    assert tracker.bytes_written == 10 * MAX_PENDING_WRITES


async def test_a_torn_down_transport_keeps_the_last_known_figure() -> None:
    tracker = UploadTracker()
    attempt, transport = writing(tracker, head=10)
    transport.buffered += 1000
    attempt.wrote(1000, 1000)
    transport.buffered = 500  # the head and 500 body bytes are out
    assert tracker.bytes_written == 500
    transport.buffered, transport.closing = 0, True  # the buffer was dropped, not sent
    assert tracker.bytes_written == 500
    error = wirehttp.ClientOSError(32, "broken pipe")
    attempt.fail(error)
    tracker._finalize()
    assert tracker.bytes_written == 500
    assert tracker.upload_complete.exception() is error


async def test_complete_when_the_last_attempt_sent_it_all() -> None:
    tracker = UploadTracker()
    attempt, transport = writing(tracker, head=10)
    transport.buffered += 1000
    attempt.wrote(1000, 1000)
    tracker._finalize()  # the answer came while the body is still being written
    assert not tracker.upload_complete.done()
    attempt.finish(sent_in_full=True)
    assert tracker.upload_complete.result() is None
    assert tracker.bytes_written == 1000  # handed over in full and below the high-water mark
    assert repr(tracker) == "<UploadTracker complete attempts=1 bytes_written=1000>"


@pytest.mark.parametrize("how", ["never connected", "cut short", "not asked for"])
async def test_aborted(how: str) -> None:
    tracker = UploadTracker()
    if how != "never connected":
        attempt, _ = writing(tracker, head=10)
        if how == "cut short":
            attempt.fail(None)  # cancelled
        else:
            attempt.finish(sent_in_full=False)  # a final answer instead of 100 Continue
    else:
        tracker._start_attempt()
    tracker._finalize()
    with pytest.raises(wirehttp.UploadAbortedError):
        tracker.upload_complete.result()
    assert repr(tracker).startswith("<UploadTracker failed attempts=1 ")


async def test_only_the_latest_attempt_counts() -> None:
    tracker = UploadTracker()
    first, first_transport = writing(tracker, head=10)
    first_transport.buffered += 1000
    first.wrote(1000, 1000)
    second, _ = writing(tracker, head=10)  # a retry or a redirect
    assert (tracker.attempts, tracker.bytes_written) == (2, 0)
    tracker._finalize()
    first.finish(sent_in_full=True)  # the old writer ends late: it does not settle anything
    assert not tracker.upload_complete.done()
    assert tracker.bytes_written == 0
    second.fail(wirehttp.ClientConnectionResetError("reset"))
    assert isinstance(tracker.upload_complete.exception(), wirehttp.ClientConnectionResetError)


async def test_an_unawaited_failure_logs_nothing(loop: asyncio.AbstractEventLoop) -> None:
    """conftest's loop fails the test on "exception was never retrieved"."""
    tracker = UploadTracker()
    tracker._finalize()
    assert tracker.upload_complete.done()
    del tracker
    gc.collect()
    await asyncio.sleep(0)

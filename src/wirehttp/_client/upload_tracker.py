"""UploadTracker: how much of one request's body has gone out (aiohttp 3.14's `upload_tracker=`).

Owns `UploadTracker` (public in `wirehttp`) and its per-attempt record `UploadAttempt`. The
session runs a tracked request as `tracker._run(session._request, method, url, **kwargs)`.

The rules, as aiohttp 3.14 behaves:
- A tracker is made inside a running loop and observes one request: a second request given
  the same tracker raises RuntimeError before it does anything.
- Each time the request is put on a connection (the first try, a retry on a fresh connection, a
  redirect hop, a client middleware calling its handler again) is one attempt: `attempts` counts
  them, and `bytes_written` starts again from 0 (a redirect that drops the body goes out empty).
- `bytes_written` counts payload bytes (before compression or chunk framing; the head is not
  payload) that left the transport's buffer for the kernel, worked out when it is read from
  what was handed over and what the transport still holds (within a write that is partly out,
  in proportion: exact for plain bodies, an estimate for compressed ones). Once the whole body
  was handed over and the transport took it below its high-water mark, it is the whole body.
  An attempt that fails keeps the last figure that was known to be out.
- `upload_complete` is settled once the request is over (returned its response or raised) and
  its last attempt stopped writing: None when that attempt sent its body in full (a request
  without a body counts), its error when writing the body failed, and UploadAbortedError when
  the body was cut short or never started (connect failed, a 100-continue was refused, the
  response was closed early, the request was cancelled). An error set there counts as
  retrieved, so a tracker nobody awaits logs nothing.

The request path stays free of this when no tracker is given: the session checks for one once
(`_run` is used only then), `exchange()` once per attempt, and `ClientRequest.send` once.
Must not import `_server` or `_web`.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any, Final, TypeVar

from .exceptions import UploadAbortedError

__all__ = ("UploadAttempt", "UploadTracker")

_T = TypeVar("_T")

# Writes still partly in the transport's buffer that are remembered one by one; past this two
# neighbours are merged, so a body of many tiny chunks cannot grow the list while nobody reads it.
MAX_PENDING_WRITES: Final = 256


class UploadTracker:
    """The upload progress of one request: pass it as `upload_tracker=` and read it meanwhile.

    No __slots__: as with aiohttp's, a user may hang attributes of their own on a tracker.
    """

    def __init__(self) -> None:
        loop = asyncio.get_running_loop()  # RuntimeError outside a running loop, as in aiohttp
        self.attempts = 0
        self.upload_complete: asyncio.Future[None] = loop.create_future()
        self._bound = False
        self._final = False  # the request is over: no attempt will follow
        self._attempt: UploadAttempt | None = None

    @property
    def bytes_written(self) -> int:
        """Payload bytes of the current attempt that left the transport's buffer."""
        attempt = self._attempt
        return 0 if attempt is None else attempt.sent()

    def __repr__(self) -> str:
        done = self.upload_complete
        if not done.done():
            state = "finishing" if self._final else "uploading"
        elif done.cancelled() or done.exception() is not None:
            state = "failed"
        else:
            state = "complete"
        return (
            f"<UploadTracker {state} attempts={self.attempts} bytes_written={self.bytes_written}>"
        )

    # --- what the client calls --------------------------------------------------------------
    async def _run(self, request: Callable[..., Awaitable[_T]], *args: Any, **kwargs: Any) -> _T:
        """`await request(*args, **kwargs)`, the request this tracker was given to."""
        self._bind()
        try:
            return await request(*args, **kwargs)
        finally:
            self._finalize()

    def _bind(self) -> None:
        if self._bound:
            raise RuntimeError("this UploadTracker already tracks another request")
        self._bound = True

    def _start_attempt(self) -> UploadAttempt:
        """A new attempt is about to connect; what the previous one still reports is ignored."""
        self.attempts += 1
        attempt = self._attempt = UploadAttempt(self)
        return attempt

    def _finalize(self) -> None:
        """The request returned or raised: settle now, or when its last attempt stops writing."""
        self._final = True
        attempt = self._attempt
        if attempt is None or not attempt.writing:
            self._settle()

    def _settle(self) -> None:
        done = self.upload_complete
        if done.done():
            return
        attempt = self._attempt
        if attempt is not None and attempt.complete:
            done.set_result(None)
            return
        error = attempt.error if attempt is not None else None
        done.set_exception(
            error if error is not None else UploadAbortedError("the request body was not all sent")
        )
        done.exception()  # retrieved: a tracker nobody awaits must not log "never retrieved"


class UploadAttempt:
    """One attempt's writes: what was handed to the transport, and what is known to be out.

    `pending` holds (payload, wire) totals at the end of each write not yet known to have left
    the buffer; `confirmed` / `confirmed_wire` are the totals up to which everything is out.
    """

    __slots__ = (
        "complete",
        "confirmed",
        "confirmed_wire",
        "error",
        "payload",
        "pending",
        "reported",
        "tracker",
        "transport",
        "wire",
        "writing",
    )

    def __init__(self, tracker: UploadTracker) -> None:
        self.tracker = tracker
        self.transport: asyncio.WriteTransport | None = None
        self.writing = False
        self.complete = False
        self.error: BaseException | None = None
        self.payload = self.wire = 0  # handed to the transport by this attempt
        self.confirmed = self.confirmed_wire = 0
        self.reported = 0  # the payload figure last worked out
        self.pending: deque[tuple[int, int]] = deque()

    def begin(self, transport: Any, head_size: int) -> None:
        """The attempt's writer starts: the head (no payload) goes out first."""
        self.transport = transport
        self.writing = True
        self.wrote(0, head_size)

    def wrote(self, payload: int, wire: int) -> None:
        """`wire` bytes carrying `payload` bytes of the body were just handed to the transport."""
        self.payload += payload
        if not wire:
            return  # a compressor kept the payload: it goes out with a later write
        self.wire += wire
        pending = self.pending
        pending.append((self.payload, self.wire))
        if len(pending) > MAX_PENDING_WRITES:
            # merge the second into the third: the first (often the head, no payload) stays
            # exact, and writes of one kind (all plain, or all framed alike) merge losslessly
            del pending[1]
        self.sent()  # drops what already left, so `pending` holds only buffered writes

    def sent(self) -> int:
        """Payload bytes known to have left the transport's buffer (see the module doc)."""
        transport = self.transport
        if not self.writing or transport is None or transport.is_closing():
            return self.reported  # settled, or torn down: what was dropped never went out
        out = self.wire - transport.get_write_buffer_size()
        pending = self.pending
        while pending and pending[0][1] <= out:
            self.confirmed, self.confirmed_wire = pending.popleft()
        figure = self.confirmed
        if pending and out > self.confirmed_wire:  # inside a write that is partly out
            payload_end, wire_end = pending[0]
            part = (payload_end - self.confirmed) * (out - self.confirmed_wire)
            figure += part // (wire_end - self.confirmed_wire)
        self.reported = max(figure, self.reported)
        return self.reported

    def finish(self, sent_in_full: bool) -> None:
        """The writer is done: the body went out in full, or it was never asked for."""
        if sent_in_full:
            self.complete = True
            self.reported = self.payload
        else:
            self.sent()
        self._stop()

    def fail(self, error: BaseException | None) -> None:
        """The writer failed with `error`, or was cancelled (None): the body was cut short."""
        self.sent()
        self.error = error
        self._stop()

    def _stop(self) -> None:
        self.writing = False
        self.transport = None
        self.pending.clear()
        tracker = self.tracker
        if tracker._attempt is self and tracker._final:
            tracker._settle()


UploadTracker.__module__ = "wirehttp"

"""Flow control for one connection: read pausing and write draining in one small class.

Owns: `FlowControl`, the only place that pauses/resumes reading on a transport and the only
place that parks writers while the peer is slow (`drain`). The protocol forwards asyncio's
`pause_writing` / `resume_writing` / `connection_lost` callbacks here.

Must not import: anything above L2 (`_body`, `_client`, `_server`, `_web`), nor aiohttp.
"""

from __future__ import annotations

import asyncio

__all__ = ("FlowControl",)

# Transports without read flow control (or already torn down) raise one of these from
# pause_reading()/resume_reading(); a closed connection has nothing left to pause.
_PAUSE_ERRORS = (AttributeError, NotImplementedError, RuntimeError)


class FlowControl:
    """Read pausing and write draining for one transport.

    `pause_reading()` / `resume_reading()` are idempotent and do nothing once the transport is
    closing or the connection is lost. Writers `await drain()`; it returns at once unless the
    transport asked us to stop writing, and raises once the connection is lost.
    """

    __slots__ = ("_exc", "_lost", "_reading_paused", "_transport", "_waiters", "_writing_paused")

    def __init__(self, transport: asyncio.BaseTransport) -> None:
        self._transport = transport
        self._reading_paused = False
        self._writing_paused = False
        self._waiters: list[asyncio.Future[None]] = []
        self._lost = False
        self._exc: BaseException | None = None

    def __repr__(self) -> str:
        state = "lost" if self._lost else "open"
        return (
            f"<FlowControl {state} reading_paused={self._reading_paused} "
            f"writing_paused={self._writing_paused} drainers={len(self._waiters)}>"
        )

    @property
    def reading_paused(self) -> bool:
        return self._reading_paused

    @property
    def writing_paused(self) -> bool:
        return self._writing_paused

    # -- read side -------------------------------------------------------------------------

    def pause_reading(self) -> None:
        if self._reading_paused or self._lost:
            return
        self._reading_paused = True
        transport = self._transport
        if transport.is_closing():
            return
        try:
            transport.pause_reading()  # type: ignore[attr-defined]
        except _PAUSE_ERRORS:
            pass

    def resume_reading(self) -> None:
        if not self._reading_paused or self._lost:
            return
        self._reading_paused = False
        transport = self._transport
        if transport.is_closing():
            return
        try:
            transport.resume_reading()  # type: ignore[attr-defined]
        except _PAUSE_ERRORS:
            pass

    # -- write side (asyncio calls these through the protocol) -----------------------------

    def pause_writing(self) -> None:
        self._writing_paused = True

    def resume_writing(self) -> None:
        self._writing_paused = False
        self._wake()

    def connection_lost(self, exc: BaseException | None) -> None:
        self._lost = True
        self._exc = exc
        self._writing_paused = False
        self._wake()

    async def drain(self) -> None:
        """Wait until the transport accepts writes again; raise if the connection is gone."""
        if self._lost:
            self._raise_lost()
        if not self._writing_paused:
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            await waiter
        finally:
            # Already removed by _wake() unless this drain was cancelled while parked.
            if waiter in self._waiters:
                self._waiters.remove(waiter)
        if self._lost:
            self._raise_lost()

    def _raise_lost(self) -> None:
        if self._exc is not None:
            raise self._exc
        raise ConnectionResetError("Connection lost")

    def _wake(self) -> None:
        # Waiters are woken with a result, never an exception: a drainer cancelled at the same
        # moment would otherwise leave an exception nobody retrieves. drain() re-checks state.
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

"""FlowControl and BaseProtocol driven through a mock transport, plus one real socket pair."""

from __future__ import annotations

import asyncio
import socket

import pytest

from wirehttp._base.pure_python import is_compiled
from wirehttp._io import protocol as protocol_module
from wirehttp._io.flow import FlowControl
from wirehttp._io.protocol import BaseProtocol

pytestmark = pytest.mark.timeout(10)


class MockTransport(asyncio.Transport):
    """Counts pause/resume calls; can be closing, or lack read flow control altogether."""

    def __init__(self, *, closing: bool = False, error: type[Exception] | None = None) -> None:
        super().__init__()
        self.closing = closing
        self.error = error
        self.calls: list[str] = []

    def is_closing(self) -> bool:
        return self.closing

    def pause_reading(self) -> None:
        if self.error is not None:
            raise self.error
        self.calls.append("pause")

    def resume_reading(self) -> None:
        if self.error is not None:
            raise self.error
        self.calls.append("resume")


def test_pause_and_resume_reading_are_idempotent() -> None:
    transport = MockTransport()
    flow = FlowControl(transport)
    flow.pause_reading()
    flow.pause_reading()
    assert flow.reading_paused
    flow.resume_reading()
    flow.resume_reading()
    assert not flow.reading_paused
    assert transport.calls == ["pause", "resume"]


def test_resume_without_pause_does_nothing() -> None:
    transport = MockTransport()
    FlowControl(transport).resume_reading()
    assert transport.calls == []


@pytest.mark.parametrize("error", [AttributeError, NotImplementedError, RuntimeError])
def test_transport_without_read_flow_control_is_tolerated(error: type[Exception]) -> None:
    flow = FlowControl(MockTransport(error=error))
    flow.pause_reading()
    flow.resume_reading()


def test_reading_calls_after_close_do_not_touch_transport() -> None:
    transport = MockTransport(closing=True)
    flow = FlowControl(transport)
    flow.pause_reading()
    flow.resume_reading()
    assert transport.calls == []


def test_reading_calls_after_connection_lost_are_noops() -> None:
    transport = MockTransport()
    flow = FlowControl(transport)
    flow.connection_lost(None)
    flow.pause_reading()
    flow.resume_reading()
    assert transport.calls == []


async def test_drain_returns_at_once_when_writing_not_paused() -> None:
    flow = FlowControl(MockTransport())
    await flow.drain()


async def test_drain_waits_until_resume_writing() -> None:
    flow = FlowControl(MockTransport())
    flow.pause_writing()
    assert flow.writing_paused
    first = asyncio.ensure_future(flow.drain())
    second = asyncio.ensure_future(flow.drain())
    await asyncio.sleep(0)
    assert not first.done() and not second.done()
    flow.resume_writing()
    await asyncio.gather(first, second)
    assert not flow.writing_paused


async def test_connection_lost_wakes_drainers_with_connection_reset() -> None:
    flow = FlowControl(MockTransport())
    flow.pause_writing()
    waiter = asyncio.ensure_future(flow.drain())
    await asyncio.sleep(0)
    flow.connection_lost(None)
    with pytest.raises(ConnectionResetError, match="Connection lost"):
        await waiter
    with pytest.raises(ConnectionResetError, match="Connection lost"):
        await flow.drain()


async def test_connection_lost_with_error_raises_that_error() -> None:
    flow = FlowControl(MockTransport())
    flow.pause_writing()
    waiter = asyncio.ensure_future(flow.drain())
    await asyncio.sleep(0)
    error = OSError("broken pipe")
    flow.connection_lost(error)
    with pytest.raises(OSError, match="broken pipe"):
        await waiter
    with pytest.raises(OSError, match="broken pipe"):
        await flow.drain()


async def test_cancelled_drain_does_not_disturb_the_others() -> None:
    flow = FlowControl(MockTransport())
    flow.pause_writing()
    cancelled = asyncio.ensure_future(flow.drain())
    other = asyncio.ensure_future(flow.drain())
    await asyncio.sleep(0)
    cancelled.cancel()
    with pytest.raises(asyncio.CancelledError):
        await cancelled
    assert not other.done()
    flow.resume_writing()
    await other
    assert "drainers=0" in repr(flow)


# -- BaseProtocol ----------------------------------------------------------------------------


def test_protocol_lifecycle_delegates_to_flow_control() -> None:
    proto = BaseProtocol()
    assert not proto.connected
    proto.pause_reading()  # before the connection: nothing to pause, no error
    proto.pause_writing()
    transport = MockTransport()
    proto.connection_made(transport)
    assert proto.connected and proto.transport is transport
    proto.pause_reading()
    assert proto.reading_paused
    proto.resume_reading()
    assert transport.calls == ["pause", "resume"]
    proto.pause_writing()
    assert proto.writing_paused
    proto.resume_writing()
    assert not proto.writing_paused
    proto.connection_lost(None)
    assert not proto.connected and proto.transport is None
    proto.pause_reading()
    assert transport.calls == ["pause", "resume"]


async def test_protocol_drain_raises_without_connection() -> None:
    proto = BaseProtocol()
    with pytest.raises(ConnectionResetError):
        await proto.drain()
    proto.connection_made(MockTransport())
    await proto.drain()
    proto.pause_writing()
    waiter = asyncio.ensure_future(proto.drain())
    await asyncio.sleep(0)
    proto.connection_lost(ConnectionAbortedError("aborted"))
    with pytest.raises(ConnectionAbortedError):
        await waiter


def test_protocol_uses_slots() -> None:
    if is_compiled(protocol_module):
        # mypyc builds a subclass of asyncio.Protocol as a regular class with its own layout;
        # the pure-Python run of the suite (WIREHTTP_NO_EXTENSIONS=1) checks the slots.
        pytest.skip("__slots__ are the pure-Python build's; this module is compiled")
    proto = BaseProtocol()
    with pytest.raises(AttributeError):
        proto.unexpected = 1  # type: ignore[attr-defined]


async def test_drain_against_a_slow_real_peer() -> None:
    # The peer does not read, so the kernel and transport buffers fill and asyncio calls
    # pause_writing(); drain() parks until the peer reads and resume_writing() comes.
    loop = asyncio.get_running_loop()
    ours, theirs = socket.socketpair()
    theirs.setblocking(False)
    transport, proto = await loop.create_connection(BaseProtocol, sock=ours)
    transport.set_write_buffer_limits(high=1024)
    block = b"x" * 65536
    while not proto.writing_paused:
        transport.write(block)
    drained = asyncio.ensure_future(proto.drain())
    await asyncio.sleep(0.01)
    assert not drained.done()
    while not drained.done():
        try:
            theirs.recv(1 << 20)
        except BlockingIOError:
            pass
        await asyncio.sleep(0.001)
    await drained
    transport.close()
    theirs.close()
    await asyncio.sleep(0)
    assert not proto.connected

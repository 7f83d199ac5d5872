"""The per-connection server protocol: bytes in, requests dispatched, connection lifetime.

Owns: feeding the sans-IO request parser, the queue of pipelined requests (bounded: reading
pauses when it is full), the keep-alive and header-read deadlines (one lazily rescheduled timer
per connection), protocol errors answered with their status and a closed connection, upgrades,
and graceful shutdown. What happens to one request lives in `cycle.py`.
Must not import `_web` or `_client`: requests are built by the injected `request_factory`.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .._base.limits import MAX_PIPELINED_REQUESTS
from .._io.empty_stream import EMPTY_PAYLOAD
from .._io.protocol import BaseProtocol
from .._io.streams import StreamReader
from .._sansio.errors import HttpProtocolError
from .._sansio.h1 import END_OF_MESSAGE, RequestHead, RequestParser, Upgrade
from .body_decoding import decoding_payload, request_content_coding
from .cycle import RequestCycle, error_response_bytes
from .payload_errors import BodyConnectionLost, body_protocol_error

if TYPE_CHECKING:
    from .server import Server

__all__ = ("RequestHandler",)

_DISCARD_LIMIT = 2**20  # unread request body we are willing to swallow to keep a connection alive


class RequestHandler(BaseProtocol):
    """One HTTP/1.1 connection: parses requests and runs them one at a time, in order."""

    __slots__ = (
        "_backlog",
        "_cycle",
        "_deadline",
        "_discarded",
        "_head_started",
        "_manager",
        "_parser",
        "_parsing",
        "_payload",
        "_pending",
        "_switched",
        "_timer",
        "_upgraded",
        "close_after_response",
        "loop",
    )

    def __init__(self, manager: Server, *, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__()
        self.loop = loop
        self._manager = manager
        self._parser = RequestParser(
            max_line_size=manager.max_line_size,
            max_field_size=manager.max_field_size,
            max_headers=manager.max_headers,
        )
        self._payload: StreamReader | None = None  # body of the message being received
        self._pending: deque[tuple[RequestHead, StreamReader] | HttpProtocolError] = deque()
        self._cycle: RequestCycle | None = None  # the request being handled
        self._timer: asyncio.TimerHandle | None = None
        self._deadline = 0.0
        self._head_started = False
        self._discarded = 0
        self._upgraded = False
        self._switched = False
        self._backlog = bytearray()  # bytes read but not parsed yet: the queue was full
        self._parsing = False
        self.close_after_response = False

    def __repr__(self) -> str:
        peer = self.transport.get_extra_info("peername") if self.transport else None
        state = "busy" if self._cycle is not None else "idle"
        return f"<RequestHandler {peer} {state} pending={len(self._pending)}>"

    # -- connection lifetime -------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        self._manager.connection_made(self, transport)
        self._arm(self._manager.keepalive_timeout)

    def connection_lost(self, exc: Exception | None) -> None:
        super().connection_lost(exc)
        self._manager.connection_lost(self, exc)
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._payload is not None and not self._payload.is_eof():
            self._payload.set_exception(BodyConnectionLost())
        self._payload = None
        for item in self._pending:
            if not isinstance(item, HttpProtocolError):
                item[1].set_exception(BodyConnectionLost())
        self._pending.clear()
        if self._cycle is not None:
            self._cycle.connection_lost(exc)

    # -- bytes in ------------------------------------------------------------------------

    def data_received(self, data: bytes) -> None:
        if self._upgraded:
            return
        if not self._backlog and data.count(b"\r\n\r\n") < self._room():
            self._parse(data)  # the usual case: fewer heads than the queue has room for
            return
        self._backlog += data
        self._drain_backlog()

    def _room(self) -> int:
        return MAX_PIPELINED_REQUESTS - len(self._pending) + (self._cycle is None)

    def _drain_backlog(self) -> None:
        """Parse held-back bytes, at most as many heads at a time as the queue has room for.

        Every head ends with CRLF CRLF, so cutting after `room - 1` of them (one more head may
        have begun in an earlier read) can never queue more than MAX_PIPELINED_REQUESTS. A
        body may hold CRLF CRLF too: that only cuts earlier, and the loop goes on while there
        is room, so a running handler waiting for its body always gets it. What is left waits,
        with reading paused, for `cycle_done` to make room.
        """
        while self._backlog and not self._parsing and not self._upgraded:
            data = self._backlog
            cut = 0
            for _ in range(self._room() - 1):
                end = data.find(b"\r\n\r\n", cut)
                if end < 0:
                    cut = len(data)
                    break
                cut = end + 4
            if cut == 0:
                break
            self._backlog = data[cut:]
            self._parse(bytes(data[:cut]))
        if self._backlog:
            self.pause_reading()
        elif len(self._pending) < MAX_PIPELINED_REQUESTS and self.transport is not None:
            self.resume_reading()

    def _parse(self, data: bytes) -> None:
        parser = self._parser
        self._parsing = True
        try:
            self._dispatch(parser.feed(data))
        finally:
            self._parsing = False
        if parser.mid_head and not self._head_started:
            # Part of a head arrived: the client now has header_read_timeout to finish it. A
            # head that arrives whole (the usual case) never starts this clock.
            self._head_started = True
            if self._cycle is None and not self._pending:
                self._arm(self._manager.header_read_timeout)

    def _dispatch(self, events: list[Any]) -> None:
        for event in events:
            if type(event) is bytes:
                self._feed_body(event)
            elif event is END_OF_MESSAGE:
                self._end_of_message()
            elif type(event) is RequestHead:
                self._on_head(event)
            elif isinstance(event, Upgrade):
                self._on_upgrade(event)
            else:
                self._backlog = bytearray()
                self._on_protocol_error(event)
                return

    def _on_head(self, head: RequestHead) -> None:
        self._head_started = False
        if head.has_body or head.upgrade:
            payload = self._new_payload(head)
            self._payload = payload
            self._discarded = 0
        else:
            payload = EMPTY_PAYLOAD
            self._payload = None
        if head.upgrade:  # started by _on_upgrade, once the bytes after the head are in
            self._pending.append((head, payload))
        elif self._cycle is None and not self._pending:
            self._start_cycle(head, payload)
        else:
            self._pending.append((head, payload))
            if len(self._pending) >= MAX_PIPELINED_REQUESTS:
                self.pause_reading()

    def _new_payload(self, head: RequestHead) -> StreamReader:
        manager = self._manager
        coding = request_content_coding(head.raw_headers) if head.has_body else None
        if coding is None:
            return StreamReader(self, manager.read_bufsize, loop=self.loop)
        return decoding_payload(
            self, manager.read_bufsize, self.loop, coding, manager.max_decoded_body
        )

    def _feed_body(self, data: bytes) -> None:
        payload = self._payload
        if payload is None:
            return
        if payload.is_eof():  # the handler has finished: swallow the rest, within reason
            self._discarded += len(data)
            if self._discarded > _DISCARD_LIMIT:
                self._close_transport()
            return
        payload.feed_data(data)

    def _end_of_message(self) -> None:
        payload = self._payload
        self._payload = None
        if payload is not None and not payload.is_eof():
            payload.feed_eof()
        # no deadline to set here: the keep-alive clock starts when the response is done

    def _on_upgrade(self, event: Upgrade) -> None:
        # Parsing stops here: the handler either switches protocols (`switch_protocol`) or
        # answers normally, after which the connection closes. Bytes already sent past the
        # head wait in the request's payload for whichever protocol takes over.
        self._upgraded = True
        self.pause_reading()
        payload = self._payload
        if payload is not None and event.tail and not payload.is_eof():
            payload.feed_data(event.tail)
        if self._cycle is None and self._pending:
            item = self._pending.popleft()
            if not isinstance(item, HttpProtocolError):
                self._start_cycle(*item)

    def _on_protocol_error(self, error: HttpProtocolError) -> None:
        self.pause_reading()
        payload, self._payload = self._payload, None
        if payload is not None:
            payload.set_exception(body_protocol_error(error))
            last = self._pending[-1] if self._pending else None
            if isinstance(last, tuple) and last[1] is payload:
                # The broken body belongs to a queued request: it never reaches a handler.
                self._pending.pop()
            elif self._cycle is not None and not self._pending:
                # The running handler's own body: its read raises `error` and the cycle answers
                # with the error's status (if nothing was sent yet); the connection then closes.
                self.close_after_response = True
                return
        if self._cycle is None and not self._pending:
            self._send_error_and_close(error)
        else:
            self._pending.append(error)

    # -- running requests ----------------------------------------------------------------

    def _start_cycle(self, head: RequestHead, payload: StreamReader) -> None:
        self._disarm()
        self._cycle = RequestCycle(self, head, payload)
        self._cycle.start()

    def cycle_done(self, keep_alive: bool) -> None:
        """Called by the cycle once its response is fully written."""
        self._cycle = None
        if self._switched:  # the transport belongs to another protocol now
            self._manager.connection_lost(self, None)  # kept until its handler was done
            return
        if (
            not keep_alive
            or self.close_after_response
            or self._manager.closing
            or (self._upgraded and not self._pending)
        ):
            self._close_transport()
            return
        if self._pending:
            item = self._pending.popleft()
            if isinstance(item, HttpProtocolError):
                self._send_error_and_close(item)
                return
            self._start_cycle(*item)
            self._drain_backlog()
        elif self._head_started:
            self._arm(self._manager.header_read_timeout)
        else:  # idle, or still swallowing the unread rest of a body: keep-alive clock
            self._arm(self._manager.keepalive_timeout)

    def _send_error_and_close(self, error: HttpProtocolError) -> None:
        transport = self.transport
        if transport is not None and not transport.is_closing():
            transport.write(error_response_bytes(error.status, error.message))
            self._manager.log_protocol_error(self, error)
        self._close_transport()

    def _close_transport(self) -> None:
        self._disarm()
        transport = self.transport
        if transport is not None and not transport.is_closing():
            transport.close()

    @property
    def switched(self) -> bool:
        """True once `switch_protocol` handed the connection to another protocol."""
        return self._switched

    def detach(self) -> asyncio.Transport | None:
        """Stop all HTTP processing on this connection and return its transport."""
        self._upgraded = True
        self._switched = True
        self._disarm()
        if self._cycle is None:
            self._manager.connection_lost(self, None)  # the new owner manages it from here
        # else the server keeps it until the handler returns (`cycle_done`): a shutdown waits
        # for that handler (a WebSocket's), then cancels it and closes the transport, as aiohttp
        return self.transport

    def switch_protocol(self, factory: Callable[[], asyncio.Protocol]) -> asyncio.Protocol:
        """Hand the connection to `factory()` (after a 101 answer): the upgrade path.

        The new protocol gets `connection_made(transport)`, then any bytes the client sent
        after the upgrade request's head, then reading resumes. HTTP processing stops for good.
        """
        cycle = self._cycle
        transport = self.transport
        if transport is None or transport.is_closing():
            raise ConnectionResetError("Connection lost before the protocol switch")
        tail = cycle.payload_tail() if cycle is not None else b""
        self.detach()
        protocol = factory()
        transport.set_protocol(protocol)
        protocol.connection_made(transport)
        if tail:
            protocol.data_received(tail)
        transport.resume_reading()
        return protocol

    # -- deadlines -------------------------------------------------------------------------

    def _arm(self, delay: float | None) -> None:
        if not delay:
            self._disarm()
            return
        deadline = self._deadline = self.loop.time() + delay
        timer = self._timer
        # The timer is only moved when the deadline comes earlier than it fires (a head started
        # on an idle connection: keepalive_timeout -> header_read_timeout); a later deadline is
        # picked up lazily by _on_timer.
        if timer is None or timer.when() > deadline:
            if timer is not None:
                timer.cancel()
            self._timer = self.loop.call_at(deadline, self._on_timer)

    def _disarm(self) -> None:
        self._deadline = 0.0

    def _on_timer(self) -> None:
        self._timer = None
        if not self._deadline or self._cycle is not None:
            return
        now = self.loop.time()
        if now < self._deadline:
            self._timer = self.loop.call_at(self._deadline, self._on_timer)
            return
        if self._head_started:  # a client that sends its head too slowly
            self._send_error_and_close(_RequestTimeout())
        else:
            self._close_transport()

    # -- shutdown --------------------------------------------------------------------------

    def close_if_idle(self) -> bool:
        if self._cycle is None and not self._pending:
            self._close_transport()
            return True
        self.close_after_response = True
        return False

    async def wait_idle(self) -> None:
        cycle = self._cycle
        while cycle is not None:
            await cycle.wait_done()
            cycle = self._cycle

    def cancel_handler(self) -> None:
        if self._cycle is not None:
            self._cycle.cancel()
        self._close_transport()

    @property
    def manager(self) -> Any:
        return self._manager


class _RequestTimeout(HttpProtocolError):
    # The status goes through __init__, not a class attribute: in the compiled build (setup.py)
    # a class attribute on a subclass of an interpreted exception is not seen by instances.
    def __init__(self) -> None:
        super().__init__("Request Timeout: the request head was not received in time", status=408)


# setattr, not an assignment: mypyc (setup.py) refuses `Class.__module__ = ...` in a compiled
# module, and this one is compiled.
setattr(RequestHandler, "__module__", "wirehttp.web")  # noqa: B010  # documented as web.RequestHandler

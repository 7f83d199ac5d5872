"""One request's life on a server connection: build the request, run the handler, send.

Owns: the handler task (started eagerly where the running Python allows it), turning an
unexpected handler exception into a logged 500 that never carries the traceback, finishing the
response, the access-log call, and telling the connection whether it may be kept alive.
Must not import `_web` or `_client`: the response object is used by duck typing
(`prepare`, `write_eof`, `keep_alive`, `prepared`).
"""

from __future__ import annotations

import asyncio
import sys
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from .._io.streams import StreamReader
from .._sansio.errors import HttpProtocolError
from .._sansio.h1 import RequestHead
from .eager import EagerTask, start_eagerly
from .payload_errors import PAYLOAD_ACCESS_ERROR
from .writer import ResponseWriter

if TYPE_CHECKING:
    from .protocol import RequestHandler

__all__ = ("RequestCycle", "error_response_bytes")


EAGER_BY_HAND = sys.version_info < (3, 12)  # 3.12+ has asyncio.eager_task_factory


def error_response_bytes(status: int, message: str = "") -> bytes:
    """A complete, self-contained error response that closes the connection."""
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = "Error"
    body = f"{status} {reason}\n\n{message}\n" if message else f"{status} {reason}\n"
    data = body.encode("utf-8", "backslashreplace")
    head = (
        f"HTTP/1.1 {status} {reason}\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        f"Content-Length: {len(data)}\r\n"
        "Connection: close\r\n\r\n"
    )
    return head.encode("ascii") + data


_SERVER_ERROR_TEXT = "Server got itself in trouble"


class RequestCycle:
    """Runs one request through the handler and writes its response."""

    __slots__ = (
        "_done",
        "_payload",
        "_protocol",
        "head",
        "request",
        "response",
        "start_time",
        "task",
        "writer",
    )

    def __init__(self, protocol: RequestHandler, head: RequestHead, payload: StreamReader) -> None:
        self._protocol = protocol
        self.head = head
        self._payload = payload
        self.writer = ResponseWriter(protocol, protocol.loop)
        self.request: Any = None
        self.response: Any = None
        self.task: asyncio.Task[Any] | EagerTask | None = None
        self._done: asyncio.Future[None] | None = None
        self.start_time = 0.0

    def start(self) -> None:
        """Run the handler now, up to its first real wait (see `eager.py`)."""
        coro = self._run()
        if EAGER_BY_HAND:
            handle = EagerTask(self._protocol.loop, coro)
            self.task = handle
            handle.start()
        else:
            self.task = start_eagerly(self._protocol.loop, coro)

    async def _run(self) -> None:
        protocol = self._protocol
        manager = protocol._manager
        self.start_time = protocol.loop.time()
        keep_alive: bool | None = False
        try:
            task = self.task if self.task is not None else asyncio.current_task()
            self.request = request = manager.request_factory(
                self.head, self._payload, protocol, self.writer, task
            )
            try:
                response = await manager.handler(request)
            except (ConnectionResetError, asyncio.CancelledError):
                raise
            except Exception as exc:
                self._handler_failed(manager, exc)
            else:
                self.response = response
                keep_alive = self._send_now(manager, request, response)
                if keep_alive is None:
                    keep_alive = await self._send_streamed(manager, request, response)
        except (ConnectionResetError, asyncio.CancelledError):
            keep_alive = False
        finally:
            self._finish(bool(keep_alive))

    def _handler_failed(self, manager: Any, exc: Exception) -> None:
        """Answer a handler's exception: its own status, 504 for a timeout, else a logged 500."""
        if isinstance(exc, HttpProtocolError):  # e.g. the request body broke its framing
            manager.log_protocol_error(self._protocol, exc)
            self._send_raw_error(exc.status, exc.message)
        elif isinstance(exc, asyncio.TimeoutError):  # a handler that gave up waiting, as aiohttp
            manager.log_exception("Timeout handling request", exc)
            self._send_raw_error(504, "")
        else:
            manager.log_exception("Error handling request", exc)
            self._send_raw_error(500, _SERVER_ERROR_TEXT)

    def _send_now(self, manager: Any, request: Any, response: Any) -> bool | None:
        """Send a plain response in one synchronous step: keep-alive, or None to stream it."""
        send_at_once = getattr(response, "_send_at_once", None)
        if send_at_once is None:
            if hasattr(response, "prepare") and hasattr(response, "write_eof"):
                return None
            manager.log_exception("Missing or invalid response", TypeError(type(response).__name__))
            self._send_raw_error(500, _SERVER_ERROR_TEXT)
            return False
        try:
            must_wait = send_at_once(request)
        except ConnectionResetError:
            raise
        except Exception as exc:
            return self._send_failed(manager, response, exc)
        if must_wait is None or must_wait:  # it streams, or the transport wants a drain first
            return None
        return bool(response.keep_alive)

    async def _send_streamed(self, manager: Any, request: Any, response: Any) -> bool:
        try:
            if not response.prepared:
                await response.prepare(request)
            await response.write_eof()
            if self._protocol.writing_paused:
                await self._protocol.drain()
        except (ConnectionResetError, asyncio.CancelledError):
            raise
        except Exception as exc:
            return self._send_failed(manager, response, exc)
        return bool(response.keep_alive)

    def _send_failed(self, manager: Any, response: Any, exc: Exception) -> bool:
        manager.log_exception("Error sending response", exc)
        if not response.prepared:
            self._send_raw_error(500, _SERVER_ERROR_TEXT)
        return False

    def _send_raw_error(self, status: int, message: str) -> None:
        """Answer with a bare error (if nothing was sent yet); the connection then closes."""
        transport = self._protocol.transport
        if self.writer.output_size == 0 and transport is not None and not transport.is_closing():
            transport.write(error_response_bytes(status, message))
        elif self._protocol.switched and transport is not None:
            transport.close()  # it failed after an upgrade (a WebSocket's): that connection ends
        self.response = _RawErrorResponse(status)

    def _finish(self, keep_alive: bool) -> None:
        payload = self._payload
        if not payload.is_eof():
            payload.feed_eof()  # the handler is gone: the rest of its body is swallowed
        payload.set_exception(PAYLOAD_ACCESS_ERROR)  # a read after the response: aiohttp's error
        manager = self._protocol.manager
        manager.requests_count += 1  # the gunicorn worker's max_requests reads it
        access_logger = manager.access_logger
        if access_logger is not None and self.request is not None and access_logger.enabled:
            access_logger.log(
                self.request, self.response, self._protocol.loop.time() - self.start_time
            )
        if self._done is not None and not self._done.done():
            self._done.set_result(None)
        self._protocol.cycle_done(keep_alive)

    def payload_tail(self) -> bytes:
        """Bytes buffered in the request body that nobody read (an upgrade's first frames)."""
        payload = self._payload
        return payload.read_nowait(-1) if not payload.at_eof() else b""

    async def wait_done(self) -> None:
        if self.task is None or self.task.done():
            return
        if self._done is None:
            self._done = self._protocol.loop.create_future()
        await asyncio.shield(self._done)

    def connection_lost(self, exc: BaseException | None) -> None:
        if self._protocol.manager.handler_cancellation and self.task is not None:
            self.task.cancel()

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()


class _RawErrorResponse:
    """What the access log sees for a response we wrote ourselves."""

    __slots__ = ("body_length", "status")

    def __init__(self, status: int) -> None:
        self.status = status
        self.body_length = 0

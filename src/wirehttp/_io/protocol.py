"""The asyncio Protocol base shared by the client connection and the server request handler.

Owns: `BaseProtocol`, which keeps the transport, answers `connected`, and forwards every flow
control callback to one `FlowControl` (created when the connection is made). Subclasses add
`data_received` and their own per-connection state.

Must not import: anything above L2 (`_body`, `_client`, `_server`, `_web`), nor aiohttp.
"""

from __future__ import annotations

import asyncio
from typing import cast

from .flow import FlowControl

__all__ = ("BaseProtocol",)


class BaseProtocol(asyncio.Protocol):
    """A Protocol with flow control: read pausing for readers, `drain()` for writers.

    Before `connection_made` and after `connection_lost` reading calls are no-ops; `drain()`
    raises `ConnectionResetError` when there is no connection (or the error it was lost with).
    """

    __slots__ = ("_flow", "transport")

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self._flow: FlowControl | None = None

    def __repr__(self) -> str:
        return f"<{type(self).__name__} connected={self.connected} flow={self._flow!r}>"

    @property
    def connected(self) -> bool:
        """True between `connection_made` and `connection_lost`."""
        return self.transport is not None

    @property
    def flow(self) -> FlowControl | None:
        """The connection's FlowControl; None before the connection was made."""
        return self._flow

    @property
    def reading_paused(self) -> bool:
        return self._flow is not None and self._flow.reading_paused

    @property
    def writing_paused(self) -> bool:
        return self._flow is not None and self._flow.writing_paused

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)
        self._flow = FlowControl(transport)

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None
        flow = self._flow
        if flow is not None:
            flow.connection_lost(exc)

    def pause_writing(self) -> None:
        flow = self._flow
        if flow is not None:
            flow.pause_writing()

    def resume_writing(self) -> None:
        flow = self._flow
        if flow is not None:
            flow.resume_writing()

    def pause_reading(self) -> None:
        flow = self._flow
        if flow is not None:
            flow.pause_reading()

    def resume_reading(self) -> None:
        flow = self._flow
        if flow is not None:
            flow.resume_reading()

    async def drain(self) -> None:
        """Wait while the transport's write buffer is above its high-water mark."""
        flow = self._flow
        if flow is None:
            raise ConnectionResetError("Connection lost")
        await flow.drain()

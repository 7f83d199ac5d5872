"""What a request holds while it uses a pooled connection.

Owns `Connection`: the protocol and transport of one connection on loan from a connector,
given back with `release()` (to the pool when the protocol says it is reusable) or dropped
with `close()`. Callbacks added with `add_callback` run once, when the loan ends.
Imports nothing from _server or _web.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .key import ConnectionKey
from .protocol import ResponseHandler

if TYPE_CHECKING:
    from .base import BaseConnector

__all__ = ("Connection",)


class Connection:
    """A loan of one connection: `.protocol`, `.transport`, `release()`, `close()`."""

    __slots__ = ("_callbacks", "_connector", "_key", "_protocol")

    def __init__(
        self,
        connector: BaseConnector,
        key: ConnectionKey,
        protocol: ResponseHandler,
    ) -> None:
        self._connector = connector
        self._key = key
        self._protocol: ResponseHandler | None = protocol
        self._callbacks: list[Callable[[], Any]] = []

    def __repr__(self) -> str:
        return f"<Connection {self._key.host}:{self._key.port} closed={self.closed}>"

    @property
    def key(self) -> ConnectionKey:
        return self._key

    @property
    def protocol(self) -> ResponseHandler | None:
        """The connection's protocol; None once released or closed."""
        return self._protocol

    @property
    def transport(self) -> asyncio.Transport | None:
        protocol = self._protocol
        return None if protocol is None else protocol.transport

    @property
    def closed(self) -> bool:
        """True once the loan ended or the connection was lost."""
        return self._protocol is None or not self._protocol.connected

    def add_callback(self, callback: Callable[[], Any]) -> None:
        """Run `callback()` when the loan ends (release or close)."""
        if callback is not None:
            self._callbacks.append(callback)

    def release(self) -> None:
        """Give the connection back: pooled if the protocol may carry another request."""
        protocol = self._end()
        if protocol is not None:
            self._connector._release(self._key, protocol, should_close=protocol.should_close)

    def close(self) -> None:
        """Close the connection and give back its slot."""
        protocol = self._end()
        if protocol is not None:
            self._connector._release(self._key, protocol, should_close=True)

    def _end(self) -> ResponseHandler | None:
        protocol, self._protocol = self._protocol, None
        callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback()
        return protocol

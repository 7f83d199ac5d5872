"""`@streamer`: aiohttp's deprecated way to send a body from a coroutine that writes it.

Owns: `streamer` (decorating `async def f(writer, *args)` warns DeprecationWarning; calling the
result with the other arguments gives a value the payload registry wraps) and the two payloads
registered for it. The coroutine writes through `writer.write(chunk)`; the client runs it with
`streaming.payload_chunks`, one chunk at a time. Async generators replace it.
Must not import `_client`, `_server` or `_web`.
"""

from __future__ import annotations

import warnings
from collections.abc import Awaitable, Callable
from typing import Any

from .._io.writer_abc import AbstractStreamWriter
from .payload import Payload
from .registry import payload_type

__all__ = ("streamer",)


class _stream_wrapper:
    """The decorated coroutine with its arguments bound, waiting for a writer."""

    def __init__(
        self, coro: Callable[..., Awaitable[None]], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> None:
        self.coro = coro
        self.args = args
        self.kwargs = kwargs

    async def __call__(self, writer: AbstractStreamWriter) -> None:
        await self.coro(writer, *self.args, **self.kwargs)


class streamer:
    """`@streamer async def send(writer, ...)`; `data=send(...)` sends what it writes."""

    def __init__(self, coro: Callable[..., Awaitable[None]]) -> None:
        warnings.warn(
            "@streamer is deprecated, use async generators instead",
            DeprecationWarning,
            stacklevel=2,
        )
        self.coro = coro

    def __call__(self, *args: Any, **kwargs: Any) -> _stream_wrapper:
        return _stream_wrapper(self.coro, args, kwargs)


@payload_type(_stream_wrapper)
class StreamWrapperPayload(Payload):
    """A bound streamer: writing runs the coroutine against the writer."""

    async def write(self, writer: AbstractStreamWriter) -> None:
        await self._value(writer)

    def decode(self, encoding: str = "utf-8", errors: str = "strict") -> str:
        raise TypeError("Unable to decode.")


@payload_type(streamer)
class StreamPayload(StreamWrapperPayload):
    """A streamer given without arguments: it is called with none."""

    def __init__(self, value: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(value(), *args, **kwargs)


streamer.__module__ = "wirehttp.payload_streamer"  # documented as wirehttp.payload_streamer

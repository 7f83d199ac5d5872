"""Which Payload class wraps which value: aiohttp 3.14's payload registry.

Owns: `PayloadRegistry` (three lists searched in order: `try_first`, `normal` (an exact-type
dict first, then isinstance), `try_last`; a value that already is a Payload comes back as it
is), `PAYLOAD_REGISTRY` with the built-in types registered, `get_payload(data, *args,
**kwargs)`, `register_payload`, the `payload_type(type, order=)` class decorator, `Order` and
`LookupError` (what `get` raises when nothing matches; aiohttp's name, not the builtin).
Must not import `_client`, `_server` or `_web`.
"""

from __future__ import annotations

import enum
import io
from collections.abc import AsyncIterable, Iterable
from typing import Any, TypeVar

from .._io.streams import StreamReader
from .io_payload import BufferedReaderPayload, BytesIOPayload, IOBasePayload, TextIOPayload
from .iter_payload import AsyncIterablePayload, StreamReaderPayload
from .payload import BytesPayload, Payload, StringIOPayload, StringPayload

__all__ = (
    "PAYLOAD_REGISTRY",
    "LookupError",
    "Order",
    "PayloadRegistry",
    "get_payload",
    "payload_type",
    "register_payload",
)

_P = TypeVar("_P", bound=type[Payload])


class LookupError(Exception):
    """No payload class is registered for the value's type."""


class Order(str, enum.Enum):
    normal = "normal"
    try_first = "try_first"
    try_last = "try_last"


class PayloadRegistry:
    """Factories by value type, searched `try_first`, then `normal`, then `try_last`."""

    __slots__ = ("_first", "_last", "_normal", "_normal_lookup")

    def __init__(self) -> None:
        self._first: list[tuple[type[Payload], Any]] = []
        self._normal: list[tuple[type[Payload], Any]] = []
        self._last: list[tuple[type[Payload], Any]] = []
        self._normal_lookup: dict[Any, type[Payload]] = {}

    def __repr__(self) -> str:
        sizes = (len(self._first), len(self._normal), len(self._last))
        return f"<PayloadRegistry first={sizes[0]} normal={sizes[1]} last={sizes[2]}>"

    def get(self, data: Any, *args: Any, **kwargs: Any) -> Payload:
        for factory, kind in self._first:
            if isinstance(data, kind):
                return factory(data, *args, **kwargs)
        exact = self._normal_lookup.get(type(data))
        if exact is not None:
            return exact(data, *args, **kwargs)
        if isinstance(data, Payload):
            return data
        for factory, kind in (*self._normal, *self._last):
            if isinstance(data, kind):
                return factory(data, *args, **kwargs)
        raise LookupError()

    def register(self, factory: type[Payload], type: Any, *, order: Order = Order.normal) -> None:
        if order is Order.try_first:
            self._first.append((factory, type))
        elif order is Order.normal:
            self._normal.append((factory, type))
            for kind in type if isinstance(type, Iterable) else (type,):
                self._normal_lookup[kind] = factory
        elif order is Order.try_last:
            self._last.append((factory, type))
        else:
            raise ValueError(f"Unsupported order {order!r}")


PAYLOAD_REGISTRY = PayloadRegistry()


def get_payload(data: Any, *args: Any, **kwargs: Any) -> Payload:
    """The registered Payload for `data` (LookupError when none is)."""
    return PAYLOAD_REGISTRY.get(data, *args, **kwargs)


def register_payload(factory: type[Payload], type: Any, *, order: Order = Order.normal) -> None:
    PAYLOAD_REGISTRY.register(factory, type, order=order)


class payload_type:
    """`@payload_type(SomeType)` registers the decorated Payload class for SomeType."""

    def __init__(self, type: Any, *, order: Order = Order.normal) -> None:
        self.type = type
        self.order = order

    def __call__(self, factory: _P) -> _P:
        register_payload(factory, self.type, order=self.order)
        return factory


register_payload(BytesPayload, (bytes, bytearray, memoryview))
register_payload(StringPayload, str)
register_payload(StringIOPayload, io.StringIO)
register_payload(TextIOPayload, io.TextIOBase)
register_payload(BytesIOPayload, io.BytesIO)
register_payload(BufferedReaderPayload, (io.BufferedReader, io.BufferedRandom))
register_payload(IOBasePayload, io.IOBase)
register_payload(StreamReaderPayload, StreamReader)
# Last, so that more specific async iterables (a multipart BodyPartReader) win.
register_payload(AsyncIterablePayload, AsyncIterable, order=Order.try_last)

for _obj in (LookupError, Order, PayloadRegistry, get_payload, register_payload, payload_type):
    _obj.__module__ = "wirehttp.payload"  # documented as wirehttp.payload.<name>

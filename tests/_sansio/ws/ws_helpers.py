"""Helpers for the WebSocket reader tests: a hand-rolled frame builder and the ways to feed.

`raw_frame` builds any frame, valid or not, without using the library's encoder, so the encoder
and the reader are each checked against an independent picture of the wire. `same_every_split`
feeds bytes whole, one byte at a time and in seeded random cuts, and asserts all agree.
"""

from __future__ import annotations

import itertools
import random
import struct
from collections.abc import Callable, Iterator, Sequence

from wirehttp._sansio.ws.models import WebSocketError
from wirehttp._sansio.ws.reader import WebSocketReader


def raw_frame(
    opcode: int,
    payload: bytes = b"",
    *,
    fin: bool = True,
    rsv: int = 0,
    key: bytes | None = None,
    length: int | None = None,
    form: int | None = None,
) -> bytes:
    """One frame. `rsv` is the 3-bit RSV field; `key` masks; `length`/`form` (7, 16 or 64)
    override the declared length and its encoding, to build lying or non-minimal headers."""
    n = len(payload) if length is None else length
    if form is None:
        form = 7 if n < 126 else 16 if n < 0x10000 else 64
    first = (0x80 if fin else 0) | (rsv << 4) | opcode
    mask_bit = 0x80 if key is not None else 0
    if form == 7:
        head = bytes((first, mask_bit | n))
    elif form == 16:
        head = bytes((first, mask_bit | 126)) + struct.pack("!H", n)
    else:
        head = bytes((first, mask_bit | 127)) + struct.pack("!Q", n)
    if key is not None:
        head += key
        payload = bytes(b ^ key[i % 4] for i, b in enumerate(payload))
    return head + payload


def masked(opcode: int, payload: bytes = b"", **kw: object) -> bytes:
    """A client's frame: masked with a fixed key (the RFC 6455 5.7 example's)."""
    return raw_frame(opcode, payload, key=b"\x37\xfa\x21\x3d", **kw)  # type: ignore[arg-type]


def splits(data: bytes, seed: int = 0) -> Iterator[tuple[str, list[bytes]]]:
    """Whole, byte by byte, and 5 seeded random cuts."""
    yield "whole", [data]
    yield "bytewise", [data[i : i + 1] for i in range(len(data))]
    rng = random.Random(seed)
    for n in range(5):
        if len(data) < 2:
            break
        cuts = sorted(rng.sample(range(1, len(data)), min(len(data) - 1, rng.randint(1, 6))))
        bounds = [0, *cuts, len(data)]
        yield f"random{n}", [data[a:b] for a, b in itertools.pairwise(bounds)]


def feed_all(reader: WebSocketReader, pieces: Sequence[bytes]) -> list[object]:
    events: list[object] = []
    for piece in pieces:
        events.extend(reader.feed(piece))
    return events


def comparable(events: list[object]) -> list[object]:
    """Errors compare by class and close code (the message may cite a different byte)."""
    return [(WebSocketError, e.code) if isinstance(e, WebSocketError) else e for e in events]


def same_every_split(make: Callable[[], WebSocketReader], data: bytes) -> list[object]:
    """Feed `data` every way; assert each gives the same events; return them."""
    results = {name: comparable(feed_all(make(), pieces)) for name, pieces in splits(data)}
    whole = results["whole"]
    for name, events in results.items():
        assert events == whole, f"{name} split differs"
    return whole

"""Feeding helpers for the HTTP/1.1 parser tests: one-shot, byte-at-a-time, random splits.

Events from different splits are compared after normalising: adjacent body `bytes` are merged
(the split decides how body data is cut, not what it is), and an `Upgrade` tail is completed
with the bytes fed after it (the parser hands over only what came in the same feed).
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator, Sequence

from wirehttp._sansio.errors import RemoteProtocolError
from wirehttp._sansio.h1 import RequestParser, ResponseParser, Upgrade

Parser = RequestParser | ResponseParser


def splits(data: bytes, seed: int = 0) -> Iterator[tuple[str, list[bytes]]]:
    """The ways every case is fed: whole, one byte at a time, and 5 seeded random cuts."""
    yield "whole", [data]
    yield "bytewise", [data[i : i + 1] for i in range(len(data))]
    rng = random.Random(seed)
    for n in range(5):
        cuts = sorted(rng.sample(range(1, len(data)), min(len(data) - 1, rng.randint(1, 6))))
        bounds = [0, *cuts, len(data)]
        yield f"random{n}", [data[a:b] for a, b in itertools.pairwise(bounds)]


def feed_all(parser: Parser, pieces: Sequence[bytes], eof: bool = False) -> list[object]:
    events: list[object] = []
    upgraded: Upgrade | None = None
    later = b""
    for piece in pieces:
        if upgraded is not None:
            later += piece
            assert parser.feed(piece) == []
            continue
        for event in parser.feed(piece):
            events.append(event)
            if isinstance(event, Upgrade):
                upgraded = event
    if eof and upgraded is None:
        events.extend(parser.feed_eof())
    return normalise(events, later)


def normalise(events: list[object], later: bytes = b"") -> list[object]:
    out: list[object] = []
    for event in events:
        if isinstance(event, bytes) and out and isinstance(out[-1], bytes):
            out[-1] = out[-1] + event
        elif isinstance(event, Upgrade):
            out.append(Upgrade(event.tail + later))
        else:
            out.append(event)
    return out


def same_events_every_split(
    make: Callable[[], Parser], data: bytes, eof: bool = False
) -> list[object]:
    """Feed `data` every way; assert all give the same normalised events; return them."""
    results = {name: feed_all(make(), pieces, eof) for name, pieces in splits(data)}
    whole = results["whole"]
    for name, events in results.items():
        assert _comparable(events) == _comparable(whole), f"{name} split differs"
    return whole


def _comparable(events: list[object]) -> list[object]:
    # errors compare by class and status (their messages may cite a different byte)
    return [(type(e), e.status) if isinstance(e, RemoteProtocolError) else e for e in events]

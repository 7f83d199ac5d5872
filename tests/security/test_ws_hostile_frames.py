"""Hostile WebSocket frames against the sans-IO reader: each violation gets its close code.

Every case is fed whole, one byte at a time and in random cuts; each way must give the same
events, the last being a WebSocketError with the close code RFC 6455 asks for (1002 protocol
error, 1007 invalid data, 1009 message too big), after any message completed before it. A dead
reader then ignores everything. Decisions beyond aiohttp 3.14 (which accepts some of these):
a length not in its minimal form is refused (RFC 6455 5.2 says MUST), so is a 64-bit length with
its top bit set, RSV1 on a control or continuation frame, a masked frame to a client, and close
codes outside RFC 6455 7.4 and the IANA registry (1004-1006, 1015-2999, 5000 and up).
Frames are built here by hand, not by the library's encoder.
"""

from __future__ import annotations

import itertools
import random
import struct
import zlib
from dataclasses import dataclass

import pytest

from wirehttp._sansio.ws.deflate import PerMessageDeflate
from wirehttp._sansio.ws.models import WebSocketError, WSMessage, WSMsgType
from wirehttp._sansio.ws.reader import WebSocketReader

KEY = b"\x01\x02\x03\x04"
LIMIT = 1024  # max_msg_size for these readers


def frame(
    opcode: int,
    payload: bytes = b"",
    *,
    fin: bool = True,
    rsv: int = 0,
    mask: bool = True,
    length: int | None = None,
    form: int | None = None,
) -> bytes:
    n = len(payload) if length is None else length
    form = form or (7 if n < 126 else 16 if n < 0x10000 else 64)
    head = bytes(((0x80 if fin else 0) | rsv << 4 | opcode,))
    bit = 0x80 if mask else 0
    if form == 7:
        head += bytes((bit | n,))
    elif form == 16:
        head += bytes((bit | 126,)) + struct.pack("!H", n)
    else:
        head += bytes((bit | 127,)) + struct.pack("!Q", n)
    if mask:
        head += KEY
        payload = bytes(b ^ KEY[i % 4] for i, b in enumerate(payload))
    return head + payload


def deflated(data: bytes) -> bytes:
    c = zlib.compressobj(wbits=-15)
    return (c.compress(data) + c.flush(zlib.Z_SYNC_FLUSH))[:-4]


@dataclass
class Hostile:
    id: str
    data: bytes
    code: int
    before: tuple[WSMessage, ...] = ()
    client_side: bool = False  # the reader is a client's (expects unmasked frames)
    deflate: bool = False


OK = frame(0x1, b"ok")
OK_MSG = (WSMessage(WSMsgType.TEXT, "ok", ""),)
BOMB = deflated(bytes(10 * LIMIT))

CASES = [
    Hostile("unmasked-to-server", frame(0x1, b"x", mask=False), 1002),
    Hostile("masked-to-client", frame(0x1, b"x"), 1002, client_side=True),
    Hostile("rsv1-without-extension", frame(0x1, b"x", rsv=4), 1002),
    Hostile("rsv2", frame(0x2, b"x", rsv=2), 1002),
    Hostile("rsv3", frame(0x2, b"x", rsv=1), 1002),
    Hostile("rsv2-with-deflate", frame(0x2, b"x", rsv=2), 1002, deflate=True),
    Hostile("rsv1-on-ping-with-deflate", frame(0x9, rsv=4), 1002, deflate=True),
    Hostile(
        "rsv1-on-continuation",
        frame(0x1, deflated(b"ab")[:1], rsv=4, fin=False) + frame(0x0, deflated(b"ab")[1:], rsv=4),
        1002,
        deflate=True,
    ),
    *[Hostile(f"reserved-opcode-{op:#x}", OK + frame(op, b"x"), 1002, OK_MSG) for op in
      (0x3, 0x4, 0x5, 0x6, 0x7, 0xB, 0xC, 0xD, 0xE, 0xF)],
    Hostile("fragmented-ping", frame(0x9, b"p", fin=False), 1002),
    Hostile("fragmented-close", frame(0x8, b"\x03\xe8", fin=False), 1002),
    Hostile("fragmented-pong", frame(0xA, fin=False), 1002),
    Hostile("ping-126", frame(0x9, b"p" * 126), 1002),
    Hostile("close-126", frame(0x8, b"\x03\xe8" + b"r" * 124), 1002),
    Hostile("continuation-first", frame(0x0, b"x"), 1002),
    Hostile("continuation-after-complete", OK + frame(0x0, b"x"), 1002, OK_MSG),
    Hostile("text-inside-fragmented", frame(0x1, b"a", fin=False) + frame(0x1, b"b"), 1002),
    Hostile("binary-inside-fragmented", frame(0x2, b"a", fin=False) + frame(0x2, b"b"), 1002),
    Hostile("invalid-utf8", OK + frame(0x1, b"\xff"), 1007, OK_MSG),
    Hostile("overlong-utf8", frame(0x1, b"\xc0\x80"), 1007),
    Hostile("surrogate-utf8", frame(0x1, b"\xed\xa0\x80"), 1007),
    Hostile("beyond-unicode", frame(0x1, b"\xf4\x90\x80\x80"), 1007),
    Hostile("truncated-utf8-at-end", frame(0x1, b"a\xe2\x82", fin=False) + frame(0x0, b""), 1007),
    # fails on the bad fragment, with no final frame ever sent
    Hostile("invalid-utf8-mid-message", frame(0x1, b"ok", fin=False) + frame(0x0, b"\xff", fin=False), 1007),
    Hostile("close-reason-not-utf8", frame(0x8, b"\x03\xe8\xff"), 1007),
    Hostile("close-one-byte", frame(0x8, b"\x03"), 1002),
    *[Hostile(f"close-code-{code}", frame(0x8, struct.pack("!H", code)), 1002) for code in
      (0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535)],
    Hostile("length-16-not-minimal", frame(0x2, b"x" * 5, form=16), 1002),
    Hostile("length-64-not-minimal-small", frame(0x2, b"x" * 5, form=64), 1002),
    Hostile("length-64-not-minimal-65535", frame(0x2, length=65535, form=64), 1002),
    Hostile("length-2-to-the-63", frame(0x2, length=2**63, form=64), 1002),
    Hostile("length-2-to-the-64-minus-1", frame(0x2, length=2**64 - 1, form=64), 1002),
    Hostile("length-2-to-the-63-minus-1", frame(0x2, length=2**63 - 1, form=64), 1009),
    Hostile("one-frame-over-limit", frame(0x2, length=LIMIT + 1), 1009),
    Hostile(
        "fragments-over-limit",
        frame(0x2, b"a" * 1000, fin=False) + frame(0x0, b"b" * 25),
        1009,
    ),
    Hostile("deflate-bomb", frame(0x2, BOMB, rsv=4), 1009, deflate=True),
    Hostile("compressed-frame-over-limit-on-wire", frame(0x2, length=LIMIT + 1, rsv=4), 1009, deflate=True),
    Hostile("deflate-garbage", frame(0x1, b"\xff\xfe\xfd", rsv=4), 1007, deflate=True),
    Hostile("deflate-not-utf8", frame(0x1, deflated(b"\xff\xfe"), rsv=4), 1007, deflate=True),
]  # fmt: skip


def make_reader(case: Hostile) -> WebSocketReader:
    deflate = PerMessageDeflate(is_server=not case.client_side) if case.deflate else None
    return WebSocketReader(expect_masked=not case.client_side, max_msg_size=LIMIT, deflate=deflate)


def splits(data: bytes) -> list[list[bytes]]:
    ways = [[data], [data[i : i + 1] for i in range(len(data))]]
    rng = random.Random(len(data))
    for _ in range(4):
        cuts = sorted(rng.sample(range(1, len(data)), min(len(data) - 1, 5)))
        ways.append([data[a:b] for a, b in itertools.pairwise([0, *cuts, len(data)])])
    return ways


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_violation_gets_its_close_code_every_split(case: Hostile) -> None:
    for pieces in splits(case.data):
        reader = make_reader(case)
        events: list[object] = []
        for piece in pieces:
            events.extend(reader.feed(piece))
        *messages, error = events
        assert isinstance(error, WebSocketError), events
        assert error.code == case.code, (error.code, str(error))
        assert str(error)
        assert tuple(messages) == case.before
        assert reader.feed(OK) == []  # dead for good


@pytest.mark.parametrize(
    "head",
    [
        frame(0x2, length=LIMIT + 1)[:8],  # 16-bit length + mask key: no payload needed
        frame(0x2, length=2**40, form=64)[:14],
        frame(0x9, length=126, form=16)[:2],  # a control frame over 125 shows in byte 2
        frame(0x3)[:2],
        frame(0x1, b"x", mask=False)[:2],
    ],
)
def test_header_violations_fail_before_any_payload(head: bytes) -> None:
    events = WebSocketReader(expect_masked=True, max_msg_size=LIMIT).feed(head)
    assert len(events) == 1 and isinstance(events[0], WebSocketError)


def test_a_huge_declared_frame_is_not_buffered() -> None:
    # an honest header announcing a 1 GiB frame, then some of its payload
    reader = WebSocketReader(expect_masked=True)
    head = frame(0x2, length=2**30, form=64)[:14]
    assert [e.code for e in reader.feed(head + b"\x00" * 1000)] == [1009]  # type: ignore[union-attr]


def test_no_limit_means_no_limit() -> None:
    # max_msg_size=0 (aiohttp's "unlimited"): a message over the default still arrives
    reader = WebSocketReader(expect_masked=True, max_msg_size=0)
    big = b"\x00" * (5 * 1024 * 1024)
    assert reader.feed(frame(0x2, big)) == [WSMessage(WSMsgType.BINARY, big, "")]

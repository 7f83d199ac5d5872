"""One table of WebSocket frames drives reading and encoding (h11's test_io style).

Each case is fed whole, one byte at a time and in random splits, to a server-side reader (masked
frames) and, unmasked, to a client-side reader; all must give the expected messages. Cases marked
canonical are also encoded by `encode_frame` and must give back the exact bytes (unmasked), or bytes
that the reader turns back into the same messages (masked, whose key is random).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest
from ws_helpers import comparable, feed_all, masked, raw_frame, same_every_split

from wirehttp._sansio.ws.frames import (
    OP_BINARY,
    OP_CLOSE,
    OP_CONTINUATION,
    OP_PING,
    OP_PONG,
    OP_TEXT,
    WebSocketReader,
    apply_mask,
    close_payload,
    encode_frame,
    parse_close,
)
from wirehttp._sansio.ws.models import WebSocketError, WSMessage, WSMsgType

TEXT, BINARY, PING, PONG, CLOSE = (
    WSMsgType.TEXT,
    WSMsgType.BINARY,
    WSMsgType.PING,
    WSMsgType.PONG,
    WSMsgType.CLOSE,
)
BIG = bytes(range(256)) * 300  # 76800 bytes: the 64-bit length form


@dataclass
class Case:
    id: str
    frames: list[tuple[int, bytes, bool]]  # (opcode, payload, fin) as sent
    events: list[WSMessage]
    canonical: bytes | None = None  # the unmasked wire, byte for byte, when pinned by hand


CASES = [
    # RFC 6455 5.7's examples, pinned byte for byte
    Case(
        "rfc-text-hello",
        [(OP_TEXT, b"Hello", True)],
        [WSMessage(TEXT, "Hello", "")],
        canonical=b"\x81\x05Hello",
    ),
    Case(
        "rfc-fragmented-hello",
        [(OP_TEXT, b"Hel", False), (OP_CONTINUATION, b"lo", True)],
        [WSMessage(TEXT, "Hello", "")],
        canonical=b"\x01\x03Hel\x80\x02lo",
    ),
    Case(
        "rfc-ping-hello",
        [(OP_PING, b"Hello", True)],
        [WSMessage(PING, b"Hello", "")],
        canonical=b"\x89\x05Hello",
    ),
    Case(
        "rfc-binary-256",
        [(OP_BINARY, bytes(256), True)],
        [WSMessage(BINARY, bytes(256), "")],
        canonical=b"\x82\x7e\x01\x00" + bytes(256),
    ),
    Case(
        "rfc-binary-64k",
        [(OP_BINARY, bytes(65536), True)],
        [WSMessage(BINARY, bytes(65536), "")],
        canonical=b"\x82\x7f\x00\x00\x00\x00\x00\x01\x00\x00" + bytes(65536),
    ),
    Case("empty-text", [(OP_TEXT, b"", True)], [WSMessage(TEXT, "", "")], canonical=b"\x81\x00"),
    Case("empty-binary", [(OP_BINARY, b"", True)], [WSMessage(BINARY, b"", "")]),
    Case("length-125", [(OP_BINARY, b"x" * 125, True)], [WSMessage(BINARY, b"x" * 125, "")]),
    Case("length-126", [(OP_BINARY, b"y" * 126, True)], [WSMessage(BINARY, b"y" * 126, "")]),
    Case("length-65535", [(OP_BINARY, b"z" * 65535, True)], [WSMessage(BINARY, b"z" * 65535, "")]),
    Case("length-64bit", [(OP_BINARY, BIG, True)], [WSMessage(BINARY, BIG, "")]),
    Case(
        "utf8-split-inside-a-character",
        [(OP_TEXT, "h\u00e9".encode()[:2], False), (OP_CONTINUATION, "h\u00e9".encode()[2:], True)],
        [WSMessage(TEXT, "h\u00e9", "")],
    ),
    Case(
        "text-four-fragments-with-empty-ones",
        [
            (OP_TEXT, b"", False),
            (OP_CONTINUATION, b"ab", False),
            (OP_CONTINUATION, b"", False),
            (OP_CONTINUATION, "\u20ac".encode(), True),
        ],
        [WSMessage(TEXT, "ab\u20ac", "")],
    ),
    Case(
        "binary-fragmented",
        [(OP_BINARY, b"\x00\xff", False), (OP_CONTINUATION, b"\x80", True)],
        [WSMessage(BINARY, b"\x00\xff\x80", "")],
    ),
    Case(
        "control-frames-between-fragments",
        [
            (OP_TEXT, b"a", False),
            (OP_PING, b"p", True),
            (OP_CONTINUATION, b"b", False),
            (OP_PONG, b"", True),
            (OP_CONTINUATION, b"c", True),
        ],
        [WSMessage(PING, b"p", ""), WSMessage(PONG, b"", ""), WSMessage(TEXT, "abc", "")],
    ),
    Case("ping-125", [(OP_PING, b"q" * 125, True)], [WSMessage(PING, b"q" * 125, "")]),
    Case("pong-empty", [(OP_PONG, b"", True)], [WSMessage(PONG, b"", "")]),
    # a close frame with no body: code 0, as aiohttp's reader reports it
    Case("close-empty", [(OP_CLOSE, b"", True)], [WSMessage(CLOSE, 0, "")], canonical=b"\x88\x00"),
    Case(
        "close-code-only",
        [(OP_CLOSE, b"\x03\xe8", True)],
        [WSMessage(CLOSE, 1000, "")],
        canonical=b"\x88\x02\x03\xe8",
    ),
    Case(
        "close-code-and-reason",
        [(OP_CLOSE, b"\x0f\xa0bye \xc3\xa9", True)],
        [
            WSMessage(
                CLOSE,
                4000,
                "bye \u00e9",
            )
        ],
    ),
    Case("close-1014", [(OP_CLOSE, b"\x03\xf6", True)], [WSMessage(CLOSE, 1014, "")]),
    Case("close-4999", [(OP_CLOSE, b"\x13\x87", True)], [WSMessage(CLOSE, 4999, "")]),
    Case(
        "three-messages-back-to-back",
        [(OP_TEXT, b"one", True), (OP_BINARY, b"two", True), (OP_TEXT, b"three", True)],
        [WSMessage(TEXT, "one", ""), WSMessage(BINARY, b"two", ""), WSMessage(TEXT, "three", "")],
    ),
]


def wire(case: Case, *, from_client: bool) -> bytes:
    build = masked if from_client else raw_frame
    return b"".join(build(op, payload, fin=fin) for op, payload, fin in case.frames)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
@pytest.mark.parametrize("from_client", [True, False], ids=["server-reads", "client-reads"])
def test_read_every_split(case: Case, from_client: bool) -> None:
    def make() -> WebSocketReader:
        return WebSocketReader(expect_masked=from_client)

    events = same_every_split(make, wire(case, from_client=from_client))
    assert events == case.events


@pytest.mark.parametrize("case", [c for c in CASES if c.canonical], ids=lambda c: c.id)
def test_encode_gives_the_pinned_bytes(case: Case) -> None:
    encoded = b"".join(
        encode_frame(op, payload, mask=False, fin=fin) for op, payload, fin in case.frames
    )
    assert encoded == case.canonical
    assert encoded == wire(case, from_client=False)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_masked_encoding_reads_back(case: Case) -> None:
    encoded = b"".join(
        encode_frame(op, payload, mask=True, fin=fin) for op, payload, fin in case.frames
    )
    reader = WebSocketReader(expect_masked=True)
    assert reader.feed(encoded) == case.events
    # the mask bit is set on every frame and the key differs between frames (os.urandom)
    first = encode_frame(OP_BINARY, b"abcd", mask=True)
    second = encode_frame(OP_BINARY, b"abcd", mask=True)
    assert first[1] & 0x80 and second[1] & 0x80
    assert first[2:6] != second[2:6] or first[6:] != second[6:]


def test_all_cases_in_one_stream_split_randomly() -> None:
    data = b"".join(wire(c, from_client=True) for c in CASES)
    events = same_every_split(lambda: WebSocketReader(expect_masked=True), data)
    assert events == [e for c in CASES for e in c.events]


def test_rfc_masked_hello_example() -> None:
    # RFC 6455 5.7: "A single-frame masked text message"
    data = bytes.fromhex("818537fa213d7f9f4d5158")
    assert WebSocketReader(expect_masked=True).feed(data) == [WSMessage(TEXT, "Hello", "")]


@pytest.mark.parametrize("size", [0, 1, 3, 4, 5, 255, 256, 257, 1000, 70001])
def test_apply_mask_is_its_own_inverse_and_matches_bytewise_xor(size: int) -> None:
    data = os.urandom(size)
    key = os.urandom(4)
    out = apply_mask(key, data)
    assert out == bytes(b ^ key[i % 4] for i, b in enumerate(data))
    assert apply_mask(key, out) == data


def test_rsv1_and_fin_bits_of_encoded_frames() -> None:
    assert encode_frame(OP_TEXT, b"x", mask=False, rsv1=True)[0] == 0xC1
    assert encode_frame(OP_BINARY, b"x", mask=False, fin=False)[0] == 0x02
    assert encode_frame(OP_CONTINUATION, b"x", mask=False)[0] == 0x80


@pytest.mark.parametrize(
    ("opcode", "payload", "kwargs"),
    [
        (OP_PING, b"x" * 126, {}),
        (OP_CLOSE, b"", {"fin": False}),
        (OP_PONG, b"", {"rsv1": True}),
        (0x3, b"", {}),
        (0xB, b"", {}),
    ],
)
def test_encode_refuses_what_rfc_forbids_sending(
    opcode: int, payload: bytes, kwargs: dict[str, bool]
) -> None:
    with pytest.raises(ValueError):
        encode_frame(opcode, payload, mask=False, **kwargs)


def test_close_payload_round_trips_and_limits_the_reason() -> None:
    assert close_payload() == b""
    assert close_payload(1000) == b"\x03\xe8"
    assert parse_close(close_payload(4001, "\u00e9t\u00e9")) == (4001, "\u00e9t\u00e9")
    assert parse_close(close_payload(1001, "r" * 123)) == (1001, "r" * 123)
    with pytest.raises(ValueError):
        close_payload(1000, "r" * 124)
    with pytest.raises(ValueError):
        close_payload(None, "reason without a code")


def test_decode_text_false_keeps_utf8_bytes_but_still_checks_them() -> None:
    reader = WebSocketReader(expect_masked=False, decode_text=False)
    data = raw_frame(OP_TEXT, "\u00e9".encode()) + raw_frame(OP_TEXT, b"a", fin=False)
    data += raw_frame(OP_CONTINUATION, b"b")
    assert reader.feed(data) == [WSMessage(TEXT, b"\xc3\xa9", ""), WSMessage(TEXT, b"ab", "")]
    bad = WebSocketReader(expect_masked=False, decode_text=False)
    assert comparable(bad.feed(raw_frame(OP_TEXT, b"\xff"))) == [(WebSocketError, 1007)]


def test_messages_before_an_error_come_out_and_the_reader_then_stays_dead() -> None:
    reader = WebSocketReader(expect_masked=True)
    data = masked(OP_TEXT, b"ok") + masked(0x3) + masked(OP_TEXT, b"never")
    events = reader.feed(data)
    assert events[0] == WSMessage(TEXT, "ok", "")
    assert isinstance(events[1], WebSocketError) and events[1].code == 1002
    assert len(events) == 2
    assert reader.failed
    assert reader.feed(masked(OP_TEXT, b"later")) == []


def test_buffers_only_what_a_frame_needs() -> None:
    # a frame's payload split over feeds is gathered once; a partial header is kept aside
    reader = WebSocketReader(expect_masked=False)
    frame = raw_frame(OP_BINARY, BIG)
    assert reader.feed(frame[:1]) == []
    assert reader.feed(frame[1:5000]) == []
    assert "payload" in repr(reader)
    assert feed_all(reader, [frame[5000:], raw_frame(OP_PING)[:1]]) == [WSMessage(BINARY, BIG, "")]
    assert reader.feed(raw_frame(OP_PING)[1:]) == [WSMessage(PING, b"", "")]

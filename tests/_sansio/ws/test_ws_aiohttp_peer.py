"""Our frames read by aiohttp 3.14's reader, aiohttp's writer's frames read by ours, and the
close codes both readers give for the same violations (where both refuse them)."""

from __future__ import annotations

import asyncio
from unittest import mock

import pytest
from aiohttp import http_websocket as aiohttp_ws
from aiohttp._websocket.reader import WebSocketDataQueue
from ws_helpers import masked, raw_frame

from wirehttp._sansio.ws.deflate import PerMessageDeflate
from wirehttp._sansio.ws.frames import (
    OP_BINARY,
    OP_CLOSE,
    OP_CONTINUATION,
    OP_PING,
    OP_PONG,
    OP_TEXT,
    WebSocketReader,
    close_payload,
    encode_frame,
)
from wirehttp._sansio.ws.models import WebSocketError, WSMessage

MIB = 1024 * 1024


def aiohttp_read(
    data: bytes, *, compress: bool = False, max_msg_size: int = 4 * MIB
) -> tuple[list[tuple[int, object, object]], int | None]:
    """What aiohttp's reader makes of `data`: (messages as plain tuples, close code of its error)."""
    queue = WebSocketDataQueue(
        mock.Mock(_reading_paused=False), 2**30, loop=asyncio.get_running_loop()
    )
    reader = aiohttp_ws.WebSocketReader(queue, max_msg_size, compress=compress, decode_text=True)
    code = None
    try:
        reader.feed_data(data)
    except aiohttp_ws.WebSocketError as exc:
        code = exc.code
    if queue.exception() is not None:
        code = queue.exception().code  # type: ignore[union-attr]
    messages = [(int(m.type), m.data, m.extra) for m, _ in queue._buffer]
    return messages, code


async def aiohttp_write(
    messages: list[tuple[bytes, int]],
    *,
    use_mask: bool,
    compress: int = 0,
    notakeover: bool = False,
) -> bytes:
    out: list[bytes] = []
    transport = mock.Mock()
    transport.write.side_effect = out.append
    transport.is_closing.return_value = False
    writer = aiohttp_ws.WebSocketWriter(
        mock.Mock(_paused=False),
        transport,
        use_mask=use_mask,
        compress=compress,
        notakeover=notakeover,
    )
    for payload, opcode in messages:
        await writer.send_frame(payload, opcode)
    return b"".join(out)


def plain(events: list[object]) -> list[tuple[int, object, object]]:
    return [(int(m.type), m.data, m.extra) for m in events]  # type: ignore[attr-defined]


MESSAGES = [
    (OP_TEXT, "h\u00e9llo".encode()),
    (OP_BINARY, b""),
    (OP_BINARY, bytes(125)),
    (OP_BINARY, bytes(range(256)) * 256),  # 65536: the 64-bit length form
    (OP_TEXT, b"x" * 65535),
    (OP_BINARY, bytes(MIB)),
    (OP_PING, b"ping"),
    (OP_PONG, b""),
    (OP_CLOSE, close_payload(1001, "bye")),
    (OP_CLOSE, b""),
]


@pytest.mark.parametrize("mask", [True, False], ids=["masked", "unmasked"])
async def test_aiohttp_reads_our_frames(mask: bool) -> None:
    data = b"".join(encode_frame(op, payload, mask=mask) for op, payload in MESSAGES)
    data += encode_frame(OP_TEXT, b"frag", mask=mask, fin=False)
    data += encode_frame(OP_PING, b"", mask=mask)
    data += encode_frame(OP_CONTINUATION, b"mented", mask=mask)
    ours = WebSocketReader(expect_masked=mask).feed(data)
    theirs, code = aiohttp_read(data)
    assert code is None
    assert plain(ours) == theirs
    assert len(theirs) == len(MESSAGES) + 2


@pytest.mark.parametrize("use_mask", [True, False], ids=["masked", "unmasked"])
async def test_we_read_aiohttps_frames(use_mask: bool) -> None:
    data = await aiohttp_write(
        [(payload, op) for op, payload in MESSAGES if op != OP_CLOSE], use_mask=use_mask
    )
    events = WebSocketReader(expect_masked=use_mask).feed(data)
    theirs, _ = aiohttp_read(data)
    assert plain(events) == theirs
    assert len(events) == len(MESSAGES) - 2


@pytest.mark.parametrize("notakeover", [False, True])
async def test_we_inflate_aiohttps_compressed_messages(notakeover: bool) -> None:
    texts = [b"compress me " * 50, b"compress me " * 50, b"", bytes(range(256)) * 64]
    data = await aiohttp_write(
        [(t, OP_TEXT if i < 3 else OP_BINARY) for i, t in enumerate(texts)],
        use_mask=True,
        compress=15,
        notakeover=notakeover,
    )
    assert data[0] & 0x40  # RSV1: aiohttp did compress
    reader = WebSocketReader(
        expect_masked=True,
        deflate=PerMessageDeflate(is_server=True, client_no_context_takeover=notakeover),
    )
    events = reader.feed(data)
    assert [m.data for m in events] == [t.decode() for t in texts[:3]] + [texts[3]]  # type: ignore[union-attr]


@pytest.mark.parametrize("notakeover", [False, True])
async def test_aiohttp_inflates_our_compressed_messages(notakeover: bool) -> None:
    ours = PerMessageDeflate(is_server=False, client_no_context_takeover=notakeover)
    texts = [b"again and again " * 40, b"again and again " * 40, b"", b"\xff" * 3000]
    data = b"".join(encode_frame(OP_BINARY, ours.compress(t), mask=True, rsv1=True) for t in texts)
    theirs, code = aiohttp_read(data, compress=True)
    assert code is None
    assert [m[1] for m in theirs] == texts


# violations both readers refuse, and the close code each gives
AGREED = [
    ("reserved-opcode", masked(0x3, b"x")),
    ("rsv2", masked(OP_TEXT, b"x", rsv=2)),
    ("rsv1-without-deflate", masked(OP_TEXT, b"x", rsv=4)),
    ("fragmented-ping", masked(OP_PING, b"x", fin=False)),
    ("ping-126", masked(OP_PING, b"x" * 126)),
    ("continuation-first", masked(OP_CONTINUATION, b"x")),
    ("text-inside-fragmented", masked(OP_TEXT, b"a", fin=False) + masked(OP_TEXT, b"b")),
    ("invalid-utf8", masked(OP_TEXT, b"\xff\xfe")),
    (
        "invalid-utf8-fragmented",
        masked(OP_TEXT, b"a", fin=False) + masked(OP_CONTINUATION, b"\xff"),
    ),
    ("close-reason-not-utf8", masked(OP_CLOSE, b"\x03\xe8\xff")),
    ("close-one-byte", masked(OP_CLOSE, b"\x03")),
    ("close-code-1005", masked(OP_CLOSE, b"\x03\xed")),
    ("close-code-999", masked(OP_CLOSE, b"\x03\xe7")),
    ("too-big", masked(OP_BINARY, bytes(2000))),
    (
        "too-big-fragments",
        masked(OP_BINARY, bytes(1000), fin=False) + masked(OP_CONTINUATION, bytes(1000)),
    ),
]


@pytest.mark.parametrize(("name", "data"), AGREED, ids=[name for name, _ in AGREED])
async def test_same_close_code_as_aiohttp(name: str, data: bytes) -> None:
    events = WebSocketReader(expect_masked=True, max_msg_size=1500).feed(data)
    _, theirs = aiohttp_read(data, max_msg_size=1500)
    assert theirs is not None
    assert isinstance(events[-1], WebSocketError)
    assert events[-1].code == theirs


async def test_close_without_body_is_code_zero_in_both() -> None:
    data = raw_frame(OP_CLOSE)
    assert WebSocketReader(expect_masked=False).feed(data) == [
        WSMessage(aiohttp_ws.WSMsgType.CLOSE, 0, "")  # type: ignore[arg-type]
    ]
    assert aiohttp_read(data)[0] == [(0x8, 0, "")]

"""permessage-deflate: the codec (trailer, context takeover, bounded output), the header syntax,
the negotiation on both sides, and compressed messages through the reader every way they split."""

from __future__ import annotations

import os
import tracemalloc
import zlib

import pytest
from aiohttp import http_websocket as aiohttp_ws
from ws_helpers import comparable, masked, raw_frame, same_every_split

from wirehttp._sansio.ws.deflate import (
    DEFLATE_TRAILER,
    PerMessageDeflate,
    client_accept,
    client_offer,
    parse_extensions,
    server_negotiate,
)
from wirehttp._sansio.ws.frames import OP_BINARY, OP_CONTINUATION, OP_PING, OP_TEXT
from wirehttp._sansio.ws.models import HandshakeError, WebSocketError, WSMessage, WSMsgType
from wirehttp._sansio.ws.reader import WebSocketReader

TEXT = WSMsgType.TEXT


def pair(**params: bool | int) -> tuple[PerMessageDeflate, PerMessageDeflate]:
    return PerMessageDeflate(is_server=False, **params), PerMessageDeflate(is_server=True, **params)  # type: ignore[arg-type]


def test_round_trip_strips_the_trailer_and_keeps_context() -> None:
    client, server = pair()
    text = b"the quick brown fox jumps over the lazy dog " * 20
    first = client.compress(text)
    second = client.compress(text)
    assert not first.endswith(DEFLATE_TRAILER)
    assert len(second) < len(first)  # the second message refers back to the first
    assert server.decompress(first, None) == text
    assert server.decompress(second, None) == text


def test_no_context_takeover_resets_the_compressor() -> None:
    client = PerMessageDeflate(is_server=False, client_no_context_takeover=True)
    text = b"repeat me, repeat me, repeat me " * 20
    first, second = client.compress(text), client.compress(text)
    assert first == second  # nothing carried over
    fresh = PerMessageDeflate(is_server=True)
    assert fresh.decompress(second, None) == text  # decodable alone


def test_empty_message_is_one_empty_block() -> None:
    client, server = pair()
    assert client.compress(b"") == b"\x00"
    assert server.decompress(client.compress(b""), None) == b""


@pytest.mark.parametrize("bits", [9, 10, 12, 15])
def test_window_bits_bind_the_compressor(bits: int) -> None:
    client = PerMessageDeflate(is_server=False, client_max_window_bits=bits)
    data = os.urandom(64) * 400  # repeats 64 bytes apart
    narrow = zlib.decompressobj(wbits=-bits)  # a peer with exactly that window
    assert narrow.decompress(client.compress(data) + DEFLATE_TRAILER) == data


def test_eight_bit_window_cannot_compress() -> None:
    with pytest.raises(ValueError):
        PerMessageDeflate(is_server=True, server_max_window_bits=8)
    with pytest.raises(ValueError):
        PerMessageDeflate(is_server=True, client_max_window_bits=16)
    # decompressing a peer's 8-bit window is fine: we inflate with the widest window
    assert PerMessageDeflate(is_server=False, server_max_window_bits=8) is not None


def test_output_is_capped_exactly_at_the_budget() -> None:
    client, server = pair()
    data = b"a" * 1000
    assert server.decompress(client.compress(data), 1000) == data
    client, server = pair()
    with pytest.raises(WebSocketError) as info:
        server.decompress(client.compress(data), 999)
    assert info.value.code == 1009


def test_a_bomb_never_expands_past_the_budget() -> None:
    bomb = PerMessageDeflate(is_server=False).compress(bytes(50 * 1024 * 1024))  # ~50 KB
    server = PerMessageDeflate(is_server=True)
    tracemalloc.start()
    try:
        with pytest.raises(WebSocketError) as info:
            server.decompress(bomb, 1024 * 1024)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert info.value.code == 1009
    assert peak < 4 * 1024 * 1024


def test_broken_data_is_invalid_payload() -> None:
    with pytest.raises(WebSocketError) as info:
        PerMessageDeflate(is_server=True).decompress(b"\xff\xff\xff\xff", None)
    assert info.value.code == 1007


def test_a_peer_that_finishes_its_stream_each_message_is_read() -> None:
    server = PerMessageDeflate(is_server=True)
    for text in (b"first message", b"second message"):
        c = zlib.compressobj(wbits=-15)
        finished = c.compress(text) + c.flush(zlib.Z_FINISH)  # BFINAL set, no sync flush
        assert server.decompress(finished, None) == text


def test_parse_extensions() -> None:
    header = 'permessage-deflate; client_max_window_bits; server_max_window_bits="10" , , foo;a=b'
    assert parse_extensions(header) == [
        (
            "permessage-deflate",
            (("client_max_window_bits", None), ("server_max_window_bits", "10")),
        ),
        ("foo", (("a", "b"),)),
    ]
    assert parse_extensions("") == []
    assert parse_extensions('x; q="a\\"b, c"') == [("x", (("q", 'a"b, c'),))]


@pytest.mark.parametrize("header", ["permessage-deflate;", "a b", "a; =1", 'a; b="x', "a; b=c d"])
def test_parse_extensions_refuses_garbage(header: str) -> None:
    with pytest.raises(ValueError):
        parse_extensions(header)


# offers where our answer is aiohttp 3.14's, word for word
AIOHTTP_SAME = [
    "permessage-deflate",
    "permessage-deflate; client_max_window_bits",
    "permessage-deflate; server_no_context_takeover",
    "permessage-deflate; client_no_context_takeover",
    "permessage-deflate; server_max_window_bits=10",
    "permessage-deflate; server_max_window_bits=9; server_no_context_takeover",
    "permessage-deflate; client_max_window_bits=9",
    "permessage-deflate; bogus, permessage-deflate",
    "x-webkit-deflate-frame",
    "permessage-deflate; server_max_window_bits=8",
    "permessage-deflate; server_max_window_bits=16",
    "PerMessage-Deflate",
]


@pytest.mark.parametrize("offer", AIOHTTP_SAME)
def test_server_answers_as_aiohttp(offer: str) -> None:
    bits, notakeover = aiohttp_ws.ws_ext_parse(offer, isserver=True)
    theirs = (
        aiohttp_ws.ws_ext_gen(compress=bits, isserver=True, server_notakeover=notakeover)
        if bits
        else None
    )
    answer, codec = server_negotiate(offer, True)
    assert answer == theirs
    if codec is not None:
        assert codec.server_max_window_bits == bits
        assert codec.server_no_context_takeover is notakeover


@pytest.mark.parametrize(
    ("offer", "answer"),
    [
        # RFC 7692 7.1.2.1: a server_max_window_bits offer is answered with one, 15 too
        (
            "permessage-deflate; server_max_window_bits=15",
            "permessage-deflate; server_max_window_bits=15",
        ),
        # the first acceptable offer wins; unknown or repeated parameters decline an offer
        ("permessage-deflate; server_max_window_bits=8, permessage-deflate", "permessage-deflate"),
        ("permessage-deflate; server_no_context_takeover; server_no_context_takeover", None),
        ("permessage-deflate; server_max_window_bits", None),  # needs a value (aiohttp takes it)
        ("permessage-deflate; server_max_window_bits=010", None),
        ("permessage-deflate; server_no_context_takeover=1", None),
        ("permessage-deflate;", None),  # does not parse: nothing is negotiated
        ("", None),
    ],
)
def test_server_negotiation_rules(offer: str, answer: str | None) -> None:
    assert server_negotiate(offer, True)[0] == answer
    assert server_negotiate(offer, False) == (None, None)


@pytest.mark.parametrize("compress", range(9, 16))
def test_client_offer_is_aiohttps(compress: int) -> None:
    assert client_offer(compress) == aiohttp_ws.ws_ext_gen(compress=compress)


def test_client_offer_edges() -> None:
    assert client_offer(0) is None
    for bad in (8, 16, 1):
        with pytest.raises(ValueError):
            client_offer(bad)


@pytest.mark.parametrize(
    ("header", "compress", "expect"),
    [
        (None, 15, None),
        ("", 15, None),
        ("permessage-deflate", 15, (15, 15, False, False)),
        ("permessage-deflate; client_max_window_bits=10", 15, (15, 10, False, False)),
        ("permessage-deflate; server_max_window_bits=10", 10, (10, 15, False, False)),
        ("permessage-deflate; server_max_window_bits=9", 10, (9, 15, False, False)),
        ("permessage-deflate; server_no_context_takeover", 15, (15, 15, True, False)),
        ("permessage-deflate; client_no_context_takeover", 15, (15, 15, False, True)),
    ],
)
def test_client_accept(
    header: str | None, compress: int, expect: tuple[int, int, bool, bool] | None
) -> None:
    codec = client_accept(header, compress)
    if expect is None:
        assert codec is None
        return
    assert codec is not None and not codec.is_server
    got = (
        codec.server_max_window_bits,
        codec.client_max_window_bits,
        codec.server_no_context_takeover,
        codec.client_no_context_takeover,
    )
    assert got == expect


@pytest.mark.parametrize(
    ("header", "compress"),
    [
        ("permessage-deflate", 0),  # never offered
        ("foo", 15),
        ("permessage-deflate, permessage-deflate", 15),
        ("permessage-deflate; client_max_window_bits", 15),  # a response must give the value
        ("permessage-deflate; client_max_window_bits=8", 15),  # zlib cannot compress with it
        ("permessage-deflate; server_max_window_bits=12", 10),  # over what we asked for
        ("permessage-deflate; mystery", 15),
        ("permessage-deflate;;", 15),
    ],
)
def test_client_refuses(header: str, compress: int) -> None:
    with pytest.raises(HandshakeError):
        client_accept(header, compress)


# -- compressed messages through the reader -----------------------------------------------------


def compressed_stream() -> tuple[bytes, list[WSMessage]]:
    client = PerMessageDeflate(is_server=False)
    one = client.compress("h\u00e9llo ".encode() * 30)
    two = client.compress(b"\x00\x01" * 500)
    three = client.compress(b"fragmented text " * 10)
    data = masked(OP_TEXT, one, rsv=4)
    data += masked(OP_BINARY, two, rsv=4)
    data += masked(OP_TEXT, three[:7], rsv=4, fin=False) + masked(OP_PING, b"mid")
    data += masked(OP_CONTINUATION, three[7:20], fin=False) + masked(OP_CONTINUATION, three[20:])
    data += masked(OP_TEXT, b"plain")  # RSV1 clear: this message is not compressed
    events = [
        WSMessage(TEXT, "h\u00e9llo " * 30, ""),
        WSMessage(WSMsgType.BINARY, b"\x00\x01" * 500, ""),
        WSMessage(WSMsgType.PING, b"mid", ""),
        WSMessage(TEXT, "fragmented text " * 10, ""),
        WSMessage(TEXT, "plain", ""),
    ]
    return data, events


def test_reader_inflates_every_split() -> None:
    data, events = compressed_stream()

    def make() -> WebSocketReader:
        return WebSocketReader(expect_masked=True, deflate=PerMessageDeflate(is_server=True))

    assert same_every_split(make, data) == events


def test_reader_caps_a_compressed_bomb_on_its_output() -> None:
    bomb = PerMessageDeflate(is_server=False).compress(bytes(8 * 1024 * 1024))
    reader = WebSocketReader(
        expect_masked=True, max_msg_size=1024 * 1024, deflate=PerMessageDeflate(is_server=True)
    )
    assert comparable(reader.feed(masked(OP_BINARY, bomb, rsv=4))) == [(WebSocketError, 1009)]


def test_reader_counts_the_budget_over_fragments() -> None:
    body = os.urandom(600) + bytes(600)  # the random half inflates from its first frame
    squeezed = PerMessageDeflate(is_server=True).compress(body)
    cut = len(squeezed) // 2
    first = raw_frame(OP_BINARY, squeezed[:cut], rsv=4, fin=False)
    second = raw_frame(OP_CONTINUATION, squeezed[cut:])

    def reader(limit: int) -> WebSocketReader:
        deflate = PerMessageDeflate(is_server=False)
        return WebSocketReader(expect_masked=False, max_msg_size=limit, deflate=deflate)

    small = reader(1000)
    assert small.feed(first) == []  # under the limit so far
    assert comparable(small.feed(second)) == [(WebSocketError, 1009)]
    assert reader(1200).feed(first + second) == [WSMessage(WSMsgType.BINARY, body, "")]


@pytest.mark.parametrize(
    "frame",
    [
        masked(OP_PING, b"x", rsv=4),  # RFC 7692 6.1: control frames are never compressed
        masked(OP_TEXT, b"x", rsv=4, fin=False) + masked(OP_CONTINUATION, b"y", rsv=4),
    ],
    ids=["rsv1-on-ping", "rsv1-on-continuation"],
)
def test_rsv1_only_on_a_message_start(frame: bytes) -> None:
    def make() -> WebSocketReader:
        return WebSocketReader(expect_masked=True, deflate=PerMessageDeflate(is_server=True))

    assert same_every_split(make, frame)[-1] == (WebSocketError, 1002)

"""Content codings: round trips, decompression bombs, corrupt input, Accept-Encoding choice."""

from __future__ import annotations

import gzip
import os
import tracemalloc
import zlib
from collections.abc import Iterator

import brotli
import pytest
import zstandard

from wirehttp._io.codecs import (
    SUPPORTED_ENCODINGS,
    ZSTD_MAX_WINDOW,
    Compressor,
    Decompressor,
    choose_encoding,
)
from wirehttp._sansio.errors import BodyTooLarge, DecodeError

pytestmark = pytest.mark.timeout(30)

ENCODINGS = ("gzip", "deflate", "br", "zstd")
PAYLOAD = os.urandom(3000) * 30 + b"The quick brown fox. " * 5000


def encode(encoding: str, data: bytes, level: int | None = None) -> bytes:
    compressor = Compressor(encoding, level)
    return compressor.compress(data) + compressor.flush()


def decode_in_pieces(decoder: Decompressor, blob: bytes, step: int) -> bytes:
    out = [decoder.decompress(blob[i : i + step]) for i in range(0, len(blob), step)]
    return b"".join(out) + decoder.flush()


def test_all_four_codings_are_supported_here() -> None:
    assert set(ENCODINGS) == SUPPORTED_ENCODINGS


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("step", [1, 1000, 1 << 30])
def test_round_trip_fed_in_pieces(encoding: str, step: int) -> None:
    blob = encode(encoding, PAYLOAD)
    assert len(blob) < len(PAYLOAD) // 5
    decoder = Decompressor(encoding, max_size=len(PAYLOAD))
    assert decode_in_pieces(decoder, blob, step) == PAYLOAD
    assert decoder.eof
    assert decoder.decoded_size == len(PAYLOAD)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_round_trip_of_empty_body(encoding: str) -> None:
    decoder = Decompressor(encoding)
    assert decode_in_pieces(decoder, encode(encoding, b""), 1) == b""
    assert decoder.eof


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_compress_in_several_calls(encoding: str) -> None:
    compressor = Compressor(encoding, level=1)
    blob = b"".join(
        compressor.compress(PAYLOAD[i : i + 4096]) for i in range(0, len(PAYLOAD), 4096)
    )
    blob += compressor.flush()
    assert Decompressor(encoding).decompress(blob) == PAYLOAD


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_not_eof_until_the_coded_stream_ends(encoding: str) -> None:
    blob = encode(encoding, PAYLOAD)
    decoder = Decompressor(encoding)
    decoder.decompress(blob[:-4])
    assert not decoder.eof
    decoder.decompress(blob[-4:])
    assert decoder.eof


def test_interoperates_with_standard_tools() -> None:
    assert Decompressor("gzip").decompress(gzip.compress(PAYLOAD)) == PAYLOAD
    assert Decompressor("deflate").decompress(zlib.compress(PAYLOAD)) == PAYLOAD
    assert Decompressor("br").decompress(brotli.compress(PAYLOAD)) == PAYLOAD
    assert Decompressor("zstd").decompress(zstandard.compress(PAYLOAD)) == PAYLOAD
    assert gzip.decompress(encode("gzip", PAYLOAD)) == PAYLOAD
    assert zlib.decompress(encode("deflate", PAYLOAD)) == PAYLOAD  # deflate = zlib format
    assert brotli.decompress(encode("br", PAYLOAD)) == PAYLOAD
    assert (
        zstandard.ZstdDecompressor().decompressobj().decompress(encode("zstd", PAYLOAD)) == PAYLOAD
    )


@pytest.mark.parametrize("step", [1, 2, 3, 1 << 30])
def test_raw_deflate_as_many_servers_send_it(step: int) -> None:
    raw = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    blob = raw.compress(PAYLOAD) + raw.flush()
    decoder = Decompressor("deflate")
    assert decode_in_pieces(decoder, blob, step) == PAYLOAD
    assert decoder.eof


def test_zstd_concatenated_and_skippable_frames() -> None:
    skippable = (0x184D2A50).to_bytes(4, "little") + (3).to_bytes(4, "little") + b"abc"
    one, two = zstandard.compress(b"first "), zstandard.compress(b"second")
    decoder = Decompressor("zstd")
    assert decoder.decompress(one) == b"first "
    assert decoder.eof
    assert decoder.decompress(skippable[:5]) == b""
    assert not decoder.eof
    decoder.decompress(skippable[5:])
    assert decoder.eof
    assert decoder.decompress(two[:3]) == b""
    assert not decoder.eof
    assert decoder.decompress(two[3:]) == b"second"
    assert decoder.eof


def test_x_gzip_alias_and_case() -> None:
    assert Decompressor("X-GZip").decompress(gzip.compress(b"hi")) == b"hi"


@pytest.mark.parametrize("encoding", ["compress", "identity", "", "gzip2"])
def test_unknown_coding_is_refused(encoding: str) -> None:
    with pytest.raises(ValueError):
        Decompressor(encoding)
    with pytest.raises(ValueError):
        Compressor(encoding)


# -- limits and bombs ------------------------------------------------------------------------

BOMB_SIZE = 100 * 1024 * 1024  # 100 MiB of zeros
LIMIT = 1024 * 1024


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    """100 MiB of zeros in each coding, compressed a block at a time (never held whole)."""
    block = bytes(1024 * 1024)
    out = {}
    for encoding in ENCODINGS:
        compressor = Compressor(encoding, level=1 if encoding in ("br", "zstd") else 9)
        parts = [compressor.compress(block) for _ in range(BOMB_SIZE // len(block))]
        out[encoding] = b"".join(parts) + compressor.flush()
    return out


@pytest.fixture
def traced() -> Iterator[None]:
    tracemalloc.start()
    try:
        yield
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("step", [64 * 1024, 1 << 30])
def test_bomb_rejected_without_expanding_past_limit(
    encoding: str, step: int, bombs: dict[str, bytes], traced: None
) -> None:
    blob = bombs[encoding]
    assert len(blob) < BOMB_SIZE // 100
    decoder = Decompressor(encoding, max_size=LIMIT)
    tracemalloc.reset_peak()
    baseline = tracemalloc.get_traced_memory()[0]
    with pytest.raises(BodyTooLarge) as info:
        decode_in_pieces(decoder, blob, step)
    peak = tracemalloc.get_traced_memory()[1] - baseline
    assert info.value.status == 413
    # Output stops one bounded step past the limit; brotli's step may overshoot a little.
    assert LIMIT < decoder.decoded_size <= LIMIT + 256 * 1024
    assert peak < 4 * LIMIT, f"peak Python allocations {peak} bytes"
    with pytest.raises(DecodeError):
        decoder.decompress(b"")  # a failed decoder stays failed


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_exactly_at_limit_is_allowed(encoding: str) -> None:
    data = bytes(50_000)
    decoder = Decompressor(encoding, max_size=len(data))
    assert decode_in_pieces(decoder, encode(encoding, data), 100) == data
    over = Decompressor(encoding, max_size=len(data) - 1)
    with pytest.raises(BodyTooLarge):
        decode_in_pieces(over, encode(encoding, data), 100)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_limit_counts_the_total_over_many_calls(encoding: str) -> None:
    blob = encode(encoding, os.urandom(100) * 1000)
    decoder = Decompressor(encoding, max_size=10_000)
    returned = 0
    with pytest.raises(BodyTooLarge):
        for i in range(0, len(blob), 10):
            returned += len(decoder.decompress(blob[i : i + 10]))
    assert returned <= 10_000 < decoder.decoded_size


def test_zstd_window_above_8_mib_refused() -> None:
    params = zstandard.ZstdCompressionParameters.from_level(3, window_log=24)
    cctx = zstandard.ZstdCompressor(compression_params=params)
    writer = cctx.compressobj()
    blob = writer.compress(os.urandom(1024) * 4) + writer.flush()
    assert ZSTD_MAX_WINDOW < 1 << 24
    with pytest.raises(DecodeError):
        Decompressor("zstd").decompress(blob)


# -- corrupt input ---------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_garbage_is_a_decode_error(encoding: str) -> None:
    decoder = Decompressor(encoding)
    with pytest.raises(DecodeError) as info:
        decoder.decompress(b"\xff\xfethis is not compressed data at all" * 4)
    assert info.value.status == 400
    assert "cannot decode" in info.value.message


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "zstd"])
def test_flipped_bytes_in_the_middle_are_a_decode_error(encoding: str) -> None:
    blob = bytearray(encode(encoding, PAYLOAD))
    middle = len(blob) // 2
    blob[middle : middle + 8] = bytes(b ^ 0xFF for b in blob[middle : middle + 8])
    with pytest.raises(DecodeError):
        decode_in_pieces(Decompressor(encoding), bytes(blob), 512)


def test_corrupt_brotli_stream_is_a_decode_error() -> None:
    blob = bytearray(brotli.compress(PAYLOAD))
    blob[5:25] = b"\xff" * 20
    with pytest.raises(DecodeError):
        decode_in_pieces(Decompressor("br"), bytes(blob), 512)


def test_gzip_checksum_mismatch_is_a_decode_error() -> None:
    blob = bytearray(gzip.compress(b"payload"))
    blob[-8] ^= 0xFF  # CRC32 trailer
    with pytest.raises(DecodeError):
        Decompressor("gzip").decompress(bytes(blob))


# -- Accept-Encoding negotiation -------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("", None),
        ("identity", None),
        ("gzip", "gzip"),
        ("GZIP", "gzip"),
        ("x-gzip", "gzip"),
        ("deflate", "deflate"),
        ("gzip, deflate", "gzip"),
        ("gzip, deflate, br", "br"),
        ("gzip, deflate, br, zstd", "zstd"),
        ("deflate, gzip, zstd, br", "zstd"),  # equal q: server preference, not header order
        ("*", "zstd"),
        ("*;q=0", None),
        ("*;q=0.5, zstd;q=0", "br"),
        ("gzip;q=0.5, br;q=0.4", "gzip"),
        ("gzip;q=1.0, br;q=0.999", "gzip"),
        ("gzip;q=0", None),
        ("gzip;q=0, *", "zstd"),
        ("br;q=0, zstd;q=0, *;q=0.1", "gzip"),
        ("gzip;q=0.5, identity", None),  # identity rated strictly higher
        ("gzip, identity;q=1", "gzip"),  # a tie goes to compression
        ("gzip;q=0.5, identity;q=0", "gzip"),
        ("gzip ; q=0.8 , deflate;q=0.9", "deflate"),
        ("gzip;Q=0.2, deflate;q=0.1", "gzip"),
        ("compress, snappy", None),
        ("gzip;q=2", None),  # malformed q counts as 0
        ("gzip;q=abc, deflate", "deflate"),
        ("gzip;q=0.1234, deflate;q=0.001", "deflate"),
        ("gzip;q=1.5", None),
        ("gzip;q=1.000, br;q=.5", "gzip"),
        ("gzip;q=٠.5", None),  # non-ASCII digit
        (",,, ,gzip,,", "gzip"),
        ("gzip;level=9", "gzip"),
    ],
)
def test_choose_encoding(header: str, expected: str | None) -> None:
    assert choose_encoding(header) == expected


def test_choose_encoding_on_a_huge_header_is_fine() -> None:
    header = ", ".join(f"coding{i};q=0.5" for i in range(20_000)) + ", br;q=0.6"
    assert choose_encoding(header) == "br"

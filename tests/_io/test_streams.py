"""StreamReader, EMPTY_PAYLOAD: every read method, split feeds, EOF, errors, limits, backpressure."""

from __future__ import annotations

import asyncio

import pytest

from wirehttp._io.empty_stream import EMPTY_PAYLOAD
from wirehttp._io.streams import EofStream, StreamReader

pytestmark = pytest.mark.timeout(10)


class FakeProtocol:
    """Records the reader's flow control requests."""

    def __init__(self) -> None:
        self.connected = True
        self.calls: list[str] = []

    def pause_reading(self) -> None:
        self.calls.append("pause")

    def resume_reading(self) -> None:
        self.calls.append("resume")


def make(limit: int = 2**16) -> tuple[StreamReader, FakeProtocol]:
    proto = FakeProtocol()
    return StreamReader(proto, limit, loop=asyncio.get_running_loop()), proto


def feed_later(reader: StreamReader, *pieces: bytes, eof: bool = False) -> None:
    """Feed each piece on its own loop iteration, so a waiting reader sees them split."""
    loop = asyncio.get_running_loop()

    def step(rest: tuple[bytes, ...]) -> None:
        if rest:
            reader.feed_data(rest[0])
            loop.call_soon(step, rest[1:])
        elif eof:
            reader.feed_eof()

    loop.call_soon(step, pieces)


# -- read / readany / read_nowait ------------------------------------------------------------


async def test_read_all_until_eof_from_split_feeds() -> None:
    reader, _ = make()
    feed_later(reader, b"ab", b"c", b"def", eof=True)
    assert await reader.read() == b"abcdef"
    assert await reader.read() == b""
    assert reader.at_eof()


async def test_read_n_returns_at_most_n_and_spans_pieces() -> None:
    reader, _ = make()
    for piece in (b"abc", b"def", b"gh"):
        reader.feed_data(piece)
    assert await reader.read(2) == b"ab"
    assert await reader.read(5) == b"cdefg"
    assert await reader.read(10) == b"h"
    reader.feed_eof()
    assert await reader.read(10) == b""


async def test_read_zero_returns_empty_without_waiting() -> None:
    reader, _ = make()
    assert await reader.read(0) == b""


async def test_read_waits_for_data() -> None:
    reader, _ = make()
    task = asyncio.ensure_future(reader.read(10))
    await asyncio.sleep(0)
    assert not task.done()
    reader.feed_data(b"xyz")
    assert await task == b"xyz"


async def test_readany_returns_all_buffered_pieces_joined() -> None:
    reader, _ = make()
    reader.feed_data(b"one")
    reader.feed_data(b"two")
    assert await reader.readany() == b"onetwo"
    reader.feed_eof()
    assert await reader.readany() == b""


async def test_readany_with_data_buffered_creates_no_future() -> None:
    reader, _ = make()
    reader.feed_data(b"hot")
    loop = asyncio.get_running_loop()
    created = []
    original = loop.create_future

    def spy() -> asyncio.Future[None]:
        created.append(1)
        return original()

    loop.create_future = spy  # type: ignore[method-assign]
    try:
        assert await reader.readany() == b"hot"
        reader.feed_data(b"more")
        assert await reader.read(2) == b"mo"
    finally:
        del loop.create_future
    assert created == []


async def test_read_nowait() -> None:
    reader, _ = make()
    assert reader.read_nowait() == b""
    reader.feed_data(b"abcdef")
    assert reader.read_nowait(2) == b"ab"
    assert reader.read_nowait() == b"cdef"


async def test_read_nowait_refuses_while_a_reader_waits() -> None:
    reader, _ = make()
    task = asyncio.ensure_future(reader.read())
    await asyncio.sleep(0)
    with pytest.raises(RuntimeError):
        reader.read_nowait()
    reader.feed_eof()
    assert await task == b""


async def test_two_concurrent_readers_are_refused() -> None:
    reader, _ = make()
    first = asyncio.ensure_future(reader.readany())
    await asyncio.sleep(0)
    with pytest.raises(RuntimeError, match="already waiting"):
        await reader.readany()
    reader.feed_data(b"x")
    assert await first == b"x"


async def test_wait_on_disconnected_protocol_raises() -> None:
    reader, proto = make()
    proto.connected = False
    with pytest.raises(RuntimeError, match="Connection closed"):
        await reader.read()


# -- readexactly -----------------------------------------------------------------------------


async def test_readexactly_collects_split_feeds() -> None:
    reader, _ = make()
    feed_later(reader, b"12", b"34", b"5678")
    assert await reader.readexactly(5) == b"12345"
    assert reader.read_nowait() == b"678"


async def test_readexactly_at_eof_raises_incomplete_read() -> None:
    reader, _ = make()
    feed_later(reader, b"abc", eof=True)
    with pytest.raises(asyncio.IncompleteReadError) as info:
        await reader.readexactly(10)
    assert info.value.partial == b"abc"
    assert info.value.expected == 10


# -- readline / readuntil / async for --------------------------------------------------------


async def test_readline_lines_and_tail_without_newline() -> None:
    reader, _ = make()
    reader.feed_data(b"line1\nli")
    reader.feed_data(b"ne2\nrest")
    reader.feed_eof()
    assert await reader.readline() == b"line1\n"
    assert await reader.readline() == b"line2\n"
    assert await reader.readline() == b"rest"
    assert await reader.readline() == b""


async def test_readline_waits_across_feeds_one_byte_at_a_time() -> None:
    reader, _ = make()
    feed_later(reader, *[bytes([b]) for b in b"hello\nworld\n"], eof=True)
    assert await reader.readline() == b"hello\n"
    assert await reader.readline() == b"world\n"
    assert await reader.readline() == b""


@pytest.mark.parametrize("split", range(1, 8))
async def test_readuntil_multibyte_separator_split_anywhere(split: int) -> None:
    reader, _ = make()
    data = b"abc\r\n\r\ndef"
    reader.feed_data(data[:split])
    reader.feed_data(data[split:])
    reader.feed_eof()
    assert await reader.readuntil(b"\r\n\r\n") == b"abc\r\n\r\n"
    assert await reader.read() == b"def"


async def test_readuntil_separator_over_three_pieces() -> None:
    reader, _ = make()
    for piece in (b"x-", b"-", b"-y"):
        reader.feed_data(piece)
    assert await reader.readuntil(b"---") == b"x---"
    assert reader.read_nowait() == b"y"


async def test_readuntil_empty_separator_rejected() -> None:
    reader, _ = make()
    with pytest.raises(ValueError, match="Separator"):
        await reader.readuntil(b"")


async def test_readline_longer_than_limit_raises_chunk_too_big() -> None:
    reader, _ = make(limit=4)  # high water mark 8
    reader.feed_data(b"123456789\n")
    with pytest.raises(ValueError, match="Chunk too big"):
        await reader.readline()


async def test_readline_too_long_counted_over_many_feeds() -> None:
    reader, _ = make(limit=4)
    feed_later(reader, b"123", b"456", b"789", b"0\n")
    with pytest.raises(ValueError, match="Chunk too big"):
        await reader.readline()


async def test_readline_max_line_length_overrides_limit() -> None:
    reader, _ = make()
    reader.feed_data(b"abcdef\n")
    with pytest.raises(ValueError, match="Chunk too big"):
        await reader.readline(max_line_length=3)


async def test_readline_at_exactly_limit_is_accepted() -> None:
    reader, _ = make(limit=4)
    reader.feed_data(b"1234567\n")  # 8 bytes == high water mark
    assert await reader.readline() == b"1234567\n"


async def test_async_for_yields_lines() -> None:
    reader, _ = make()
    feed_later(reader, b"a\nb", b"\nc", eof=True)
    assert [line async for line in reader] == [b"a\n", b"b\n", b"c"]


# -- iteration -------------------------------------------------------------------------------


async def test_iter_chunked_yields_blocks_of_at_most_n() -> None:
    reader, _ = make()
    reader.feed_data(b"abcdefg")
    reader.feed_eof()
    assert [c async for c in reader.iter_chunked(3)] == [b"abc", b"def", b"g"]


async def test_iter_any_yields_what_arrived() -> None:
    reader, _ = make()
    feed_later(reader, b"12", b"345", eof=True)
    chunks = [c async for c in reader.iter_any()]
    assert b"".join(chunks) == b"12345"
    assert chunks[0] == b"12"


async def test_iter_chunks_reports_http_chunk_boundaries() -> None:
    reader, _ = make()
    reader.begin_http_chunk_receiving()
    reader.feed_data(b"hello")
    reader.end_http_chunk_receiving()
    reader.feed_data(b" ")
    reader.feed_data(b"world")
    reader.end_http_chunk_receiving()
    reader.feed_eof()
    assert [c async for c in reader.iter_chunks()] == [(b"hello", True), (b" world", True)]


async def test_readchunk_without_chunked_coding_is_never_end_of_chunk() -> None:
    reader, _ = make()
    reader.feed_data(b"a")
    reader.feed_data(b"b")
    reader.feed_eof()
    assert await reader.readchunk() == (b"a", False)
    assert await reader.readchunk() == (b"b", False)
    assert await reader.readchunk() == (b"", False)


async def test_readchunk_after_partial_read_returns_rest_of_chunk() -> None:
    reader, _ = make()
    reader.begin_http_chunk_receiving()
    reader.feed_data(b"abcdef")
    reader.end_http_chunk_receiving()
    reader.feed_data(b"gh")
    reader.end_http_chunk_receiving()
    assert await reader.read(2) == b"ab"
    assert await reader.readchunk() == (b"cdef", True)
    assert await reader.read(2) == b"gh"
    # consumed exactly up to a boundary: the boundary itself is still reported
    assert await reader.readchunk() == (b"", True)


async def test_readchunk_waits_for_end_of_chunk_wakeup() -> None:
    reader, _ = make()
    reader.begin_http_chunk_receiving()
    task = asyncio.ensure_future(reader.readchunk())
    await asyncio.sleep(0)
    reader.feed_data(b"part")
    assert await task == (b"part", False)
    reader.end_http_chunk_receiving()
    assert await reader.readchunk() == (b"", True)


async def test_empty_http_chunk_adds_no_boundary() -> None:
    reader, _ = make()
    reader.begin_http_chunk_receiving()
    reader.end_http_chunk_receiving()  # no data yet: ignored
    reader.feed_data(b"x")
    reader.end_http_chunk_receiving()
    reader.end_http_chunk_receiving()  # nothing new since the last end: ignored
    reader.feed_eof()
    assert [c async for c in reader.iter_chunks()] == [(b"x", True)]


async def test_chunk_receiving_misuse_raises() -> None:
    reader, _ = make()
    with pytest.raises(RuntimeError):
        reader.end_http_chunk_receiving()
    reader.feed_data(b"x")
    with pytest.raises(RuntimeError):
        reader.begin_http_chunk_receiving()


# -- EOF and callbacks ------------------------------------------------------------------------


async def test_eof_states() -> None:
    reader, _ = make()
    reader.feed_data(b"x")
    reader.feed_eof()
    assert reader.is_eof()
    assert not reader.at_eof()
    await reader.read()
    assert reader.at_eof()


async def test_wait_eof_wakes_on_feed_eof() -> None:
    reader, _ = make()
    task = asyncio.ensure_future(reader.wait_eof())
    await asyncio.sleep(0)
    assert not task.done()
    reader.feed_eof()
    await task
    await reader.wait_eof()  # already at EOF: returns at once


async def test_on_eof_callbacks_run_once_and_errors_are_contained(
    caplog: pytest.LogCaptureFixture,
) -> None:
    reader, _ = make()
    seen: list[str] = []

    def broken() -> None:
        raise ZeroDivisionError

    reader.on_eof(lambda: seen.append("first"))
    reader.on_eof(broken)
    reader.feed_eof()
    reader.on_eof(lambda: seen.append("late"))
    assert seen == ["first", "late"]
    assert "Exception in eof callback" in caplog.text


async def test_feed_data_after_eof_raises() -> None:
    reader, _ = make()
    reader.feed_eof()
    with pytest.raises(RuntimeError):
        reader.feed_data(b"x")


async def test_total_bytes_counts_everything_fed() -> None:
    reader, _ = make()
    reader.feed_data(b"abc")
    reader.feed_data(b"")
    reader.feed_data(b"de")
    await reader.read(4)
    assert reader.total_bytes == 5


# -- exceptions ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda r: r.read(),
        lambda r: r.read(3),
        lambda r: r.readany(),
        lambda r: r.readline(),
        lambda r: r.readuntil(b"--"),
        lambda r: r.readexactly(3),
        lambda r: r.readchunk(),
        lambda r: r.wait_eof(),
    ],
)
async def test_exception_reaches_a_waiting_reader(call: object) -> None:
    reader, _ = make()
    task = asyncio.ensure_future(call(reader))  # type: ignore[operator]
    await asyncio.sleep(0)
    assert not task.done()
    reader.set_exception(ConnectionResetError("gone"))
    with pytest.raises(ConnectionResetError, match="gone"):
        await task


async def test_exception_fails_later_reads_even_with_data_buffered() -> None:
    reader, _ = make()
    reader.feed_data(b"data")
    cause = OSError("socket")
    reader.set_exception(ValueError("bad"), cause)
    assert isinstance(reader.exception(), ValueError)
    assert reader.exception().__cause__ is cause  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="bad"):
        await reader.readany()
    with pytest.raises(ValueError, match="bad"):
        reader.read_nowait()


async def test_set_exception_drops_eof_callbacks() -> None:
    reader, _ = make()
    seen: list[int] = []
    reader.on_eof(lambda: seen.append(1))
    reader.set_exception(ValueError())
    reader.feed_eof()
    assert seen == []


async def test_cancelled_read_leaves_reader_usable() -> None:
    reader, _ = make()
    task = asyncio.ensure_future(reader.read())
    await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    reader.feed_data(b"ok")
    assert await reader.readany() == b"ok"


# -- backpressure ----------------------------------------------------------------------------


async def test_pauses_above_twice_limit_and_resumes_below_limit() -> None:
    reader, proto = make(limit=10)
    reader.feed_data(b"x" * 20)
    assert proto.calls == []  # exactly 2 * limit: not above
    reader.feed_data(b"x")
    assert proto.calls == ["pause"]
    reader.feed_data(b"x" * 5)
    assert proto.calls == ["pause"]  # asks once
    await reader.read(10)  # 16 left: not below the limit yet
    assert proto.calls == ["pause"]
    await reader.read(7)  # 9 left
    assert proto.calls == ["pause", "resume"]
    await reader.read(9)
    assert proto.calls == ["pause", "resume"]


async def test_eof_releases_pause() -> None:
    reader, proto = make(limit=1)
    reader.feed_data(b"xxxx")
    reader.feed_eof()
    assert proto.calls == ["pause", "resume"]
    assert await reader.read() == b"xxxx"


async def test_readline_resumes_after_consuming() -> None:
    reader, proto = make(limit=4)
    reader.feed_data(b"12\n45678\n")
    assert proto.calls == ["pause"]
    assert await reader.readline() == b"12\n"
    assert proto.calls == ["pause"]  # 6 bytes left, limit 4
    assert await reader.readline() == b"45678\n"
    assert proto.calls == ["pause", "resume"]


async def test_many_tiny_http_chunks_pause_reading() -> None:
    reader, proto = make(limit=64)  # chunk-count high water mark: 4
    reader.begin_http_chunk_receiving()
    for _ in range(5):
        reader.feed_data(b"x")
        reader.end_http_chunk_receiving()
    assert proto.calls == ["pause"]
    for _ in range(3):
        assert await reader.readchunk() == (b"x", True)
    assert proto.calls == ["pause"]  # two boundaries still queued
    assert await reader.readchunk() == (b"x", True)
    assert proto.calls == ["pause", "resume"]


async def test_large_buffer_read_in_small_pieces_is_linear() -> None:
    # One big piece read a few bytes at a time must not copy the remainder each time.
    reader, _ = make(limit=2**30)
    reader.feed_data(b"a" * 2_000_000)
    reader.feed_eof()
    total = 0
    while chunk := await reader.read(7):
        total += len(chunk)
    assert total == 2_000_000


# -- repr, timer, EMPTY_PAYLOAD --------------------------------------------------------------


async def test_repr_shows_state() -> None:
    reader, _ = make(limit=5)
    reader.feed_data(b"x" * 11)
    reader.feed_eof()
    text = repr(reader)
    assert "11 bytes" in text
    assert "eof" in text
    assert "low=5 high=10" in text
    reader.set_exception(ValueError("boom"))
    assert "boom" in repr(reader)


async def test_timer_wraps_each_wait() -> None:
    entered: list[str] = []

    class Timer:
        def __enter__(self) -> None:
            entered.append("enter")

        def __exit__(self, *exc: object) -> None:
            entered.append("exit")

    reader = StreamReader(FakeProtocol(), 100, timer=Timer(), loop=asyncio.get_running_loop())
    reader.feed_data(b"now")
    assert await reader.readany() == b"now"
    assert entered == []  # no wait, no timer
    feed_later(reader, b"later")
    assert await reader.readany() == b"later"
    assert entered == ["enter", "exit"]


async def test_loop_defaults_to_running_loop() -> None:
    reader = StreamReader(FakeProtocol(), 100)
    feed_later(reader, b"x", eof=True)
    assert await reader.read() == b"x"


async def test_empty_payload_is_always_at_eof() -> None:
    assert isinstance(EMPTY_PAYLOAD, StreamReader)
    assert EMPTY_PAYLOAD.at_eof() and EMPTY_PAYLOAD.is_eof()
    assert await EMPTY_PAYLOAD.read() == b""
    assert await EMPTY_PAYLOAD.readany() == b""
    assert await EMPTY_PAYLOAD.readline() == b""
    assert await EMPTY_PAYLOAD.readchunk() == (b"", False)
    assert EMPTY_PAYLOAD.read_nowait() == b""
    await EMPTY_PAYLOAD.wait_eof()
    with pytest.raises(asyncio.IncompleteReadError):
        await EMPTY_PAYLOAD.readexactly(1)
    assert [c async for c in EMPTY_PAYLOAD.iter_any()] == []


async def test_empty_payload_cannot_be_changed() -> None:
    EMPTY_PAYLOAD.feed_data(b"x")
    EMPTY_PAYLOAD.set_exception(ValueError())
    EMPTY_PAYLOAD.feed_eof()
    assert EMPTY_PAYLOAD.exception() is None
    assert await EMPTY_PAYLOAD.read() == b""
    called: list[int] = []
    EMPTY_PAYLOAD.on_eof(lambda: called.append(1))
    assert called == [1]
    assert repr(EMPTY_PAYLOAD) == "<EmptyStreamReader>"


def test_eof_stream_is_an_exception() -> None:
    assert issubclass(EofStream, Exception)

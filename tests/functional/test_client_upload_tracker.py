"""upload_tracker= over loopback: attempts, bytes_written and upload_complete as aiohttp 3.14 has
them (each case here was first run against aiohttp itself with the same servers).

Progress is watched against a raw server that reads part of the body and then waits: the
client's socket gets a small send buffer (through TCPConnector's socket_factory) so most of a
4 MB body stays in the transport, and whatever the server has read must have left it.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import pytest
from yarl import URL

import wirehttp
from wirehttp import web
from wirehttp.pytest_plugin import AiohttpServer

BIG = 4 * 1024 * 1024
SOME = 100_000  # body bytes the pausing server reads before it waits
BUFFER = 64 * 1024  # socket buffers on both ends, so the transport holds most of BIG


async def _echo_length(request: web.Request) -> web.Response:
    return web.Response(text=str(len(await request.read())))


async def _redirect(request: web.Request) -> web.Response:
    await request.read()
    status = int(request.match_info["status"])
    raise (web.HTTPTemporaryRedirect if status == 307 else web.HTTPSeeOther)("/echo")


@pytest.fixture
async def app_url(aiohttp_server: AiohttpServer) -> URL:
    app = web.Application()
    app.router.add_route("*", "/echo", _echo_length)
    app.router.add_route("*", "/redirect/{status}", _redirect)
    server = await aiohttp_server(app)
    return server.make_url("/")


async def upload(
    url: URL, data: Any = None, method: str = "POST", **kwargs: Any
) -> tuple[wirehttp.UploadTracker, int, str]:
    tracker = wirehttp.UploadTracker()
    async with (
        wirehttp.ClientSession() as session,
        session.request(method, url, data=data, upload_tracker=tracker, **kwargs) as resp,
    ):
        return tracker, resp.status, await resp.text()


async def _pieces(count: int, size: int) -> AsyncIterator[bytes]:
    for _ in range(count):
        yield b"p" * size


# --- a request's attempts --------------------------------------------------------------------
async def test_in_memory_body(app_url: URL) -> None:
    tracker, status, text = await upload(app_url / "echo", b"x" * 1000)
    assert (status, text) == (200, "1000")
    assert (tracker.attempts, tracker.bytes_written) == (1, 1000)
    assert tracker.upload_complete.result() is None


async def test_no_body_is_a_complete_upload_of_nothing(app_url: URL) -> None:
    tracker, status, _ = await upload(app_url / "echo", method="GET")
    assert (status, tracker.attempts, tracker.bytes_written) == (200, 1, 0)
    assert tracker.upload_complete.result() is None


@pytest.mark.parametrize(("status", "resent"), [(307, 500), (303, 0)])
async def test_a_redirect_is_another_attempt(app_url: URL, status: int, resent: int) -> None:
    tracker, final, text = await upload(app_url / "redirect" / str(status), b"z" * 500)
    assert (final, text) == (200, str(resent))  # 303 follows with a GET and no body
    assert (tracker.attempts, tracker.bytes_written) == (2, resent)
    assert tracker.upload_complete.result() is None


@pytest.mark.parametrize(
    "options", [{"compress": "deflate"}, {"compress": "gzip"}, {"chunked": True}]
)
async def test_payload_bytes_not_wire_bytes(app_url: URL, options: dict[str, Any]) -> None:
    tracker, _, text = await upload(app_url / "echo", b"z" * 5000, **options)
    assert text == "5000"
    assert tracker.bytes_written == 5000


async def test_streamed_body(app_url: URL) -> None:
    tracker, _, text = await upload(app_url / "echo", _pieces(3, 100))
    assert text == "300"
    assert (tracker.attempts, tracker.bytes_written) == (1, 300)
    assert tracker.upload_complete.result() is None


async def test_one_shot_request(app_url: URL) -> None:
    tracker = wirehttp.UploadTracker()
    async with wirehttp.request(
        "PUT", app_url / "echo", data=b"q" * 10, upload_tracker=tracker
    ) as r:
        assert await r.text() == "10"
    assert (tracker.attempts, tracker.bytes_written) == (1, 10)
    assert tracker.upload_complete.result() is None


async def test_a_middleware_calling_its_handler_twice_makes_two_attempts(app_url: URL) -> None:
    async def twice(req: wirehttp.ClientRequest, handler: Any) -> wirehttp.ClientResponse:
        (await handler(req)).release()
        return await handler(req)

    tracker, _, text = await upload(app_url / "echo", b"m" * 64, middlewares=(twice,))
    assert text == "64"
    assert (tracker.attempts, tracker.bytes_written) == (2, 64)


async def test_a_tracker_serves_one_request(app_url: URL) -> None:
    tracker = wirehttp.UploadTracker()
    async with wirehttp.ClientSession() as session:
        async with session.post(app_url / "echo", data=b"once", upload_tracker=tracker) as r:
            await r.read()
        with pytest.raises(RuntimeError, match="already tracks another request"):
            await session.post(app_url / "echo", data=b"twice", upload_tracker=tracker)
    assert (tracker.attempts, tracker.bytes_written) == (1, 4)  # untouched by the refusal
    assert tracker.upload_complete.result() is None


async def test_explicit_none_is_no_tracker(app_url: URL) -> None:
    async with (
        wirehttp.ClientSession() as session,
        session.post(app_url / "echo", data=b"n", upload_tracker=None) as r,
    ):
        assert await r.text() == "1"


async def test_connection_refused() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    tracker = wirehttp.UploadTracker()
    async with wirehttp.ClientSession() as session:
        with pytest.raises(wirehttp.ClientConnectorError):
            await session.post(f"http://127.0.0.1:{port}/", data=b"abc", upload_tracker=tracker)
    assert (tracker.attempts, tracker.bytes_written) == (1, 0)
    with pytest.raises(wirehttp.UploadAbortedError):
        tracker.upload_complete.result()


async def test_closed_session_aborts_the_upload() -> None:
    session = wirehttp.ClientSession()
    await session.close()
    tracker = wirehttp.UploadTracker()
    with pytest.raises(RuntimeError, match="Session is closed"):
        await session.post("http://127.0.0.1:1/", data=b"abc", upload_tracker=tracker)
    assert tracker.attempts == 0
    with pytest.raises(wirehttp.UploadAbortedError):
        tracker.upload_complete.result()


# --- raw servers -------------------------------------------------------------------------------
Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


@asynccontextmanager
async def raw_server(handle: Handler) -> AsyncIterator[str]:
    """A server running `handle` per connection; at the end every connection is reset, so no
    client transport is left waiting to flush a body the server never read."""
    writers: list[asyncio.StreamWriter] = []

    async def run(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writers.append(writer)
        try:
            await handle(reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass  # the client gave up first

    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, BUFFER)  # accepted sockets inherit it
    sock.bind(("127.0.0.1", 0))
    server = await asyncio.start_server(run, sock=sock)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/"
    finally:
        for writer in writers:
            writer.transport.abort()
        server.close()
        await server.wait_closed()


class SmallBuffers:
    """TCPConnector's socket_factory: client sockets with a small send buffer, kept to check
    that each is closed before the test's loop goes away."""

    def __init__(self) -> None:
        self.made: list[socket.socket] = []

    def __call__(self, info: wirehttp.AddrInfoType) -> socket.socket:
        family, kind, proto, _, _ = info
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, BUFFER)
        self.made.append(sock)
        return sock

    async def all_closed(self) -> None:
        """Until the transports let go of their sockets (they see the server's reset)."""
        for _ in range(1000):  # at most 10 s
            if all(sock.fileno() == -1 for sock in self.made):
                return
            await asyncio.sleep(0.01)
        raise AssertionError(f"client sockets still open: {self.made}")


async def read_body(reader: asyncio.StreamReader, head: bytes, already: int) -> None:
    """The rest of a request body after `already` bytes (Content-Length, chunked or none)."""
    for line in head.lower().split(b"\r\n"):
        if line.startswith(b"content-length:"):
            await reader.readexactly(int(line.split(b":")[1]) - already)
        elif line.startswith(b"transfer-encoding:") and b"chunked" in line:
            tail = b""  # the bodies sent here never hold the last-chunk bytes themselves
            while not tail.endswith(b"\r\n0\r\n\r\n"):
                tail = (tail + await reader.read(65536))[-16:]


class Pausing:
    """Reads the head and SOME body bytes, then waits for `go` (answer 200) or `abort` (RST)."""

    def __init__(self) -> None:
        self.read_some = asyncio.Event()
        self.go = asyncio.Event()
        self.abort = asyncio.Event()

    async def __call__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        await reader.readexactly(SOME)
        self.read_some.set()
        go, abort = asyncio.ensure_future(self.go.wait()), asyncio.ensure_future(self.abort.wait())
        await asyncio.wait((go, abort), return_when=asyncio.FIRST_COMPLETED)
        go.cancel(), abort.cancel()
        if self.abort.is_set():
            writer.transport.abort()
            return
        await read_body(reader, head, SOME)
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        await writer.drain()
        writer.close()


@asynccontextmanager
async def pausing_upload(data: Any) -> AsyncIterator[tuple[Pausing, wirehttp.UploadTracker, Any]]:
    """POST `data` with a tracker to a Pausing server; entered once the server read SOME."""
    pausing, sockets = Pausing(), SmallBuffers()
    tracker = wirehttp.UploadTracker()
    connector = wirehttp.TCPConnector(socket_factory=sockets)
    async with raw_server(pausing) as url, wirehttp.ClientSession(connector=connector) as session:
        task = asyncio.ensure_future(session.post(url, data=data, upload_tracker=tracker))
        try:
            await asyncio.wait_for(pausing.read_some.wait(), 10)
            yield pausing, tracker, task
        finally:
            task.cancel()
            await asyncio.wait((task,))
    await sockets.all_closed()


@pytest.mark.parametrize("streamed", [False, True])
async def test_progress_follows_what_left_the_transport(streamed: bool) -> None:
    data = _pieces(BIG // 65536, 65536) if streamed else b"b" * BIG
    framing = 100 if streamed else 0  # chunk-size lines among the bytes the server read
    async with pausing_upload(data) as (pausing, tracker, task):
        seen = tracker.bytes_written
        assert SOME - framing <= seen < BIG
        assert tracker.attempts == 1 and not tracker.upload_complete.done()
        pausing.go.set()
        response = await asyncio.wait_for(task, 20)
        response.release()
    assert tracker.bytes_written == BIG
    assert tracker.upload_complete.result() is None


async def test_server_gone_mid_upload() -> None:
    async with pausing_upload(b"r" * BIG) as (pausing, tracker, task):
        seen = tracker.bytes_written
        assert seen >= SOME
        pausing.abort.set()
        with pytest.raises(wirehttp.ClientError):
            await asyncio.wait_for(task, 20)
    with pytest.raises(wirehttp.ClientError):  # the write error, or cut short (aborted)
        await asyncio.wait_for(tracker.upload_complete, 10)
    assert seen <= tracker.bytes_written < BIG


async def test_cancelled_mid_upload() -> None:
    async with pausing_upload(b"c" * BIG) as (_, tracker, task):
        seen = tracker.bytes_written
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    with pytest.raises(wirehttp.UploadAbortedError):
        await asyncio.wait_for(tracker.upload_complete, 10)
    assert seen <= tracker.bytes_written < BIG


async def test_a_failing_body_source_is_the_upload_error() -> None:
    broken = ValueError("the source broke")

    async def source() -> AsyncIterator[bytes]:
        yield b"s" * 1000
        raise broken

    async def wait_forever(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()  # until the client gives up
        writer.close()

    tracker = wirehttp.UploadTracker()
    async with raw_server(wait_forever) as url, wirehttp.ClientSession() as session:
        with pytest.raises(ValueError, match="the source broke"):
            await session.post(url, data=source(), upload_tracker=tracker)
    assert tracker.upload_complete.exception() is broken
    assert tracker.bytes_written <= 1000


async def test_an_early_answer_leaves_the_upload_cut_short() -> None:
    async def answer_at_once(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 413 Payload Too Large\r\nContent-Length: 0\r\n\r\n")
        await reader.read()  # never reads the body on purpose: just waits for the close
        writer.close()

    tracker, sockets = wirehttp.UploadTracker(), SmallBuffers()
    connector = wirehttp.TCPConnector(socket_factory=sockets)
    async with (
        raw_server(answer_at_once) as url,
        wirehttp.ClientSession(connector=connector) as session,
        session.post(url, data=b"e" * BIG, upload_tracker=tracker) as resp,
    ):
        assert resp.status == 413
        assert not tracker.upload_complete.done()  # the body is still going out
    with pytest.raises(wirehttp.UploadAbortedError):
        await asyncio.wait_for(tracker.upload_complete, 10)
    assert tracker.bytes_written < BIG
    await sockets.all_closed()


async def test_expect_continue_refused_and_granted(app_url: URL) -> None:
    async def refuse(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 417 Expectation Failed\r\nContent-Length: 0\r\n\r\n")
        await reader.read()
        writer.close()

    tracker = wirehttp.UploadTracker()
    async with (
        raw_server(refuse) as url,
        wirehttp.ClientSession() as session,
        session.post(url, data=b"k" * 100, expect100=True, upload_tracker=tracker) as r,
    ):
        assert r.status == 417
    with pytest.raises(wirehttp.UploadAbortedError):
        await asyncio.wait_for(tracker.upload_complete, 10)
    assert (tracker.attempts, tracker.bytes_written) == (1, 0)

    tracker, _, text = await upload(app_url / "echo", b"k" * 100, expect100=True)
    assert text == "100"
    assert (tracker.bytes_written, tracker.upload_complete.result()) == (100, None)


async def test_retry_on_a_stale_connection_is_another_attempt() -> None:
    served: list[int] = []

    async def first_connection_drops_its_second_request(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        served.append(0)
        first = len(served) == 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                await read_body(reader, head, 0)
                served[-1] += 1
                if first and served[-1] == 2:
                    break
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        writer.close()

    tracker = wirehttp.UploadTracker()
    async with (
        raw_server(first_connection_drops_its_second_request) as url,
        wirehttp.ClientSession() as session,
    ):
        async with session.get(url) as r:
            await r.read()
        async with session.put(url, data=b"hello", upload_tracker=tracker) as r:
            assert await r.text() == "ok"
    assert served == [2, 1]
    assert (tracker.attempts, tracker.bytes_written) == (2, 5)
    assert tracker.upload_complete.result() is None

"""AppRunner / ServerRunner against real sockets on 127.0.0.1, fetched with a raw HTTP client.

Covers: serving and teardown, the order of the app's lifecycle hooks (cleanup contexts too),
graceful shutdown (in-flight requests finish, idle keep-alive connections close at once, a
request outliving shutdown_timeout is cancelled), kwargs reaching the Server, and the access
log behind a real server (escaping, pipelined requests logged apart).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest

from wirehttp._base.appkey import AppKey
from wirehttp._server.access_log import AbstractAccessLogger
from wirehttp._server.runner import AppRunner, GracefulExit, ServerRunner
from wirehttp._server.sites import TCPSite
from wirehttp._web.app import Application
from wirehttp._web.response import Response
from wirehttp._web.server import Server as WebServer

TIMEOUT = 10.0  # upper bound for any single network wait; tests normally take milliseconds


# -- a raw HTTP/1.1 client -----------------------------------------------------------------


async def read_response(reader: asyncio.StreamReader) -> tuple[int, dict[str, str], bytes]:
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), TIMEOUT)
    status_line, *lines = head.decode("latin-1").split("\r\n")[:-2]
    headers = {k.lower(): v.strip() for k, v in (line.split(":", 1) for line in lines)}
    body = await asyncio.wait_for(
        reader.readexactly(int(headers.get("content-length", "0"))), TIMEOUT
    )
    return int(status_line.split()[1]), headers, body


async def get(port: int, path: str = "/", extra: bytes = b"") -> tuple[int, dict[str, str], bytes]:
    reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), TIMEOUT)
    try:
        writer.write(
            b"GET %s HTTP/1.1\r\nHost: test\r\nConnection: close\r\n%s\r\n" % (path.encode(), extra)
        )
        return await read_response(reader)
    finally:
        writer.close()


async def wait_closed_by_peer(reader: asyncio.StreamReader) -> bytes:
    """Everything the server still sends before it closes the connection."""
    return await asyncio.wait_for(reader.read(), TIMEOUT)


async def hello(request: Any) -> Response:
    return Response(text="hello")


async def start(app: Application, **kwargs: Any) -> tuple[AppRunner, int]:
    runner = AppRunner(app, **kwargs)
    await runner.setup()
    await TCPSite(runner, "127.0.0.1", 0).start()
    return runner, runner.addresses[0][1]


# -- lifecycle -----------------------------------------------------------------------------


async def test_serves_and_runs_hooks_in_order() -> None:
    events: list[str] = []
    app = Application()
    app.router.add_get("/", hello)

    async def ctx(app: Application) -> AsyncIterator[None]:
        events.append("ctx-enter")
        yield
        events.append("ctx-exit")

    def hook(name: str) -> Any:
        async def record(app: Application) -> None:
            events.append(name)

        return record

    app.cleanup_ctx.append(ctx)
    app.on_startup.append(hook("startup"))
    app.on_shutdown.append(hook("shutdown"))
    app.on_cleanup.append(hook("cleanup"))

    runner, port = await start(app)
    assert events == ["ctx-enter", "startup"]
    assert app.frozen
    status, headers, body = await get(port)
    assert (status, body) == (200, b"hello")
    assert headers["content-type"].startswith("text/plain")

    await runner.cleanup()
    assert events == ["ctx-enter", "startup", "shutdown", "ctx-exit", "cleanup"]
    assert runner.server is None and runner.sites == set() and runner.addresses == []
    with pytest.raises(OSError):
        await get(port)


async def test_on_startup_may_still_set_app_state() -> None:
    """startup runs before the app freezes, so no 'changing a frozen app' warning fires
    (warnings are errors in this suite)."""
    app = Application()
    app.router.add_get("/", hello)
    db = AppKey("db", str)

    async def setup_state(app: Application) -> None:
        app[db] = "connected"

    app.on_startup.append(setup_state)
    runner = AppRunner(app)
    await runner.setup()
    assert app[db] == "connected"
    await runner.cleanup()


async def test_server_runner_serves_a_bare_handler() -> None:
    runner = ServerRunner(WebServer(hello))
    await runner.setup()
    site = TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    status, _, body = await get(runner.addresses[0][1], "/anything")
    assert (status, body) == (200, b"hello")
    await runner.cleanup()
    assert runner.sites == set()


async def test_runner_kwargs_reach_the_server() -> None:
    app = Application()
    runner = AppRunner(app, keepalive_timeout=5.0, header_read_timeout=7.0, shutdown_timeout=3.0)
    await runner.setup()
    server = runner.server
    assert server is not None
    assert (server.keepalive_timeout, server.header_read_timeout) == (5.0, 7.0)
    assert runner._shutdown_timeout == 3.0
    await runner.cleanup()


def test_app_runner_rejects_what_is_not_an_app() -> None:
    with pytest.raises(TypeError):
        AppRunner(object())
    with pytest.raises(TypeError):
        AppRunner(Application(), access_log_class=dict)


def test_graceful_exit_is_system_exit_code_1() -> None:
    assert issubclass(GracefulExit, SystemExit)
    assert GracefulExit().code == 1


async def test_site_needs_setup_and_registers_once() -> None:
    runner = AppRunner(Application())
    with pytest.raises(RuntimeError, match="setup"):
        TCPSite(runner, "127.0.0.1", 0)
    await runner.setup()
    site = TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    with pytest.raises(RuntimeError, match="already registered"):
        await site.start()
    await runner.cleanup()
    assert runner.addresses == []


# -- graceful shutdown ---------------------------------------------------------------------


def slow_app(events: list[str], release: asyncio.Event, started: asyncio.Event) -> Application:
    app = Application()
    app.router.add_get("/", hello)

    async def slow(request: Any) -> Response:
        started.set()
        try:
            await release.wait()
        except asyncio.CancelledError:
            events.append("slow-cancelled")
            raise
        events.append("slow-done")
        return Response(text="slow")

    async def on_shutdown(app: Application) -> None:
        events.append("shutdown")

    app.router.add_get("/slow", slow)
    app.on_shutdown.append(on_shutdown)
    return app


async def test_inflight_request_finishes_and_idle_connection_closes_at_once() -> None:
    events: list[str] = []
    release, started = asyncio.Event(), asyncio.Event()
    runner, port = await start(slow_app(events, release, started), shutdown_timeout=TIMEOUT)

    idle_reader, idle_writer = await asyncio.open_connection("127.0.0.1", port)
    idle_writer.write(b"GET / HTTP/1.1\r\nHost: t\r\n\r\n")
    assert (await read_response(idle_reader))[0] == 200  # now idle, kept alive
    busy_reader, busy_writer = await asyncio.open_connection("127.0.0.1", port)
    busy_writer.write(b"GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
    await asyncio.wait_for(started.wait(), TIMEOUT)

    cleanup = asyncio.create_task(runner.cleanup())
    assert await wait_closed_by_peer(idle_reader) == b""  # closed while /slow is still running
    assert not cleanup.done()
    assert "shutdown" in events and "slow-done" not in events
    release.set()
    status, headers, body = await read_response(busy_reader)
    assert (status, body) == (200, b"slow")
    assert (
        headers.get("connection", "").lower() == "close"
        or await wait_closed_by_peer(busy_reader) == b""
    )
    await asyncio.wait_for(cleanup, TIMEOUT)
    assert events == ["shutdown", "slow-done"]
    idle_writer.close()
    busy_writer.close()


async def test_request_outliving_shutdown_timeout_is_cancelled() -> None:
    events: list[str] = []
    release, started = asyncio.Event(), asyncio.Event()
    runner, port = await start(slow_app(events, release, started), shutdown_timeout=0.05)
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
    await asyncio.wait_for(started.wait(), TIMEOUT)

    await asyncio.wait_for(runner.cleanup(), TIMEOUT)
    assert events == ["shutdown", "slow-cancelled"]
    leftover = await wait_closed_by_peer(reader)
    assert b"slow" not in leftover
    writer.close()


# -- access log behind a real server -------------------------------------------------------


class ListHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture
def access_log() -> Any:
    logger = logging.getLogger("wirehttp.test.runner.access")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    handler = ListHandler()
    logger.addHandler(handler)
    yield logger, handler
    logger.removeHandler(handler)


async def test_access_log_escapes_hostile_values_from_the_wire(access_log: Any) -> None:
    logger, handler = access_log
    app = Application()
    app.router.add_get("/", hello)
    runner, port = await start(app, access_log=logger, access_log_format='"%r" %s "%{User-Agent}i"')
    status, _, _ = await get(port, '/?q="x', extra=b'User-Agent: a" "forged\xff\r\n')
    assert status == 200
    await runner.cleanup()
    assert handler.lines == ['"GET /?q=\\"x HTTP/1.1" 200 "a\\" \\"forged\\xff"']


async def test_pipelined_requests_are_logged_apart(access_log: Any) -> None:
    logger, handler = access_log
    app = Application()
    app.router.add_get("/{name}", hello)
    runner, port = await start(app, access_log=logger, access_log_format="%r|%{User-Agent}i|%s")
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        b"GET /one HTTP/1.1\r\nHost: t\r\nUser-Agent: first\r\n\r\n"
        b"GET /two HTTP/1.1\r\nHost: t\r\nUser-Agent: second\r\nConnection: close\r\n\r\n"
    )
    assert [(await read_response(reader))[0] for _ in range(2)] == [200, 200]
    writer.close()
    await runner.cleanup()
    assert handler.lines == ["GET /one HTTP/1.1|first|200", "GET /two HTTP/1.1|second|200"]


async def test_custom_access_logger_and_disabled_log(access_log: Any) -> None:
    logger, handler = access_log
    seen: list[tuple[str, int, float]] = []

    class Recorder(AbstractAccessLogger):
        def log(self, request: Any, response: Any, time: float) -> None:
            seen.append((request.path, response.status, time))

    app = Application()
    app.router.add_get("/", hello)
    runner, port = await start(app, access_log=logger, access_log_class=Recorder)
    await get(port, "/")
    await get(port, "/missing")
    await runner.cleanup()
    assert [(path, status) for path, status, _ in seen] == [("/", 200), ("/missing", 404)]
    assert all(0 <= time < TIMEOUT for _, _, time in seen)

    quiet = Application()
    quiet.router.add_get("/", hello)
    runner, port = await start(quiet, access_log=None)
    assert (await get(port))[0] == 200
    await runner.cleanup()
    assert handler.lines == []


async def test_disabled_custom_logger_is_not_called_and_requests_are_counted() -> None:
    calls: list[int] = []

    class Off(AbstractAccessLogger):
        @property
        def enabled(self) -> bool:
            return False

        def log(self, request: Any, response: Any, time: float) -> None:
            calls.append(response.status)

    app = Application()
    app.router.add_get("/", hello)
    runner, port = await start(
        app, access_log=logging.getLogger("wirehttp.test.off"), access_log_class=Off
    )
    for _ in range(3):
        assert (await get(port))[0] == 200
    assert runner.server is not None and runner.server.requests_count == 3
    await runner.cleanup()
    assert calls == []

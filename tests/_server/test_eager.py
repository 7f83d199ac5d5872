"""Handlers started eagerly behave like handlers run in a Task.

The first step of a handler runs inside `data_received`; these tests pin down what a handler
must still be able to rely on there: a current task, `asyncio.timeout()`, context variables
that do not leak, cancellation reaching it after it suspends, and an answer sent without a
Task at all when it never waits.
"""

from __future__ import annotations

import asyncio
import contextvars
import sys
from typing import Any

import pytest

from wirehttp import web
from wirehttp._server.eager import EagerTask, start_eagerly

REQUEST_VAR: contextvars.ContextVar[str] = contextvars.ContextVar("request_var", default="unset")


async def _serve(app: web.Application) -> tuple[web.AppRunner, int]:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    return runner, port


async def _get(port: int, path: str, count: int = 1) -> list[bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    answers = []
    try:
        for _ in range(count):
            writer.write(f"GET {path} HTTP/1.1\r\nHost: t\r\n\r\n".encode())
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
            length = int(head.split(b"Content-Length: ")[1].split(b"\r\n")[0])
            answers.append(head.split(b"\r\n")[0] + b" " + await reader.readexactly(length))
    finally:
        writer.close()
    return answers


async def test_handler_sees_a_current_task_and_can_use_timeouts() -> None:
    seen: list[Any] = []

    async def handler(request: web.Request) -> web.Response:
        seen.append(asyncio.current_task())
        async with asyncio.timeout(5):  # needs a current task before the first await
            await asyncio.sleep(0)
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_get("/", handler)
    runner, port = await _serve(app)
    try:
        assert await _get(port, "/") == [b"HTTP/1.1 200 OK ok"]
    finally:
        await runner.cleanup()
    assert seen[0] is not None


async def test_timeout_entered_before_suspending_still_cancels_the_handler() -> None:
    async def handler(request: web.Request) -> web.Response:
        try:
            async with asyncio.timeout(0.05):
                await asyncio.sleep(10)
        except TimeoutError:
            return web.Response(text="timed out")
        return web.Response(text="slept")

    app = web.Application()
    app.router.add_get("/", handler)
    runner, port = await _serve(app)
    try:
        assert await _get(port, "/") == [b"HTTP/1.1 200 OK timed out"]
    finally:
        await runner.cleanup()


async def test_context_variables_do_not_leak_between_requests() -> None:
    async def handler(request: web.Request) -> web.Response:
        before = REQUEST_VAR.get()
        REQUEST_VAR.set(request.query["v"])
        if request.query.get("wait"):
            await asyncio.sleep(0.01)
        return web.Response(text=f"{before}->{REQUEST_VAR.get()}")

    app = web.Application()
    app.router.add_get("/", handler)
    runner, port = await _serve(app)
    try:
        first = await _get(port, "/?v=a", 1)
        second = await _get(port, "/?v=b&wait=1", 1)
    finally:
        await runner.cleanup()
    assert first == [b"HTTP/1.1 200 OK unset->a"]
    assert second == [b"HTTP/1.1 200 OK unset->b"]


async def test_a_handler_that_never_waits_is_done_at_once() -> None:
    loop = asyncio.get_running_loop()
    done = loop.create_future()

    async def quick() -> str:
        return "done"

    def start() -> None:
        handle = start_eagerly(loop, quick())
        done.set_result(handle)

    loop.call_soon(start)
    handle = await done
    assert handle.done()
    if sys.version_info < (3, 12):  # by hand: no Task was ever made
        assert isinstance(handle, EagerTask) and handle.task is None


async def test_cancel_reaches_the_task_that_continues_the_handler() -> None:
    loop = asyncio.get_running_loop()
    started = loop.create_future()
    outcome: list[str] = []

    async def slow() -> None:
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            outcome.append("cancelled")
            raise

    loop.call_soon(lambda: started.set_result(start_eagerly(loop, slow())))
    handle = await started
    task = handle.task if isinstance(handle, EagerTask) else handle
    assert task is not None and not handle.done()
    assert handle.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert outcome == ["cancelled"] and handle.cancelled()

"""Test-suite wiring: runs `async def` tests on both event loops and fails on loop errors.

Every coroutine test runs twice, once on plain asyncio and once on uvloop, each in a fresh loop.
An exception that reaches the loop's exception handler (an un-retrieved task error, a callback
that raised) fails the test that caused it, so async bugs cannot pass silently.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Iterator
from typing import Any

import pytest

LOOP_KINDS = ("asyncio", "uvloop")


def _new_loop(kind: str) -> asyncio.AbstractEventLoop:
    if kind == "uvloop":
        import uvloop

        return uvloop.new_event_loop()
    return asyncio.new_event_loop()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if inspect.iscoroutinefunction(metafunc.function) and "loop_kind" not in metafunc.fixturenames:
        metafunc.fixturenames.append("loop_kind")
    if "loop_kind" in metafunc.fixturenames:
        metafunc.parametrize("loop_kind", LOOP_KINDS)


@pytest.fixture
def event_loop_for_test(request: pytest.FixtureRequest) -> Iterator[asyncio.AbstractEventLoop]:
    kind = request.getfixturevalue("loop_kind")
    loop = _new_loop(kind)
    errors: list[dict[str, Any]] = []
    loop.set_exception_handler(lambda _loop, context: errors.append(context))
    asyncio.set_event_loop(loop)
    try:
        yield loop
    finally:
        _drain_and_close(loop)
        asyncio.set_event_loop(None)
    if errors:
        pytest.fail(
            f"unhandled error in the event loop: {errors[0].get('message')!r} {errors[0].get('exception')!r}"
        )


def _drain_and_close(loop: asyncio.AbstractEventLoop) -> None:
    pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
    for task in pending:
        task.cancel()
    if pending:
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
    loop.run_until_complete(loop.shutdown_asyncgens())
    loop.close()


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    loop = pyfuncitem._request.getfixturevalue("event_loop_for_test")
    names = pyfuncitem._fixtureinfo.argnames
    kwargs = {name: pyfuncitem.funcargs[name] for name in names if name in pyfuncitem.funcargs}
    # A loop-level deadline as well as pytest-timeout's: its SIGALRM cannot interrupt a uvloop
    # that is blocked waiting, so a hung coroutine test is cancelled here instead.
    limit = float(pyfuncitem.config.getini("timeout") or 60) - 2
    loop.run_until_complete(asyncio.wait_for(pyfuncitem.obj(**kwargs), max(limit, 1)))
    return True


@pytest.fixture
def loop(event_loop_for_test: asyncio.AbstractEventLoop) -> asyncio.AbstractEventLoop:
    """The running test's event loop (for async fixtures that need it explicitly)."""
    return event_loop_for_test

"""Test-suite wiring: wirehttp's own pytest plugin runs the async tests, on both event loops.

The plugin (loaded below, as a user's conftest would) runs every `async def` test on its
`loop` fixture; `--aiohttp-loop=all` in pyproject.toml's addopts runs each once on asyncio
("pyloop") and once on uvloop. pytest-asyncio, a test dependency for the plugin's coexistence
test only, is kept out of this run by `-p no:asyncio` there. This file adds what the project
wants beyond the plugin:

- an exception that reaches a test loop's exception handler (an un-retrieved task error, a
  callback that raised) fails the test that caused it, so async bugs cannot pass silently;
- a loop-level deadline as well as pytest-timeout's: its SIGALRM cannot interrupt a uvloop that
  is blocked waiting, so a hung coroutine test is cancelled by the loop instead;
- a compiled build (`make compiled`) older than any source stops the run before it starts:
  Python would import the stale build, and the tests would check code that no longer exists.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest

from wirehttp._base.pure_python import NO_EXTENSIONS

pytest_plugins = ["wirehttp.pytest_plugin"]

SRC = Path(__file__).resolve().parent.parent / "src"


def pytest_sessionstart(session: pytest.Session) -> None:
    """Refuse to test a compiled build that is older than the sources (see the docstring)."""
    if NO_EXTENSIONS:
        return  # the built modules are ignored in this run
    built = list(SRC.rglob("*.so"))
    if not built:
        return
    newest_source = max(path.stat().st_mtime for path in (SRC / "wirehttp").rglob("*.py"))
    if min(path.stat().st_mtime for path in built) < newest_source:
        pytest.exit("src/ holds a compiled build older than its sources: run `make compiled`", 2)


@pytest.fixture
def loop(loop: asyncio.AbstractEventLoop) -> Iterator[asyncio.AbstractEventLoop]:
    """The plugin's loop, failing the test on errors that reach its exception handler."""
    errors: list[dict[str, Any]] = []
    loop.set_exception_handler(lambda _loop, context: errors.append(context))
    yield loop
    if errors:
        pytest.fail(
            f"unhandled error in the event loop: {errors[0].get('message')!r} {errors[0].get('exception')!r}"
        )


@pytest.hookimpl(wrapper=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> Generator[None, Any, Any]:
    """Bound a coroutine test by a deadline; the plugin's runner then runs it as usual."""
    test = pyfuncitem.obj
    if not inspect.iscoroutinefunction(test):
        return (yield)
    limit = max(float(pyfuncitem.config.getini("timeout") or 60) - 2, 1)

    async def bounded(**kwargs: Any) -> Any:
        return await asyncio.wait_for(test(**kwargs), limit)

    pyfuncitem.obj = bounded
    try:
        return (yield)
    finally:
        pyfuncitem.obj = test

"""Event loops for tests: create one, make it current, and tear it down completely.

Owns: `setup_test_loop`, `teardown_test_loop`, `loop_context` (public in wirehttp.test_utils)
and the named loop factories the pytest plugin's `--aiohttp-loop` chooses from ("pyloop" is
asyncio's own loop, "uvloop" when it is installed). Imports nothing from wirehttp.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import Callable, Iterator

__all__ = (
    "LoopFactory",
    "available_loop_factories",
    "loop_context",
    "select_loop_factories",
    "setup_test_loop",
    "teardown_test_loop",
)

LoopFactory = Callable[[], asyncio.AbstractEventLoop]


def setup_test_loop(
    loop_factory: LoopFactory = asyncio.new_event_loop,
) -> asyncio.AbstractEventLoop:
    """A new loop from `loop_factory`, set as the current loop of this thread."""
    loop = loop_factory()
    asyncio.set_event_loop(loop)
    return loop


def teardown_test_loop(loop: asyncio.AbstractEventLoop, fast: bool = False) -> None:
    """Cancel what still runs on `loop`, close it, and unset it as the current loop.

    Tasks a test left behind are cancelled and awaited, and async generators finalised, so
    closing the loop does not strand them ("Task was destroyed but it is pending!"). Unless
    `fast`, a garbage collection follows, so objects the test leaked report (ResourceWarning)
    now rather than in a later test.
    """
    if not loop.is_closed():
        _cancel_leftovers(loop)
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()
    if not fast:
        gc.collect()
    asyncio.set_event_loop(None)


def _cancel_leftovers(loop: asyncio.AbstractEventLoop) -> None:
    pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in pending:
        task.cancel()
    if pending:
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))


@contextlib.contextmanager
def loop_context(
    loop_factory: LoopFactory = asyncio.new_event_loop, fast: bool = False
) -> Iterator[asyncio.AbstractEventLoop]:
    """`with loop_context() as loop:` a fresh current loop, torn down on leaving."""
    loop = setup_test_loop(loop_factory)
    try:
        yield loop
    finally:
        teardown_test_loop(loop, fast=fast)


def available_loop_factories() -> dict[str, LoopFactory]:
    """The loops this interpreter can run, by the names `--aiohttp-loop` uses."""
    factories: dict[str, LoopFactory] = {"pyloop": asyncio.new_event_loop}
    try:
        import uvloop
    except ImportError:  # uvloop is optional (and absent on Windows)
        pass
    else:
        factories["uvloop"] = uvloop.new_event_loop
    return factories


def select_loop_factories(spec: str) -> dict[str, LoopFactory]:
    """The loops named in a `--aiohttp-loop` value, in its order.

    `spec` is "all" (every available loop) or comma-separated names; a name ending in "?" is
    optional (left out when that loop is not installed), any other unknown name is a
    ValueError naming the loops there are.
    """
    available = available_loop_factories()
    if spec.strip() == "all":
        return available
    chosen: dict[str, LoopFactory] = {}
    for item in spec.split(","):
        optional = item.strip().endswith("?")
        name = item.strip().rstrip("?").strip()
        if name in available:
            chosen[name] = available[name]
        elif not optional:
            raise ValueError(f"Unknown loop {name!r}, available loops: {sorted(available)}")
    if not chosen:
        raise ValueError(f"No loop selected by {spec!r}, available loops: {sorted(available)}")
    return chosen


for _func in (setup_test_loop, teardown_test_loop, loop_context):
    _func.__module__ = "wirehttp.test_utils"

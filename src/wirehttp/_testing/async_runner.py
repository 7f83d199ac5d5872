"""The pytest plugin's async runner: `async def` tests and fixtures run on the `loop` fixture.

Owns: the plugin's hooks (public in wirehttp.pytest_plugin): the command-line options
(`--aiohttp-loop`, `--aiohttp-fast`, `--aiohttp-enable-loop-debug`), parametrising tests over
the chosen loops, running coroutine tests and async fixtures on `loop`, and standing aside for
pytest-asyncio: a test that plugin runs (auto mode, or marked `asyncio`) is left to it, and
its async fixtures too (see `asyncio_bridge`).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Generator
from typing import Any

import pytest

from .loops import select_loop_factories

__all__ = (
    "asyncio_plugin_runs",
    "pytest_addoption",
    "pytest_configure",
    "pytest_fixture_setup",
    "pytest_generate_tests",
    "pytest_pyfunc_call",
)

_BRIDGE = "wirehttp-asyncio-bridge"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("wirehttp", "wirehttp's asyncio test runner")
    group.addoption(
        "--aiohttp-fast",
        action="store_true",
        default=False,
        help="run tests faster by skipping the garbage collection after each test's loop",
    )
    group.addoption(
        "--aiohttp-loop",
        action="store",
        default="pyloop",
        help="run tests with specific loop: pyloop, uvloop or all "
        "(comma-separated; a name ending in ? is used only when installed)",
    )
    group.addoption(
        "--aiohttp-enable-loop-debug",
        action="store_true",
        default=False,
        help="enable event loop debug mode",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Beside pytest-asyncio, register the fixture that hands its running loop to `loop`."""
    manager = config.pluginmanager
    if manager.has_plugin("asyncio") and not manager.has_plugin(_BRIDGE):
        from . import asyncio_bridge

        manager.register(asyncio_bridge, _BRIDGE)


def _asyncio_auto_mode(config: pytest.Config) -> bool:
    mode = config.getoption("asyncio_mode", None) or config.getini("asyncio_mode")
    return str(mode) == "auto"


def asyncio_plugin_runs(item: Any, function: Any) -> bool:
    """Whether pytest-asyncio (rather than this plugin) runs the test `function` of `item`."""
    config = item.config
    if not config.pluginmanager.has_plugin("asyncio"):
        return False
    if not (inspect.iscoroutinefunction(function) or inspect.isasyncgenfunction(function)):
        return False
    return _asyncio_auto_mode(config) or item.get_closest_marker("asyncio") is not None


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run each test that uses `loop` (and every coroutine test) once per chosen loop."""
    if asyncio_plugin_runs(metafunc.definition, metafunc.function):
        return
    names = metafunc.fixturenames
    if inspect.iscoroutinefunction(metafunc.function) and "loop_factory" not in names:
        # Coroutine tests run on `loop` (taken when the test is called if it did not ask for
        # it), so they run once per chosen loop as well.
        names.append("loop_factory")
    if "loop_factory" not in names:
        return
    factories = select_loop_factories(metafunc.config.getoption("aiohttp_loop"))
    metafunc.parametrize("loop_factory", list(factories.values()), ids=list(factories))


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run a coroutine test to the end on its `loop` fixture (or `proactor_loop`)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None  # a plain test, or one pytest-asyncio already wrapped
    names = pyfuncitem._fixtureinfo.argnames
    kwargs = {name: pyfuncitem.funcargs[name] for name in names}
    loop: Any = pyfuncitem.funcargs.get("proactor_loop") or pyfuncitem.funcargs.get("loop")
    if loop is None:
        loop = pyfuncitem._request.getfixturevalue("loop")
    loop.run_until_complete(pyfuncitem.obj(**kwargs))
    return True


# trylast: the innermost wrapper, so pytest-asyncio's (when present) has already replaced the
# function of every fixture it runs itself, and this hook sees those as plain functions.
@pytest.hookimpl(wrapper=True, trylast=True)
def pytest_fixture_setup(
    fixturedef: Any, request: pytest.FixtureRequest
) -> Generator[None, Any, Any]:
    """Run an `async def` fixture on `loop`: set up before the test, torn down after it."""
    func = fixturedef.func
    is_gen = inspect.isasyncgenfunction(func)
    if not (is_gen or inspect.iscoroutinefunction(func)):
        return (yield)  # a plain fixture, or one pytest-asyncio already wrapped
    loop = request.getfixturevalue("loop")
    fixturedef.func = (_run_async_gen if is_gen else _run_coroutine)(func, loop, request)
    try:
        return (yield)
    finally:
        fixturedef.func = func


def _run_coroutine(func: Any, loop: Any, request: Any) -> Callable[..., Any]:
    @functools.wraps(func)
    def run(*args: Any, **kwargs: Any) -> Any:
        return loop.run_until_complete(func(*args, **kwargs))

    return run


def _run_async_gen(func: Any, loop: Any, request: Any) -> Callable[..., Any]:
    @functools.wraps(func)
    def run(*args: Any, **kwargs: Any) -> Any:
        gen = func(*args, **kwargs)
        value = loop.run_until_complete(gen.__anext__())

        def finish() -> None:
            try:
                loop.run_until_complete(gen.__anext__())
            except StopAsyncIteration:
                return
            raise ValueError(f"async fixture {func.__name__!r} did not stop: yield only once")

        request.addfinalizer(finish)
        return value

    return run


for _func in (
    pytest_addoption,
    pytest_configure,
    pytest_fixture_setup,
    pytest_generate_tests,
    pytest_pyfunc_call,
):
    _func.__module__ = "wirehttp.pytest_plugin"

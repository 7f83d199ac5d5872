"""The pytest plugin's fixtures: `loop`, and servers and clients closed when the test ends.

Owns (public in wirehttp.pytest_plugin): `loop` (a fresh loop per test from `loop_factory`,
which `--aiohttp-loop` parametrises; under pytest-asyncio, the loop it runs the test on),
`fast`, `loop_debug`, `proactor_loop`, `aiohttp_unused_port`, the factories `aiohttp_server`,
`aiohttp_raw_server` and `aiohttp_client` with their Protocol types, and aiohttp's deprecated
aliases. Whatever a factory started is closed at teardown, pass or fail, on the loop it was
started on.
"""

from __future__ import annotations

import asyncio
import sys
import warnings
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, Protocol

import pytest

from .._web.app import Application
from . import ports
from .async_runner import asyncio_plugin_runs
from .client import TestClient
from .loops import LoopFactory, loop_context
from .servers import BaseTestServer, RawTestServer, TestServer

__all__ = (
    "AiohttpClient",
    "AiohttpRawServer",
    "AiohttpServer",
    "aiohttp_client",
    "aiohttp_raw_server",
    "aiohttp_server",
    "aiohttp_unused_port",
    "fast",
    "loop",
    "loop_debug",
    "loop_factory",
    "proactor_loop",
    "raw_test_server",
    "test_client",
    "test_server",
    "unused_port",
)


class AiohttpClient(Protocol):
    """`await aiohttp_client(app_or_server, *, server_kwargs=None, **client_kwargs)`."""

    def __call__(
        self, app_or_server: Any, /, *, server_kwargs: dict[str, Any] | None = None, **kwargs: Any
    ) -> Awaitable[TestClient[Any, Any]]: ...


class AiohttpServer(Protocol):
    """`await aiohttp_server(app, *, host="127.0.0.1", port=None, **start_server_kwargs)`."""

    def __call__(
        self, app: Any, *, host: str = "127.0.0.1", port: int | None = None, **kwargs: Any
    ) -> Awaitable[TestServer]: ...


class AiohttpRawServer(Protocol):
    """`await aiohttp_raw_server(handler, *, port=None, **start_server_kwargs)`."""

    def __call__(
        self, handler: Any, *, port: int | None = None, **kwargs: Any
    ) -> Awaitable[RawTestServer]: ...


@pytest.fixture
def loop_factory() -> LoopFactory:
    """asyncio's loop; `--aiohttp-loop` replaces this by parametrising the tests."""
    return asyncio.new_event_loop


@pytest.fixture
def fast(request: pytest.FixtureRequest) -> bool:
    """`--aiohttp-fast`: skip the garbage collection after each test's loop."""
    return bool(request.config.getoption("aiohttp_fast"))


@pytest.fixture
def loop_debug(request: pytest.FixtureRequest) -> bool:
    """`--aiohttp-enable-loop-debug`: the test loops run in asyncio debug mode."""
    return bool(request.config.getoption("aiohttp_enable_loop_debug"))


@pytest.fixture
def loop(
    loop_factory: LoopFactory, fast: bool, loop_debug: bool, request: pytest.FixtureRequest
) -> Iterator[asyncio.AbstractEventLoop]:
    """A fresh current loop for this test, closed after it (with what still runs on it)."""
    if asyncio_plugin_runs(request.node, getattr(request.node, "function", None)):
        yield request.getfixturevalue("wirehttp_running_loop")
        return
    with loop_context(loop_factory, fast=fast) as new_loop:
        if loop_debug:
            new_loop.set_debug(True)
        yield new_loop


@pytest.fixture
def proactor_loop() -> Iterator[asyncio.AbstractEventLoop]:
    """A proactor loop for this test (Windows only; elsewhere the test is skipped)."""
    factory = getattr(asyncio, "ProactorEventLoop", None)
    if sys.platform != "win32" or factory is None:
        pytest.skip("the proactor event loop exists only on Windows")
    with loop_context(factory) as new_loop:
        yield new_loop


@pytest.fixture
def aiohttp_unused_port() -> Callable[[], int]:
    """`aiohttp_unused_port()`: a port that is free on 127.0.0.1 now."""
    return ports.unused_port


class _Started:
    """What the factories of one test started, closed at teardown on the loops they run on."""

    def __init__(self) -> None:
        self._items: list[tuple[asyncio.AbstractEventLoop, Any]] = []

    def add(self, item: Any) -> None:
        self._items.append((asyncio.get_running_loop(), item))

    def close_all(self) -> None:
        """Newest first; every item is closed even when closing an earlier one failed."""
        errors: list[BaseException] = []
        while self._items:
            item_loop, item = self._items.pop()
            try:
                item_loop.run_until_complete(item.close())
            except Exception as exc:
                errors.append(exc)
        if errors:
            raise errors[0]


@pytest.fixture
def aiohttp_server(loop: asyncio.AbstractEventLoop) -> Iterator[AiohttpServer]:
    """`await aiohttp_server(app)`: a TestServer for `app`, closed after the test."""
    started = _Started()

    async def go(
        app: Any, *, host: str = "127.0.0.1", port: int | None = None, **kwargs: Any
    ) -> TestServer:
        server = TestServer(app, host=host, port=port)
        await server.start_server(loop=asyncio.get_running_loop(), **kwargs)
        started.add(server)
        return server

    yield go
    started.close_all()


@pytest.fixture
def aiohttp_raw_server(loop: asyncio.AbstractEventLoop) -> Iterator[AiohttpRawServer]:
    """`await aiohttp_raw_server(handler)`: a RawTestServer, closed after the test."""
    started = _Started()

    async def go(handler: Any, *, port: int | None = None, **kwargs: Any) -> RawTestServer:
        server = RawTestServer(handler, port=port)
        await server.start_server(loop=asyncio.get_running_loop(), **kwargs)
        started.add(server)
        return server

    yield go
    started.close_all()


@pytest.fixture
def aiohttp_client(loop: asyncio.AbstractEventLoop) -> Iterator[AiohttpClient]:
    """`await aiohttp_client(app or server)`: a started TestClient, closed (with its server)."""
    started = _Started()

    async def go(
        app_or_server: Any, /, *, server_kwargs: dict[str, Any] | None = None, **kwargs: Any
    ) -> TestClient[Any, Any]:
        running = asyncio.get_running_loop()
        if isinstance(app_or_server, Application):
            server: BaseTestServer[Any] = TestServer(
                app_or_server, loop=running, **(server_kwargs or {})
            )
        elif isinstance(app_or_server, BaseTestServer):
            server = app_or_server
        else:
            raise ValueError(f"Unknown argument type: {type(app_or_server)!r}")
        client: TestClient[Any, Any] = TestClient(server, loop=running, **kwargs)
        await client.start_server()
        started.add(client)
        return client

    yield go
    started.close_all()


def _deprecated(new_name: str) -> None:
    warnings.warn(f"Deprecated, use {new_name} fixture instead", DeprecationWarning, stacklevel=3)


@pytest.fixture
def test_server(aiohttp_server: AiohttpServer) -> AiohttpServer:
    """Deprecated spelling of `aiohttp_server`."""
    _deprecated("aiohttp_server")
    return aiohttp_server


@pytest.fixture
def raw_test_server(aiohttp_raw_server: AiohttpRawServer) -> AiohttpRawServer:
    """Deprecated spelling of `aiohttp_raw_server`."""
    _deprecated("aiohttp_raw_server")
    return aiohttp_raw_server


@pytest.fixture
def test_client(aiohttp_client: AiohttpClient) -> AiohttpClient:
    """Deprecated spelling of `aiohttp_client`."""
    _deprecated("aiohttp_client")
    return aiohttp_client


@pytest.fixture
def unused_port(aiohttp_unused_port: Callable[[], int]) -> Callable[[], int]:
    """Deprecated spelling of `aiohttp_unused_port`."""
    _deprecated("aiohttp_unused_port")
    return aiohttp_unused_port


for _public in (
    AiohttpClient,
    AiohttpServer,
    AiohttpRawServer,
    aiohttp_client,
    aiohttp_raw_server,
    aiohttp_server,
    aiohttp_unused_port,
    fast,
    loop,
    loop_debug,
    loop_factory,
    proactor_loop,
    raw_test_server,
    test_client,
    test_server,
    unused_port,
):
    _public.__module__ = "wirehttp.pytest_plugin"

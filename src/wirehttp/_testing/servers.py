"""Test servers: an Application or a bare handler served on a loopback port for one test.

Owns: `BaseTestServer` (bind, start, `make_url`, close, `async with`), `TestServer` (an
Application through an AppRunner) and `RawTestServer` (a handler through `web.Server` and a
ServerRunner), public in wirehttp.test_utils. Servers bind 127.0.0.1 on a port the OS picks
unless told otherwise; `close()` stops listening and closes every connection (in-flight handlers
get the runner's `shutdown_timeout`, then are cancelled).
"""

from __future__ import annotations

import ipaddress
import socket
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Any, Generic, TypeVar

from yarl import URL

from .._server.runner import AppRunner, BaseRunner, ServerRunner
from .._server.sites import SockSite
from .._web.request import BaseRequest, Request
from .._web.server import Server
from .ports import get_port_socket

__all__ = ("BaseTestServer", "RawTestServer", "TestServer")

_Request = TypeVar("_Request", bound=BaseRequest)
SocketFactory = Callable[[str, int, socket.AddressFamily], socket.socket]

# Keyword arguments that configure the runner itself; the rest configure the server.
_RUNNER_ONLY = ("handle_signals", "shutdown_timeout")


class BaseTestServer(ABC, Generic[_Request]):
    """Runs something on `host:port` (a free loopback port by default) until `close()`."""

    __test__ = False  # not a test class, whatever pytest's name pattern says

    def __init__(
        self,
        *,
        scheme: str = "",
        loop: Any = None,
        host: str = "127.0.0.1",
        port: int | None = None,
        skip_url_asserts: bool = False,
        socket_factory: SocketFactory = get_port_socket,
        **kwargs: Any,
    ) -> None:
        self._loop = loop
        self.runner: BaseRunner | None = None
        self._root: URL | None = None
        self.host = host
        self.port = port
        self._closed = False
        self.scheme = scheme
        self.skip_url_asserts = skip_url_asserts
        self.socket_factory = socket_factory
        self._kwargs = kwargs  # defaults for start_server's keyword arguments

    def __repr__(self) -> str:
        state = "closed" if self._closed else (str(self._root) if self._root else "not started")
        return f"<{type(self).__name__} {state}>"

    async def start_server(self, loop: Any = None, **kwargs: Any) -> None:
        """Set the runner up and start listening; a second call does nothing."""
        if self.runner is not None:
            return
        if loop is not None:
            self._loop = loop
        options = {**self._kwargs, **kwargs}
        ssl_context = options.pop("ssl", None)
        self.runner = runner = self._make_runner(**options)
        await runner.setup()
        sock = self._bind()
        site = SockSite(runner, sock, ssl_context=ssl_context)
        await site.start()
        self.host, self.port = sock.getsockname()[:2]
        if not self.scheme:
            self.scheme = "https" if ssl_context is not None else "http"
        self._root = URL.build(scheme=self.scheme, host=self.host, port=self.port)

    def _bind(self) -> socket.socket:
        try:
            family = (
                socket.AF_INET6 if ipaddress.ip_address(self.host).version == 6 else socket.AF_INET
            )
        except ValueError:  # a host name such as "localhost"
            family = socket.AF_INET
        return self.socket_factory(self.host, self.port or 0, family)

    @abstractmethod
    def _make_runner(self, **kwargs: Any) -> BaseRunner:
        """The runner that serves this test server's handler or application."""

    def make_url(self, path: str | URL) -> URL:
        """The absolute URL of `path` on this server (`path` must be relative)."""
        if self._root is None:
            raise RuntimeError("the test server is not started (call start_server() first)")
        url = URL(path)
        if self.skip_url_asserts:
            return URL(str(self._root) + str(path))
        if url.absolute:
            raise AssertionError(f"make_url takes a path on the test server, got {url}")
        return self._root.join(url)

    @property
    def started(self) -> bool:
        return self.runner is not None

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def handler(self) -> Any:
        """The low-level server (one protocol per connection) the runner made."""
        runner = self.runner
        return runner.server if runner is not None else None

    async def close(self) -> None:
        """Stop listening and close every connection; later calls do nothing."""
        if self.runner is None or self._closed:
            return
        self._closed = True
        await self.runner.cleanup()
        self._root = None
        self.port = None

    def __enter__(self) -> None:
        raise TypeError("Use async with instead")

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        pass  # __enter__ always raises; this exists so the pair is complete

    async def __aenter__(self) -> BaseTestServer[_Request]:
        await self.start_server(loop=self._loop)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


class TestServer(BaseTestServer[Request]):
    """Serves a `web.Application` (through an AppRunner: startup and cleanup hooks run)."""

    def __init__(
        self,
        app: Any,
        *,
        scheme: str = "",
        host: str = "127.0.0.1",
        port: int | None = None,
        **kwargs: Any,
    ) -> None:
        self.app = app
        super().__init__(scheme=scheme, host=host, port=port, **kwargs)

    def _make_runner(self, **kwargs: Any) -> BaseRunner:
        # A handler is cancelled when its client goes away, as aiohttp's test server does.
        kwargs.setdefault("handler_cancellation", True)
        return AppRunner(self.app, **kwargs)


class RawTestServer(BaseTestServer[BaseRequest]):
    """Serves a bare `handler(request) -> response` through the low-level `web.Server`."""

    def __init__(
        self,
        handler: Callable[[BaseRequest], Awaitable[Any]],
        *,
        scheme: str = "",
        host: str = "127.0.0.1",
        port: int | None = None,
        **kwargs: Any,
    ) -> None:
        self._handler = handler
        super().__init__(scheme=scheme, host=host, port=port, **kwargs)

    def _make_runner(self, **kwargs: Any) -> BaseRunner:
        runner_kwargs = {name: kwargs.pop(name) for name in _RUNNER_ONLY if name in kwargs}
        kwargs.pop("debug", None)  # aiohttp's debug flag; wirehttp's server has none
        server = Server(self._handler, loop=self._loop, **kwargs)
        return ServerRunner(server, **runner_kwargs)


for _cls in (BaseTestServer, TestServer, RawTestServer):
    _cls.__module__ = "wirehttp.test_utils"

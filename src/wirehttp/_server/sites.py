"""Sites: where a runner's Server listens (a TCP host and port, a Unix socket, a ready socket).

Owns: `BaseSite` (registration with its runner, start/stop, TLS context and backlog),
`TCPSite`, `UnixSite` and `SockSite`, and the `name` each shows in `run_app`'s banner.
Stopping a site only stops accepting; the runner then shuts the connections down.
Must not import `_web` or `_client`.
"""

from __future__ import annotations

import asyncio
import os
import socket
import warnings
from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import ssl

    from .runner import BaseRunner
    from .server import Server

__all__ = ("BaseSite", "SockSite", "TCPSite", "UnixSite")

DEFAULT_BACKLOG = 128  # listen() queue length; aiohttp's default
_DEPRECATED_SITE_TIMEOUT = 60.0  # the old per-site shutdown_timeout default, still accepted


def _http_url(secure: bool, host: str, port: int) -> str:
    scheme = "https" if secure else "http"
    if ":" in host:  # an IPv6 literal goes in brackets
        host = f"[{host}]"
    return f"{scheme}://{host}:{port}"


def _unix_url(secure: bool, path: Any) -> str:
    scheme = "https" if secure else "http"
    return f"{scheme}://unix:{os.fsdecode(path)}:"


class BaseSite(ABC):
    """One listening endpoint for a runner that has been set up."""

    __slots__ = ("_backlog", "_runner", "_server", "_ssl_context")

    def __init__(
        self,
        runner: BaseRunner,
        *,
        shutdown_timeout: float = _DEPRECATED_SITE_TIMEOUT,
        ssl_context: ssl.SSLContext | None = None,
        backlog: int = DEFAULT_BACKLOG,
    ) -> None:
        if runner.server is None:
            raise RuntimeError("Call runner.setup() before making a site")
        if shutdown_timeout != _DEPRECATED_SITE_TIMEOUT:
            warnings.warn(
                "shutdown_timeout should be set on BaseRunner", DeprecationWarning, stacklevel=3
            )
            runner._shutdown_timeout = shutdown_timeout
        self._runner = runner
        self._ssl_context = ssl_context
        self._backlog = backlog
        self._server: asyncio.AbstractServer | None = None

    def __repr__(self) -> str:
        state = "listening" if self._server is not None else "not started"
        return f"<{type(self).__name__} {self.name} {state}>"

    @property
    @abstractmethod
    def name(self) -> str:
        """The URL this site serves, as `run_app` prints it."""

    @abstractmethod
    async def start(self) -> None:
        """Register with the runner; subclasses then start listening."""
        self._runner._reg_site(self)

    async def stop(self) -> None:
        """Stop accepting connections (the connections themselves are the runner's business)."""
        self._runner._check_site(self)
        if self._server is not None:
            # Not wait_closed(): since Python 3.12 it also waits for every connection to end.
            self._server.close()
        self._runner._unreg_site(self)

    def _protocol_factory(self) -> Server:
        server = self._runner.server
        if server is None:
            raise RuntimeError("The runner was cleaned up before the site started")
        return server


class TCPSite(BaseSite):
    """Listen on `host` (all interfaces when None) and `port` (8080, or 8443 with TLS; 0 = any)."""

    __slots__ = ("_host", "_port", "_reuse_address", "_reuse_port")

    def __init__(
        self,
        runner: BaseRunner,
        host: str | None = None,
        port: int | None = None,
        *,
        shutdown_timeout: float = _DEPRECATED_SITE_TIMEOUT,
        ssl_context: ssl.SSLContext | None = None,
        backlog: int = DEFAULT_BACKLOG,
        reuse_address: bool | None = None,
        reuse_port: bool | None = None,
    ) -> None:
        super().__init__(
            runner, shutdown_timeout=shutdown_timeout, ssl_context=ssl_context, backlog=backlog
        )
        self._host = host
        if port is None:
            port = 8443 if ssl_context is not None else 8080
        self._port = port
        self._reuse_address = reuse_address
        self._reuse_port = reuse_port

    @property
    def name(self) -> str:
        port = self._port
        sockets = getattr(self._server, "sockets", None)
        if port == 0 and sockets:
            port = sockets[0].getsockname()[1]  # show the port the OS picked
        return _http_url(self._ssl_context is not None, self._host or "0.0.0.0", port)

    async def start(self) -> None:
        await super().start()
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(
            self._protocol_factory(),
            self._host,
            self._port,
            ssl=self._ssl_context,
            backlog=self._backlog,
            reuse_address=self._reuse_address,
            reuse_port=self._reuse_port,
        )


class UnixSite(BaseSite):
    """Listen on a Unix domain socket at `path`."""

    __slots__ = ("_path",)

    def __init__(
        self,
        runner: BaseRunner,
        path: str | os.PathLike[str],
        *,
        shutdown_timeout: float = _DEPRECATED_SITE_TIMEOUT,
        ssl_context: ssl.SSLContext | None = None,
        backlog: int = DEFAULT_BACKLOG,
    ) -> None:
        super().__init__(
            runner, shutdown_timeout=shutdown_timeout, ssl_context=ssl_context, backlog=backlog
        )
        self._path = path

    @property
    def name(self) -> str:
        return _unix_url(self._ssl_context is not None, self._path)

    async def start(self) -> None:
        await super().start()
        loop = asyncio.get_running_loop()
        self._server = await loop.create_unix_server(
            self._protocol_factory(), self._path, ssl=self._ssl_context, backlog=self._backlog
        )


class SockSite(BaseSite):
    """Accept on a socket that is already bound (inherited from a supervisor, for instance)."""

    __slots__ = ("_name", "_sock")

    def __init__(
        self,
        runner: BaseRunner,
        sock: socket.socket,
        *,
        shutdown_timeout: float = _DEPRECATED_SITE_TIMEOUT,
        ssl_context: ssl.SSLContext | None = None,
        backlog: int = DEFAULT_BACKLOG,
    ) -> None:
        super().__init__(
            runner, shutdown_timeout=shutdown_timeout, ssl_context=ssl_context, backlog=backlog
        )
        self._sock = sock
        address = sock.getsockname()
        secure = ssl_context is not None
        if hasattr(socket, "AF_UNIX") and sock.family == socket.AF_UNIX:
            self._name = _unix_url(secure, address)
        else:
            self._name = _http_url(secure, address[0], address[1])

    @property
    def name(self) -> str:
        return self._name

    async def start(self) -> None:
        await super().start()
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(
            self._protocol_factory(), sock=self._sock, ssl=self._ssl_context, backlog=self._backlog
        )


for _cls in (BaseSite, TCPSite, UnixSite, SockSite):
    _cls.__module__ = "wirehttp.web"

"""Runners: the lifecycle around a low-level Server, shared by every site that feeds it.

Owns: `BaseRunner` (signal handlers, the registered sites, bound addresses, and the ordered
teardown), `ServerRunner` (a ready `web.Server`), `AppRunner` (an Application: startup, making
its Server, shutdown and cleanup hooks) and `GracefulExit`.

Teardown order, as aiohttp's: the sites stop accepting; idle keep-alive connections close at
once; the app's `on_shutdown` runs; in-flight requests get `shutdown_timeout` seconds to finish
and are cancelled after it; then the app's `on_cleanup` (and cleanup contexts) run.
Must not import `_web` or `_client`: the Application is used by duck typing (`freeze`,
`on_startup`, `startup`, `_make_handler`, `shutdown`, `cleanup`).
"""

from __future__ import annotations

import asyncio
import signal
from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any

from .access_log import AbstractAccessLogger, AccessLogger

if TYPE_CHECKING:
    from .server import Server
    from .sites import BaseSite

__all__ = ("AppRunner", "BaseRunner", "GracefulExit", "ServerRunner")

DEFAULT_SHUTDOWN_TIMEOUT = (
    60.0  # seconds in-flight requests get on shutdown (aiohttp 3.14's default)
)
_EXIT_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class GracefulExit(SystemExit):
    """Raised from the SIGINT/SIGTERM handler so `run_app` unwinds and cleans up."""

    code = 1


def _raise_graceful_exit() -> None:
    raise GracefulExit()


class BaseRunner(ABC):
    """Owns one Server and the sites listening for it."""

    __slots__ = ("_handle_signals", "_kwargs", "_server", "_shutdown_timeout", "_sites")

    def __init__(
        self,
        *,
        handle_signals: bool = False,
        shutdown_timeout: float = DEFAULT_SHUTDOWN_TIMEOUT,
        **kwargs: Any,
    ) -> None:
        self._handle_signals = handle_signals
        self._shutdown_timeout = shutdown_timeout
        self._kwargs = kwargs
        self._server: Server | None = None
        self._sites: list[BaseSite] = []

    def __repr__(self) -> str:
        state = "set up" if self._server is not None else "idle"
        return f"<{type(self).__name__} {state} sites={len(self._sites)}>"

    @property
    def server(self) -> Server | None:
        return self._server

    @property
    def sites(self) -> set[BaseSite]:
        return set(self._sites)

    @property
    def addresses(self) -> list[Any]:
        """`getsockname()` of every listening socket of every started site."""
        found: list[Any] = []
        for site in self._sites:
            listener = site._server
            sockets = getattr(listener, "sockets", None) if listener is not None else None
            found.extend(sock.getsockname() for sock in sockets or ())
        return found

    async def setup(self) -> None:
        loop = asyncio.get_running_loop()
        if self._handle_signals:
            for signum in _EXIT_SIGNALS:
                try:
                    loop.add_signal_handler(signum, _raise_graceful_exit)
                except NotImplementedError:  # no signal handlers on Windows' loops
                    break
        self._server = await self._make_server()

    @abstractmethod
    async def shutdown(self) -> None:
        """Run the hooks that help connections close (an app's `on_shutdown`)."""

    async def cleanup(self) -> None:
        # One site at a time: a site that fails to stop stays registered, the others are gone.
        for site in list(self._sites):
            await site.stop()
        server = self._server
        if server is not None:
            # Connections accepted just before the sites stopped get to start their request,
            # so pre_shutdown sees them busy rather than idle.
            await asyncio.sleep(0)
            server.pre_shutdown()
            await self.shutdown()
            await server.shutdown(self._shutdown_timeout)
        await self._cleanup_server()
        self._server = None
        if self._handle_signals:
            loop = asyncio.get_running_loop()
            for signum in _EXIT_SIGNALS:
                try:
                    loop.remove_signal_handler(signum)
                except NotImplementedError:
                    break

    @abstractmethod
    async def _make_server(self) -> Server:
        """Build (and start up) what serves the requests."""

    @abstractmethod
    async def _cleanup_server(self) -> None:
        """Undo `_make_server` after the connections are gone."""

    # -- site registry (sites call these from start/stop) ---------------------------------

    def _reg_site(self, site: BaseSite) -> None:
        if site in self._sites:
            raise RuntimeError(f"Site {site} is already registered in runner {self}")
        self._sites.append(site)

    def _check_site(self, site: BaseSite) -> None:
        if site not in self._sites:
            raise RuntimeError(f"Site {site} is not registered in runner {self}")

    def _unreg_site(self, site: BaseSite) -> None:
        self._check_site(site)
        self._sites.remove(site)


class ServerRunner(BaseRunner):
    """Runs a ready low-level server (`web.Server(handler)`); it has no hooks of its own."""

    __slots__ = ("_web_server",)

    def __init__(self, web_server: Server, *, handle_signals: bool = False, **kwargs: Any) -> None:
        super().__init__(handle_signals=handle_signals, **kwargs)
        self._web_server = web_server

    async def shutdown(self) -> None:
        pass

    async def _make_server(self) -> Server:
        return self._web_server

    async def _cleanup_server(self) -> None:
        pass


class AppRunner(BaseRunner):
    """Runs an Application: `setup()` starts it up, `cleanup()` shuts it down and cleans up.

    Extra keyword arguments (`keepalive_timeout`, `access_log`, `access_log_format`,
    `header_read_timeout`, `handler_cancellation`, ...) go to `app._make_handler`.
    """

    __slots__ = ("_app",)

    def __init__(
        self,
        app: Any,
        *,
        handle_signals: bool = False,
        access_log_class: type[Any] = AccessLogger,
        **kwargs: Any,
    ) -> None:
        if not callable(getattr(app, "_make_handler", None)):
            raise TypeError(f"The first argument should be web.Application instance, got {app!r}")
        if not (
            isinstance(access_log_class, type)
            and issubclass(access_log_class, AbstractAccessLogger)
        ):
            raise TypeError(
                "access_log_class must be subclass of wirehttp.abc.AbstractAccessLogger, "
                f"got {access_log_class!r}"
            )
        kwargs["access_log_class"] = access_log_class
        handler_args = getattr(app, "_handler_args", None)
        if handler_args:  # Application(handler_args=...) wins, as in aiohttp
            kwargs.update(handler_args)
        super().__init__(handle_signals=handle_signals, **kwargs)
        self._app = app

    @property
    def app(self) -> Any:
        return self._app

    async def shutdown(self) -> None:
        await self._app.shutdown()

    async def _make_server(self) -> Server:
        app = self._app
        app.on_startup.freeze()
        await app.startup()
        app.freeze()  # after startup, so on_startup hooks may still set app state
        loop = asyncio.get_running_loop()
        return app._make_handler(loop=loop, **self._kwargs)  # type: ignore[no-any-return]

    async def _cleanup_server(self) -> None:
        await self._app.cleanup()


for _cls in (GracefulExit, BaseRunner, ServerRunner, AppRunner):
    _cls.__module__ = "wirehttp.web"

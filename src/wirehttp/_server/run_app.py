"""`run_app`: serve an Application until SIGINT/SIGTERM, then shut it down cleanly.

Owns: choosing the event loop (uvloop when installed, unless a loop is passed), building the
AppRunner and its sites from host/port/path/sock, the "Running on" banner, waiting forever,
and the final teardown (runner cleanup, then cancelling whatever tasks are left, then closing
the loop).
Must not import `_web` or `_client`: the Application is used by duck typing.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Any

from .access_log import AccessLogger, access_logger
from .runner import DEFAULT_SHUTDOWN_TIMEOUT, AppRunner, GracefulExit
from .server import DEFAULT_KEEPALIVE_TIMEOUT
from .sites import DEFAULT_BACKLOG, BaseSite, SockSite, TCPSite, UnixSite

if TYPE_CHECKING:
    import ssl

__all__ = ("run_app",)

_IDLE_WAKEUP = 3600  # seconds between wake-ups of the otherwise idle main task


def new_event_loop() -> asyncio.AbstractEventLoop:
    """A fresh loop: uvloop's when it is installed, plain asyncio's otherwise."""
    try:
        import uvloop
    except ImportError:
        return asyncio.new_event_loop()
    return uvloop.new_event_loop()


def run_app(
    app: Any,
    *,
    host: str | Iterable[str] | None = None,
    port: int | None = None,
    path: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | None = None,
    sock: socket.socket | Iterable[socket.socket] | None = None,
    shutdown_timeout: float = DEFAULT_SHUTDOWN_TIMEOUT,
    keepalive_timeout: float = DEFAULT_KEEPALIVE_TIMEOUT,
    ssl_context: ssl.SSLContext | None = None,
    print: Callable[..., None] | None = print,  # aiohttp's keyword name
    backlog: int = DEFAULT_BACKLOG,
    access_log_class: type[Any] = AccessLogger,
    access_log_format: str = AccessLogger.LOG_FORMAT,
    access_log: logging.Logger | None = access_logger,
    handle_signals: bool = True,
    reuse_address: bool | None = None,
    reuse_port: bool | None = None,
    handler_cancellation: bool = False,
    loop: asyncio.AbstractEventLoop | None = None,
    **kwargs: Any,
) -> None:
    """Run `app` (an Application, or an awaitable giving one) until told to stop."""
    if loop is None:
        loop = new_event_loop()
    _configure_access_log(loop, access_log)
    main_task = loop.create_task(
        _serve(
            app,
            sites=_SiteSpec(
                host, port, path, sock, ssl_context, backlog, reuse_address, reuse_port
            ),
            print=print,
            shutdown_timeout=shutdown_timeout,
            keepalive_timeout=keepalive_timeout,
            access_log_class=access_log_class,
            access_log_format=access_log_format,
            access_log=access_log,
            handle_signals=handle_signals,
            handler_cancellation=handler_cancellation,
            **kwargs,
        )
    )
    try:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(main_task)
    except (GracefulExit, KeyboardInterrupt):
        pass
    finally:
        try:
            main_task.cancel()  # its `finally` cleans the runner up
            try:
                loop.run_until_complete(main_task)
            except asyncio.CancelledError:
                pass
        finally:
            _cancel_leftover_tasks(loop)
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()
            asyncio.set_event_loop(None)


def _configure_access_log(loop: asyncio.AbstractEventLoop, log: logging.Logger | None) -> None:
    """In debug mode, make the default access log visible unless the user configured it."""
    if log is None or log.name != access_logger.name or not loop.get_debug():
        return
    if log.level == logging.NOTSET:
        log.setLevel(logging.DEBUG)
    if not log.hasHandlers():
        log.addHandler(logging.StreamHandler())


class _SiteSpec:
    """Where to listen, as given to `run_app`; turned into sites once the runner is set up."""

    __slots__ = (
        "backlog",
        "host",
        "path",
        "port",
        "reuse_address",
        "reuse_port",
        "sock",
        "ssl_context",
    )

    def __init__(
        self,
        host: str | Iterable[str] | None,
        port: int | None,
        path: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | None,
        sock: socket.socket | Iterable[socket.socket] | None,
        ssl_context: ssl.SSLContext | None,
        backlog: int,
        reuse_address: bool | None,
        reuse_port: bool | None,
    ) -> None:
        self.host = host
        self.port = port
        self.path = path
        self.sock = sock
        self.ssl_context = ssl_context
        self.backlog = backlog
        self.reuse_address = reuse_address
        self.reuse_port = reuse_port

    def _tcp_site(self, runner: AppRunner, host: str | None) -> TCPSite:
        return TCPSite(
            runner,
            host,
            self.port,
            ssl_context=self.ssl_context,
            backlog=self.backlog,
            reuse_address=self.reuse_address,
            reuse_port=self.reuse_port,
        )

    def make_sites(self, runner: AppRunner) -> list[BaseSite]:
        sites: list[BaseSite] = []
        if self.host is not None:
            hosts = [self.host] if isinstance(self.host, str) else list(self.host)
            sites.extend(self._tcp_site(runner, host) for host in hosts)
        elif (self.path is None and self.sock is None) or self.port is not None:
            sites.append(self._tcp_site(runner, None))
        tls, backlog = self.ssl_context, self.backlog
        if self.path is not None:
            paths = [self.path] if isinstance(self.path, (str, os.PathLike)) else list(self.path)
            sites.extend(UnixSite(runner, p, ssl_context=tls, backlog=backlog) for p in paths)
        if self.sock is not None:
            socks = [self.sock] if isinstance(self.sock, socket.socket) else list(self.sock)
            sites.extend(SockSite(runner, s, ssl_context=tls, backlog=backlog) for s in socks)
        return sites


async def _serve(
    app: Any, *, sites: _SiteSpec, print: Callable[..., None] | None, **runner_kwargs: Any
) -> None:
    if isinstance(app, Awaitable):
        app = await app
    runner = AppRunner(app, **runner_kwargs)
    await runner.setup()
    try:
        for site in sites.make_sites(runner):
            await site.start()
        if print is not None:
            names = ", ".join(sorted(site.name for site in runner.sites))
            print(f"======== Running on {names} ========\n(Press CTRL+C to quit)")
        while True:
            await asyncio.sleep(_IDLE_WAKEUP)
    finally:
        await runner.cleanup()


def _cancel_leftover_tasks(loop: asyncio.AbstractEventLoop) -> None:
    """Cancel what the app left running, wait for it, and report errors that surface."""
    leftover = [task for task in asyncio.all_tasks(loop) if not task.done()]
    if not leftover:
        return
    for task in leftover:
        task.cancel()
    loop.run_until_complete(asyncio.gather(*leftover, return_exceptions=True))
    for task in leftover:
        if task.cancelled() or task.exception() is None:
            continue
        loop.call_exception_handler(
            {
                "message": "unhandled exception during run_app shutdown",
                "exception": task.exception(),
                "task": task,
            }
        )


run_app.__module__ = "wirehttp.web"

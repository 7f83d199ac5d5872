"""gunicorn workers: `gunicorn myapp:app --worker-class wirehttp.GunicornWebWorker`.

Owns: `GunicornWebWorker` (a fresh asyncio or uvloop loop per worker process, an AppRunner
with one SockSite per socket gunicorn bound, the heartbeat gunicorn's arbiter watches, and
the worker's signals) and `GunicornUVLoopWebWorker` (the same on uvloop).

gunicorn is an optional dependency, imported only when one of the two classes is first looked
up (module `__getattr__`): importing this module, or wirehttp, never needs gunicorn. The
classes are built then from `_WebWorkerMixin` and gunicorn's base `Worker`.
Must not import `_web` or `_client`: the Application is used by duck typing.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import re
import signal
import sys
from collections.abc import Callable
from typing import Any

from .access_log import AccessLogger
from .runner import AppRunner
from .sites import SockSite

# Both classes exist only once gunicorn is imported, through `__getattr__` below; `__all__`
# stays empty so `import *` never drags gunicorn in.
__all__: tuple[str, ...] = ()
_LAZY_NAMES = ("GunicornWebWorker", "GunicornUVLoopWebWorker")

_HEARTBEAT = 1.0  # seconds between notifications to gunicorn's arbiter (its timeout is >= 1s)
_GUNICORN_STYLE_RE = re.compile(r"%\([^)]+\)")


def _gunicorn_worker_base() -> Any:
    return importlib.import_module("gunicorn.workers.base").Worker


class _WebWorkerMixin:
    """The wirehttp half of the worker; gunicorn's `Worker` is the other base."""

    DEFAULT_AIOHTTP_LOG_FORMAT = AccessLogger.LOG_FORMAT
    DEFAULT_GUNICORN_LOG_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"'

    loop: asyncio.AbstractEventLoop  # set by init_process
    # provided by gunicorn's Worker
    alive: bool
    cfg: Any
    log: Any
    wsgi: Any
    sockets: list[Any]
    max_requests: int
    ppid: int
    SIGNALS: list[int]
    notify: Callable[[], None]
    handle_winch: Callable[[int, Any], None]
    handle_usr1: Callable[[int, Any], None]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        _gunicorn_worker_base().__init__(self, *args, **kwargs)
        self._task: asyncio.Task[None] | None = None
        self._notify_waiter: asyncio.Future[bool] | None = None
        self.exit_code = 0

    def _new_loop(self) -> asyncio.AbstractEventLoop:
        return asyncio.new_event_loop()

    def init_process(self) -> None:
        self.loop = self._new_loop()
        asyncio.set_event_loop(self.loop)
        _gunicorn_worker_base().init_process(self)  # loads the app, then calls self.run()

    def run(self) -> None:
        self._task = self.loop.create_task(self._run())
        try:
            self.loop.run_until_complete(self._task)
        finally:
            self.loop.close()
        sys.exit(self.exit_code)

    async def _load_app(self) -> Any:
        app = self.wsgi
        if callable(getattr(app, "_make_handler", None)):
            return app
        if callable(app):
            made = app()
            if asyncio.iscoroutine(made):
                made = await made
            if callable(getattr(made, "_make_handler", None)):
                return made
        raise RuntimeError(
            "wsgi app should be either Application or async function returning Application, "
            f"got {app!r}"
        )

    async def _run(self) -> None:
        runner = AppRunner(
            await self._load_app(),
            logger=self.log,
            keepalive_timeout=self.cfg.keepalive,
            access_log=self.log.access_log if self.cfg.accesslog else None,
            access_log_format=self._get_valid_log_format(self.cfg.access_log_format),
            shutdown_timeout=self.cfg.graceful_timeout / 100 * 95,
        )
        await runner.setup()
        ssl_context = self._create_ssl_context(self.cfg) if self.cfg.is_ssl else None
        for sock in self.sockets:
            await SockSite(runner, sock, ssl_context=ssl_context).start()
        try:
            await self._heartbeat(runner)
        except BaseException:  # a signal or a cancelled loop: go on to the clean shutdown
            pass
        await runner.cleanup()

    async def _heartbeat(self, runner: AppRunner) -> None:
        """Tell the arbiter we are alive until a signal, max_requests or a new parent stops us."""
        server = runner.server
        pid = os.getpid()
        while self.alive:
            self.notify()
            served = server.requests_count if server is not None else 0
            if self.max_requests and served > self.max_requests:
                self.alive = False
                self.log.info("Max requests, shutting down: %s", self)
            elif pid == os.getpid() and self.ppid != os.getppid():
                self.alive = False
                self.log.info("Parent changed, shutting down: %s", self)
            else:
                await self._wait_next_notify()

    def _wait_next_notify(self) -> asyncio.Future[bool]:
        self._notify_waiter_done()
        self._notify_waiter = waiter = self.loop.create_future()
        self.loop.call_later(_HEARTBEAT, self._notify_waiter_done, waiter)
        return waiter

    def _notify_waiter_done(self, waiter: asyncio.Future[bool] | None = None) -> None:
        if waiter is None:
            waiter = self._notify_waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(True)
        if waiter is self._notify_waiter:
            self._notify_waiter = None

    def init_signals(self) -> None:
        for signum in self.SIGNALS:  # drop the handlers inherited from the arbiter
            signal.signal(signum, signal.SIG_DFL)
        handlers: dict[int, Callable[[int, Any], None]] = {
            signal.SIGQUIT: self.handle_quit,
            signal.SIGTERM: self.handle_exit,
            signal.SIGINT: self.handle_quit,
            signal.SIGWINCH: self.handle_winch,
            signal.SIGUSR1: self.handle_usr1,
            signal.SIGABRT: self.handle_abort,
        }
        for signum, handler in handlers.items():
            self.loop.add_signal_handler(signum, handler, signum, None)

    def handle_quit(self, sig: int, frame: Any) -> None:
        self.alive = False
        self.cfg.worker_int(self)
        self._notify_waiter_done()  # wake the heartbeat now rather than within a second

    def handle_exit(self, sig: int, frame: Any) -> None:
        self.alive = False
        self._notify_waiter_done()

    def handle_abort(self, sig: int, frame: Any) -> None:
        self.alive = False
        self.exit_code = 1
        self.cfg.worker_abort(self)
        sys.exit(1)

    @staticmethod
    def _create_ssl_context(cfg: Any) -> Any:
        """The TLS context gunicorn would use for these settings (its `ssl_context` hook too)."""
        return importlib.import_module("gunicorn.sock").ssl_context(cfg)

    def _get_valid_log_format(self, source_format: str) -> str:
        if source_format == self.DEFAULT_GUNICORN_LOG_FORMAT:
            return self.DEFAULT_AIOHTTP_LOG_FORMAT
        if _GUNICORN_STYLE_RE.search(source_format):
            raise ValueError(
                "Gunicorn's style options in form of `%(name)s` are not supported for the log "
                "formatting. Please use the aiohttp format directives (%a, %t, %r, %s, ...) "
                "to configure access log formatting."
            )
        return source_format


class _UVLoopMixin(_WebWorkerMixin):
    def _new_loop(self) -> asyncio.AbstractEventLoop:
        import uvloop

        return uvloop.new_event_loop()


def _build_workers() -> dict[str, type[Any]]:
    base = _gunicorn_worker_base()
    web: type[Any] = type(
        "GunicornWebWorker", (_WebWorkerMixin, base), {"__module__": "wirehttp.worker"}
    )
    uv: type[Any] = type(
        "GunicornUVLoopWebWorker", (_UVLoopMixin, web), {"__module__": "wirehttp.worker"}
    )
    return {"GunicornWebWorker": web, "GunicornUVLoopWebWorker": uv}


_built: dict[str, type[Any]] = {}


def __getattr__(name: str) -> Any:
    """Build the worker classes (importing gunicorn) the first time one is asked for."""
    if name not in _LAZY_NAMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if not _built:
        _built.update(_build_workers())
    return _built[name]

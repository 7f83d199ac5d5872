"""run_app and the gunicorn workers, as a user runs them.

Process tests start a script (or gunicorn) on a free port chosen by the OS, wait for the
"Running on" / "Listening at" line (never a fixed sleep), fetch a page, send a signal and check
the process cleaned up and exited. In-process tests stop run_app by raising GracefulExit (or
KeyboardInterrupt) from a task, which is what the signal handler does.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from wirehttp._server.run_app import run_app
from wirehttp._server.runner import GracefulExit
from wirehttp._web.app import Application
from wirehttp._web.response import Response

TIMEOUT = 10.0
SRC = Path(__file__).resolve().parents[2] / "src"

APP_MODULE = """
import asyncio
from wirehttp._web.app import Application
from wirehttp._web.response import Response

async def index(request):
    return Response(text="index from " + type(asyncio.get_running_loop()).__module__)

async def on_cleanup(app):
    print("cleanup ran", flush=True)

app = Application()
app.router.add_get("/", index)
app.on_cleanup.append(on_cleanup)
"""

RUN_SCRIPT = """
from app_module import app
from wirehttp._server.run_app import run_app

run_app(app, host="127.0.0.1", port=0, print=lambda *a: print(*a, flush=True))
print("exited cleanly", flush=True)
"""


# -- helpers ---------------------------------------------------------------------------------


def write_scripts(tmp_path: Path) -> None:
    (tmp_path / "app_module.py").write_text(textwrap.dedent(APP_MODULE), encoding="utf-8")
    (tmp_path / "run.py").write_text(textwrap.dedent(RUN_SCRIPT), encoding="utf-8")


class Process:
    """A child process whose output lines are collected by a thread, so waits can be bounded."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(cwd), str(SRC)]),
            "PYTHONUNBUFFERED": "1",
        }
        self.proc = subprocess.Popen(
            args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        with self.proc.stdout:
            for line in self.proc.stdout:
                with self._changed:
                    self.lines.append(line.rstrip("\n"))
                    self._changed.notify_all()

    def wait_for_line(self, pattern: str) -> re.Match[str]:
        regex = re.compile(pattern)
        with self._changed:
            found = self._changed.wait_for(
                lambda: (
                    any(regex.search(line) for line in self.lines) or self.proc.poll() is not None
                ),
                TIMEOUT,
            )
            for line in self.lines:
                match = regex.search(line)
                if match:
                    return match
        raise AssertionError(
            f"no line matching {pattern!r} (found={found}):\n" + "\n".join(self.lines)
        )

    def stop(self, signum: int) -> int:
        self.proc.send_signal(signum)
        code = self.proc.wait(TIMEOUT)
        self._reader.join(TIMEOUT)
        return code

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(TIMEOUT)
        self._reader.join(TIMEOUT)


@pytest.fixture
def processes() -> Iterator[list[Process]]:
    started: list[Process] = []
    yield started
    for process in started:
        process.kill()


def http_get(port: int, path: str = "/") -> tuple[int, str]:
    """A plain blocking GET with curl (bounded time)."""
    result = subprocess.run(
        ["curl", "-sS", "--max-time", "10", "-w", "\n%{http_code}", f"http://127.0.0.1:{port}{path}"],
        capture_output=True, text=True, timeout=20, check=True,
    )  # fmt: skip
    body, _, code = result.stdout.rpartition("\n")
    return int(code), body


# -- run_app in a child process ------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_run_app_process_serves_then_exits_cleanly_on_signal(
    tmp_path: Path, processes: list[Process], signum: int
) -> None:
    write_scripts(tmp_path)
    process = Process([sys.executable, "run.py"], tmp_path)
    processes.append(process)
    port = int(
        process.wait_for_line(r"^======== Running on http://127\.0\.0\.1:(\d+) ========$").group(1)
    )
    process.wait_for_line(r"^\(Press CTRL\+C to quit\)$")
    assert http_get(port) == (200, "index from uvloop")
    assert process.stop(signum) == 0
    assert process.lines[-2:] == ["cleanup ran", "exited cleanly"], process.lines
    assert not any("Traceback" in line for line in process.lines), process.lines


# -- run_app in this process ---------------------------------------------------------------------


def make_app(
    events: list[str], printed: list[str], stop: type[BaseException] = GracefulExit
) -> Application:
    """An app that, once the banner is printed, fetches / and then stops run_app."""
    app = Application()

    async def index(request: Any) -> Response:
        return Response(text="in-process")

    async def drive() -> None:
        try:
            while not printed:  # poll for the banner: run_app prints it once every site is up
                await asyncio.sleep(0.005)
            port = int(re.search(r"http://127\.0\.0\.1:(\d+)", printed[0]).group(1))  # type: ignore[union-attr]
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(b"GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            answer = await asyncio.wait_for(reader.read(), TIMEOUT)
            writer.close()
            status_line, body = answer.split(b"\r\n", 1)[0], answer.rsplit(b"\r\n", 1)[-1]
            events.append(f"{status_line.decode()} {body.decode()}")
        finally:  # stop run_app whatever happened, as a signal handler would
            asyncio.get_running_loop().call_soon(raise_, stop)

    async def forever() -> None:
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            events.append("leftover cancelled")
            raise

    async def on_startup(app: Application) -> None:
        events.append(type(asyncio.get_running_loop()).__module__)
        loop = asyncio.get_running_loop()
        app_tasks.extend([loop.create_task(drive()), loop.create_task(forever())])

    async def on_cleanup(app: Application) -> None:
        events.append("cleanup")

    app_tasks: list[asyncio.Task[None]] = []
    app.router.add_get("/", index)
    app.on_startup.append(on_startup)
    app.on_cleanup.append(on_cleanup)
    return app


def run(app: Any, printed: list[str], **kwargs: Any) -> None:
    kwargs.setdefault("host", "127.0.0.1")
    kwargs.setdefault("port", 0)
    run_app(app, print=printed.append, handle_signals=False, **kwargs)


@pytest.mark.parametrize("stop", [GracefulExit, KeyboardInterrupt])
def test_run_app_defaults_to_uvloop_and_cleans_up(stop: type[BaseException]) -> None:
    events: list[str] = []
    printed: list[str] = []
    run(make_app(events, printed, stop), printed)
    assert re.fullmatch(
        r"======== Running on http://127\.0\.0\.1:\d+ ========\n\(Press CTRL\+C to quit\)",
        printed[0],
    )
    assert events == ["uvloop", "HTTP/1.1 200 OK in-process", "cleanup", "leftover cancelled"]


def test_run_app_on_a_given_asyncio_loop() -> None:
    events: list[str] = []
    printed: list[str] = []
    loop = asyncio.new_event_loop()
    run(make_app(events, printed), printed, loop=loop)
    assert events[0].startswith("asyncio.") and events[1] == "HTTP/1.1 200 OK in-process"
    assert loop.is_closed()


def test_run_app_accepts_a_coroutine_returning_the_app() -> None:
    events: list[str] = []
    printed: list[str] = []

    async def factory() -> Application:
        return make_app(events, printed)

    run(factory(), printed)
    assert events[1:3] == ["HTTP/1.1 200 OK in-process", "cleanup"]


def test_run_app_lists_every_site_in_the_banner(tmp_path: Path) -> None:
    events: list[str] = []
    printed: list[str] = []
    path = tmp_path / "app.sock"
    run(make_app(events, printed), printed, host=["127.0.0.1", "127.0.0.2"], path=str(path))
    names = re.fullmatch(r"======== Running on (.*) ========\n.*", printed[0], re.S).group(1)  # type: ignore[union-attr]
    listed = names.split(", ")
    assert listed == sorted(listed)
    assert listed[-1] == f"http://unix:{path}:"
    assert [re.sub(r":\d+$", "", name) for name in listed[:2]] == [
        "http://127.0.0.1",
        "http://127.0.0.2",
    ]
    assert "cleanup" in events


def test_run_app_print_none_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    app = Application()

    async def stop_soon(app: Application) -> None:
        asyncio.get_running_loop().call_soon(_raise_graceful_exit)

    app.on_startup.append(stop_soon)
    run_app(app, host="127.0.0.1", port=0, print=None, handle_signals=False)
    assert capsys.readouterr().out == ""


def _raise_graceful_exit() -> None:
    raise GracefulExit()


def raise_(exc_type: type[BaseException]) -> None:
    raise exc_type()


# -- gunicorn ------------------------------------------------------------------------------------


WORKERS = ["GunicornWebWorker", "GunicornUVLoopWebWorker"]


@pytest.mark.slow
@pytest.mark.parametrize("worker", WORKERS)
def test_gunicorn_worker_serves_the_app(
    tmp_path: Path, processes: list[Process], worker: str
) -> None:
    write_scripts(tmp_path)
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    args = [gunicorn, "app_module:app", "--bind", "127.0.0.1:0", "--workers", "1",
            "--worker-class", f"wirehttp._server.worker.{worker}", "--graceful-timeout", "5",
            "--access-logfile", "-"]  # fmt: skip
    process = Process(args, tmp_path)
    processes.append(process)
    port = int(process.wait_for_line(r"Listening at: http://127\.0\.0\.1:(\d+)").group(1))
    process.wait_for_line(r"Booting worker with pid")
    expected_loop = "uvloop" if "UVLoop" in worker else "asyncio.unix_events"
    assert http_get(port) == (200, f"index from {expected_loop}")
    # gunicorn's default access format is swapped for aiohttp's default one
    process.wait_for_line(r'^127\.0\.0\.1 \[.*\] "GET / HTTP/1\.1" 200 \d+ "-" "curl/')
    assert process.stop(signal.SIGTERM) == 0
    assert "cleanup ran" in process.lines
    assert not any("Traceback" in line for line in process.lines), process.lines


def test_worker_module_does_not_need_gunicorn_until_asked() -> None:
    code = "import sys, wirehttp._server.worker as w; print('gunicorn' in sys.modules); w.GunicornWebWorker; print('gunicorn' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=True
    )
    assert result.stdout.split() == ["False", "True"]


def test_worker_rejects_gunicorn_style_log_format() -> None:
    from wirehttp._server import worker

    cls: Callable[..., Any] = worker.GunicornWebWorker
    assert cls.__module__ == "wirehttp.worker"
    instance = object.__new__(cls)  # type: ignore[call-overload]
    assert (
        instance._get_valid_log_format(cls.DEFAULT_GUNICORN_LOG_FORMAT)
        == cls.DEFAULT_AIOHTTP_LOG_FORMAT
    )
    assert instance._get_valid_log_format("%a %s") == "%a %s"
    with pytest.raises(ValueError, match="not supported"):
        instance._get_valid_log_format("%(h)s %(r)s")

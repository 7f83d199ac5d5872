"""httpbin (the Flask app from pip's `httpbin`) served by gunicorn on a loopback port.

gunicorn's gthread worker is used because it keeps connections alive and serves several at
once, which the client's pool tests need; the sync worker closes after every response.
"""

from __future__ import annotations

import http.client
import importlib.util
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from .process import PeerProcess, RunningPeer, free_port, start_with_retries

WORKERS = 2
THREADS = 8
GRACEFUL_TIMEOUT = 3  # seconds gunicorn gives its workers on SIGTERM; below STOP_TIMEOUT


@dataclass
class HttpbinServer(RunningPeer):
    """httpbin at `url` (http://127.0.0.1:<port>, no trailing slash)."""

    url: str
    host: str
    port: int
    process: PeerProcess


def _gunicorn_flags() -> list[str]:
    # gunicorn 24+ opens a control socket under ~/.gunicorn by default, shared by every
    # instance of the user; older releases have no such flag.
    helptext = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--help"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    ).stdout
    return ["--no-control-socket"] if "--no-control-socket" in helptext else []


def _answers(port: int) -> Callable[[], bool]:
    def probe() -> bool:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            conn.request("GET", "/get")
            return conn.getresponse().status == 200
        except OSError:
            return False
        finally:
            conn.close()

    return probe


def start_httpbin(workdir: Path) -> HttpbinServer:
    for module in ("httpbin", "gunicorn"):
        if importlib.util.find_spec(module) is None:
            pytest.fail(
                f"python module {module} is missing from the venv; "
                "`make setup` installs it from requirements-test.txt",
                pytrace=False,
            )
    flags = _gunicorn_flags()
    ports: list[int] = []

    def launch() -> tuple[PeerProcess, Callable[[], bool]]:
        port = free_port()
        ports.append(port)
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            f"--bind=127.0.0.1:{port}",
            "--worker-class=gthread",
            f"--workers={WORKERS}",
            f"--threads={THREADS}",
            f"--graceful-timeout={GRACEFUL_TIMEOUT}",
            "--keep-alive=5",
            f"--chdir={workdir}",
            "--access-logfile=-",
            "--error-logfile=-",
            *flags,
            "httpbin:app",
        ]
        return PeerProcess("httpbin", argv, workdir), _answers(port)

    process = start_with_retries("httpbin under gunicorn", launch)
    port = ports[-1]
    return HttpbinServer(f"http://127.0.0.1:{port}", "127.0.0.1", port, process)

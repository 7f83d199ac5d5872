"""Start, poll and stop one peer program; never leave a process behind.

A peer is started in its own session (so its workers can be killed as a group), with stdout and
stderr in files beside its configuration, and on Linux with a parent-death signal so it dies
even if pytest itself is killed. Readiness is polled with a deadline; a peer that exits before
it is ready is started again on fresh ports a few times, since a port picked free can be taken
by someone else before the peer binds it.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

START_TIMEOUT = 30.0  # seconds for a peer to answer its readiness probe
STOP_TIMEOUT = 10.0  # seconds between SIGTERM and SIGKILL
POLL_INTERVAL = 0.05  # seconds between readiness probes
START_ATTEMPTS = 3  # fresh ports per attempt; a lost bind race is retried, nothing else is
LOG_TAIL = 8000  # characters of each log shown in a failure report
SBIN_DIRS = ("/usr/sbin", "/usr/local/sbin")  # nginx lives here, often outside a user's PATH
PR_SET_PDEATHSIG = 1


def require_program(name: str, hint: str) -> str:
    """The program's path; a missing program fails the test (never skips), in CI and locally."""
    path = shutil.which(name, path=os.pathsep.join([os.environ.get("PATH", ""), *SBIN_DIRS]))
    if path is None:
        pytest.fail(
            f"{name} is required by the interop peers and was not found on PATH or in "
            f"{', '.join(SBIN_DIRS)}; {hint}",
            pytrace=False,
        )
    return path


def free_port() -> int:
    """A loopback TCP port that was free a moment ago (see START_ATTEMPTS for the race)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1.0):
            return True
    except OSError:
        return False


def _die_with_parent() -> None:
    # Runs in the child between fork and exec: ask the kernel to SIGKILL it when pytest dies.
    if sys.platform == "linux":
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


class PeerProcess:
    """One running peer program, its log files, and its orderly or forced end."""

    def __init__(self, name: str, argv: Sequence[str], workdir: Path, logs: Sequence[Path] = ()):
        self.name = name
        self.argv = list(argv)
        self.workdir = workdir
        self.stdout_path = workdir / f"{name}.stdout.log"
        self.stderr_path = workdir / f"{name}.stderr.log"
        self.extra_logs = list(logs)
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            self.popen = subprocess.Popen(
                self.argv,
                cwd=workdir,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )

    def __repr__(self) -> str:
        state = "running" if self.popen.poll() is None else f"exited {self.popen.returncode}"
        return f"<PeerProcess {self.name} pid={self.popen.pid} {state}>"

    def wait_ready(self, probe: Callable[[], bool], timeout: float = START_TIMEOUT) -> bool:
        """Poll `probe` until it answers True; False if the process exits first."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.popen.poll() is not None:
                return False
            if probe():
                return True
            time.sleep(POLL_INTERVAL)
        self.stop()
        pytest.fail(f"{self.name} did not become ready in {timeout}s\n{self.logs()}", pytrace=False)

    def stop(self) -> None:
        """SIGTERM, wait, then SIGKILL the whole process group; always reaps the child."""
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self._kill_group()
                self.popen.wait(STOP_TIMEOUT)
        # Workers that outlived their master (gunicorn's, say) go with the group.
        self._kill_group()

    def _kill_group(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.popen.pid, signal.SIGKILL)

    def logs(self) -> str:
        """The tail of every log this peer writes, for failure reports."""
        parts = []
        for path in [self.stdout_path, self.stderr_path, *self.extra_logs]:
            try:
                text = path.read_text(errors="replace")
            except FileNotFoundError:
                text = "(not written)"
            parts.append(f"--- {path.name} ---\n{text[-LOG_TAIL:]}")
        return "\n".join(parts)


def start_with_retries(
    name: str, launch: Callable[[], tuple[PeerProcess, Callable[[], bool]]]
) -> PeerProcess:
    """Run `launch` (which picks fresh ports) until its peer is ready, or fail with its logs."""
    last = None
    for _ in range(START_ATTEMPTS):
        process, probe = launch()
        if process.wait_ready(probe):
            return process
        process.stop()
        last = process
    assert last is not None
    pytest.fail(
        f"{name} exited before it was ready ({START_ATTEMPTS} attempts), "
        f"exit status {last.popen.returncode}\n{last.logs()}",
        pytrace=False,
    )


class RunningPeer:
    """Base of the objects the fixtures yield: the failure report hook finds their logs here."""

    process: PeerProcess

    def logs(self) -> str:
        return self.process.logs()

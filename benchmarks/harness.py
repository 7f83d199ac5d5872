"""Shared pieces of the benchmark scripts: servers, readiness, wrk, machine facts.

Every server is a child process started here and stopped here (by its own pid, never by name).
Network traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
SERVE_PY = os.path.join(BENCH_DIR, "apps", "serve.py")
RESULTS_DIR = os.path.join(BENCH_DIR, "results")
HOST = "127.0.0.1"
READY_TIMEOUT = 30.0


class BenchError(Exception):
    """A problem that stops the benchmark; the message says what to fix."""


# --- scenarios --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    name: str
    app: str  # which bench_app application serves it: "plain" or "middleware"
    path: str
    expect_body: bytes | None = None  # exact body, or None when expect_json is used
    expect_json: object = None
    expect_type: str = "text/plain"
    expect_headers: tuple[tuple[str, str], ...] = ()


HELLO = "Hello, World!"
SCENARIOS = (
    Scenario("plaintext", "plain", "/", expect_body=HELLO.encode()),
    Scenario(
        "json",
        "plain",
        "/json",
        expect_json={"message": HELLO, "id": 1, "ok": True},
        expect_type="application/json",
    ),
    Scenario(
        "user/{id} + middleware",
        "middleware",
        "/user/42",
        expect_body=b"Hello, user 42!",
        expect_headers=(("X-Bench", "1"),),
    ),
)
SCENARIO_NAMES = {s.name.split("/")[0].split(" ")[0]: s for s in SCENARIOS}  # plaintext json user


def check_response(label: str, port: int, scenario: Scenario) -> None:
    """Fetch the scenario's URL once and raise BenchError unless the answer is the expected one."""
    url = f"http://{HOST}:{port}{scenario.path}"
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            status, headers, body = resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as exc:
        status, headers, body = exc.code, exc.headers, exc.read()
    except (OSError, ValueError) as exc:
        raise BenchError(f"{label}: GET {scenario.path} failed: {exc!r}") from exc
    problems = []
    if status != 200:
        problems.append(f"status {status}, expected 200")
    if scenario.expect_body is not None and body != scenario.expect_body:
        problems.append(f"body {body[:80]!r}, expected {scenario.expect_body!r}")
    if scenario.expect_json is not None:
        try:
            decoded = json.loads(body)
        except ValueError:
            decoded = "<not JSON>"
        if decoded != scenario.expect_json:
            problems.append(f"JSON {body[:80]!r}, expected {scenario.expect_json!r}")
    ctype = headers.get("Content-Type", "")
    if not ctype.startswith(scenario.expect_type):
        problems.append(f"Content-Type {ctype!r}, expected {scenario.expect_type}")
    for name, value in scenario.expect_headers:
        if headers.get(name) != value:
            problems.append(f"header {name}: {headers.get(name)!r}, expected {value!r}")
    if problems:
        raise BenchError(f"{label}: GET {scenario.path} is wrong: " + "; ".join(problems))


# --- processes --------------------------------------------------------------------------------


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def pinned(cmd: list[str], cpu: int | None) -> list[str]:
    """Prefix cmd with `taskset -c cpu` (None: no pinning)."""
    if cpu is None:
        return cmd
    if shutil.which("taskset") is None:
        raise BenchError("taskset not found (util-linux); use --no-pin to run unpinned")
    return ["taskset", "-c", str(cpu), *cmd]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def spawn_listening(
    cmd: list[str], port: int, cpu: int | None, what: str
) -> subprocess.Popen[bytes]:
    """Start `cmd` (pinned to `cpu`) and return once it accepts on `port`; stop it and raise if
    it exits or has not started listening within 15 s."""
    proc = subprocess.Popen(pinned(cmd, cpu), stdin=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 15
    while True:
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return proc
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                stop_process(proc)
                raise RuntimeError(f"{what} did not start") from None
            time.sleep(0.05)


def stop_process(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then kill if it lingers. Idempotent."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@dataclass
class Server:
    label: str
    framework: str
    loop: str
    app: str
    port: int
    proc: subprocess.Popen[bytes]
    log: IO[bytes]
    extra: list[str] = field(default_factory=list)

    def log_tail(self, lines: int = 25) -> str:
        self.log.flush()
        self.log.seek(0)
        text = self.log.read().decode("utf-8", "replace")
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        """Ask the server to exit (SIGTERM), then kill it if it lingers. Idempotent."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        self.log.close()


def start_server(
    label: str,
    framework: str,
    loop: str,
    app: str,
    cpu: int | None,
    extra: list[str] | None = None,
) -> Server:
    port = free_port()
    cmd = [sys.executable, SERVE_PY, "--framework", framework, "--loop", loop, "--app", app]
    cmd += ["--port", str(port), *(extra or [])]
    log = tempfile.TemporaryFile(prefix="bench-server-")  # noqa: SIM115 (Server.stop closes it)
    try:
        proc = subprocess.Popen(
            pinned(cmd, cpu),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches us; we stop the servers ourselves
        )
    except BaseException:
        log.close()
        raise
    return Server(label, framework, loop, app, port, proc, log, list(extra or []))


def wait_ready(server: Server, path: str, timeout: float = READY_TIMEOUT) -> None:
    """Poll until the server answers any HTTP response on path; raise if it dies or never does."""
    deadline = time.monotonic() + timeout
    url = f"http://{HOST}:{server.port}{path}"
    while True:
        if server.proc.poll() is not None:
            raise BenchError(
                f"{server.label} server exited with code {server.proc.returncode} "
                f"before serving; its output:\n{server.log_tail()}"
            )
        try:
            with urllib.request.urlopen(url, timeout=1) as resp:
                resp.read()
            return
        except urllib.error.HTTPError:
            return  # it speaks HTTP; check_response judges the answer
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise BenchError(
                f"{server.label} server not ready after {timeout:.0f} s; its output:\n"
                f"{server.log_tail()}"
            )
        time.sleep(0.05)


# --- wrk --------------------------------------------------------------------------------------


@dataclass
class WrkResult:
    requests: int
    seconds: float
    rps: float
    non2xx: int
    socket_errors: dict[str, int]
    latency_avg: str
    latency_p99: str
    output: str
    server_cpu_us: float = float("nan")  # server CPU time (user + system) per request, if measured

    def problems(self) -> str:
        parts = []
        if self.non2xx:
            parts.append(f"{self.non2xx} non-2xx/3xx responses")
        errors = {k: v for k, v in self.socket_errors.items() if v}
        if errors:
            parts.append("socket errors " + ", ".join(f"{k} {v}" for k, v in errors.items()))
        if self.requests == 0:
            parts.append("no requests completed")
        return "; ".join(parts)


def parse_wrk(output: str) -> WrkResult:
    def grab(pattern: str, default: str = "0") -> str:
        match = re.search(pattern, output, re.MULTILINE)
        return match.group(1) if match else default

    rps = float(grab(r"^Requests/sec:\s+([\d.]+)", "nan"))
    if rps != rps:
        raise BenchError(f"could not read Requests/sec from wrk's output:\n{output}")
    errors = {}
    match = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if match:
        errors = dict(
            zip(("connect", "read", "write", "timeout"), map(int, match.groups()), strict=True)
        )
    return WrkResult(
        requests=int(grab(r"^\s*(\d+) requests in")),
        seconds=float(grab(r"requests in ([\d.]+)s", "0")),
        rps=rps,
        non2xx=int(grab(r"Non-2xx or 3xx responses: (\d+)")),
        socket_errors=errors,
        latency_avg=grab(r"^\s+Latency\s+(\S+)", "?"),
        latency_p99=grab(r"^\s+99%\s+(\S+)", "?"),
        output=output,
    )


def run_wrk(
    url: str,
    *,
    duration: int,
    connections: int,
    threads: int,
    cpu: int | None,
    script: str | None = None,
    script_args: tuple[str, ...] = (),
    stop_when: Callable[[], bool] | None = None,
) -> WrkResult:
    """Run wrk for `duration` seconds, or until `stop_when()` turns true (polled every 50 ms),
    when wrk is sent SIGINT, upon which it stops and prints its summary as usual."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise BenchError("wrk not found on PATH (apt-get install wrk)")
    cmd = [wrk, "-t", str(threads), "-c", str(connections), "-d", f"{duration}s", "--latency"]
    if script:
        cmd += ["-s", script]
    cmd.append(url)
    if script_args:
        cmd += ["--", *script_args]
    deadline = time.monotonic() + duration + 30  # wrk stops itself; this only bounds a hang
    proc = subprocess.Popen(
        pinned(cmd, cpu),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        while stop_when is not None and proc.poll() is None:
            if stop_when():
                proc.send_signal(signal.SIGINT)
                break
            if time.monotonic() > deadline:
                break
            time.sleep(0.05)
        out, err = proc.communicate(timeout=max(deadline - time.monotonic(), 1))
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    if proc.returncode != 0:
        raise BenchError(f"wrk failed (exit {proc.returncode}):\n{out}{err}")
    return parse_wrk(out)


# --- machine facts ----------------------------------------------------------------------------


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc; NaN elsewhere)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return float("nan")
    # after "pid (comm)": fields[11] is utime, fields[12] stime, in clock ticks
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.lower().startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def package_version(name: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def git_revision() -> str:
    try:
        out = subprocess.run(
            ["git", "-C", BENCH_DIR, "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except OSError:
        return "unknown"
    return out.stdout.strip() or "unknown"


def raise_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit, and make SIGINT raise KeyboardInterrupt even when it was
    inherited as ignored (background jobs), so `finally` blocks always stop the servers."""

    def handler(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, signal.default_int_handler)

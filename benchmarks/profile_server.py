"""Profile the wirehttp (or aiohttp) server under load, to find its hot spots.

    python benchmarks/profile_server.py                         # wirehttp, uvloop, GET /
    python benchmarks/profile_server.py --scenario user --requests 50000
    python benchmarks/profile_server.py --framework aiohttp     # the same view of aiohttp

The server (benchmarks/apps/serve.py, pinned like in run.py) runs with cProfile switched off;
after readiness, a correctness check and a warm-up, the profiler is switched on (SIGUSR1), wrk
sends about --requests requests (a Lua script stops it), the profiler is switched off and its
stats written (SIGUSR2). Then the top functions by cumulative and by own (total) time are
printed, with the profiled CPU time per request. cProfile adds overhead to every Python call,
so compare functions with one another, not with run.py's throughput. The .prof file can be
opened later with `python -m pstats FILE` or snakeviz.
"""

from __future__ import annotations

import argparse
import io
import os
import pstats
import signal
import sys
import tempfile
import time

from harness import (
    HOST,
    RESULTS_DIR,
    SCENARIO_NAMES,
    BenchError,
    Server,
    check_response,
    cpu_count,
    raise_on_sigterm,
    run_wrk,
    start_server,
    wait_ready,
)

# After `limit` responses the wrk thread stops and creates the file `marker`; wrk itself keeps
# sleeping until its -d ends, so we send it SIGINT when the marker appears.
STOP_AFTER_N = """\
local limit = 0
local marker = nil
local seen = 0
function init(args)
  limit = tonumber(args[1]) or 10000
  marker = args[2]
end
function response(status, headers, body)
  seen = seen + 1
  if seen == limit then
    wrk.thread:stop()
    if marker then
      local f = io.open(marker, "w")
      if f then f:close() end
    end
  end
end
"""
MAX_WRK_SECONDS = 120
DUMP_TIMEOUT = 30.0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    doc = __doc__ or ""
    parser = argparse.ArgumentParser(
        description=doc.split("\n\n")[0],
        epilog=doc.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--framework", choices=["aiohttp", "wirehttp"], default="wirehttp")
    parser.add_argument("--loop", choices=["uvloop", "asyncio"], default="uvloop")
    parser.add_argument("--scenario", choices=sorted(SCENARIO_NAMES), default="plaintext")
    parser.add_argument("-n", "--requests", type=int, default=20000, help="profiled requests")
    parser.add_argument("--warmup-requests", type=int, default=2000)
    parser.add_argument("-c", "--connections", type=int, default=64)
    parser.add_argument("--top", type=int, default=30, help="rows per table")
    parser.add_argument("--server-cpu", type=int, default=0)
    parser.add_argument("--client-cpu", type=int, default=1)
    parser.add_argument("--no-pin", action="store_true")
    parser.add_argument("--output", help="where to keep the .prof (default: benchmarks/results/)")
    args = parser.parse_args(argv)
    if args.requests < 1 or args.warmup_requests < 0:
        parser.error("--requests must be >= 1 and --warmup-requests >= 0")
    return args


def load(url: str, requests: int, script: str, args: argparse.Namespace) -> int:
    """Send about `requests` requests with wrk; returns how many completed."""
    marker = script + ".done"
    if os.path.exists(marker):
        os.remove(marker)
    result = run_wrk(
        url,
        duration=MAX_WRK_SECONDS,
        connections=args.connections,
        threads=1,
        cpu=None if args.no_pin else args.client_cpu,
        script=script,
        script_args=(str(requests), marker),
        stop_when=lambda: os.path.exists(marker),
    )
    if os.path.exists(marker):
        os.remove(marker)
    if result.problems():
        raise BenchError(f"wrk reported: {result.problems()}")
    return result.requests


def wait_for_file(path: str, server: Server) -> None:
    deadline = time.monotonic() + DUMP_TIMEOUT
    while not os.path.exists(path):
        if server.proc.poll() is not None:
            raise BenchError(f"server exited before writing the profile:\n{server.log_tail()}")
        if time.monotonic() > deadline:
            raise BenchError(f"no profile written to {path} within {DUMP_TIMEOUT:.0f} s")
        time.sleep(0.05)


def short_path(path: str) -> str:
    """wirehttp/_server/protocol.py rather than a full path, or a bare name like strip_dirs."""
    for marker in ("/site-packages/", "/src/", "/benchmarks/"):
        if marker in path:
            return path.rsplit(marker, 1)[1]
    return os.path.basename(path)


def shorten_paths(stats: pstats.Stats) -> None:
    """Like Stats.strip_dirs, but keeps the package path, so that the several protocol.py
    files of a package stay apart."""
    table = stats.stats  # type: ignore[attr-defined]
    shortened = {}
    for (path, line, name), (cc, nc, tt, ct, callers) in table.items():
        new_callers = {(short_path(f), ln, fn): v for (f, ln, fn), v in callers.items()}
        shortened[(short_path(path), line, name)] = (cc, nc, tt, ct, new_callers)
    stats.stats = shortened  # type: ignore[attr-defined]
    stats.top_level = {  # type: ignore[attr-defined]
        (short_path(f), ln, fn)
        for (f, ln, fn) in stats.top_level  # type: ignore[attr-defined]
    }
    stats.fcn_list = None  # type: ignore[attr-defined]


def report(prof_path: str, requests: int, top: int) -> str:
    out = io.StringIO()
    stats = pstats.Stats(prof_path, stream=out)
    total = stats.total_tt
    out.write(
        f"profiled CPU time {total:.2f} s for {requests} requests: "
        f"{1e6 * total / max(requests, 1):.1f} us per request (with cProfile's overhead)\n"
    )
    shorten_paths(stats)
    for key, title in (("cumulative", "cumulative time"), ("tottime", "own (total) time")):
        out.write(f"\n===== top {top} by {title} =====\n")
        stats.sort_stats(key).print_stats(top)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    raise_on_sigterm()
    if not args.no_pin and cpu_count() < 2:
        args.no_pin = True
    scenario = SCENARIO_NAMES[args.scenario]
    os.makedirs(RESULTS_DIR, exist_ok=True)
    prof_path = os.path.abspath(
        args.output
        or os.path.join(RESULTS_DIR, f"profile-{args.framework}-{args.loop}-{args.scenario}.prof")
    )
    if os.path.exists(prof_path):
        os.remove(prof_path)
    server: Server | None = None
    with tempfile.NamedTemporaryFile("w", suffix=".lua", prefix="bench-stop-") as lua:
        lua.write(STOP_AFTER_N)
        lua.flush()
        try:
            server = start_server(
                args.framework,
                args.framework,
                args.loop,
                scenario.app,
                None if args.no_pin else args.server_cpu,
                extra=["--profile", prof_path],
            )
            wait_ready(server, scenario.path)
            check_response(f"{args.framework} on {args.loop}", server.port, scenario)
            url = f"http://{HOST}:{server.port}{scenario.path}"
            if args.warmup_requests:
                load(url, args.warmup_requests, lua.name, args)
            print(
                f"profiling {args.framework} on {args.loop}, GET {scenario.path}, "
                f"about {args.requests} requests...",
                flush=True,
            )
            server.proc.send_signal(signal.SIGUSR1)
            done = load(url, args.requests, lua.name, args)
            server.proc.send_signal(signal.SIGUSR2)
            wait_for_file(prof_path, server)
        except BenchError as exc:
            print(f"profile_server.py: aborted: {exc}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            print("profile_server.py: interrupted", file=sys.stderr)
            return 130
        finally:
            if server is not None:
                server.stop()
    print(report(prof_path, done, args.top))
    print(f"profile kept in {os.path.relpath(prof_path)} (python -m pstats {prof_path})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

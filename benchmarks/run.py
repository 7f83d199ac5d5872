"""Server benchmark: the same app on aiohttp and on wirehttp, loaded by wrk, as req/s ratios.

    python benchmarks/run.py                      # both loops, 5 s per measurement
    python benchmarks/run.py --loop uvloop --duration 10 --repeat 3
    python benchmarks/run.py --candidate aiohttp  # A/A run: checks the harness, ratio ~1.0
    python benchmarks/run.py --client             # the client benchmark (client_bench.py)

Each framework serves benchmarks/apps/bench_app.py (written once against aiohttp.web) in its own
process pinned to one core; wrk runs pinned to another core and talks over loopback with
keep-alive. Scenarios: plaintext `GET /` and `GET /json` on an app without middleware, and
`GET /user/{id}` on an app with one middleware. Before measuring, every server must answer every
route with status 200 and the expected body. The tables go to stdout and to
benchmarks/results/latest.md (not committed).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import sys
import time
from dataclasses import dataclass

from harness import (
    HOST,
    RESULTS_DIR,
    SCENARIO_NAMES,
    BenchError,
    Scenario,
    Server,
    WrkResult,
    check_response,
    cpu_count,
    cpu_model,
    git_revision,
    package_version,
    process_cpu_seconds,
    raise_on_sigterm,
    run_wrk,
    start_server,
    wait_ready,
)

SERVER_START_ESTIMATE = 3.0  # seconds per pair of servers: start, readiness, checks, stop


@dataclass
class Side:
    label: str  # column heading, unique
    framework: str


@dataclass
class Measurement:
    rps: float  # median over repeats
    runs: list[WrkResult]

    def cell(self) -> str:
        """Median req/s, with the spread of the runs (max - min, % of median) when repeated."""
        text = f"{self.rps:,.0f}"
        if len(self.runs) > 1 and self.rps:
            rates = [r.rps for r in self.runs]
            text += f" ±{50 * (max(rates) - min(rates)) / self.rps:.0f}%"
        return text

    @property
    def cpu_us(self) -> float:
        """Median server CPU time per request, in microseconds."""
        return median([r.server_cpu_us for r in self.runs])

    @property
    def problems(self) -> str:
        return "; ".join(p for p in (r.problems() for r in self.runs) if p)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    doc = __doc__ or ""
    parser = argparse.ArgumentParser(
        description=doc.split("\n\n")[0],
        epilog=doc.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    frameworks = ["aiohttp", "wirehttp"]
    parser.add_argument("--baseline", choices=frameworks, default="aiohttp")
    parser.add_argument("--candidate", choices=frameworks, default="wirehttp")
    parser.add_argument("--loop", choices=["uvloop", "asyncio", "both"], default="both")
    parser.add_argument(
        "--scenario",
        action="append",
        choices=sorted(SCENARIO_NAMES),
        help="run only these scenarios (repeatable; default: all)",
    )
    parser.add_argument("--duration", type=int, default=5, help="seconds per measurement")
    parser.add_argument("--warmup", type=int, default=1, help="seconds of wrk before each")
    parser.add_argument("--repeat", type=int, default=1, help="measurements per cell (median)")
    parser.add_argument("-c", "--connections", type=int, default=64)
    parser.add_argument("-t", "--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--server-cpu", type=int, default=0)
    parser.add_argument("--client-cpu", type=int, default=1)
    parser.add_argument("--no-pin", action="store_true", help="do not pin processes to cores")
    parser.add_argument(
        "--output",
        default=os.path.join(RESULTS_DIR, "latest.md"),
        help="Markdown file for the results ('-' for none)",
    )
    args = parser.parse_args(argv)
    if args.duration < 1 or args.warmup < 0 or args.repeat < 1:
        parser.error("--duration and --repeat must be >= 1, --warmup >= 0")
    return args


def sides(args: argparse.Namespace) -> tuple[Side, Side]:
    base, cand = args.baseline, args.candidate
    if base == cand:
        return Side(f"{base} (A)", base), Side(f"{cand} (B)", cand)
    return Side(base, base), Side(cand, cand)


def estimate_seconds(
    args: argparse.Namespace, loops: list[str], scenarios: list[Scenario]
) -> float:
    apps = {s.app for s in scenarios}
    per_cell = 2 * args.repeat * (args.warmup + args.duration + 0.2)
    return len(loops) * (len(scenarios) * per_cell + len(apps) * SERVER_START_ESTIMATE)


def measure(
    args: argparse.Namespace, server: Server, scenario: Scenario, client_cpu: int | None
) -> WrkResult:
    url = f"http://{HOST}:{server.port}{scenario.path}"
    common = {"connections": args.connections, "threads": args.threads, "cpu": client_cpu}
    if args.warmup:
        run_wrk(url, duration=args.warmup, **common)
    cpu_before = process_cpu_seconds(server.proc.pid)
    result = run_wrk(url, duration=args.duration, **common)
    cpu_used = process_cpu_seconds(server.proc.pid) - cpu_before
    if result.requests:
        result.server_cpu_us = 1e6 * cpu_used / result.requests
    note = f"  ({result.problems()})" if result.problems() else ""
    print(
        f"  {server.label:>13} {scenario.name:<24} {result.rps:>10,.0f} req/s  "
        f"{result.server_cpu_us:5.1f} us CPU/req, "
        f"latency avg {result.latency_avg}, p99 {result.latency_p99}{note}",
        flush=True,
    )
    return result


def bench_loop(
    args: argparse.Namespace,
    loop: str,
    pair: tuple[Side, Side],
    scenarios: list[Scenario],
    live: list[Server],
) -> dict[str, dict[str, Measurement]]:
    """Measure every scenario on one event loop; returns {scenario: {side label: Measurement}}."""
    server_cpu = None if args.no_pin else args.server_cpu
    client_cpu = None if args.no_pin else args.client_cpu
    table: dict[str, dict[str, Measurement]] = {}
    for app in dict.fromkeys(s.app for s in scenarios):
        app_scenarios = [s for s in scenarios if s.app == app]
        servers = []
        for side in pair:
            server = start_server(f"{side.label}", side.framework, loop, app, server_cpu)
            live.append(server)
            servers.append(server)
        try:
            for server in servers:
                wait_ready(server, app_scenarios[0].path)
                for scenario in app_scenarios:
                    check_response(f"{server.label} on {loop}", server.port, scenario)
            for scenario in app_scenarios:
                runs: dict[str, list[WrkResult]] = {s.label: [] for s in servers}
                for rep in range(args.repeat):
                    # alternate who goes first, so drift (heat, turbo) does not favour one side
                    order = servers if rep % 2 == 0 else servers[::-1]
                    for server in order:
                        runs[server.label].append(measure(args, server, scenario, client_cpu))
                table[scenario.name] = {
                    label: Measurement(median([r.rps for r in results]), results)
                    for label, results in runs.items()
                }
        finally:
            for server in servers:
                server.stop()
    return table


def cpu_busy(interval: float = 0.5) -> float:
    """Fraction of all CPU time that was busy over `interval` seconds (from /proc/stat)."""

    def sample() -> tuple[int, int]:
        with open("/proc/stat", encoding="ascii") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
        idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
        return sum(fields), idle

    try:
        total0, idle0 = sample()
        time.sleep(interval)
        total1, idle1 = sample()
    except (OSError, ValueError, IndexError):
        return 0.0
    total = total1 - total0
    return 1 - (idle1 - idle0) / total if total else 0.0


def median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def render(
    args: argparse.Namespace,
    pair: tuple[Side, Side],
    results: dict[str, dict[str, dict[str, Measurement]]],
    scenarios: list[Scenario],
    load_before: str,
) -> str:
    base, cand = pair
    pin = (
        "unpinned"
        if args.no_pin
        else f"server on CPU {args.server_cpu}, wrk on CPU {args.client_cpu}"
    )
    lines = [
        "# wirehttp server benchmark",
        "",
        f"- date: {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}, "
        f"wirehttp commit {git_revision()}",
        f"- Python {platform.python_version()} ({platform.python_implementation()}), "
        f"{platform.system()} {platform.release()}",
        f"- CPU: {cpu_model()}, {os.cpu_count()} logical cores; {pin}",
        f"- aiohttp {package_version('aiohttp')}, wirehttp {package_version('wirehttp')}, "
        f"uvloop {package_version('uvloop')}",
        f"- wrk -t{args.threads} -c{args.connections} -d{args.duration}s, keep-alive, loopback; "
        f"{args.warmup} s warm-up; median of {args.repeat} run(s)"
        + (" (± is half the max-min spread)" if args.repeat > 1 else ""),
        f"- other load just before the run: {load_before}",
    ]
    notes: list[str] = []
    for loop, table in results.items():
        lines += [
            "",
            f"## {loop}",
            "",
            f"| scenario | {base.label} req/s | {cand.label} req/s | "
            f"ratio {cand.label}/{base.label} |",
            "|---|---:|---:|---:|",
        ]
        for scenario in scenarios:
            row = table.get(scenario.name)
            if row is None:
                continue
            b, c = row[base.label], row[cand.label]
            ratio = c.rps / b.rps if b.rps else float("nan")
            flag = ""
            for side, m in ((base, b), (cand, c)):
                if m.problems:
                    flag = " (!)"
                    notes.append(f"- {loop}, {scenario.name}, {side.label}: {m.problems}")
            lines.append(
                f"| {scenario.name} `GET {scenario.path}` | {b.cell()} | {c.cell()} | "
                f"{ratio:.2f}{flag} |"
            )
        lines += [
            "",
            f"Server CPU time per request ({loop}; user + system, from /proc; steadier than "
            "req/s when other work shares the machine):",
            "",
            f"| scenario | {base.label} us/req | {cand.label} us/req | "
            f"speed-up {base.label}/{cand.label} |",
            "|---|---:|---:|---:|",
        ]
        for scenario in scenarios:
            row = table.get(scenario.name)
            if row is None:
                continue
            b_us, c_us = row[base.label].cpu_us, row[cand.label].cpu_us
            lines.append(
                f"| {scenario.name} `GET {scenario.path}` | {b_us:.1f} | {c_us:.1f} | "
                f"{b_us / c_us if c_us else float('nan'):.2f} |"
            )
    if notes:
        lines += ["", "(!) wrk reported errors, so these numbers are suspect:", *notes]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--client" in argv:  # the client benchmark: its own options (client_bench.py --help)
        import client_bench

        return client_bench.main([a for a in argv if a != "--client"])
    args = parse_args(argv)
    raise_on_sigterm()
    loops = ["uvloop", "asyncio"] if args.loop == "both" else [args.loop]
    chosen = set(args.scenario or SCENARIO_NAMES)
    scenarios = [s for key, s in SCENARIO_NAMES.items() if key in chosen]
    pair = sides(args)
    if shutil.which("wrk") is None:
        print("run.py: wrk not found on PATH (apt-get install wrk)", file=sys.stderr)
        return 2
    if not args.no_pin and cpu_count() < 2:
        print("run.py: fewer than 2 usable cores, running unpinned", file=sys.stderr)
        args.no_pin = True
    estimate = estimate_seconds(args, loops, scenarios)
    print(
        f"run.py: {pair[0].label} vs {pair[1].label}, loops {', '.join(loops)}, "
        f"{len(scenarios)} scenario(s); about {estimate:.0f} s",
        flush=True,
    )
    busy = cpu_busy()
    load_before = f"{busy:.0%} of all cores busy"
    if busy > 0.2:
        print(
            f"run.py: warning: {load_before} before starting; other work on this machine "
            "makes the numbers noisy (compare ratios, use --repeat 3)",
            file=sys.stderr,
            flush=True,
        )
    started = time.monotonic()
    results: dict[str, dict[str, dict[str, Measurement]]] = {}
    live: list[Server] = []
    try:
        for loop in loops:
            print(f"[{loop}]", flush=True)
            results[loop] = bench_loop(args, loop, pair, scenarios, live)
    except BenchError as exc:
        print(f"run.py: aborted: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("run.py: interrupted", file=sys.stderr)
        return 130
    finally:
        for server in live:
            server.stop()
    report = render(args, pair, results, scenarios, load_before)
    print()
    print(report, end="")
    print(f"\n(took {time.monotonic() - started:.0f} s)")
    if args.output != "-":
        os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(report)
        print(f"written to {os.path.relpath(args.output)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

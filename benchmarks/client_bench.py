"""Client benchmark: wirehttp's and aiohttp's ClientSession on the same loop, against one server.

    python benchmarks/client_bench.py                  # both loops, 3 s per measurement
    python benchmarks/client_bench.py --loop uvloop --duration 5 --repeat 3
    python benchmarks/run.py --client ...              # the same, through run.py
    make bench-client

The server is a bare uvloop Protocol in its own process (pinned to --server-cpu) that answers
every request head with canned bytes: `GET /` gets a 13-byte text body, `GET /big` gets 100 MiB
written from one pre-built buffer under flow control. It does no HTTP work worth measuring, and
it costs the same whichever client talks to it. The clients run in this process (pinned to
--client-cpu), one after the other on the same event loop, alternating which goes first.

Workloads: `seq` (sequential GETs on one keep-alive connection), `c64` (GETs with 64 in flight,
64 pooled connections), `download` (the 100 MiB body, streamed with iter_chunked and counted,
never held in memory). Each measurement runs for --duration seconds after a short warm-up; every
response is checked (status and body size). Prints a Markdown table (req/s or MiB/s with the
ratio wirehttp/aiohttp; and this process's CPU time per request or per MiB, which moves much less
than throughput when other work shares the machine, with the ratio aiohttp/wirehttp, so above 1
means wirehttp is ahead in both) and writes it to benchmarks/results/client-latest.md.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

from harness import (
    HOST,
    RESULTS_DIR,
    cpu_count,
    cpu_model,
    free_port,
    git_revision,
    spawn_listening,
    stop_process,
)

SMALL_BODY = b"Hello, World!"
SMALL = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s" % (
    len(SMALL_BODY),
    SMALL_BODY,
)
BIG_SIZE = 100 * 1024 * 1024
BIG_HEAD = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: %d\r\n\r\n"
)
BIG_CHUNK = 1024 * 1024
READ_CHUNK = 64 * 1024
CONCURRENCY = 64
WARMUP = 0.5  # seconds of each workload before it is measured
SLACK = 60.0  # a measurement that overruns its duration by this much is a failure
FRAMEWORKS = ("aiohttp", "wirehttp")
WORKLOADS = ("seq", "c64", "download")


# --- the server (runs in its own process: `client_bench.py --serve PORT`) --------------------


class CannedServer(asyncio.Protocol):
    """Answers each request head (requests carry no body here) with canned bytes."""

    def __init__(self, chunk: memoryview) -> None:
        self._chunk = chunk
        self._buf = b""
        self._transport: asyncio.Transport | None = None
        self._big_left = 0
        self._paused = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = transport  # type: ignore[assignment]  # uvloop's is not a subclass

    def data_received(self, data: bytes) -> None:
        buf = self._buf + data if self._buf else data
        replies = []
        while True:
            end = buf.find(b"\r\n\r\n")
            if end < 0:
                break
            head, buf = buf[:end], buf[end + 4 :]
            if head.startswith(b"GET /big "):
                replies.append(BIG_HEAD % BIG_SIZE)
                self._big_left = BIG_SIZE
            else:
                replies.append(SMALL)
        self._buf = buf
        assert self._transport is not None
        if replies:
            self._transport.write(b"".join(replies))
        self._pump()

    def _pump(self) -> None:
        transport = self._transport
        while self._big_left and not self._paused and transport is not None:
            n = min(self._big_left, len(self._chunk))
            self._big_left -= n
            transport.write(self._chunk[:n])

    def pause_writing(self) -> None:
        self._paused = True

    def resume_writing(self) -> None:
        self._paused = False
        self._pump()

    def connection_lost(self, exc: Exception | None) -> None:
        self._transport = None


def serve(port: int) -> None:
    import uvloop

    chunk = memoryview(b"x" * BIG_CHUNK)

    async def main() -> None:
        loop = asyncio.get_running_loop()
        server = await loop.create_server(lambda: CannedServer(chunk), HOST, port, backlog=1024)
        print(f"serving on {HOST}:{port}", flush=True)
        async with server:
            await server.serve_forever()

    uvloop.run(main())


def start_server(cpu: int | None) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    cmd = [sys.executable, os.path.abspath(__file__), "--serve", str(port)]
    return spawn_listening(cmd, port, cpu, "the benchmark server"), port


# --- the clients ------------------------------------------------------------------------------


def client_module(framework: str) -> Any:
    if framework == "wirehttp":
        import wirehttp

        return wirehttp
    import aiohttp

    return aiohttp


async def get_small(session: Any, url: str) -> None:
    async with session.get(url) as resp:
        body = await resp.read()
        if resp.status != 200 or len(body) != len(SMALL_BODY):
            raise RuntimeError(f"bad answer: {resp.status} {body[:40]!r}")


async def run_for(duration: float, one: Callable[[], Awaitable[None]], workers: int) -> int:
    """Run `one` back to back in `workers` tasks until `duration` has passed; how many ran."""
    loop = asyncio.get_running_loop()
    end = loop.time() + duration
    counts = [0] * workers

    async def worker(i: int) -> None:
        while loop.time() < end:
            await one()
            counts[i] += 1

    await asyncio.gather(*(worker(i) for i in range(workers)))
    return sum(counts)


# A measurement: (rate, client CPU time per unit in microseconds). The rate is req/s or MiB/s;
# the unit is one request or one MiB. CPU time is this process's, where only the client runs.
Result = tuple[float, float]


async def requests_per_second(mod: Any, url: str, duration: float, workers: int) -> Result:
    connector = mod.TCPConnector(limit=workers)
    async with mod.ClientSession(connector=connector) as session:

        async def one() -> None:
            await get_small(session, url)

        await run_for(WARMUP, one, workers)
        started, cpu = time.perf_counter(), time.process_time()
        count = await run_for(duration, one, workers)
        cpu = time.process_time() - cpu
        return count / (time.perf_counter() - started), 1e6 * cpu / count


async def download_mib_per_second(mod: Any, url: str, duration: float) -> Result:
    async with mod.ClientSession() as session:

        async def one() -> None:
            received = 0
            async with session.get(url) as resp:
                async for chunk in resp.content.iter_chunked(READ_CHUNK):
                    received += len(chunk)
            if resp.status != 200 or received != BIG_SIZE:
                raise RuntimeError(f"download: {resp.status}, {received} bytes")

        await one()  # warm-up: one whole body
        started, cpu = time.perf_counter(), time.process_time()
        mib = await run_for(duration, one, 1) * BIG_SIZE / (1024 * 1024)
        cpu = time.process_time() - cpu
        return mib / (time.perf_counter() - started), 1e6 * cpu / mib


async def measure(framework: str, workload: str, port: int, duration: float) -> Result:
    mod = client_module(framework)
    base = f"http://{HOST}:{port}"
    if workload == "seq":
        work = requests_per_second(mod, base + "/", duration, 1)
    elif workload == "c64":
        work = requests_per_second(mod, base + "/", duration, CONCURRENCY)
    else:
        work = download_mib_per_second(mod, base + "/big", duration)
    return await asyncio.wait_for(work, duration + WARMUP + SLACK)


def new_loop(kind: str) -> asyncio.AbstractEventLoop:
    if kind == "uvloop":
        import uvloop

        return uvloop.new_event_loop()
    return asyncio.new_event_loop()


def run_loop(kind: str, args: argparse.Namespace, port: int) -> dict[tuple[str, str], Result]:
    """Median result per (workload, framework) on one event loop kind."""
    loop = new_loop(kind)
    results: dict[tuple[str, str], list[Result]] = {}
    try:
        for workload in args.workload:
            for rep in range(args.repeat):
                order = FRAMEWORKS if rep % 2 == 0 else FRAMEWORKS[::-1]
                for framework in order:
                    value = loop.run_until_complete(
                        measure(framework, workload, port, args.duration)
                    )
                    results.setdefault((workload, framework), []).append(value)
                    rate, cpu = value
                    print(
                        f"  {kind:7} {workload:8} {framework:8} {rate:10,.0f}/s {cpu:8.1f} us CPU"
                    )
    finally:
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()
    return {
        key: (statistics.median(v[0] for v in values), statistics.median(v[1] for v in values))
        for key, values in results.items()
    }


def table(all_results: dict[str, dict[tuple[str, str], Result]], workloads: list[str]) -> str:
    """Throughput (higher is better) and client CPU time per unit (lower is better), each with
    wirehttp's advantage as a ratio over aiohttp (above 1: wirehttp is ahead)."""
    lines = [
        "| loop | workload | aiohttp | wirehttp | ratio | CPU aiohttp | CPU wirehttp | CPU ratio |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for kind, results in all_results.items():
        for workload in workloads:
            (base, base_cpu), (cand, cand_cpu) = (
                results[(workload, "aiohttp")],
                results[(workload, "wirehttp")],
            )
            unit, per = ("MiB/s", "us/MiB") if workload == "download" else ("req/s", "us/req")
            ratio = cand / base if base else float("nan")
            cpu_ratio = base_cpu / cand_cpu if cand_cpu else float("nan")
            lines.append(
                f"| {kind} | {workload} | {base:,.0f} {unit} | {cand:,.0f} {unit} | {ratio:.2f}x "
                f"| {base_cpu:,.1f} {per} | {cand_cpu:,.1f} {per} | {cpu_ratio:.2f}x |"
            )
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    doc = __doc__ or ""
    parser = argparse.ArgumentParser(
        description=doc.split("\n\n")[0],
        epilog=doc.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--serve", type=int, metavar="PORT", help=argparse.SUPPRESS)
    parser.add_argument("--loop", choices=["uvloop", "asyncio", "both"], default="both")
    parser.add_argument("--workload", action="append", choices=WORKLOADS)
    parser.add_argument("--duration", type=float, default=3.0, help="seconds per measurement")
    parser.add_argument("--repeat", type=int, default=1, help="measurements per cell (median)")
    parser.add_argument("--server-cpu", type=int, default=0)
    parser.add_argument("--client-cpu", type=int, default=1)
    parser.add_argument("--no-pin", action="store_true", help="do not pin processes to cores")
    parser.add_argument(
        "--output",
        default=os.path.join(RESULTS_DIR, "client-latest.md"),
        help="Markdown file for the results ('-' for none)",
    )
    args = parser.parse_args(argv)
    if not 0 < args.duration <= 60 or not 1 <= args.repeat <= 9:
        parser.error("--duration must be in (0, 60] and --repeat in [1, 9]")
    args.workload = args.workload or list(WORKLOADS)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.serve is not None:
        serve(args.serve)
        return 0
    loops = ["uvloop", "asyncio"] if args.loop == "both" else [args.loop]
    if not args.no_pin and cpu_count() < 2:
        print("fewer than 2 cores: running unpinned", file=sys.stderr)
        args.no_pin = True
    if not args.no_pin:
        os.sched_setaffinity(0, {args.client_cpu})
    cells = len(loops) * len(args.workload) * args.repeat * len(FRAMEWORKS)
    print(f"about {cells * (args.duration + WARMUP + 0.5):.0f} s: {cells} measurements", flush=True)
    proc, port = start_server(None if args.no_pin else args.server_cpu)
    try:
        all_results = {kind: run_loop(kind, args, port) for kind in loops}
    finally:
        stop_process(proc)
    import aiohttp

    import wirehttp

    header = (
        f"Client benchmark, {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, "
        f"wirehttp {wirehttp.__version__} ({git_revision()}) vs aiohttp {aiohttp.__version__}, "
        f"Python {platform.python_version()}, {cpu_model()}; {args.duration:g} s per cell, "
        f"median of {args.repeat}, {'unpinned' if args.no_pin else 'pinned'}"
    )
    text = header + "\n\n" + table(all_results, args.workload)
    print("\n" + text)
    if args.output != "-":
        os.makedirs(os.path.dirname(args.output) or ".", exist_ok=True)
        with open(args.output, "w") as fh:
            fh.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

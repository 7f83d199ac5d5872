"""WebSocket benchmark: echo round trips per second, wirehttp against aiohttp, each end to end.

    python benchmarks/ws_bench.py                       # uvloop, 3 s per measurement
    python benchmarks/ws_bench.py --loop asyncio --duration 5 --repeat 3

For each framework the same echo application (a `web.WebSocketResponse` handler that sends back
every text message) runs in its own process pinned to --server-cpu, and that framework's client
(`session.ws_connect`) runs here, pinned to --client-cpu: one connection, one message in flight
(send, then wait for the echo), permessage-deflate off, for --duration seconds after a short
warm-up. Every echo is checked. Prints a Markdown table (round trips per second and the ratio
wirehttp/aiohttp; this process's CPU time per round trip) and writes it to
benchmarks/results/ws-latest.md. Both processes stop on exit, error or Ctrl-C.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import os
import platform
import statistics
import sys
import time
from typing import Any

from harness import (
    HOST,
    RESULTS_DIR,
    cpu_model,
    free_port,
    git_revision,
    spawn_listening,
    stop_process,
)

FRAMEWORKS = ("aiohttp", "wirehttp")
MESSAGE = "x" * 128
WARMUP = 0.5  # seconds before each measurement
SLACK = 60.0  # a measurement that overruns its duration by this much is a failure


def framework_modules(name: str) -> tuple[Any, Any]:
    if name == "wirehttp":
        import wirehttp
        from wirehttp import web
    else:
        import aiohttp as wirehttp  # type: ignore[no-redef]
        from aiohttp import web  # type: ignore[no-redef]
    return wirehttp, web


# --- the server (its own process: `ws_bench.py --serve FRAMEWORK PORT LOOP`) -----------------


def serve(framework: str, port: int, loop_kind: str) -> None:
    _, web = framework_modules(framework)

    async def echo(request: Any) -> Any:
        ws = web.WebSocketResponse(compress=False)
        await ws.prepare(request)
        async for msg in ws:
            if msg.type == web.WSMsgType.TEXT:
                await ws.send_str(msg.data)
        return ws

    app = web.Application()
    app.router.add_get("/ws", echo)
    loop = new_loop(loop_kind)
    asyncio.set_event_loop(loop)
    web.run_app(app, host=HOST, port=port, print=None, access_log=None, loop=loop)


def start_server(framework: str, loop_kind: str, cpu: int | None) -> tuple[Any, int]:
    port = free_port()
    cmd = [sys.executable, os.path.abspath(__file__), "--serve", framework, str(port), loop_kind]
    return spawn_listening(cmd, port, cpu, f"the {framework} echo server"), port


# --- the client ------------------------------------------------------------------------------


async def round_trips(framework: str, port: int, duration: float) -> tuple[float, float]:
    """(round trips per second, client CPU microseconds per round trip)."""
    client, _ = framework_modules(framework)
    async with (
        client.ClientSession() as session,
        session.ws_connect(f"http://{HOST}:{port}/ws", compress=0) as ws,
    ):

        async def run_for(seconds: float) -> int:
            count = 0
            end = time.perf_counter() + seconds
            while time.perf_counter() < end:
                for _ in range(50):
                    await ws.send_str(MESSAGE)
                    reply = await ws.receive_str()
                    if reply != MESSAGE:
                        raise AssertionError("the echo differs from what was sent")
                count += 50
            return count

        await asyncio.wait_for(run_for(WARMUP), WARMUP + SLACK)
        cpu0, wall0 = time.process_time(), time.perf_counter()
        count = await asyncio.wait_for(run_for(duration), duration + SLACK)
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    return count / wall, cpu / count * 1e6


def new_loop(kind: str) -> asyncio.AbstractEventLoop:
    if kind == "uvloop":
        import uvloop

        return uvloop.new_event_loop()
    return asyncio.new_event_loop()


def measure(framework: str, args: argparse.Namespace) -> tuple[float, float]:
    proc, port = start_server(framework, args.loop, args.server_cpu)
    try:
        loop = new_loop(args.loop)
        try:
            return loop.run_until_complete(round_trips(framework, port, args.duration))
        finally:
            loop.close()
    finally:
        stop_process(proc)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--serve", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--loop", choices=["uvloop", "asyncio"], default="uvloop")
    parser.add_argument("--duration", type=float, default=3.0)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--server-cpu", type=int, default=0)
    parser.add_argument("--client-cpu", type=int, default=1)
    args = parser.parse_args(argv)
    if args.serve:
        framework, port, loop_kind = args.serve
        serve(framework, int(port), loop_kind)
        return 0
    os.sched_setaffinity(0, {args.client_cpu})
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in FRAMEWORKS}
    for run in range(args.repeat):
        order = FRAMEWORKS if run % 2 == 0 else FRAMEWORKS[::-1]
        for name in order:
            results[name].append(measure(name, args))
            print(f"  {name}: {results[name][-1][0]:,.0f} round trips/s", file=sys.stderr)
    rate = {n: statistics.median(r for r, _ in results[n]) for n in FRAMEWORKS}
    cpu = {n: statistics.median(c for _, c in results[n]) for n in FRAMEWORKS}
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    table = (
        f"WebSocket echo, {stamp}, wirehttp ({git_revision()}) vs aiohttp, "
        f"Python {platform.python_version()}, {cpu_model()}, loop {args.loop}, "
        f"{args.duration:g} s, median of {args.repeat}\n\n"
        "| framework | round trips/s | client CPU us/round trip |\n|---|---:|---:|\n"
        + "".join(f"| {n} | {rate[n]:,.0f} | {cpu[n]:.1f} |\n" for n in FRAMEWORKS)
        + f"\nratio wirehttp/aiohttp: {rate['wirehttp'] / rate['aiohttp']:.2f}x round trips/s, "
        f"{cpu['aiohttp'] / cpu['wirehttp']:.2f}x client CPU\n"
    )
    print(table)
    os.makedirs(RESULTS_DIR, exist_ok=True)
    with open(os.path.join(RESULTS_DIR, "ws-latest.md"), "w") as out:
        out.write(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())

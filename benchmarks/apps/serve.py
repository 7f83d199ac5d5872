"""Serve the benchmark app (bench_app.py) with aiohttp or wirehttp on uvloop or asyncio.

    python benchmarks/apps/serve.py --framework wirehttp --loop uvloop --app plain --port 8080

bench_app.py is written against aiohttp (``from aiohttp import web``). With ``--framework
wirehttp`` the module names ``aiohttp`` and ``aiohttp.web`` are bound to wirehttp in
``sys.modules`` before bench_app is imported, so both frameworks run the very same code.

With ``--profile FILE`` a cProfile profiler is created but left off: SIGUSR1 switches it on,
SIGUSR2 switches it off and writes the stats to FILE (atomically). profile_server.py uses this
to profile only the measured requests, not start-up and warm-up.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import os
import signal
import sys
from types import ModuleType

APPS_DIR = os.path.dirname(os.path.abspath(__file__))


def import_framework(name: str) -> ModuleType:
    """Import the ``web`` module of the chosen framework as bench_app will see it."""
    if name == "wirehttp":
        if "aiohttp" in sys.modules:
            raise RuntimeError("aiohttp was imported before the wirehttp swap")
        wirehttp = importlib.import_module("wirehttp")
        web = importlib.import_module("wirehttp.web")
        sys.modules["aiohttp"] = wirehttp
        sys.modules["aiohttp.web"] = web
        return web
    if name == "aiohttp":
        return importlib.import_module("aiohttp.web")
    raise ValueError(f"unknown framework {name!r}")


def new_loop(kind: str) -> asyncio.AbstractEventLoop:
    if kind == "uvloop":
        import uvloop

        return uvloop.new_event_loop()
    if kind == "asyncio":
        return asyncio.new_event_loop()
    raise ValueError(f"unknown loop {kind!r}")


def install_profiler(path: str) -> None:
    import cProfile

    profiler = cProfile.Profile()

    def start(signum: int, frame: object) -> None:
        profiler.enable()

    def stop(signum: int, frame: object) -> None:
        profiler.disable()
        tmp = path + ".tmp"
        profiler.dump_stats(tmp)
        os.replace(tmp, path)

    signal.signal(signal.SIGUSR1, start)
    signal.signal(signal.SIGUSR2, stop)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--framework", choices=["aiohttp", "wirehttp"], required=True)
    parser.add_argument("--loop", choices=["uvloop", "asyncio"], default="uvloop")
    parser.add_argument("--app", choices=["plain", "middleware"], default="plain")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--profile", metavar="FILE", help="cProfile on SIGUSR1, dump on SIGUSR2")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    web = import_framework(args.framework)
    sys.path.insert(0, APPS_DIR)
    bench_app = importlib.import_module("bench_app")
    if bench_app.web is not web:
        raise RuntimeError(f"bench_app uses {bench_app.web.__name__}, not {web.__name__}")
    loop = new_loop(args.loop)
    asyncio.set_event_loop(loop)
    if args.profile:
        install_profiler(args.profile)
    app = bench_app.APPS[args.app]()
    print(
        f"serve.py: {args.framework} ({web.__name__}) on {args.loop}, app {args.app}, "
        f"pid {os.getpid()}",
        flush=True,
    )
    web.run_app(app, host=args.host, port=args.port, access_log=None, loop=loop)


if __name__ == "__main__":
    main()

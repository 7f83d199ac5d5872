"""Interop peers: curl (required on PATH; a missing peer fails, never skips), and a served app.

httpbin under gunicorn, nginx and tinyproxy come from peers/ (see peers/fixtures.py).

The app answers the same routes to every peer: echo of the body and its framing, a per-connection
counter so a test can prove keep-alive reuse, and a random file served by add_static and by a
FileResponse handler for Range checks.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from peers.fixtures import (  # noqa: F401  (peer fixtures and their log-report hook, see peers/)
    httpbin_server,
    nginx_server,
    pytest_runtest_makereport,
    tinyproxy_auth_server,
    tinyproxy_server,
)

from wirehttp import web

FILE_SIZE = 3 * 1024 * 1024 + 12345  # a few MB, not a multiple of any buffer size
PEERS = web.AppKey("peers", dict)


@dataclass
class Served:
    url: str
    port: int
    app: web.Application
    data: bytes

    def connections_seen(self) -> int:
        """How many distinct client connections the app served since the last reset."""
        return len(self.app[PEERS])

    def requests_per_connection(self) -> list[int]:
        return list(self.app[PEERS].values())


@pytest.fixture(scope="session")
def curl() -> str:
    path = shutil.which("curl")
    if path is None:
        pytest.fail(
            "curl is required for the interop suite and is not on PATH (apt-get install curl)"
        )
    return path


@pytest.fixture(scope="session")
def random_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("interop-static")
    path = root / "blob.bin"
    path.write_bytes(os.urandom(FILE_SIZE))
    return path


def _make_app(random_file: Path) -> web.Application:
    async def count_peer(request: web.Request) -> None:
        peer = request.transport.get_extra_info("peername")
        request.app[PEERS][peer] = request.app[PEERS].get(peer, 0) + 1

    async def hello(request: web.Request) -> web.Response:
        await count_peer(request)
        return web.Response(text=f"hello {request.path}", headers={"X-Method": request.method})

    async def echo(request: web.Request) -> web.Response:
        await count_peer(request)
        body = await request.read()
        return web.Response(
            body=body,
            headers={
                "X-Chunked": str("chunked" in request.headers.get("Transfer-Encoding", "").lower()),
                "X-Length": str(len(body)),
            },
        )

    async def file_handler(request: web.Request) -> web.FileResponse:
        return web.FileResponse(random_file)

    app = web.Application(client_max_size=64 * 1024 * 1024)
    app[PEERS] = {}
    app.router.add_get("/hello/{n}", hello)
    app.router.add_get("/hello", hello)
    app.router.add_route("*", "/echo", echo)
    app.router.add_get("/file", file_handler)
    app.router.add_static("/static", random_file.parent)
    return app


@pytest.fixture
def served(loop: asyncio.AbstractEventLoop, random_file: Path) -> Iterator[Served]:
    app = _make_app(random_file)
    runner = web.AppRunner(app, shutdown_timeout=5.0)

    async def start() -> int:
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        return int(runner.addresses[0][1])

    port = loop.run_until_complete(asyncio.wait_for(start(), 10))
    try:
        yield Served(f"http://127.0.0.1:{port}", port, app, random_file.read_bytes())
    finally:
        loop.run_until_complete(asyncio.wait_for(runner.cleanup(), 15))

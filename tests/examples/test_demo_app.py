"""The demo application (`make demo`) answers what its docstring promises."""

from __future__ import annotations

import asyncio

import httpx
from examples.demo_app import make_app

from wirehttp import web


async def _serve() -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(make_app(), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    return runner, f"http://127.0.0.1:{runner.addresses[0][1]}"


async def test_demo_routes_answer() -> None:
    runner, url = await _serve()
    try:
        async with httpx.AsyncClient(base_url=url, timeout=10) as client:
            index = await client.get("/")
            one = await client.get("/api/users/1")
            missing = await client.get("/api/users/99")
            created = await client.post("/api/users", json={"name": "Grace"})
            listed = await client.get("/api/users")
            stream = await client.get("/stream", params={"n": "3"})
            static = await client.get("/static/hello.txt")
    finally:
        await asyncio.wait_for(runner.cleanup(), 10)
    assert index.status_code == 200 and index.text.startswith("Hello from wirehttp!")
    assert one.json() == {"id": 1, "name": "Ada"}
    assert missing.status_code == 404 and missing.json() == {"error": "no such user"}
    assert created.status_code == 201 and created.json() == {"id": 3, "name": "Grace"}
    assert [user["name"] for user in listed.json()] == ["Ada", "Linus", "Grace"]
    assert stream.headers["transfer-encoding"] == "chunked"
    assert stream.text == "line 1 of 3\nline 2 of 3\nline 3 of 3\n"
    assert static.text == "Hello from a static file served by wirehttp.\n"

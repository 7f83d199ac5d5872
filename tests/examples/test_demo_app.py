"""The demo application (`make demo`) answers what its docstring promises."""

from __future__ import annotations

import hashlib

import httpx
from examples.demo_app import make_app

import wirehttp
from wirehttp.pytest_plugin import AiohttpServer


async def test_demo_routes_answer(aiohttp_server: AiohttpServer) -> None:
    server = await aiohttp_server(make_app())
    async with httpx.AsyncClient(base_url=str(server.make_url("")), timeout=10) as client:
        index = await client.get("/")
        one = await client.get("/api/users/1")
        missing = await client.get("/api/users/99")
        created = await client.post("/api/users", json={"name": "Grace"})
        listed = await client.get("/api/users")
        stream = await client.get("/stream", params={"n": "3"})
        static = await client.get("/static/hello.txt")
        page = await client.get("/static/index.html")
        uploaded = await client.post(
            "/upload", data={"note": "hi"}, files={"file": ("a.bin", b"\x00" * 70000)}
        )
        refused = await client.post("/upload", data={"note": "no file"})
    assert index.status_code == 200 and index.text.startswith("Hello from wirehttp!")
    assert one.json() == {"id": 1, "name": "Ada"}
    assert missing.status_code == 404 and missing.json() == {"error": "no such user"}
    assert created.status_code == 201 and created.json() == {"id": 3, "name": "Grace"}
    assert [user["name"] for user in listed.json()] == ["Ada", "Linus", "Grace"]
    assert stream.headers["transfer-encoding"] == "chunked"
    assert stream.text == "line 1 of 3\nline 2 of 3\nline 3 of 3\n"
    assert static.text == "Hello from a static file served by wirehttp.\n"
    assert 'action="/upload"' in page.text and "/ws" in page.text
    assert uploaded.json() == {
        "filename": "a.bin",
        "size": 70000,
        "sha256": hashlib.sha256(b"\x00" * 70000).hexdigest(),
        "note": "hi",
    }
    assert refused.status_code == 400


async def test_demo_websocket_echoes_and_closes(aiohttp_server: AiohttpServer) -> None:
    server = await aiohttp_server(make_app())
    async with (
        wirehttp.ClientSession() as session,
        session.ws_connect(server.make_url("/ws")) as ws,
    ):
        await ws.send_str("hello")
        assert await ws.receive_str(timeout=10) == "echo: hello"
        await ws.send_str("close")
        msg = await ws.receive(timeout=10)
        assert msg.type == wirehttp.WSMsgType.CLOSE
        assert ws.closed and ws.close_code == 1000  # autoclose answered the server's close

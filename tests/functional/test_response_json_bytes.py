"""web.json_bytes_response over a real connection: the dumped bytes are the body as sent."""

from __future__ import annotations

import json

from wirehttp import web
from wirehttp.pytest_plugin import AiohttpClient


async def test_served_end_to_end(aiohttp_client: AiohttpClient) -> None:
    async def handler(request: web.Request) -> web.Response:
        return web.json_bytes_response(
            {"ok": True}, dumps=lambda data: json.dumps(data, separators=(",", ":")).encode()
        )

    app = web.Application()
    app.router.add_get("/", handler)
    client = await aiohttp_client(app)
    resp = await client.get("/")
    assert resp.status == 200
    assert await resp.read() == b'{"ok":true}'
    assert resp.headers["content-type"] == "application/json"

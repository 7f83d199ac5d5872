"""web.json_bytes_response over a real connection: the dumped bytes are the body as sent."""

from __future__ import annotations

import json
from typing import Any

import httpx

from wirehttp import web


async def test_served_end_to_end(serve: Any) -> None:
    async def handler(request: web.Request) -> web.Response:
        return web.json_bytes_response(
            {"ok": True}, dumps=lambda data: json.dumps(data, separators=(",", ":")).encode()
        )

    app = web.Application()
    app.router.add_get("/", handler)
    server = await serve(app)
    async with httpx.AsyncClient(timeout=10.0) as client:
        resp = await client.get(server.url + "/")
    assert resp.status_code == 200
    assert resp.content == b'{"ok":true}'
    assert resp.headers["content-type"] == "application/json"

"""The demo application: `make demo` serves it on http://127.0.0.1:8080.

It shows the everyday pieces of a wirehttp.web app: plain text at `/`, a small JSON API with a
path parameter, a middleware, a streamed response, a file upload, a WebSocket and a static folder.

    GET  /                  plain text
    GET  /api/users         the user list (JSON)
    GET  /api/users/{id}    one user, 404 as JSON when unknown
    POST /api/users         create a user from a JSON body
    GET  /stream?n=5        a chunked response written line by line
    POST /upload            a multipart form (a `file` and a `note`): its size and SHA-256 back
    GET  /ws                a WebSocket that echoes text messages ("close" ends it)
    GET  /static/...        files from examples/static/ (index.html has forms for both)
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import pathlib
import time
from collections.abc import Awaitable, Callable

from wirehttp import web

HERE = pathlib.Path(__file__).parent
users_key = web.AppKey("users", dict)
routes = web.RouteTableDef()
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@routes.get("/")
async def index(request: web.Request) -> web.Response:
    return web.Response(
        text="Hello from wirehttp! Try /api/users, /stream and /static/index.html\n"
    )


@routes.get("/api/users")
async def list_users(request: web.Request) -> web.Response:
    return web.json_response(list(request.app[users_key].values()))


@routes.get(r"/api/users/{user_id:\d+}")
async def get_user(request: web.Request) -> web.Response:
    user = request.app[users_key].get(int(request.match_info["user_id"]))
    if user is None:
        return web.json_response({"error": "no such user"}, status=404)
    return web.json_response(user)


@routes.post("/api/users")
async def create_user(request: web.Request) -> web.Response:
    try:
        data = await request.json()
        name = str(data["name"])
    except (ValueError, KeyError, TypeError):
        return web.json_response({"error": "send a JSON object with a name"}, status=400)
    users = request.app[users_key]
    user = {"id": max(users, default=0) + 1, "name": name}
    users[user["id"]] = user
    return web.json_response(user, status=201)


@routes.get("/stream")
async def stream(request: web.Request) -> web.StreamResponse:
    count = min(int(request.query.get("n", "5")), 100)
    response = web.StreamResponse(headers={"Content-Type": "text/plain; charset=utf-8"})
    await response.prepare(request)
    for number in range(1, count + 1):
        await response.write(f"line {number} of {count}\n".encode())
        await asyncio.sleep(0.01)
    await response.write_eof()
    return response


@routes.post("/upload")
async def upload(request: web.Request) -> web.Response:
    form = await request.post()
    field = form.get("file")
    if not isinstance(field, web.FileField):
        return web.json_response({"error": "send a multipart form with a file"}, status=400)
    with field.file:
        data = field.file.read()
    return web.json_response(
        {
            "filename": field.filename,
            "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
            "note": form.get("note", ""),
        }
    )


@routes.get("/ws")
async def echo(request: web.Request) -> web.WebSocketResponse:
    ws = web.WebSocketResponse(heartbeat=30)
    await ws.prepare(request)
    async for msg in ws:
        if msg.type != web.WSMsgType.TEXT:
            continue
        if msg.data == "close":
            await ws.close()
        else:
            await ws.send_str(f"echo: {msg.data}")
    return ws


@web.middleware
async def timing(request: web.Request, handler: Handler) -> web.StreamResponse:
    started = time.perf_counter()
    response = await handler(request)
    if not response.prepared:  # a streamed response has already sent its headers
        response.headers["X-Elapsed-Ms"] = f"{(time.perf_counter() - started) * 1000:.2f}"
    return response


def make_app() -> web.Application:
    app = web.Application(middlewares=[timing])
    app[users_key] = {1: {"id": 1, "name": "Ada"}, 2: {"id": 2, "name": "Linus"}}
    app.add_routes(routes)
    app.router.add_static("/static/", HERE / "static", show_index=True)
    return app


def main() -> None:
    host = os.environ.get("DEMO_HOST", "127.0.0.1")
    port = int(os.environ.get("DEMO_PORT", "8080"))
    web.run_app(make_app(), host=host, port=port)


if __name__ == "__main__":
    main()

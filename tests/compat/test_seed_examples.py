"""The server examples aiohttp users copy from tutorials, run as written with `import wirehttp as aiohttp`.

The names are those the tutorials use (web.Application, app.router.add_get, web.RouteTableDef,
@web.middleware, web.json_response, web.HTTPNotFound..., aiohttp.GunicornWebWorker); the app is
served through the public runner and asked over a raw socket, since the client comes later.
"""

from __future__ import annotations

import asyncio
import json

import pytest

import wirehttp as aiohttp
from wirehttp import web

TIMEOUT = 10.0


def test_names_the_examples_use_exist() -> None:
    for name in (
        "Application",
        "AppRunner",
        "FileResponse",
        "HTTPBadRequest",
        "HTTPException",
        "HTTPForbidden",
        "HTTPInternalServerError",
        "HTTPNotFound",
        "HTTPUnauthorized",
        "Request",
        "Response",
        "RouteTableDef",
        "StreamResponse",
        "TCPSite",
        "json_response",
        "middleware",
        "run_app",
    ):
        assert hasattr(web, name), f"web.{name} is missing"
    assert isinstance(aiohttp.__version__, str)
    assert aiohttp.StreamReader is aiohttp.streams.StreamReader
    assert aiohttp.hdrs.AUTHORIZATION == "Authorization"
    assert issubclass(web.HTTPNotFound, web.HTTPClientError)
    assert issubclass(web.HTTPException, Exception)
    assert issubclass(web.HTTPException, web.Response)


def test_gunicorn_worker_class_path_from_the_examples_resolves() -> None:
    """`gunicorn app:create_app --worker-class aiohttp.GunicornWebWorker`, with our name."""
    import gunicorn.util

    worker = gunicorn.util.load_class("wirehttp.GunicornWebWorker")
    assert worker is aiohttp.GunicornWebWorker


def test_basic_auth_as_in_the_examples() -> None:
    with pytest.warns(DeprecationWarning):
        auth = aiohttp.BasicAuth("user", "pass")
    assert auth.encode() == aiohttp.encode_basic_auth("user", "pass") == "Basic dXNlcjpwYXNz"


routes = web.RouteTableDef()


@routes.get("/api/users")
async def list_users(request: web.Request) -> web.Response:
    return web.json_response([{"id": 1, "name": "Ada"}])


@routes.post("/api/users")
async def create_user(request: web.Request) -> web.Response:
    data = await request.json()
    if "name" not in data:
        raise web.HTTPBadRequest(text="name is required")
    return web.json_response({"id": 2, "name": data["name"]}, status=201)


async def hello_handler(request: web.Request) -> web.Response:
    return web.Response(text="Hello from aiohttp server!")


async def user_handler(request: web.Request) -> web.Response:
    user_id = request.match_info["user_id"]
    if user_id != "1":
        raise web.HTTPNotFound()
    return web.json_response({"user_id": user_id, "post_id": request.match_info.get("post_id")})


@web.middleware
async def auth_middleware(request: web.Request, handler: object) -> web.StreamResponse:
    if request.path.startswith("/admin") and not request.headers.get("Authorization"):
        raise web.HTTPUnauthorized()
    response = await handler(request)  # type: ignore[operator]
    response.headers["X-Seen"] = "yes"
    return response  # type: ignore[no-any-return]


def create_app() -> web.Application:
    app = web.Application(middlewares=[auth_middleware])
    app.router.add_get("/", hello_handler)
    app.router.add_get("/user/{user_id}", user_handler)
    app.router.add_get("/user/{user_id}/posts/{post_id}", user_handler)
    app.router.add_get("/admin", hello_handler)
    app.router.add_routes(routes)
    return app


async def ask(
    port: int, method: str, path: str, body: bytes = b"", **headers: str
) -> tuple[int, dict[str, str], bytes]:
    reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), TIMEOUT)
    lines = [f"{method} {path} HTTP/1.1", "Host: example", "Connection: close"]
    lines += [f"{name.replace('_', '-')}: {value}" for name, value in headers.items()]
    lines.append(f"Content-Length: {len(body)}")
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
    raw = await asyncio.wait_for(reader.read(), TIMEOUT)
    writer.close()
    head, _, payload = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    parsed = dict(line.split(": ", 1) for line in header_lines)
    return int(status_line.split()[1]), parsed, payload


async def test_tutorial_app_serves_through_the_public_runner() -> None:
    runner = web.AppRunner(create_app())
    await runner.setup()
    try:
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = runner.addresses[0][1]

        status, headers, body = await ask(port, "GET", "/")
        assert (status, body, headers["X-Seen"]) == (200, b"Hello from aiohttp server!", "yes")

        status, _, body = await ask(port, "GET", "/user/1/posts/7")
        assert status == 200
        assert json.loads(body) == {"user_id": "1", "post_id": "7"}
        status, _, _ = await ask(port, "GET", "/user/2")
        assert status == 404

        status, headers, body = await ask(port, "GET", "/api/users")
        assert status == 200
        assert headers["Content-Type"] == "application/json; charset=utf-8"
        assert json.loads(body) == [{"id": 1, "name": "Ada"}]
        status, _, body = await ask(port, "POST", "/api/users", b'{"name": "Linus"}')
        assert (status, json.loads(body)) == (201, {"id": 2, "name": "Linus"})
        status, _, body = await ask(port, "POST", "/api/users", b"{}")
        assert (status, body) == (400, b"name is required")

        status, _, _ = await ask(port, "GET", "/admin")
        assert status == 401
        status, _, _ = await ask(port, "GET", "/admin", Authorization="Basic dXNlcjpwYXNz")
        assert status == 200
    finally:
        await runner.cleanup()

"""Seed 003 ("Introduction to aiohttp"): its server examples, run with `from wirehttp import web`.

Each handler, middleware and app below is the seed's code with its indentation restored; what the
seed leaves out (an import, the route a handler is mounted on) is filled in with a comment saying
so. The apps are driven with the `aiohttp_client` fixture and the checks are on what a client
sees (status, body, headers) and what the code prints. The examples that call `web.run_app` run
as scripts in a subprocess with only the address changed (a free loopback port instead of 8080,
127.0.0.1 instead of 0.0.0.0), and are stopped with SIGINT, as a user's CTRL+C; the gunicorn
command line and gunicorn.conf.py run gunicorn itself with wirehttp's worker class.

Covered elsewhere (see tests/examples/SEEDS.md): the form and upload handlers in
tests/functional/test_request_multipart.py, the WebSocket handlers and chat server in
tests/examples/test_seed_websocket.py, the testing examples in test_seed_testing_examples.py,
the client examples in tests/examples/test_seed_leftovers.py and tests/interop.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import io
import json
import os
import signal
import sys
import textwrap
import time
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import wirehttp as aiohttp
from wirehttp import web
from wirehttp.pytest_plugin import AiohttpClient

TIMEOUT = 30.0


# --- "Routing and URL Handling" / "Dynamic Routes" ---------------------------------------------


async def test_003_dynamic_routes(aiohttp_client: AiohttpClient) -> None:
    app = web.Application()  # (filled in: the seed adds the routes to the app made before)

    async def user_handler(request):  # type: ignore[no-untyped-def]
        user_id = request.match_info["user_id"]
        return web.json_response({"user_id": user_id})

    async def user_posts_handler(request):  # type: ignore[no-untyped-def]
        user_id = request.match_info["user_id"]
        post_id = request.match_info.get("post_id")
        if post_id:
            return web.json_response({"user_id": user_id, "post_id": post_id})
        else:
            return web.json_response({"user_id": user_id, "posts": []})

    app.router.add_get("/user/{user_id}", user_handler)
    app.router.add_get("/user/{user_id}/posts", user_posts_handler)
    app.router.add_get("/user/{user_id}/posts/{post_id}", user_posts_handler)

    client = await aiohttp_client(app)
    resp = await client.get("/user/42")
    assert resp.headers["Content-Type"] == "application/json; charset=utf-8"
    assert await resp.json() == {"user_id": "42"}
    assert await (await client.get("/user/42/posts")).json() == {"user_id": "42", "posts": []}
    assert await (await client.get("/user/ann/posts/7")).json() == {
        "user_id": "ann",
        "post_id": "7",
    }
    assert (await client.get("/user/42/posts/7/more")).status == 404
    assert (await client.post("/user/42")).status == 405


# --- "Using RouteTableDef" ---------------------------------------------------------------------


def _route_table() -> web.RouteTableDef:
    routes = web.RouteTableDef()

    @routes.get("/")
    async def index(request):  # type: ignore[no-untyped-def]
        return web.Response(text="Main page")

    @routes.get("/api/users")
    async def get_users(request):  # type: ignore[no-untyped-def]
        return web.json_response([{"id": 1, "name": "John"}])

    @routes.post("/api/users")
    async def create_user(request):  # type: ignore[no-untyped-def]
        data = await request.json()
        return web.json_response({"id": 2, "name": data["name"]})

    return routes


async def test_003_route_table_def(aiohttp_client: AiohttpClient) -> None:
    routes = _route_table()
    app = web.Application()
    app.add_routes(routes)

    client = await aiohttp_client(app)
    index = await client.get("/")
    assert (index.status, await index.text()) == (200, "Main page")
    assert index.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert await (await client.get("/api/users")).json() == [{"id": 1, "name": "John"}]
    created = await client.post("/api/users", json={"name": "Ann"})
    assert (created.status, await created.json()) == (200, {"id": 2, "name": "Ann"})
    assert (await client.delete("/api/users")).status == 405


# --- "Working with JSON and Forms" / "Handling JSON Data" --------------------------------------


async def test_003_json_handler(aiohttp_client: AiohttpClient) -> None:
    # (filled in: the seed uses datetime without importing it; `from datetime import datetime`)
    async def json_handler(request):  # type: ignore[no-untyped-def]
        try:
            data = await request.json()
            # Processing data
            result = {
                "status": "success",
                "received": data,
                "processed_at": datetime.now().isoformat(),
            }
            return web.json_response(result)
        except ValueError:
            return web.json_response({"error": "Invalid JSON"}, status=400)

    app = web.Application()
    app.router.add_post("/json", json_handler)  # (filled in: the seed mounts it nowhere)
    client = await aiohttp_client(app)

    before = datetime.now()
    resp = await client.post("/json", json={"a": [1, 2], "b": "ü"})
    body = await resp.json()
    assert resp.status == 200
    assert (body["status"], body["received"]) == ("success", {"a": [1, 2], "b": "ü"})
    assert before <= datetime.fromisoformat(body["processed_at"]) <= datetime.now()

    bad = await client.post("/json", data="{not json", headers={"Content-Type": "text/plain"})
    assert (bad.status, await bad.json()) == (400, {"error": "Invalid JSON"})


# --- "Middleware and Request Handling" ---------------------------------------------------------

# The seed's three middlewares, as written. They use `time`, imported at the top of this module
# (the seed does not import it).


@web.middleware
async def logging_middleware(request, handler):  # type: ignore[no-untyped-def]
    start_time = time.time()
    try:
        response = await handler(request)
        process_time = time.time() - start_time
        print(f"{request.method} {request.path} - {response.status} - {process_time:.3f}s")
        return response
    except Exception as e:
        process_time = time.time() - start_time
        print(f"{request.method} {request.path} - ERROR: {e} - {process_time:.3f}s")
        raise


@web.middleware
async def auth_middleware(request, handler):  # type: ignore[no-untyped-def]
    if request.path.startswith("/api/"):
        auth_header = request.headers.get("Authorization")
        if not auth_header or not auth_header.startswith("Bearer "):
            return web.json_response({"error": "Unauthorized"}, status=401)
    return await handler(request)


@web.middleware
async def error_middleware(request, handler):  # type: ignore[no-untyped-def]
    try:
        return await handler(request)
    except web.HTTPException as e:
        return web.json_response({"error": str(e)}, status=e.status)
    except Exception:  # (the seed binds `as e` and does not use it)
        return web.json_response({"error": "Internal server error"}, status=500)


def _lines(printed: str) -> list[str]:
    """Printed log lines with the timing figure replaced."""
    return [line.rsplit(" - ", 1)[0] + " - T" for line in printed.splitlines()]


async def test_003_logging_middleware(
    aiohttp_client: AiohttpClient, capsys: pytest.CaptureFixture[str]
) -> None:
    async def ok(request: web.Request) -> web.Response:
        return web.Response(text="ok")

    async def boom(request: web.Request) -> web.Response:
        raise RuntimeError("boom")

    async def gone(request: web.Request) -> web.Response:
        raise web.HTTPGone()

    app = web.Application(middlewares=[logging_middleware])
    app.router.add_get("/ok", ok)
    app.router.add_get("/boom", boom)
    app.router.add_get("/gone", gone)
    client = await aiohttp_client(app)

    assert await (await client.get("/ok")).text() == "ok"
    assert (await client.post("/ok")).status == 405
    assert (await client.get("/boom")).status == 500
    assert (await client.get("/gone")).status == 410
    printed = capsys.readouterr().out
    assert all(
        line.endswith("s") and "." in line.rsplit(" - ", 1)[1] for line in printed.splitlines()
    )
    assert _lines(printed) == [
        "GET /ok - 200 - T",
        "POST /ok - ERROR: Method Not Allowed - T",  # the router's 405 is an HTTPException
        "GET /boom - ERROR: boom - T",
        "GET /gone - ERROR: Gone - T",
    ]


async def test_003_auth_and_error_middlewares(aiohttp_client: AiohttpClient) -> None:
    async def crash(request: web.Request) -> web.Response:
        raise KeyError("secret detail")

    async def forbidden(request: web.Request) -> web.Response:
        raise web.HTTPForbidden()

    app = web.Application(middlewares=[auth_middleware, error_middleware])
    app.add_routes(_route_table())
    app.router.add_get("/crash", crash)
    app.router.add_get("/api/forbidden", forbidden)
    client = await aiohttp_client(app)

    unauthorized = await client.get("/api/users")
    assert (unauthorized.status, await unauthorized.json()) == (401, {"error": "Unauthorized"})
    basic = await client.get("/api/users", headers={"Authorization": "Basic dXNlcjpwYXNz"})
    assert basic.status == 401
    bearer = {"Authorization": "Bearer t0ken"}
    allowed = await client.get("/api/users", headers=bearer)
    assert await allowed.json() == [{"id": 1, "name": "John"}]
    assert await (await client.get("/")).text() == "Main page"  # not under /api/: no check

    missing = await client.get("/nowhere")
    assert (missing.status, await missing.json()) == (404, {"error": "Not Found"})
    not_allowed = await client.put("/", headers=bearer)
    assert (not_allowed.status, await not_allowed.json()) == (405, {"error": "Method Not Allowed"})
    refused = await client.get("/api/forbidden", headers=bearer)
    assert (refused.status, await refused.json()) == (403, {"error": "Forbidden"})
    crashed = await client.get("/crash")
    assert (crashed.status, await crashed.json()) == (500, {"error": "Internal server error"})


# --- "Microservice with REST API" --------------------------------------------------------------


async def test_003_user_service(aiohttp_client: AiohttpClient) -> None:
    class UserService:
        def __init__(self):  # type: ignore[no-untyped-def]
            self.users = {}
            self.next_id = 1

        async def get_users(self, request):  # type: ignore[no-untyped-def]
            return web.json_response(list(self.users.values()))

        async def create_user(self, request):  # type: ignore[no-untyped-def]
            data = await request.json()
            user_id = self.next_id
            self.users[user_id] = {"id": user_id, "name": data["name"], "email": data["email"]}
            self.next_id += 1
            return web.json_response(self.users[user_id], status=201)

        async def get_user(self, request):  # type: ignore[no-untyped-def]
            user_id = int(request.match_info["user_id"])
            if user_id not in self.users:
                raise web.HTTPNotFound()
            return web.json_response(self.users[user_id])

    service = UserService()
    app = web.Application()
    app.router.add_get("/users", service.get_users)
    app.router.add_post("/users", service.create_user)
    app.router.add_get("/users/{user_id}", service.get_user)

    client = await aiohttp_client(app)
    assert await (await client.get("/users")).json() == []
    first = await client.post("/users", json={"name": "Ann", "email": "ann@example.org"})
    assert (first.status, await first.json()) == (
        201,
        {"id": 1, "name": "Ann", "email": "ann@example.org"},
    )
    await client.post("/users", json={"name": "Bob", "email": "bob@example.org"})
    assert [u["name"] for u in await (await client.get("/users")).json()] == ["Ann", "Bob"]
    assert (await (await client.get("/users/2")).json())["email"] == "bob@example.org"
    missing = await client.get("/users/3")
    assert (missing.status, await missing.text()) == (404, "404: Not Found")


# --- "Security" / "Authentication and Authorization" -------------------------------------------


def _jwt_stand_in() -> ModuleType:
    """The two names of PyJWT the seed uses (`jwt.decode` with HS256, `jwt.InvalidTokenError`).

    PyJWT is not one of the project's dependencies; this is a stand-in with its HS256 rules
    (signature over `header.payload`, base64url without padding, an `exp` in the past refused),
    so the seed's middleware runs unchanged with `import jwt`."""
    module = ModuleType("jwt")

    class InvalidTokenError(Exception):
        pass

    def unb64(part: str) -> bytes:
        return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))

    def decode(token: str, key: str, algorithms: list[str]) -> dict[str, Any]:
        try:
            head, payload, signature = token.split(".")
            header = json.loads(unb64(head))
            claims = json.loads(unb64(payload))
        except ValueError as exc:
            raise InvalidTokenError(str(exc)) from None
        if header.get("alg") not in algorithms or header["alg"] != "HS256":
            raise InvalidTokenError("The specified alg value is not allowed")
        expected = hmac.new(key.encode(), f"{head}.{payload}".encode(), hashlib.sha256).digest()
        if not hmac.compare_digest(expected, unb64(signature)):
            raise InvalidTokenError("Signature verification failed")
        if "exp" in claims and claims["exp"] < time.time():
            raise InvalidTokenError("Signature has expired")
        return claims  # type: ignore[no-any-return]

    module.InvalidTokenError = InvalidTokenError  # type: ignore[attr-defined]
    module.decode = decode  # type: ignore[attr-defined]
    return module


def _make_token(claims: dict[str, Any], key: str = "secret") -> str:
    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = b64(json.dumps(claims).encode())
    signature = hmac.new(key.encode(), f"{head}.{payload}".encode(), hashlib.sha256).digest()
    return f"{head}.{payload}.{b64(signature)}"


# `request['user'] = payload` gives NotAppKeyWarning (a UserWarning), once per key, as aiohttp
# 3.14 does; this suite turns warnings into errors, a user's program only prints it.
@pytest.mark.filterwarnings("ignore::wirehttp.web.NotAppKeyWarning")
async def test_003_jwt_auth_middleware(
    aiohttp_client: AiohttpClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "jwt", _jwt_stand_in())
    import jwt  # type: ignore[import-not-found]

    async def require_auth(request):  # type: ignore[no-untyped-def]
        auth_header = request.headers.get("Authorization")
        if not auth_header or not auth_header.startswith("Bearer "):
            raise web.HTTPUnauthorized()
        token = auth_header.split(" ")[1]
        try:
            payload = jwt.decode(token, "secret", algorithms=["HS256"])
            request["user"] = payload
        except jwt.InvalidTokenError:
            raise web.HTTPUnauthorized() from None

    @web.middleware
    async def auth_middleware(request, handler):  # type: ignore[no-untyped-def]
        if request.path.startswith("/protected/"):
            await require_auth(request)
        return await handler(request)

    async def whoami(request: web.Request) -> web.Response:  # (added: a handler to protect)
        return web.json_response({"user": request.get("user")})

    app = web.Application(middlewares=[auth_middleware])
    app.router.add_get("/protected/me", whoami)
    app.router.add_get("/public/me", whoami)
    client = await aiohttp_client(app)

    token = _make_token({"sub": "ann", "exp": time.time() + 60})
    ok = await client.get("/protected/me", headers={"Authorization": f"Bearer {token}"})
    assert (ok.status, (await ok.json())["user"]["sub"]) == (200, "ann")
    for header in (
        {},
        {"Authorization": f"Token {token}"},
        {"Authorization": f"Bearer {_make_token({'sub': 'ann'}, key='other')}"},
        {"Authorization": f"Bearer {_make_token({'sub': 'ann', 'exp': time.time() - 1})}"},
        {"Authorization": "Bearer not-a-token"},
    ):
        refused = await client.get("/protected/me", headers=header)
        assert (refused.status, await refused.text()) == (401, "401: Unauthorized"), header
    assert await (await client.get("/public/me")).json() == {"user": None}


# --- "Table of Main aiohttp Methods and Functions" ---------------------------------------------


async def test_003_table_client_rows(aiohttp_client: AiohttpClient) -> None:
    """The table's client rows: `await session.get(url)` and friends, and the response rows."""

    async def echo(request: web.Request) -> web.Response:
        resp = web.json_response({"method": request.method, "json": await request.text()})
        resp.set_cookie("session_id", "abc123")
        return resp

    app = web.Application()
    app.router.add_route("*", "/api", echo)
    server = (await aiohttp_client(app)).server
    url = str(server.make_url("/api"))
    data = {"k": "v"}

    async with aiohttp.ClientSession() as session:
        response = await session.get(url)
        assert response.status == 200
        assert response.headers["Content-Type"] == "application/json; charset=utf-8"
        assert response.cookies["session_id"].value == "abc123"
        body = await response.read()
        assert await response.json() == {"method": "GET", "json": ""}
        assert await response.text() == body.decode()
        for call, method in (
            (session.post(url, json=data), "POST"),
            (session.put(url, json=data), "PUT"),
            (session.patch(url, json=data), "PATCH"),
            (session.delete(url), "DELETE"),
            (session.options(url), "OPTIONS"),
        ):
            response = await call
            sent = (await response.json())["json"]
            assert (response.status, (await response.json())["method"]) == (200, method)
            assert sent == ("" if method in ("DELETE", "OPTIONS") else json.dumps(data))
        response = await session.head(url)
        assert (response.status, await response.read()) == (200, b"")
        response.release()

    assert aiohttp.ClientTimeout(total=30).total == 30
    assert aiohttp.TCPConnector(limit=100).limit == 100
    form = aiohttp.FormData()
    form.add_field("a", "1")
    writer = aiohttp.MultipartWriter()
    writer.append("text")
    assert (len(writer), writer.content_type.startswith("multipart/mixed; boundary=")) == (1, True)


async def test_003_table_server_rows(
    aiohttp_client: AiohttpClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The table's server, routing, request, middleware and exception rows in one app."""
    monkeypatch.chdir(tmp_path)
    Path("file.txt").write_text("from a file\n")
    seen: dict[str, Any] = {}

    async def handler(request: web.Request) -> web.StreamResponse:
        if request.match_info.get("user_id"):
            return web.json_response({"key": request.match_info["user_id"]})
        if request.method == "POST" and request.path == "/api":
            form = await request.post()
            return web.Response(text=f"form {form['param']}")
        if request.method == "PUT":
            return web.json_response(await request.json())
        if request.path == "/file":
            return web.FileResponse("file.txt")
        if request.path == "/text":
            return web.Response(text=await request.text())
        if request.path == "/multipart":
            reader = await request.multipart()
            part = await reader.next()
            return web.Response(text=f"part {part.name}")  # type: ignore[union-attr]
        if request.path == "/stream":
            resp = web.StreamResponse()
            await resp.prepare(request)
            await resp.write(b"streamed ")
            await resp.write(b"body")
            return resp
        seen["url"] = str(request.url)
        seen["param"] = request.query["param"]
        seen["auth"] = request.headers["Authorization"]
        seen["session"] = request.cookies["session"]
        return web.Response(text="Hello")

    statuses = {
        "/404": web.HTTPNotFound,
        "/400": web.HTTPBadRequest,
        "/401": web.HTTPUnauthorized,
        "/403": web.HTTPForbidden,
        "/500": web.HTTPInternalServerError,
    }

    async def raiser(request: web.Request) -> web.Response:
        raise statuses[request.path]()

    @web.middleware
    async def middleware(request, handler):  # type: ignore[no-untyped-def]
        response = await handler(request)
        response.headers["X-Middleware"] = "yes"
        return response

    app = web.Application()
    app.middlewares.append(middleware)
    app.router.add_get("/", handler)
    app.router.add_post("/api", handler)
    app.router.add_route("PUT", "/api", handler)
    route1 = web.get("/file", handler)
    route2 = web.get("/stream", handler)
    app.add_routes([route1, route2])
    routes = web.RouteTableDef()
    routes.post("/text")(handler)
    routes.post("/multipart")(handler)
    routes.get("/users/{user_id}")(handler)
    app.add_routes(routes)
    for path in statuses:
        app.router.add_get(path, raiser)
    client = await aiohttp_client(app)

    resp = await client.get(
        "/?param=42", headers={"Authorization": "Bearer x", "Cookie": "session=s1"}
    )
    assert (await resp.text(), resp.headers["X-Middleware"]) == ("Hello", "yes")
    assert seen == {
        "url": str(client.make_url("/?param=42")),
        "param": "42",
        "auth": "Bearer x",
        "session": "s1",
    }
    assert await (await client.post("/api", data={"param": "p"})).text() == "form p"
    assert await (await client.put("/api", json={"key": "value"})).json() == {"key": "value"}
    file_resp = await client.get("/file")
    assert (await file_resp.text(), file_resp.headers["Content-Type"]) == (
        "from a file\n",
        "text/plain",
    )
    streamed = await client.get("/stream")
    assert (await streamed.read(), streamed.headers["Transfer-Encoding"]) == (
        b"streamed body",
        "chunked",
    )
    assert await (await client.post("/text", data="raw text")).text() == "raw text"
    form = aiohttp.FormData()
    form.add_field("upload", io.BytesIO(b"x"), filename="x.bin")
    assert await (await client.post("/multipart", data=form)).text() == "part upload"
    assert await (await client.get("/users/7")).json() == {"key": "7"}
    for path, exc in statuses.items():
        resp = await client.get(path)
        assert (resp.status, resp.status) == (int(path[1:]), exc.status_code)
        assert await resp.text() == f"{exc.status_code}: {resp.reason}"


async def test_003_table_websocket_rows(aiohttp_client: AiohttpClient) -> None:
    """The table's WebSocket rows (prepare, send_str/bytes/json, receive, close)."""

    async def ws_handler(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_str("message")
        msg = await ws.receive()
        await ws.send_bytes(msg.data.encode())
        await ws.send_json({"key": "value"})
        await ws.close()
        return ws

    app = web.Application()
    app.router.add_get("/ws", ws_handler)
    client = await aiohttp_client(app)
    async with client.session.ws_connect(client.make_url("/ws")) as ws:
        assert await ws.receive_str() == "message"
        await ws.send_str("back")
        assert await ws.receive_bytes() == b"back"
        assert await ws.receive_json() == {"key": "value"}
        closing = await ws.receive()
        assert closing.type == aiohttp.WSMsgType.CLOSE
    assert ws.close_code == aiohttp.WSCloseCode.OK


# --- run_app: "Simplest Server" and "Running with Settings" -------------------------------------

SIMPLEST_SERVER = """
from wirehttp import web
async def hello_handler(request):
    return web.Response(text="Hello from aiohttp server!")
async def create_app():
    app = web.Application()
    app.router.add_get('/', hello_handler)
    return app
if __name__ == '__main__':
    app = create_app()
    web.run_app(app, host='localhost', port=PORT)
"""

RUNNING_WITH_SETTINGS = """
import time  # (filled in: the seed's middlewares use time without importing it)
from wirehttp import web

# "Using RouteTableDef"
routes = web.RouteTableDef()
@routes.get('/')
async def index(request):
    return web.Response(text="Main page")
@routes.get('/api/users')
async def get_users(request):
    return web.json_response([{'id': 1, 'name': 'John'}])
@routes.post('/api/users')
async def create_user(request):
    data = await request.json()
    return web.json_response({'id': 2, 'name': data['name']})

# "Creating Middleware" and "Handling Exceptions"
@web.middleware
async def logging_middleware(request, handler):
    start_time = time.time()
    try:
        response = await handler(request)
        process_time = time.time() - start_time
        print(f"{request.method} {request.path} - {response.status} - {process_time:.3f}s")
        return response
    except Exception as e:
        process_time = time.time() - start_time
        print(f"{request.method} {request.path} - ERROR: {e} - {process_time:.3f}s")
        raise
@web.middleware
async def auth_middleware(request, handler):
    if request.path.startswith('/api/'):
        auth_header = request.headers.get('Authorization')
        if not auth_header or not auth_header.startswith('Bearer '):
            return web.json_response({'error': 'Unauthorized'}, status=401)
    return await handler(request)
@web.middleware
async def error_middleware(request, handler):
    try:
        return await handler(request)
    except web.HTTPException as e:
        return web.json_response({'error': str(e)}, status=e.status)
    except Exception as e:
        return web.json_response({'error': 'Internal server error'}, status=500)

# "Running with Settings"
async def init_app():
    app = web.Application(middlewares=[
        logging_middleware,
        auth_middleware,
        error_middleware
    ])
    app.router.add_routes(routes)
    return app
if __name__ == '__main__':
    app = init_app()
    web.run_app(
        app,
        host='127.0.0.1',
        port=PORT,
        access_log=None, # Disable standard logging
        reuse_port=True # For performance improvement
    )
"""


@pytest.fixture
async def script_runner(tmp_path: Path) -> AsyncIterator[Any]:
    """Runs a script with the test's Python; every process started is killed at teardown."""
    started: list[asyncio.subprocess.Process] = []

    async def run(source: str, *args: str, **env: str) -> asyncio.subprocess.Process:
        path = tmp_path / f"script{len(started)}.py"
        path.write_text(textwrap.dedent(source))
        cmd = [*args] if args else [sys.executable, "-u", str(path)]
        proc = await asyncio.create_subprocess_exec(
            *cmd,
            cwd=tmp_path,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **env},
        )
        started.append(proc)
        return proc

    yield run
    for proc in started:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()


async def _read_until(stream: asyncio.StreamReader, marker: bytes) -> bytes:
    """Everything up to and including the line holding `marker` (bounded by TIMEOUT)."""
    seen = b""

    async def read() -> bytes:
        nonlocal seen
        while marker not in seen:
            line = await stream.readline()
            if not line:
                raise AssertionError(f"stream ended before {marker!r}: {seen!r}")
            seen += line
        return seen

    return await asyncio.wait_for(read(), TIMEOUT)


async def _stop(proc: asyncio.subprocess.Process, sig: int) -> tuple[int, str, str]:
    proc.send_signal(sig)
    out, err = await asyncio.wait_for(proc.communicate(), TIMEOUT)
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


async def test_003_simplest_server_run_app(script_runner: Any, aiohttp_unused_port: Any) -> None:
    port = aiohttp_unused_port()
    proc = await script_runner(SIMPLEST_SERVER.replace("PORT", str(port)))
    banner = await _read_until(proc.stdout, b"(Press CTRL+C to quit)")
    assert banner.decode() == (
        f"======== Running on http://localhost:{port} ========\n(Press CTRL+C to quit)\n"
    )
    async with (
        aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TIMEOUT)) as session,
        session.get(f"http://127.0.0.1:{port}/") as resp,
    ):
        assert (resp.status, await resp.text()) == (200, "Hello from aiohttp server!")
    code, out, err = await _stop(proc, signal.SIGINT)  # CTRL+C
    assert (code, out) == (0, ""), err
    assert "Traceback" not in err


async def _run_settings_app(script_runner: Any, port: int, source: str) -> tuple[str, str]:
    """Serve `source`, send the seed app four requests, stop it with CTRL+C: (stdout, stderr).

    Run in asyncio's debug mode, where run_app makes the default access log visible (as
    aiohttp's does), so that `access_log=None` has something to switch off."""
    proc = await script_runner(source.replace("PORT", str(port)), PYTHONASYNCIODEBUG="1")
    await _read_until(proc.stdout, b"(Press CTRL+C to quit)")
    base = f"http://127.0.0.1:{port}"
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TIMEOUT)) as session:
        async with session.get(base + "/") as resp:
            assert await resp.text() == "Main page"
        async with session.get(base + "/api/users") as resp:
            assert (resp.status, await resp.json()) == (401, {"error": "Unauthorized"})
        headers = {"Authorization": "Bearer t"}
        async with session.post(base + "/api/users", json={"name": "Ann"}, headers=headers) as resp:
            assert await resp.json() == {"id": 2, "name": "Ann"}
        async with session.get(base + "/missing") as resp:
            assert (resp.status, await resp.json()) == (404, {"error": "Not Found"})
    code, out, err = await _stop(proc, signal.SIGINT)
    assert code == 0, err
    return out, err


async def test_003_running_with_settings(script_runner: Any, aiohttp_unused_port: Any) -> None:
    out, err = await _run_settings_app(script_runner, aiohttp_unused_port(), RUNNING_WITH_SETTINGS)
    assert _lines(out) == [
        "GET / - 200 - T",
        "GET /api/users - 401 - T",
        "POST /api/users - 200 - T",
        "GET /missing - 404 - T",
    ]
    assert '"GET / HTTP/1.1" 200' not in err  # access_log=None: no access log lines

    # the control: without the seed's access_log=None, the same run logs each request
    default_log = RUNNING_WITH_SETTINGS.replace("access_log=None, # Disable standard logging", "")
    assert default_log != RUNNING_WITH_SETTINGS
    _, err = await _run_settings_app(script_runner, aiohttp_unused_port(), default_log)
    assert '"GET / HTTP/1.1" 200 ' in err and '"GET /missing HTTP/1.1" 404 ' in err, err


# --- "Integration with Gunicorn": the command line and gunicorn.conf.py -------------------------

GUNICORN_APP = """
from wirehttp import web
async def hello_handler(request):
    return web.Response(text="Hello from aiohttp server!")
async def create_app():
    app = web.Application()
    app.router.add_get('/', hello_handler)
    return app
"""

GUNICORN_CONF = """
bind = "127.0.0.1:PORT"
worker_class = "wirehttp.GunicornWebWorker"
workers = 4
worker_connections = 1000
max_requests = 1000
max_requests_jitter = 100
preload_app = True
"""


@pytest.mark.parametrize("how", ["command line", "gunicorn.conf.py"])
async def test_003_gunicorn(
    how: str, script_runner: Any, aiohttp_unused_port: Any, tmp_path: Path
) -> None:
    port = aiohttp_unused_port()
    (tmp_path / "app.py").write_text(textwrap.dedent(GUNICORN_APP))
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    if how == "command line":
        # gunicorn app:create_app --bind 0.0.0.0:8080 --worker-class aiohttp.GunicornWebWorker
        #   --workers 4
        args = [gunicorn, "app:create_app", "--bind", f"127.0.0.1:{port}"]
        args += ["--worker-class", "wirehttp.GunicornWebWorker", "--workers", "4"]
    else:
        (tmp_path / "gunicorn.conf.py").write_text(
            textwrap.dedent(GUNICORN_CONF).replace("PORT", str(port))
        )
        args = [gunicorn, "app:create_app"]  # gunicorn reads ./gunicorn.conf.py by itself
    proc = await script_runner("", *args)
    await _read_until(proc.stderr, f"Listening at: http://127.0.0.1:{port}".encode())
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TIMEOUT)) as session:
        for _ in range(8):
            async with session.get(f"http://127.0.0.1:{port}/") as resp:
                assert (resp.status, await resp.text()) == (200, "Hello from aiohttp server!")
    code, _, err = await _stop(proc, signal.SIGTERM)
    assert code == 0, err
    assert err.count("Booting worker with pid") == 4
    assert "Traceback" not in err and "Exception" not in err, err

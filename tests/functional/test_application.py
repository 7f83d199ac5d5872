"""Application behaviour through a real runner: state, lifecycle hooks, sub-apps, domains, freezing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from rawhttp import exchange

from wirehttp import web
from wirehttp.pytest_plugin import AiohttpServer

TIMEOUT = httpx.Timeout(10.0)
EVENTS = web.AppKey("events", list)
DB = web.AppKey("db", str)


async def test_appkey_state_visible_to_handlers(aiohttp_server: AiohttpServer) -> None:
    async def handler(request: web.Request) -> web.Response:
        return web.Response(text=request.app[DB])

    app = web.Application()
    app[DB] = "postgres://x"
    app.router.add_get("/", handler)
    server = await aiohttp_server(app)
    resp = await exchange(server.port, b"GET / HTTP/1.1\r\nHost: t\r\n\r\n")
    assert resp.body == b"postgres://x"


def test_plain_string_app_key_warns() -> None:
    app = web.Application()
    with pytest.warns(web.NotAppKeyWarning):
        app["plain"] = 1
    assert app["plain"] == 1


async def test_lifecycle_order_with_cleanup_ctx(aiohttp_server: AiohttpServer) -> None:
    events: list[str] = []

    async def on_startup(app: web.Application) -> None:
        events.append("startup")

    async def on_shutdown(app: web.Application) -> None:
        events.append("shutdown")

    async def on_cleanup(app: web.Application) -> None:
        events.append("cleanup")

    async def ctx_a(app: web.Application) -> AsyncIterator[None]:
        events.append("ctx_a up")
        yield
        events.append("ctx_a down")

    async def ctx_b(app: web.Application) -> AsyncIterator[None]:
        events.append("ctx_b up")
        yield
        events.append("ctx_b down")

    async def handler(request: web.Request) -> web.Response:
        events.append("request")
        return web.Response(text="ok")

    app = web.Application()
    app.on_startup.append(on_startup)
    app.cleanup_ctx.extend([ctx_a, ctx_b])
    app.on_shutdown.append(on_shutdown)
    app.on_cleanup.append(on_cleanup)
    app.router.add_get("/", handler)
    server = await aiohttp_server(app)
    await exchange(server.port, b"GET / HTTP/1.1\r\nHost: t\r\n\r\n")
    await server.close()
    # As aiohttp: cleanup contexts hook into on_startup/on_cleanup when the app is made, so they
    # enter before later startup hooks and exit (in reverse) before later cleanup hooks.
    assert events == [
        "ctx_a up",
        "ctx_b up",
        "startup",
        "request",
        "shutdown",
        "ctx_b down",
        "ctx_a down",
        "cleanup",
    ]


async def test_subapp_hooks_and_state(aiohttp_server: AiohttpServer) -> None:
    events: list[str] = []

    def hooks(name: str, app: web.Application) -> None:
        async def up(app: web.Application) -> None:
            events.append(f"{name} startup")

        async def down(app: web.Application) -> None:
            events.append(f"{name} cleanup")

        app.on_startup.append(up)
        app.on_cleanup.append(down)

    root, sub = web.Application(), web.Application()
    hooks("root", root)
    hooks("sub", sub)
    root.add_subapp("/sub", sub)
    server = await aiohttp_server(root)
    await server.close()
    assert events == ["root startup", "sub startup", "root cleanup", "sub cleanup"]


async def test_subapp_routing_url_for_and_middlewares(aiohttp_server: AiohttpServer) -> None:
    seen: list[str] = []

    @web.middleware
    async def sub_only(request: web.Request, handler: Any) -> Any:
        seen.append(request.path)
        return await handler(request)

    async def item(request: web.Request) -> web.Response:
        url = request.app.router["item"].url_for(id="7")
        return web.Response(text=f"{request.match_info['id']} {url}")

    async def root_handler(request: web.Request) -> web.Response:
        return web.Response(text="root")

    root = web.Application()
    root.router.add_get("/", root_handler)
    sub = web.Application(middlewares=[sub_only])
    sub.router.add_get("/items/{id}", item, name="item")
    root.add_subapp("/api/", sub)
    server = await aiohttp_server(root)
    async with httpx.AsyncClient(base_url=str(server.make_url("/")), timeout=TIMEOUT) as client:
        resp = await client.get("/api/items/3")
        root_resp = await client.get("/")
        missing = await client.get("/api/nothing")
    assert resp.text == "3 /api/items/7"
    assert root_resp.text == "root"
    assert missing.status_code == 404
    assert seen[0] == "/api/items/3" and "/" not in seen


async def test_add_domain(aiohttp_server: AiohttpServer) -> None:
    async def handler(request: web.Request) -> web.Response:
        return web.Response(text=f"domain app for {request.host}")

    async def fallback(request: web.Request) -> web.Response:
        return web.Response(text="main app")

    root = web.Application()
    domain_app = web.Application()
    domain_app.router.add_get("/", handler)
    root.add_domain("*.example.com", domain_app)
    root.router.add_get("/", fallback)
    server = await aiohttp_server(root)
    async with httpx.AsyncClient(base_url=str(server.make_url("/")), timeout=TIMEOUT) as client:
        match = await client.get("/", headers={"Host": "api.example.com"})
        other = await client.get("/", headers={"Host": "other.org"})
    assert match.text == "domain app for api.example.com"
    assert other.text == "main app"


async def test_frozen_after_start(aiohttp_server: AiohttpServer) -> None:
    async def handler(request: web.Request) -> web.Response:
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_get("/", handler)
    await aiohttp_server(app)
    assert app.frozen
    with pytest.raises(RuntimeError):
        app.router.add_get("/late", handler)
    with pytest.raises(RuntimeError):
        app.add_subapp("/late", web.Application())
    with pytest.raises(RuntimeError):
        app.on_startup.append(handler)  # type: ignore[arg-type]
    with pytest.warns(DeprecationWarning):
        app[DB] = "changed"


async def test_client_max_size_per_app(aiohttp_server: AiohttpServer) -> None:
    """wirehttp applies the sub-app's own client_max_size (documented in _web/app.py).

    aiohttp 3.14 applies the root app's limit everywhere; this is a deliberate difference.
    """

    async def handler(request: web.Request) -> web.Response:
        return web.Response(text=str(len(await request.read())))

    root = web.Application(client_max_size=100)
    root.router.add_post("/", handler)
    sub = web.Application(client_max_size=10_000)
    sub.router.add_post("/", handler)
    root.add_subapp("/big", sub)
    server = await aiohttp_server(root)
    async with httpx.AsyncClient(base_url=str(server.make_url("/")), timeout=TIMEOUT) as client:
        small_ok = await client.post("/", content=b"x" * 100)
        small_too_big = await client.post("/", content=b"x" * 101)
        big_ok = await client.post("/big/", content=b"x" * 5000)
    assert small_ok.text == "100"
    assert small_too_big.status_code == 413
    assert big_ok.text == "5000"


async def test_on_response_prepare(aiohttp_server: AiohttpServer) -> None:
    async def add_header(request: web.Request, response: web.StreamResponse) -> None:
        response.headers["X-Prepared"] = request.path

    async def handler(request: web.Request) -> web.Response:
        return web.Response(text="ok")

    app = web.Application()
    app.on_response_prepare.append(add_header)
    app.router.add_get("/p", handler)
    server = await aiohttp_server(app)
    found = await exchange(server.port, b"GET /p HTTP/1.1\r\nHost: t\r\n\r\n")
    missing = await exchange(server.port, b"GET /missing HTTP/1.1\r\nHost: t\r\n\r\n")
    assert found.headers["X-Prepared"] == "/p"
    assert missing.headers["X-Prepared"] == "/missing"

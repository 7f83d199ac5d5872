"""Middlewares through the real server: aiohttp's order, sub-apps, normalize_path_middleware."""

from __future__ import annotations

from typing import Any

import pytest
from rawhttp import exchange

from wirehttp import web
from wirehttp.pytest_plugin import AiohttpServer

LOG = web.AppKey("log", list)


def _recorder(name: str) -> Any:
    @web.middleware
    async def middleware(request: web.Request, handler: Any) -> Any:
        request.config_dict[LOG].append(f"{name}>")
        response = await handler(request)
        request.config_dict[LOG].append(f"<{name}")
        response.headers.add("X-Trace", name)
        return response

    return middleware


async def test_order_of_before_and_after(aiohttp_server: AiohttpServer) -> None:
    log: list[str] = []

    async def handler(request: web.Request) -> web.Response:
        log.append("handler")
        return web.Response(text="ok")

    app = web.Application(middlewares=[_recorder("m1"), _recorder("m2"), _recorder("m3")])
    app[LOG] = log
    app.router.add_get("/", handler)
    server = await aiohttp_server(app)
    resp = await exchange(server.port, b"GET / HTTP/1.1\r\nHost: t\r\n\r\n")
    assert resp.status == 200
    assert log == ["m1>", "m2>", "m3>", "handler", "<m3", "<m2", "<m1"]
    # The innermost middleware touched the response first.
    assert resp.headers.getall("X-Trace") == ["m3", "m2", "m1"]


async def test_subapp_middlewares_run_inside_the_parents(aiohttp_server: AiohttpServer) -> None:
    log: list[str] = []

    async def handler(request: web.Request) -> web.Response:
        log.append("handler")
        return web.Response(text="ok")

    root = web.Application(middlewares=[_recorder("root1"), _recorder("root2")])
    root[LOG] = log
    sub = web.Application(middlewares=[_recorder("sub")])
    sub.router.add_get("/h", handler)
    root.router.add_get("/h", handler)
    root.add_subapp("/sub", sub)
    server = await aiohttp_server(root)
    resp = await exchange(server.port, b"GET /sub/h HTTP/1.1\r\nHost: t\r\n\r\n")
    assert resp.status == 200
    assert log == ["root1>", "root2>", "sub>", "handler", "<sub", "<root2", "<root1"]
    log.clear()
    resp = await exchange(server.port, b"GET /h HTTP/1.1\r\nHost: t\r\n\r\n")
    assert log == ["root1>", "root2>", "handler", "<root2", "<root1"]


async def test_middleware_sees_404_and_can_replace_it(aiohttp_server: AiohttpServer) -> None:
    @web.middleware
    async def custom_404(request: web.Request, handler: Any) -> Any:
        try:
            return await handler(request)
        except web.HTTPNotFound:
            return web.Response(status=404, text="custom not found")

    app = web.Application(middlewares=[custom_404])
    server = await aiohttp_server(app)
    resp = await exchange(server.port, b"GET /missing HTTP/1.1\r\nHost: t\r\n\r\n")
    assert (resp.status, resp.body) == (404, b"custom not found")


async def test_middleware_can_short_circuit_and_modify_request(
    aiohttp_server: AiohttpServer,
) -> None:
    @web.middleware
    async def rewrite(request: web.Request, handler: Any) -> Any:
        if request.headers.get("X-Block"):
            return web.Response(status=401, text="blocked")
        return await handler(request.clone(headers={"X-Added": "yes"}))

    async def handler(request: web.Request) -> web.Response:
        return web.Response(text=request.headers.get("X-Added", "no"))

    app = web.Application(middlewares=[rewrite])
    app.router.add_get("/", handler)
    server = await aiohttp_server(app)
    blocked = await exchange(server.port, b"GET / HTTP/1.1\r\nHost: t\r\nX-Block: 1\r\n\r\n")
    passed = await exchange(server.port, b"GET / HTTP/1.1\r\nHost: t\r\n\r\n")
    assert (blocked.status, blocked.body) == (401, b"blocked")
    assert passed.body == b"yes"


def _normalizing_app(**kwargs: Any) -> web.Application:
    async def handler(request: web.Request) -> web.Response:
        return web.Response(text=f"at {request.path}")

    app = web.Application(middlewares=[web.normalize_path_middleware(**kwargs)])
    for path in ("/", "/slash/", "/noslash", "/a/b/", "/evil.example/", "/evil.example"):
        app.router.add_get(path, handler)
    return app


@pytest.mark.parametrize(
    ("kwargs", "target", "location"),
    [
        ({}, "/slash", "/slash/"),
        ({}, "/slash?x=1&y=2", "/slash/?x=1&y=2"),
        ({}, "//a///b", "/a/b/"),
        ({"merge_slashes": False}, "/a/b", "/a/b/"),
        ({"append_slash": False, "remove_slash": True}, "/noslash/", "/noslash"),
        ({"append_slash": False, "remove_slash": True}, "/noslash/?q", "/noslash?q"),
        ({"append_slash": False}, "/a//b/", "/a/b/"),
    ],
)
async def test_normalize_path_redirects(
    aiohttp_server: AiohttpServer, kwargs: dict[str, Any], target: str, location: str
) -> None:
    server = await aiohttp_server(_normalizing_app(**kwargs))
    resp = await exchange(server.port, f"GET {target} HTTP/1.1\r\nHost: t\r\n\r\n".encode())
    assert resp.status == 308
    assert resp.headers["Location"] == location


async def test_normalize_path_leaves_matching_and_hopeless_paths(
    aiohttp_server: AiohttpServer,
) -> None:
    server = await aiohttp_server(_normalizing_app())
    found = await exchange(server.port, b"GET /slash/ HTTP/1.1\r\nHost: t\r\n\r\n")
    missing = await exchange(server.port, b"GET /nowhere HTTP/1.1\r\nHost: t\r\n\r\n")
    assert (found.status, found.body) == (200, b"at /slash/")
    assert missing.status == 404


async def test_normalize_path_custom_redirect_class(aiohttp_server: AiohttpServer) -> None:
    server = await aiohttp_server(_normalizing_app(redirect_class=web.HTTPMovedPermanently))
    resp = await exchange(server.port, b"GET /slash HTTP/1.1\r\nHost: t\r\n\r\n")
    assert (resp.status, resp.headers["Location"]) == (301, "/slash/")


HOSTILE = [
    "//evil.example",
    "//evil.example/",
    "///evil.example",
    "//evil.example//",
    "/\\evil.example",
    "/\\evil.example/",
    "/\\/evil.example",
    "//\\evil.example",
    "/%2F/evil.example",
    "//evil.example/?next=1",
]
CONFIGS = [
    {},
    {"merge_slashes": False},
    {"append_slash": False, "remove_slash": True},
    {"append_slash": False, "remove_slash": True, "merge_slashes": False},
]


@pytest.mark.parametrize("kwargs", CONFIGS)
async def test_normalize_path_never_redirects_off_origin(
    aiohttp_server: AiohttpServer, kwargs: dict[str, Any]
) -> None:
    server = await aiohttp_server(_normalizing_app(**kwargs))
    for target in HOSTILE:
        resp = await exchange(server.port, f"GET {target} HTTP/1.1\r\nHost: t\r\n\r\n".encode())
        location = resp.headers.get("Location", "")
        assert not location.startswith(("//", "/\\", "\\")), (target, location)
        assert "://" not in location, (target, location)
        if 300 <= resp.status < 400:
            assert location.startswith("/"), (target, location)

"""Routing through the real server: route kinds, path syntax, views, 404/405, HEAD, static."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from rawhttp import exchange

from wirehttp import web
from wirehttp.pytest_plugin import AiohttpServer

TIMEOUT = httpx.Timeout(10.0)


async def _echo(request: web.Request) -> web.Response:
    return web.Response(
        text=f"{request.method} {request.match_info.route.resource.canonical if request.match_info.route.resource else ''} {dict(request.match_info)}"
    )


async def _client_for(aiohttp_server: AiohttpServer, app: web.Application) -> httpx.AsyncClient:
    server = await aiohttp_server(app)
    return httpx.AsyncClient(base_url=str(server.make_url("/")), timeout=TIMEOUT)


async def test_add_method_shortcuts(aiohttp_server: AiohttpServer) -> None:
    app = web.Application()
    app.router.add_get("/r", _echo)
    app.router.add_post("/r", _echo)
    app.router.add_put("/r", _echo)
    app.router.add_patch("/r", _echo)
    app.router.add_delete("/r", _echo)
    app.router.add_head("/h", _echo)
    app.router.add_route("OPTIONS", "/r", _echo)
    app.router.add_route("*", "/any", _echo)
    client = await _client_for(aiohttp_server, app)
    async with client:
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"):
            resp = await client.request(method, "/r")
            assert (resp.status_code, resp.text.split()[0]) == (200, method)
        head = await client.head("/h")
        assert head.status_code == 200 and head.content == b""
        for method in ("GET", "POST", "PROPFIND", "DELETE"):
            resp = await client.request(method, "/any")
            assert resp.text.split()[0] == method


async def test_405_lists_allowed_methods_and_404(aiohttp_server: AiohttpServer) -> None:
    app = web.Application()
    app.router.add_get("/r", _echo)
    app.router.add_post("/r", _echo)
    client = await _client_for(aiohttp_server, app)
    async with client:
        not_allowed = await client.put("/r")
        missing = await client.get("/nope")
    assert not_allowed.status_code == 405
    assert set(not_allowed.headers["Allow"].split(",")) == {"GET", "HEAD", "POST"}
    assert not_allowed.text == "405: Method Not Allowed"
    assert (missing.status_code, missing.text) == (404, "404: Not Found")


async def test_head_served_by_get_routes(aiohttp_server: AiohttpServer) -> None:
    async def handler(request: web.Request) -> web.Response:
        return web.Response(text=f"method={request.method}", headers={"X-M": request.method})

    app = web.Application()
    app.router.add_get("/g", handler)
    app.router.add_get("/nohead", handler, allow_head=False)
    client = await _client_for(aiohttp_server, app)
    async with client:
        head = await client.head("/g")
        nohead = await client.head("/nohead")
    assert head.status_code == 200
    assert head.headers["X-M"] == "HEAD"
    assert head.headers["Content-Length"] == str(len("method=HEAD"))
    assert head.content == b""
    assert nohead.status_code == 405


async def test_dynamic_segments_and_regex(aiohttp_server: AiohttpServer) -> None:
    app = web.Application()
    app.router.add_get("/users/{name}", _echo)
    app.router.add_get("/nums/{n:\\d+}", _echo)
    app.router.add_get("/files/{path:.+}", _echo)
    app.router.add_get("/{a}-{b}/x", _echo)
    client = await _client_for(aiohttp_server, app)
    async with client:
        user = await client.get("/users/bob%20smith")
        num = await client.get("/nums/123")
        not_num = await client.get("/nums/abc")
        path = await client.get("/files/a/b/c.txt")
        pair = await client.get("/one-two/x")
    assert "{'name': 'bob smith'}" in user.text
    assert "{'n': '123'}" in num.text
    assert not_num.status_code == 404
    assert "{'path': 'a/b/c.txt'}" in path.text
    assert "{'a': 'one', 'b': 'two'}" in pair.text


async def test_path_with_leading_double_slash_is_not_an_authority(
    aiohttp_server: AiohttpServer,
) -> None:
    """`GET //evil.example/x` asks for path `//evil.example/x`, never for `/x` (aiohttp agrees)."""
    app = web.Application()
    app.router.add_get("/x", _echo)
    app.router.add_get("/", _echo)
    server = await aiohttp_server(app)
    for target in ("//evil.example/x", "//evil.example/", "///x"):
        resp = await exchange(server.port, f"GET {target} HTTP/1.1\r\nHost: t\r\n\r\n".encode())
        assert resp.status == 404, target


async def test_route_table_def_and_module_level_defs(aiohttp_server: AiohttpServer) -> None:
    routes = web.RouteTableDef()

    @routes.get("/t/{id}")
    async def get_item(request: web.Request) -> web.Response:
        return web.Response(text=f"get {request.match_info['id']}")

    @routes.post("/t/{id}")
    async def post_item(request: web.Request) -> web.Response:
        return web.Response(text=f"post {request.match_info['id']}")

    @routes.view("/view")
    class ItemView(web.View):
        async def get(self) -> web.Response:
            return web.Response(text="view get")

    async def deleted(request: web.Request) -> web.Response:
        return web.Response(status=204)

    app = web.Application()
    app.add_routes(routes)
    app.add_routes(
        [
            web.delete("/t/{id}", deleted),
            web.get("/plain", _echo, name="plain"),
            web.route("PUT", "/put", _echo),
        ]
    )
    client = await _client_for(aiohttp_server, app)
    async with client:
        assert (await client.get("/t/5")).text == "get 5"
        assert (await client.post("/t/6")).text == "post 6"
        assert (await client.delete("/t/7")).status_code == 204
        assert (await client.get("/view")).text == "view get"
        assert (await client.get("/plain")).status_code == 200
        assert (await client.put("/put")).text.startswith("PUT")


async def test_class_based_view(aiohttp_server: AiohttpServer) -> None:
    class Items(web.View):
        async def get(self) -> web.Response:
            return web.Response(text=f"list {self.request.query.get('page', '1')}")

        async def post(self) -> web.Response:
            data = await self.request.json()
            return web.json_response({"created": data}, status=201)

    app = web.Application()
    app.router.add_view("/items", Items)
    client = await _client_for(aiohttp_server, app)
    async with client:
        listed = await client.get("/items?page=3")
        created = await client.post("/items", json={"x": 1})
        head = await client.head("/items")
        other = await client.put("/items")
    assert listed.text == "list 3"
    assert (created.status_code, created.json()) == (201, {"created": {"x": 1}})
    assert head.status_code in (
        200,
        405,
    )  # aiohttp answers HEAD on a View from get() only if defined
    assert other.status_code == 405
    assert set(other.headers["Allow"].split(",")) >= {"GET", "POST"}


async def test_named_resources_and_url_for(aiohttp_server: AiohttpServer) -> None:
    async def handler(request: web.Request) -> web.Response:
        router = request.app.router
        return web.json_response(
            {
                "user": str(router["user"].url_for(name="a b")),
                "query": str(router["index"].url_for().with_query(page=2)),
                "static": str(router["static"].url_for(filename="x/y.txt")),
            }
        )

    app = web.Application()
    app.router.add_get("/", handler, name="index")
    app.router.add_get("/users/{name}", handler, name="user")
    app.router.add_static("/s", Path(__file__).parent, name="static")
    client = await _client_for(aiohttp_server, app)
    async with client:
        data = (await client.get("/")).json()
    assert data == {"user": "/users/a%20b", "query": "/?page=2", "static": "/s/x/y.txt"}


async def test_static_files(aiohttp_server: AiohttpServer, tmp_path: Path) -> None:
    (tmp_path / "hello.txt").write_bytes(b"static hello")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "data.json").write_bytes(b'{"k": 1}')
    app = web.Application()
    app.router.add_static("/static", tmp_path)
    app.add_routes([web.static("/other", tmp_path / "sub")])
    client = await _client_for(aiohttp_server, app)
    async with client:
        hello = await client.get("/static/hello.txt")
        nested = await client.get("/static/sub/data.json")
        via_def = await client.get("/other/data.json")
        missing = await client.get("/static/nope.txt")
        head = await client.head("/static/hello.txt")
    assert (hello.status_code, hello.content) == (200, b"static hello")
    assert hello.headers["Content-Type"].startswith("text/plain")
    assert nested.content == b'{"k": 1}' and nested.headers["Content-Type"].startswith(
        "application/json"
    )
    assert via_def.content == b'{"k": 1}'
    assert missing.status_code == 404
    assert (
        head.status_code == 200 and head.headers["Content-Length"] == "12" and head.content == b""
    )


@pytest.mark.parametrize(
    "target",
    [
        "/static/../secret.txt",
        "/static/%2e%2e/secret.txt",
        "/static/..%2fsecret.txt",
        "/static/sub/../../secret.txt",
    ],
)
async def test_static_traversal_is_404(
    aiohttp_server: AiohttpServer, tmp_path: Path, target: str
) -> None:
    root = tmp_path / "root"
    root.mkdir()
    (tmp_path / "secret.txt").write_bytes(b"secret")
    app = web.Application()
    app.router.add_static("/static", root)
    server = await aiohttp_server(app)
    resp = await exchange(server.port, f"GET {target} HTTP/1.1\r\nHost: t\r\n\r\n".encode())
    assert resp.status in (403, 404)
    assert b"secret" not in resp.body

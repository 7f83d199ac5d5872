"""RouteTableDef decorators and the web.get()/post()/... definition functions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from wirehttp._web.routing import (
    RouteDef,
    RouteTableDef,
    StaticDef,
    UrlDispatcher,
    View,
    delete,
    get,
    head,
    options,
    patch,
    post,
    put,
    route,
    static,
    view,
)


async def handler(request: Any) -> Any: ...


class ItemView(View):
    async def get(self) -> Any: ...


def test_table_decorators_collect_definitions_and_return_the_handler() -> None:
    routes = RouteTableDef()

    @routes.get("/a", name="a")
    async def a(request: Any) -> Any: ...

    @routes.post("/a", name="a")
    async def a_post(request: Any) -> Any: ...

    routes.put("/p")(handler)
    routes.patch("/p")(handler)
    routes.delete("/p")(handler)
    routes.head("/h")(handler)
    routes.options("/o")(handler)
    routes.route("BREW", "/coffee")(handler)
    routes.view("/v")(ItemView)

    assert a.__name__ == "a"  # the decorator hands the function back unchanged
    assert len(routes) == 9
    assert isinstance(routes[0], RouteDef) and routes[0].method == "GET"
    assert [d.method for d in routes[1:3]] == ["POST", "PUT"]  # type: ignore[attr-defined]
    assert routes[0] in routes
    assert repr(routes) == "<RouteTableDef count=9>"

    router = UrlDispatcher()
    registered = router.add_routes(routes)
    methods = [r.method for r in registered]
    assert methods == ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "BREW", "*"]
    # GET's HEAD companion is registered but add_routes returns what add_get returns.
    assert sorted(r.method for r in router["a"]) == ["GET", "HEAD", "POST"]


def test_definition_functions() -> None:
    defs = [
        get("/g", handler, name="g"),
        get("/nohead", handler, allow_head=False),
        post("/x", handler),
        put("/x", handler),
        patch("/x", handler),
        delete("/x", handler),
        head("/h", handler),
        options("/o", handler),
        route("TRACE", "/t", handler),
        view("/v", ItemView),
    ]
    router = UrlDispatcher()
    registered = router.add_routes(defs)
    assert [r.method for r in registered] == [
        "GET",
        "GET",
        "POST",
        "PUT",
        "PATCH",
        "DELETE",
        "HEAD",
        "OPTIONS",
        "TRACE",
        "*",
    ]
    assert sorted(r.method for r in router["g"]) == ["GET", "HEAD"]
    assert [r.method for r in registered[1].resource] == ["GET"]  # type: ignore[union-attr]


def test_route_def_repr_and_immutability() -> None:
    definition = get("/g", handler, name="g")
    assert repr(definition) == "<RouteDef GET /g -> 'handler', allow_head=True, name='g'>"
    with pytest.raises(AttributeError):
        definition.path = "/other"  # type: ignore[misc]


def test_static_defs_register_get_and_head(tmp_path: Path) -> None:
    routes = RouteTableDef()
    routes.static("/s", tmp_path, name="files")
    definition = static("/t", tmp_path)
    assert isinstance(definition, StaticDef)
    assert repr(definition) == f"<StaticDef /t -> {tmp_path}>"
    router = UrlDispatcher()
    registered = router.add_routes([*routes, definition])
    assert sorted(r.method for r in registered) == ["GET", "GET", "HEAD", "HEAD"]
    assert str(router["files"].url_for(filename="a.txt")) == "/s/a.txt"

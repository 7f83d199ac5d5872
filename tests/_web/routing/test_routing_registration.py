"""Router registration: add_* shortcuts, validation of names, paths and methods, named
resources and url_for, the resources()/routes() views, and freezing."""

from __future__ import annotations

from typing import Any

import pytest

from wirehttp._web.routing import (
    DynamicResource,
    PlainResource,
    ResourceRoute,
    UrlDispatcher,
    View,
)


async def handler(request: Any) -> Any: ...
async def other(request: Any) -> Any: ...


class ItemView(View):
    async def get(self) -> Any: ...


def test_add_get_registers_head_unless_disallowed() -> None:
    router = UrlDispatcher()
    route = router.add_get("/a", handler)
    assert route.method == "GET"
    assert sorted(r.method for r in router.routes()) == ["GET", "HEAD"]
    only_get = router.add_get("/b", handler, allow_head=False)
    assert [r.method for r in only_get.resource] == ["GET"]  # type: ignore[union-attr]
    assert sorted(r.method for r in router.routes()) == ["GET", "GET", "HEAD"]


@pytest.mark.parametrize(
    ("adder", "method"),
    [
        ("add_post", "POST"),
        ("add_put", "PUT"),
        ("add_patch", "PATCH"),
        ("add_delete", "DELETE"),
        ("add_head", "HEAD"),
        ("add_options", "OPTIONS"),
        ("add_view", "*"),
    ],
)
def test_shortcuts_register_their_method(adder: str, method: str) -> None:
    router = UrlDispatcher()
    target = ItemView if adder == "add_view" else handler
    route = getattr(router, adder)("/x", target)
    assert isinstance(route, ResourceRoute)
    assert route.method == method
    assert [r.method for r in router.routes()] == [method]


def test_plain_and_dynamic_resources_are_chosen_by_path() -> None:
    router = UrlDispatcher()
    plain = router.add_resource("/a/b")
    dynamic = router.add_resource("/a/{x}")
    assert isinstance(plain, PlainResource) and isinstance(dynamic, DynamicResource)
    assert plain.canonical == "/a/b" and dynamic.canonical == "/a/{x}"


def test_consecutive_routes_on_the_same_path_share_one_resource() -> None:
    router = UrlDispatcher()
    get = router.add_get("/a", handler, name="a")
    post = router.add_post("/a", handler, name="a")
    assert get.resource is post.resource
    assert len(router.resources()) == 1
    assert router["a"] is get.resource


def test_same_method_twice_on_one_resource_is_rejected() -> None:
    router = UrlDispatcher()
    router.add_post("/a", handler)
    with pytest.raises(RuntimeError, match="already registered"):
        router.add_post("/a", other)
    resource = router.add_resource("/any")
    resource.add_route("*", handler)
    with pytest.raises(RuntimeError, match="will never be executed"):
        resource.add_route("GET", other)


@pytest.mark.parametrize("path", ["a", "users/{id}", "*"])
def test_path_must_start_with_slash(path: str) -> None:
    with pytest.raises(ValueError, match="path should be started with /"):
        UrlDispatcher().add_get(path, handler)


@pytest.mark.parametrize("path", ["/{", "/a}", "/{1x}", "/{x:}", "/{x}/{x}", "/{x:(}", "/{x-y}"])
def test_bad_templates_are_rejected(path: str) -> None:
    with pytest.raises(ValueError):
        UrlDispatcher().add_get(path, handler)


@pytest.mark.parametrize("method", ["GE T", "GET\r\n", "", "G/ET", "GÉT"])
def test_bad_methods_are_rejected(method: str) -> None:
    with pytest.raises(ValueError, match="not allowed HTTP method"):
        UrlDispatcher().add_route(method, "/", handler)


def test_method_is_upper_cased() -> None:
    assert UrlDispatcher().add_route("patch", "/", handler).method == "PATCH"


@pytest.mark.parametrize(
    "name", ["users", "api.users", "api:users-list", "_private", "v2.item_detail"]
)
def test_good_names(name: str) -> None:
    router = UrlDispatcher()
    router.add_get("/", handler, name=name)
    assert name in router and list(router) == [name] and len(router) == 1


@pytest.mark.parametrize("name", ["2fast", "a b", "a..b", "class", "api.return", "", "a/b", "a.b."])
def test_bad_names(name: str) -> None:
    with pytest.raises(ValueError, match="Incorrect route name"):
        UrlDispatcher().add_get("/", handler, name=name)


def test_duplicate_names_are_rejected() -> None:
    router = UrlDispatcher()
    router.add_get("/a", handler, name="item")
    with pytest.raises(ValueError, match="Duplicate 'item'"):
        router.add_get("/b", handler, name="item")


def test_unknown_name_is_a_key_error_and_named_resources_is_read_only() -> None:
    router = UrlDispatcher()
    router.add_get("/a", handler, name="a")
    with pytest.raises(KeyError):
        router["missing"]
    named = router.named_resources()
    assert dict(named) == {"a": router["a"]}
    with pytest.raises(TypeError):
        named["b"] = router["a"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("path", "parts", "expected"),
    [
        ("/users/{id}", {"id": "42"}, "/users/42"),
        ("/users/{id}", {"id": "a b/c?d#e%f"}, "/users/a%20b/c%3Fd%23e%25f"),
        ("/users/{id}", {"id": "€"}, "/users/%E2%82%AC"),
        ("/{a}/x/{b:\\d+}", {"a": "1", "b": "2"}, "/1/x/2"),
        ("/plain", {}, "/plain"),
        ("/with space", {}, "/with%20space"),
        ("/caf%C3%A9", {}, "/caf%C3%A9"),
    ],
)
def test_url_for(path: str, parts: dict[str, str], expected: str) -> None:
    router = UrlDispatcher()
    router.add_get(path, handler, name="r")
    url = router["r"].url_for(**parts)
    assert url.raw_path == expected
    assert str(url.with_query(page="2 3")) == expected + "?page=2+3"


def test_url_for_missing_part_raises_and_route_url_for_delegates() -> None:
    router = UrlDispatcher()
    route = router.add_get("/u/{id}", handler, name="u")
    with pytest.raises(KeyError):
        router["u"].url_for()
    assert str(route.url_for(id="5")) == "/u/5"
    assert route.name == "u"


def test_views_are_sized_iterable_containers() -> None:
    router = UrlDispatcher()
    route = router.add_get("/a", handler)
    resource = route.resource
    assert len(router.resources()) == 1 and resource in router.resources()
    assert list(router.resources()) == [resource]
    assert len(router.routes()) == 2 and route in router.routes()
    assert len(resource) == 2 and route in list(resource)  # type: ignore[arg-type]


def test_freeze_stops_registration() -> None:
    router = UrlDispatcher()
    router.add_get("/a", handler)
    router.freeze()
    assert router.frozen
    with pytest.raises(RuntimeError, match="frozen"):
        router.add_get("/b", handler)
    with pytest.raises(RuntimeError, match="frozen"):
        router.add_post("/a", handler)


async def test_empty_plain_path_becomes_root_on_freeze(make_request: Any) -> None:
    router = UrlDispatcher()
    router.add_get("", handler)
    assert (await router.resolve(make_request("GET", "/"))).http_exception is not None
    router.freeze()
    assert (await router.resolve(make_request("GET", "/"))).handler is handler


def test_sync_handlers_are_wrapped_with_a_deprecation_warning() -> None:
    def sync_handler(request: Any) -> Any: ...

    with pytest.warns(DeprecationWarning, match="Bare functions are deprecated"):
        route = UrlDispatcher().add_get("/", sync_handler)
    assert route.handler is not sync_handler


def test_expect_handler_must_be_a_coroutine_function() -> None:
    with pytest.raises(TypeError, match="Coroutine is expected"):
        UrlDispatcher().add_get("/", handler, expect_handler=lambda request: None)


def test_register_resource_type_checked() -> None:
    with pytest.raises(TypeError):
        UrlDispatcher().register_resource(object())  # type: ignore[arg-type]


def test_repr_names_paths() -> None:
    router = UrlDispatcher()
    route = router.add_get("/u/{id}", handler, name="u")
    assert "/u/{id}" in repr(route) and "'u'" in repr(router["u"])
    assert "resources=1" in repr(router)

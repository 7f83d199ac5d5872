"""Table-driven resolution tests: which route a request reaches, its match_info, 404 vs 405.

Every row runs against wirehttp's UrlDispatcher and, where aiohttp 3.14 agrees by design,
against aiohttp's own router built from the same table, so the two cannot drift apart.
"""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp import web as aio_web
from aiohttp.test_utils import make_mocked_request

from wirehttp._web.exceptions import HTTPMethodNotAllowed, HTTPNotFound
from wirehttp._web.routing import MatchInfoError, UrlDispatcher, UrlMappingMatchInfo


async def h_root(request: Any) -> Any: ...
async def h_users(request: Any) -> Any: ...
async def h_user(request: Any) -> Any: ...
async def h_me(request: Any) -> Any: ...
async def h_post(request: Any) -> Any: ...
async def h_any(request: Any) -> Any: ...
async def h_tail(request: Any) -> Any: ...
async def h_num(request: Any) -> Any: ...
async def h_file(request: Any) -> Any: ...
async def h_slash(request: Any) -> Any: ...
async def h_get_only(request: Any) -> Any: ...
async def h_multi(request: Any) -> Any: ...
async def h_space(request: Any) -> Any: ...


# (method, path, handler, add_get's allow_head)
TABLE: list[tuple[str, str, Any]] = [
    ("GET", "/", h_root),
    ("GET", "/users", h_users),
    ("POST", "/users", h_post),
    ("GET", "/users/me", h_me),
    ("GET", "/users/{id}", h_user),
    ("*", "/any", h_any),
    ("GET", "/files/{tail:.*}", h_tail),
    ("GET", r"/num/{n:\d+}", h_num),
    ("GET", r"/num/{n:\d{2}}x", h_num),
    ("GET", "/f/{name}.{ext}", h_file),
    ("GET", "/slash/", h_slash),
    ("PUT", "/multi/{a}/{b}", h_multi),
    ("DELETE", "/multi/{a}/{b}", h_multi),
    ("GET", "/plain space", h_space),
]
NO_HEAD = {"/users/me"}  # registered with allow_head=False

HIT = "hit"
# (method, raw target, expected): ("hit", handler, match_info) or (status, Allow header or None)
CASES: list[tuple[str, str, tuple[Any, ...]]] = [
    ("GET", "/", (HIT, h_root, {})),
    ("HEAD", "/", (HIT, h_root, {})),
    ("GET", "/users", (HIT, h_users, {})),
    ("POST", "/users", (HIT, h_post, {})),
    ("DELETE", "/users", (405, "GET,HEAD,POST")),
    ("GET", "/users/", (404, None)),
    ("GET", "/users/me", (HIT, h_me, {})),
    ("HEAD", "/users/me", (HIT, h_user, {"id": "me"})),  # GET-only plain falls through to {id}
    ("GET", "/users/42", (HIT, h_user, {"id": "42"})),
    ("GET", "/users/a%20b", (HIT, h_user, {"id": "a b"})),
    ("GET", "/users/a%2Fb", (HIT, h_user, {"id": "a/b"})),
    ("GET", "/users/a%25b", (HIT, h_user, {"id": "a%b"})),
    ("GET", "/users/a%252Fb", (HIT, h_user, {"id": "a%2Fb"})),
    ("GET", "/users/%E2%82%AC", (HIT, h_user, {"id": "€"})),
    ("GET", "/users/a/b", (404, None)),
    ("POST", "/users/42", (405, "GET,HEAD")),
    ("GET", "/Users/42", (404, None)),
    ("PATCH", "/any", (HIT, h_any, {})),
    ("GET", "/any", (HIT, h_any, {})),
    ("BREW", "/any", (HIT, h_any, {})),
    ("GET", "/any/", (404, None)),
    ("GET", "/files/", (HIT, h_tail, {"tail": ""})),
    ("GET", "/files/a/b/c.txt", (HIT, h_tail, {"tail": "a/b/c.txt"})),
    ("GET", "/files/a%2Fb", (HIT, h_tail, {"tail": "a/b"})),
    ("GET", "/files", (404, None)),
    ("GET", "/num/123", (HIT, h_num, {"n": "123"})),
    ("GET", "/num/12x", (HIT, h_num, {"n": "12"})),
    ("GET", "/num/123x", (404, None)),
    ("GET", "/num/abc", (404, None)),
    ("GET", "/f/report.pdf", (HIT, h_file, {"name": "report", "ext": "pdf"})),
    ("GET", "/slash/", (HIT, h_slash, {})),
    ("GET", "/slash", (404, None)),
    ("PUT", "/multi/x/y", (HIT, h_multi, {"a": "x", "b": "y"})),
    ("GET", "/multi/x/y", (405, "DELETE,PUT")),
    ("GET", "/plain%20space", (HIT, h_space, {})),
    ("GET", "/nowhere", (404, None)),
    ("GET", "/users?x=1", (HIT, h_users, {})),
]


def _build(router: Any) -> None:
    for method, path, handler in TABLE:
        if method == "GET":
            router.add_get(path, handler, allow_head=path not in NO_HEAD)
        else:
            router.add_route(method, path, handler)


def _outcome(match_info: Any) -> tuple[Any, ...]:
    exc = match_info.http_exception
    if exc is None:
        return (HIT, match_info.handler, dict(match_info))
    return (exc.status, exc.headers.get("Allow"))


@pytest.fixture
def router() -> UrlDispatcher:
    router = UrlDispatcher()
    _build(router)
    return router


@pytest.mark.parametrize(("method", "target", "expected"), CASES)
async def test_resolve(
    router: UrlDispatcher, make_request: Any, method: str, target: str, expected: Any
) -> None:
    match_info = await router.resolve(make_request(method, target))
    assert _outcome(match_info) == expected


@pytest.mark.parametrize(("method", "target", "expected"), CASES)
async def test_same_outcome_as_aiohttp(method: str, target: str, expected: Any) -> None:
    app = aio_web.Application()
    _build(app.router)
    match_info = await app.router.resolve(make_mocked_request(method, target))
    assert _outcome(match_info) == expected


async def test_miss_types_and_handlers_raise_the_carried_exception(
    router: UrlDispatcher, make_request: Any
) -> None:
    missing = await router.resolve(make_request("GET", "/nowhere"))
    assert isinstance(missing, MatchInfoError)
    assert isinstance(missing.http_exception, HTTPNotFound)
    with pytest.raises(HTTPNotFound):
        await missing.handler(make_request("GET", "/nowhere"))
    not_allowed = await router.resolve(make_request("DELETE", "/users"))
    assert isinstance(not_allowed.http_exception, HTTPMethodNotAllowed)
    assert not_allowed.http_exception.allowed_methods == {"GET", "HEAD", "POST"}
    assert not_allowed.http_exception.method == "DELETE"
    assert "405" in repr(not_allowed)


async def test_hit_carries_route_and_info(router: UrlDispatcher, make_request: Any) -> None:
    match_info = await router.resolve(make_request("GET", "/users/7"))
    assert type(match_info) is UrlMappingMatchInfo
    assert match_info.route.method == "GET"
    assert match_info.get_info()["formatter"] == "/users/{id}"
    assert match_info.expect_handler == match_info.route.handle_expect_header


async def test_deeper_literal_prefix_wins_over_earlier_catch_all(make_request: Any) -> None:
    router = UrlDispatcher()
    router.add_get("/{tail:.*}", h_tail)
    router.add_get("/api/{id}", h_user)
    router.add_get("/api/me", h_me)
    assert (await router.resolve(make_request("GET", "/api/7"))).handler is h_user
    assert (await router.resolve(make_request("GET", "/api/me"))).handler is h_me
    assert (await router.resolve(make_request("GET", "/other"))).handler is h_tail


async def test_same_prefix_resolves_in_registration_order(make_request: Any) -> None:
    router = UrlDispatcher()
    router.add_get("/x/{a}", h_user)
    router.add_get("/x/{b:.+}", h_tail)
    match_info = await router.resolve(make_request("GET", "/x/1"))
    assert match_info.handler is h_user and dict(match_info) == {"a": "1"}
    assert (await router.resolve(make_request("GET", "/x/1/2"))).handler is h_tail


async def test_allow_header_unions_every_resource_matching_the_path(make_request: Any) -> None:
    router = UrlDispatcher()
    router.add_post("/items/new", h_post)
    router.add_put("/items/{id}", h_user)
    match_info = await router.resolve(make_request("GET", "/items/new"))
    assert match_info.http_exception.headers["Allow"] == "POST,PUT"


async def test_dynamic_literal_with_space_matches_its_encoded_request(make_request: Any) -> None:
    # aiohttp 3.14 never matches this route (its pattern holds the encoded literal); we do.
    router = UrlDispatcher()
    router.add_get("/my docs/{name}", h_file, name="docs")
    match_info = await router.resolve(make_request("GET", "/my%20docs/a%20b"))
    assert match_info.handler is h_file and dict(match_info) == {"name": "a b"}
    assert str(router["docs"].url_for(name="x y")) == "/my%20docs/x%20y"


async def test_match_info_dict_is_a_fresh_copy_per_request(
    router: UrlDispatcher, make_request: Any
) -> None:
    first = await router.resolve(make_request("GET", "/"))
    first["added"] = "x"
    second = await router.resolve(make_request("GET", "/"))
    assert dict(second) == {}

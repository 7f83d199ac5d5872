"""wirehttp.cors against aiohttp_cors 0.8 on aiohttp: the same apps, the same requests.

Each app below is built twice by one function, once from (aiohttp.web, aiohttp_cors) and once
from (wirehttp.web, wirehttp.cors), and served on loopback. Every request of the table goes to
both; the statuses and the Access-Control-* headers must agree (header lists compared as sets:
aiohttp_cors writes them in set order). `Vary: Origin` is ours alone (see test_ext_cors.py) and
403 bodies are worded differently, so neither is compared.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from types import ModuleType
from typing import Any

import aiohttp
import aiohttp.test_utils
import aiohttp.web
import aiohttp_cors
import pytest

import wirehttp.cors
import wirehttp.test_utils
import wirehttp.web

LIST_HEADERS = {"access-control-allow-headers", "access-control-expose-headers"}
A, B, D, E = "http://a.example", "http://b.example", "http://d.example", "http://e.example"


def cors_headers(headers: Any) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for name, value in headers.items():
        lowered = name.lower()
        if not lowered.startswith("access-control-"):
            continue
        seen[lowered] = frozenset(value.split(",")) if lowered in LIST_HEADERS else value
    return seen


def preflight(origin: str, method: str, headers: str | None = None) -> dict[str, str]:
    sent = {"Origin": origin, "Access-Control-Request-Method": method}
    if headers is not None:
        sent["Access-Control-Request-Headers"] = headers
    return sent


def build_defaults_app(web: ModuleType, cors_mod: ModuleType) -> Any:
    """The README's shapes: "*" defaults with everything, explicit origins, allow_methods."""
    options = cors_mod.ResourceOptions

    async def handler(request: Any) -> Any:
        return web.Response(text=request.method, headers={"X-Custom": "1", "X-Other": "2"})

    async def streamed(request: Any) -> Any:
        response = web.StreamResponse(headers={"X-Stream": "s"})
        await response.prepare(request)
        await response.write(b"x")
        return response

    async def failing(request: Any) -> Any:
        raise web.HTTPNotFound(headers={"X-E": "1"})

    app = web.Application()
    star = options(allow_credentials=True, expose_headers="*", allow_headers="*")
    cors = cors_mod.setup(app, defaults={"*": star})
    hello = cors.add(app.router.add_resource("/hello"))
    cors.add(hello.add_route("GET", handler))
    cors.add(hello.add_route("PUT", handler))
    hello.add_route("DELETE", handler)
    explicit = options(
        allow_credentials=True,
        expose_headers=("X-Custom",),
        allow_headers=("X-Requested-With", "Content-Type"),
        max_age=3600,
    )
    cors.add(app.router.add_route("GET", "/ex", handler), {"http://client.example.org": explicit})
    cors.add(app.router.add_route("POST", "/nocred", handler), {"*": options()})
    everything = options(expose_headers="*", allow_headers="*", max_age=0)
    cors.add(app.router.add_route("GET", "/nocredstar", handler), {"*": everything})
    listed = cors.add(app.router.add_resource("/m"), {A: options(allow_methods=["POST", "PUT"])})
    listed.add_route("POST", handler)
    listed.add_route("PUT", handler)
    cors.add(listed.add_route("DELETE", handler))
    cors.add(app.router.add_route("GET", "/any", handler), {"*": options(allow_methods="*")})
    cors.add(app.router.add_route("GET", "/stream", streamed))
    cors.add(app.router.add_route("GET", "/err", failing))
    app.router.add_route("GET", "/private", handler)
    mixed = {"*": options(), A: options(allow_credentials=True, expose_headers=("X-Other",))}
    cors.add(app.router.add_route("GET", "/mix", handler), mixed)
    return app


def build_layered_app(web: ModuleType, cors_mod: ModuleType) -> Any:
    """Defaults < resource config < route config, and a resource enabled by its routes only."""
    options = cors_mod.ResourceOptions

    async def handler(request: Any) -> Any:
        return web.Response(text=request.method)

    app = web.Application()
    defaults = {D: options(expose_headers=["X-D"], allow_methods=["POST"])}
    cors = cors_mod.setup(app, defaults=defaults)
    by_routes = app.router.add_resource("/r")
    first = {B: options(expose_headers=["X-B"]), A: options(allow_credentials=True)}
    cors.add(by_routes.add_route("POST", handler), first)
    second = {A: options(expose_headers=["X-A"]), E: options(allow_methods=["POST"])}
    cors.add(by_routes.add_route("GET", handler), second)
    by_routes.add_route("PUT", handler)
    bare = app.router.add_resource("/r3")
    cors.add(bare.add_route("GET", handler))
    bare.add_route("PUT", handler)
    bare.add_route("POST", handler)
    own = cors.add(
        app.router.add_resource("/r2"),
        {A: options(expose_headers=["X-R"], allow_methods=["PATCH"])},
    )
    cors.add(own.add_route("GET", handler), {B: options(expose_headers=["X-B"])})
    own.add_route("PUT", handler)
    own.add_route("PATCH", handler)
    return app


def build_view_app(web: ModuleType, cors_mod: ModuleType) -> Any:
    """CorsViewMixin with a class config, a @custom_cors method and app defaults."""
    options = cors_mod.ResourceOptions

    class Items(web.View, cors_mod.CorsViewMixin):  # type: ignore[misc,name-defined]
        cors_config = {"http://v.example": options(allow_headers=["X-V"], expose_headers=["X-A"])}

        async def get(self) -> Any:
            return web.Response(text="get", headers={"X-A": "1"})

        @cors_mod.custom_cors(
            {"http://c.example": options(allow_credentials=True, allow_headers="*")}
        )
        async def post(self) -> Any:
            return web.Response(text="post")

    app = web.Application()
    cors = cors_mod.setup(app, defaults={D: options()})
    cors.add(app.router.add_route("*", "/v", Items))
    app.router.add_route("*", "/v-not-added", Items)
    return app


def table(paths: list[str], methods: list[str], origins: list[str]) -> list[tuple[str, str, Any]]:
    cases = []
    for path in paths:
        for method in methods:
            for origin in origins:
                cases.append((method, path, {"Origin": origin}))
                cases.append(("OPTIONS", path, preflight(origin, method)))
    return cases


DEFAULTS_CASES: list[tuple[str, str, Any]] = [
    ("GET", "/hello", {}),
    ("GET", "/hello", {"Origin": A}),
    ("PUT", "/hello", {"Origin": A}),
    ("DELETE", "/hello", {"Origin": A}),
    ("OPTIONS", "/hello", preflight(A, "GET")),
    ("OPTIONS", "/hello", preflight(A, "PUT", "X-Foo, content-type")),
    ("OPTIONS", "/hello", preflight(A, "DELETE")),
    ("OPTIONS", "/hello", preflight(A, "POST")),
    ("OPTIONS", "/hello", {"Origin": A}),
    ("OPTIONS", "/hello", {"Access-Control-Request-Method": "GET"}),
    ("OPTIONS", "/hello", {}),
    ("OPTIONS", "/hello", preflight(A, "get")),
    ("OPTIONS", "/hello", preflight("null", "GET")),
    ("GET", "/ex", {"Origin": "http://client.example.org"}),
    ("GET", "/ex", {"Origin": A}),
    ("OPTIONS", "/ex", preflight("http://client.example.org", "GET")),
    (
        "OPTIONS",
        "/ex",
        preflight("http://client.example.org", "GET", "x-requested-with,Content-Type"),
    ),
    ("OPTIONS", "/ex", preflight("http://client.example.org", "GET", "X-Evil")),
    ("POST", "/nocred", {"Origin": A}),
    ("OPTIONS", "/nocred", preflight(A, "POST")),
    ("OPTIONS", "/nocred", preflight(A, "POST", "X-A")),
    ("GET", "/nocredstar", {"Origin": A}),
    ("OPTIONS", "/nocredstar", preflight(A, "GET", "X-A,  X-B ,")),
    ("OPTIONS", "/m", preflight(A, "POST")),
    ("OPTIONS", "/m", preflight(A, "DELETE")),
    ("OPTIONS", "/m", preflight(A, "PATCH")),
    ("OPTIONS", "/m", preflight(B, "POST")),
    ("POST", "/m", {"Origin": A}),
    ("OPTIONS", "/any", preflight(A, "PATCH")),
    ("GET", "/stream", {"Origin": A}),
    ("GET", "/err", {"Origin": A}),
    ("GET", "/private", {"Origin": A}),
    ("OPTIONS", "/private", preflight(A, "GET")),
    ("GET", "/mix", {"Origin": A}),
    ("GET", "/mix", {"Origin": B}),
    ("OPTIONS", "/mix", preflight(B, "GET")),
    ("OPTIONS", "/nothere", preflight(A, "GET")),
    ("HEAD", "/hello", {"Origin": A}),
]
LAYERED_CASES = table(["/r", "/r3"], ["GET", "POST", "PUT"], [A, B, D, E]) + table(
    ["/r2"], ["GET", "PUT", "PATCH"], [A, B, D]
)
VIEW_CASES = [
    *table(
        ["/v", "/v-not-added"],
        ["GET", "POST"],
        ["http://v.example", "http://c.example", D, "http://z.example"],
    ),
    ("OPTIONS", "/v", {}),
    ("OPTIONS", "/v", {"Origin": D}),
    ("OPTIONS", "/v", preflight("http://v.example", "GET", "X-V")),
    ("OPTIONS", "/v", preflight(D, "POST", "X-V")),
    ("OPTIONS", "/v", preflight("http://c.example", "POST", "X-Anything")),
]

Build = Callable[[ModuleType, ModuleType], Any]


async def answers(url_of: Callable[[str], Any], cases: list[tuple[str, str, Any]]) -> list[Any]:
    got = []
    async with aiohttp.ClientSession() as session:
        for method, path, headers in cases:
            async with session.request(method, url_of(path), headers=headers) as response:
                await response.read()
                got.append((method, path, response.status, cors_headers(response.headers)))
    return got


@pytest.mark.parametrize(
    ("build", "cases"),
    [
        (build_defaults_app, DEFAULTS_CASES),
        (build_layered_app, LAYERED_CASES),
        (build_view_app, VIEW_CASES),
    ],
    ids=["defaults", "layered", "views"],
)
async def test_same_statuses_and_cors_headers_as_aiohttp_cors(
    build: Build, cases: list[tuple[str, str, Any]]
) -> None:
    async with aiohttp.test_utils.TestServer(build(aiohttp.web, aiohttp_cors)) as theirs:
        expected = await answers(theirs.make_url, cases)
    async with wirehttp.test_utils.TestServer(build(wirehttp.web, wirehttp.cors)) as ours:
        got = await answers(ours.make_url, cases)
    assert got == expected
    # the table exercises both outcomes of a preflight and of an actual request
    statuses = {status for _, _, status, _ in expected}
    assert {200, 403} <= statuses
    assert any(headers for _, _, _, headers in expected)


@pytest.mark.parametrize(
    "mutate",
    [
        lambda cors, app, handler: cors.add(cors.add(app.router.add_route("GET", "/x", handler))),
        lambda cors, app, handler: cors.add(
            cors.add(app.router.add_resource("/x").add_route("GET", handler)).resource
        ),
        lambda cors, app, handler: cors.add(app.router.add_route("*", "/x", handler)),
        lambda cors, app, handler: cors.add("not a route"),
        lambda cors, app, handler: cors.add(app.router.add_route("GET", "/x", handler), {1: None}),
        lambda cors, app, handler: cors.add(app.router.add_route("GET", "/x", handler), {"*": 5}),
    ],
    ids=[
        "route-twice",
        "resource-after-route",
        "any-method-route",
        "not-routing",
        "int-origin",
        "bad-options",
    ],
)
def test_add_refuses_what_aiohttp_cors_refuses(mutate: Callable[..., Any]) -> None:
    async def handler(request: Any) -> Any:
        raise AssertionError("never called")

    for web, cors_mod in ((aiohttp.web, aiohttp_cors), (wirehttp.web, wirehttp.cors)):
        app = web.Application()
        with pytest.raises(ValueError):
            mutate(cors_mod.setup(app), app, handler)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"allow_credentials": 1},
        {"expose_headers": "X-A"},
        {"allow_headers": "x"},
        {"allow_methods": "GET"},
        {"max_age": -1},
        {"max_age": "3"},
    ],
)
def test_resource_options_refuse_what_aiohttp_cors_refuses(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        aiohttp_cors.ResourceOptions(**kwargs)
    with pytest.raises(ValueError):
        wirehttp.cors.ResourceOptions(**kwargs)


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"allow_credentials": True, "expose_headers": "*", "allow_headers": "*"},
        {"expose_headers": ["X-a"], "allow_headers": ("x-b", "X-C"), "max_age": 0},
        {"allow_methods": ["get", "Post"]},
        {"allow_methods": "*", "max_age": 60},
    ],
)
def test_resource_options_normalise_as_aiohttp_cors_does(kwargs: dict[str, Any]) -> None:
    theirs = aiohttp_cors.ResourceOptions(**kwargs)
    ours = wirehttp.cors.ResourceOptions(**kwargs)
    assert tuple(ours) == tuple(theirs)
    assert ours._fields == theirs._fields
    assert all(
        ours.is_method_allowed(method) == theirs.is_method_allowed(method)
        for method in ("GET", "POST", "PATCH")
    )


def test_public_names_kinds_and_signatures_match_aiohttp_cors() -> None:
    public = [name for name in aiohttp_cors.__all__ if not name.startswith("__")]
    assert sorted(wirehttp.cors.__all__) == sorted(public)
    for name in public:
        ours, theirs = getattr(wirehttp.cors, name), getattr(aiohttp_cors, name)
        assert isinstance(ours, type) == isinstance(theirs, type), name
        assert ours.__module__ == "wirehttp.cors", name
    for ours, theirs in [
        (wirehttp.cors.setup, aiohttp_cors.setup),
        (wirehttp.cors.custom_cors, aiohttp_cors.custom_cors),
        (wirehttp.cors.CorsConfig.add, aiohttp_cors.CorsConfig.add),
        (wirehttp.cors.ResourceOptions.__new__, aiohttp_cors.ResourceOptions.__new__),
        (
            wirehttp.cors.CorsViewMixin.get_request_config,
            aiohttp_cors.CorsViewMixin.get_request_config,
        ),
    ]:
        assert list(inspect.signature(ours).parameters) == list(
            inspect.signature(theirs).parameters
        ), ours
    assert issubclass(wirehttp.cors.ResourceOptions, tuple)

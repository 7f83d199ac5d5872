"""wirehttp.cors on its own: the safety rules beyond aiohttp_cors, and the pieces it is made of.

What aiohttp_cors also does is compared request by request in test_ext_cors_peer.py; here are
the guarantees we add (never `*`, never an origin that is not allowed, `Vary: Origin`), the
cases where aiohttp_cors fails (a handler that sets its own CORS headers), and the pure rules.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import wirehttp.cors as cors_api
from wirehttp import web
from wirehttp._ext.cors.rules import (
    PreflightRefused,
    actual_headers,
    options_for,
    preflight_headers,
)
from wirehttp.pytest_plugin import AiohttpClient

Options = cors_api.ResourceOptions
EVERYTHING = Options(allow_credentials=True, expose_headers="*", allow_headers="*")


async def hello(request: web.Request) -> web.Response:
    return web.Response(text="hello", headers={"X-Custom": "1"})


def credentialed_app(config: dict[str, Any] | None = None) -> tuple[web.Application, Any]:
    app = web.Application()
    cors = cors_api.setup(app, defaults={"*": EVERYTHING})
    cors.add(app.router.add_route("GET", "/", hello), config)
    return app, cors


@pytest.mark.parametrize("origin", ["https://a.example", "null", "http://b.example:8080"])
async def test_credentials_with_any_origin_reflect_the_origin_never_a_star(
    aiohttp_client: AiohttpClient, origin: str
) -> None:
    client = await aiohttp_client(credentialed_app()[0])
    actual = await client.get("/", headers={"Origin": origin})
    ask = {"Origin": origin, "Access-Control-Request-Method": "GET"}
    answer = await client.options("/", headers=ask)
    for response in (actual, answer):
        assert response.status == 200
        assert response.headers["Access-Control-Allow-Origin"] == origin
        assert response.headers["Access-Control-Allow-Credentials"] == "true"
        assert "Origin" in response.headers["Vary"]


@pytest.mark.parametrize("origin", ["*", "", "https://a.example, https://b.example", "a b"])
async def test_an_origin_that_is_not_one_origin_is_never_reflected(
    aiohttp_client: AiohttpClient, origin: str
) -> None:
    client = await aiohttp_client(credentialed_app()[0])
    actual = await client.get("/", headers={"Origin": origin})
    assert actual.status == 200
    assert "Access-Control-Allow-Origin" not in actual.headers
    ask = {"Origin": origin, "Access-Control-Request-Method": "GET"}
    answer = await client.options("/", headers=ask)
    assert answer.status == 403
    assert "Access-Control-Allow-Origin" not in answer.headers


async def test_an_origin_not_listed_gets_nothing_and_is_not_echoed(
    aiohttp_client: AiohttpClient,
) -> None:
    app = web.Application()
    cors = cors_api.setup(app)
    cors.add(app.router.add_route("GET", "/", hello), {"https://good.example": EVERYTHING})
    client = await aiohttp_client(app)
    evil = "https://good.example.evil.example"
    actual = await client.get("/", headers={"Origin": evil})
    assert await actual.text() == "hello"
    assert not [name for name in actual.headers if name.lower().startswith("access-control-")]
    answer = await client.options(
        "/", headers={"Origin": evil, "Access-Control-Request-Method": "GET"}
    )
    assert answer.status == 403
    assert all(evil not in value for value in answer.headers.values())
    good = await client.get("/", headers={"Origin": "https://good.example"})
    assert good.headers["Access-Control-Allow-Origin"] == "https://good.example"


async def test_vary_origin_joins_the_vary_the_handler_set(aiohttp_client: AiohttpClient) -> None:
    async def varied(request: web.Request) -> web.Response:
        return web.Response(text="v", headers={"Vary": request.query.get("vary", "")})

    app = web.Application()
    cors = cors_api.setup(app, defaults={"*": Options()})
    cors.add(app.router.add_route("GET", "/", varied))
    client = await aiohttp_client(app)
    joined = await client.get("/?vary=Accept-Language", headers={"Origin": "https://a.example"})
    assert joined.headers.getall("Vary") == ["Accept-Language", "Origin"]
    already = await client.get("/?vary=origin", headers={"Origin": "https://a.example"})
    assert already.headers.getall("Vary") == ["origin"]
    star = await client.get("/?vary=*", headers={"Origin": "https://a.example"})
    assert star.headers.getall("Vary") == ["*"]
    assert star.headers["Access-Control-Allow-Origin"] == "https://a.example"


async def test_a_handler_that_sets_its_own_cors_headers_is_left_alone(
    aiohttp_client: AiohttpClient,
) -> None:
    """aiohttp_cors fails such a request with an AssertionError; we keep the handler's word."""

    async def own(request: web.Request) -> web.Response:
        return web.Response(text="own", headers={"Access-Control-Allow-Origin": "https://mine"})

    app = web.Application()
    cors = cors_api.setup(app, defaults={"*": EVERYTHING})
    cors.add(app.router.add_route("GET", "/", own))
    client = await aiohttp_client(app)
    response = await client.get("/", headers={"Origin": "https://a.example"})
    assert response.status == 200
    assert response.headers.getall("Access-Control-Allow-Origin") == ["https://mine"]
    assert "Access-Control-Allow-Credentials" not in response.headers


async def test_expose_star_lists_each_unsafelisted_header_once(
    aiohttp_client: AiohttpClient,
) -> None:
    async def cookies(request: web.Request) -> web.Response:
        response = web.Response(text="c", headers={"Cache-Control": "no-store", "X-One": "1"})
        response.set_cookie("a", "1")
        response.set_cookie("b", "2")
        return response

    app = web.Application()
    cors_api.setup(app, defaults={"*": EVERYTHING}).add(app.router.add_route("GET", "/", cookies))
    client = await aiohttp_client(app)
    response = await client.get("/", headers={"Origin": "https://a.example"})
    exposed = response.headers["Access-Control-Expose-Headers"].split(",")
    assert sorted(exposed) == sorted(set(exposed))
    assert {"X-One", "Set-Cookie", "Content-Length"} <= set(exposed)
    assert not {"Cache-Control", "Content-Type"} & set(exposed)


async def test_static_files_and_sub_apps(aiohttp_client: AiohttpClient, tmp_path: Path) -> None:
    (tmp_path / "site.css").write_text("body{}")
    app = web.Application()
    cors = cors_api.setup(app, defaults={"https://a.example": Options()})
    cors.add(app.router.add_static("/static", tmp_path))
    sub = web.Application()
    cors_api.setup(sub, defaults={"*": Options()}).add(sub.router.add_get("/s", hello))
    app.add_subapp("/sub", sub)
    client = await aiohttp_client(app)
    static = await client.get("/static/site.css", headers={"Origin": "https://a.example"})
    assert await static.text() == "body{}"
    assert static.headers["Access-Control-Allow-Origin"] == "https://a.example"
    nested = await client.get("/sub/s", headers={"Origin": "https://z.example"})
    assert nested.headers.getall("Access-Control-Allow-Origin") == ["https://z.example"]
    ask = {"Origin": "https://z.example", "Access-Control-Request-Method": "GET"}
    assert (await client.options("/sub/s", headers=ask)).status == 200


def test_setup_keeps_the_config_on_the_app_and_add_returns_what_it_got() -> None:
    app, cors = credentialed_app()
    assert isinstance(cors, cors_api.CorsConfig)
    resource = app.router.add_resource("/r")
    assert cors.add(resource) is resource
    assert [route.method for route in resource] == ["OPTIONS"]
    assert "CorsConfig" in repr(cors) and "resources=2" in repr(cors)


def test_webview_flag_is_deprecated() -> None:
    class Items(web.View, cors_api.CorsViewMixin):
        async def get(self) -> web.Response:
            return web.Response()

    app, cors = credentialed_app()
    route = app.router.add_route("*", "/items", Items)
    with pytest.warns(DeprecationWarning, match="webview"):
        assert cors.add(route, webview=True) is route


def test_an_options_route_already_there_is_refused() -> None:
    app, cors = credentialed_app()
    resource = app.router.add_resource("/own-options")
    resource.add_route("OPTIONS", hello)
    with pytest.raises(ValueError, match="OPTIONS"):
        cors.add(resource.add_route("GET", hello))


# -- the pure rules ------------------------------------------------------------------------------


def test_options_for_prefers_the_named_origin_then_star() -> None:
    named, anyone = Options(allow_credentials=True), Options()
    config = {"https://a.example": named, "*": anyone}
    assert options_for(config, "https://a.example") is named
    assert options_for(config, "https://b.example") is anyone
    assert options_for({"https://a.example": named}, "https://b.example") is None
    assert options_for(config, "*") is None


@pytest.mark.parametrize(
    ("origin", "method", "headers", "config", "reason"),
    [
        (None, "GET", None, {"*": EVERYTHING}, "no Origin"),
        ("https://a", None, None, {"*": EVERYTHING}, "no Access-Control-Request-Method"),
        ("https://a", "GET", None, None, "method 'GET' is not allowed"),
        ("https://a", "G ET", None, {"*": EVERYTHING}, "method 'G ET' is not allowed"),
        ("https://a", "GET", None, {}, "no origin is allowed"),
        ("https://a", "GET", None, {"https://b": EVERYTHING}, "origin 'https://a' is not"),
        ("https://a", "GET", "x-a", {"*": Options()}, "headers are not allowed: 'X-A'"),
        ("https://a", "GET", "x a", {"*": EVERYTHING}, "not tokens"),
    ],
)
def test_preflight_refusals_say_why(
    origin: str | None, method: str | None, headers: str | None, config: Any, reason: str
) -> None:
    with pytest.raises(PreflightRefused, match=reason):
        preflight_headers(origin, method, headers, config)


def test_preflight_answer_headers() -> None:
    options = Options(allow_credentials=True, allow_headers=["X-A", "X-B"], max_age=600)
    got = preflight_headers("https://a", "PUT", " x-b, X-A ,,", {"https://a": options})
    assert got == [
        ("Access-Control-Allow-Origin", "https://a"),
        ("Vary", "Origin"),
        ("Access-Control-Allow-Credentials", "true"),
        ("Access-Control-Max-Age", "600"),
        ("Access-Control-Allow-Methods", "PUT"),
        ("Access-Control-Allow-Headers", "X-A,X-B"),
    ]


def test_a_long_origin_is_echoed_shortened() -> None:
    with pytest.raises(PreflightRefused) as refused:
        preflight_headers("https://" + "a" * 500, "GET", None, {"https://b": Options()})
    assert len(str(refused.value)) < 120


def test_actual_headers_expose_lists() -> None:
    names = ["Content-Type", "X-B", "x-b", "Date", "Pragma"]
    star = actual_headers("https://a", Options(expose_headers="*"), names)
    assert ("Access-Control-Expose-Headers", "X-B,Date") in star
    listed = actual_headers("https://a", Options(expose_headers=["X-Z", "X-Y"]), names)
    assert ("Access-Control-Expose-Headers", "X-Y,X-Z") in listed
    assert actual_headers("https://a", Options(), names) == [
        ("Access-Control-Allow-Origin", "https://a"),
        ("Vary", "Origin"),
    ]


async def test_a_view_answers_preflights_only_for_methods_it_has(
    aiohttp_client: AiohttpClient,
) -> None:
    """aiohttp_cors raises KeyError (a dropped connection) for the missing method."""

    class Items(web.View, cors_api.CorsViewMixin):
        cors_config = {"https://a.example": Options(allow_headers=["X-Token"])}

        async def get(self) -> web.Response:
            return web.Response(text="items")

    app = web.Application()
    cors_api.setup(app).add(app.router.add_route("*", "/items", Items))
    client = await aiohttp_client(app)
    ask = {"Origin": "https://a.example", "Access-Control-Request-Headers": "x-token"}
    allowed = await client.options(
        "/items", headers={**ask, "Access-Control-Request-Method": "GET"}
    )
    assert allowed.status == 200
    assert allowed.headers["Access-Control-Allow-Headers"] == "X-TOKEN"
    missing = await client.options(
        "/items", headers={**ask, "Access-Control-Request-Method": "PUT"}
    )
    assert missing.status == 403
    actual = await client.get("/items", headers={"Origin": "https://a.example"})
    assert actual.headers["Access-Control-Allow-Origin"] == "https://a.example"

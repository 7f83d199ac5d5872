"""wirehttp.jinja2 against aiohttp_jinja2 1.6 on aiohttp: the same app, the same pages.

The app below is built twice by one function, from (aiohttp.web, aiohttp_jinja2) and from
(wirehttp.web, wirehttp.jinja2), and every path is fetched from both: status, Content-Type and
body must agree (a bare 500, whose text each server words its own way, counts as equal).
Also: the public names of the two modules, and their kinds.
"""

from __future__ import annotations

import inspect
from types import ModuleType
from typing import Any

import aiohttp
import aiohttp.test_utils
import aiohttp.web
import aiohttp_jinja2
import jinja2
import pytest

import wirehttp.jinja2
import wirehttp.test_utils
import wirehttp.web

TEMPLATES = {
    "page.html": "<p>{{ x }}</p>",
    "page.txt": "{{ x }}",
    "loop.html": "{% for i in items %}<li>{{ i.name }}</li>{% endfor %}",
    "url.html": "{{ url('named', id=3, query_={'q': 'a b', 'r': 1}) }}|{{ url('plain') }}",
    "static.html": "{{ static('/css/site.css') }}|{{ static('img.png') }}",
    "globals.html": "{{ app is defined }} {{ request is defined }} {{ proc }} {{ x }}",
    "filters.html": "{{ x | shout }}",
    "broken.html": "{{ 1 / 0 }}",
    "include.html": "{% include 'absent.html' %}",
    "undefined.html": "[{{ nothing }}]",
}


def build(web: ModuleType, jinja: ModuleType, *, enable_async: bool) -> Any:
    async def processor(request: Any) -> dict[str, Any]:
        return {"proc": "from-processor", "x": "processor-x"}

    app = web.Application()
    jinja.setup(
        app,
        loader=jinja2.DictLoader(TEMPLATES),
        enable_async=enable_async,
        context_processors=[processor],
        filters={"shout": lambda value: f"{value}!"},
    )
    app[jinja.static_root_key] = "https://cdn.example/static/"

    def page(name: str, context: Any, **kwargs: Any) -> Any:
        @jinja.template(name, **kwargs)
        async def handler(request: Any) -> Any:
            return context

        return handler

    async def by_hand(request: Any) -> Any:
        context = {"x": "<by hand>"}
        if enable_async:
            return await jinja.render_template_async("page.html", request, context, status=202)
        return jinja.render_template("page.html", request, context, status=202)

    async def as_string(request: Any) -> Any:
        if enable_async:
            text = await jinja.render_string_async("page.html", request, {"x": "&"})
        else:
            text = jinja.render_string("page.html", request, {"x": "&"})
        return web.Response(text=text)

    async def passthrough(request: Any) -> Any:
        raise web.HTTPFound("/elsewhere")

    class View(web.View):
        @jinja.template("page.html")
        async def get(self) -> Any:
            return {"x": "from a view"}

    routes = {
        "/xss": page("page.html", {"x": "<script>alert(1)</script>"}),
        "/txt": page("page.txt", {"x": "<b>"}),
        "/loop": page("loop.html", {"items": [{"name": "a&b"}, {"name": "c"}]}),
        "/url": page("url.html", {}),
        "/static": page("static.html", {}),
        "/globals": page("globals.html", {"x": "handler-x"}),
        "/globals-none": page("globals.html", None),
        "/filters": page("filters.html", {"x": "hey"}),
        "/status": page("page.html", {"x": "é"}, status=201, encoding="latin-1"),
        "/missing": page("absent.html", {}),
        "/not-a-mapping": page("page.html", ["x"]),
        "/broken": page("broken.html", {}),
        "/include": page("include.html", {}),
        "/undefined": page("undefined.html", {}),
        "/response": page("page.html", web.Response(text="direct")),
        "/by-hand": by_hand,
        "/string": as_string,
    }
    for path, handler in routes.items():
        app.router.add_get(path, handler, allow_head=False)
    app.router.add_get("/redirect", jinja.template("page.html")(passthrough), allow_head=False)
    app.router.add_get("/n/{id}", routes["/xss"], name="named", allow_head=False)
    app.router.add_get("/plain", routes["/xss"], name="plain", allow_head=False)
    app.router.add_view("/view", View)
    return app, [*routes, "/view"]


async def pages(url_of: Any, paths: list[str]) -> list[Any]:
    got = []
    async with aiohttp.ClientSession() as session:
        for path in paths:
            async with session.get(url_of(path), allow_redirects=False) as response:
                body = await response.read()
                if response.status == 500 and body.startswith(b"500 Internal Server Error"):
                    body = b"<a bare 500>"
                got.append((path, response.status, response.headers.get("Content-Type"), body))
    return got


@pytest.mark.parametrize("enable_async", [False, True], ids=["sync-env", "async-env"])
@pytest.mark.filterwarnings("ignore::aiohttp.web.NotAppKeyWarning")  # aiohttp_jinja2's own str key
async def test_same_pages_as_aiohttp_jinja2(enable_async: bool) -> None:
    their_app, paths = build(aiohttp.web, aiohttp_jinja2, enable_async=enable_async)
    async with aiohttp.test_utils.TestServer(their_app) as theirs:
        expected = await pages(theirs.make_url, [*paths, "/redirect"])
    our_app, _ = build(wirehttp.web, wirehttp.jinja2, enable_async=enable_async)
    async with wirehttp.test_utils.TestServer(our_app) as ours:
        got = await pages(ours.make_url, [*paths, "/redirect"])
    assert got == expected
    bodies = {path: body for path, _, _, body in got}
    assert bodies["/xss"] == b"<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    assert {status for _, status, _, _ in got} >= {200, 201, 202, 302, 500}


def kind(obj: Any) -> str:
    if isinstance(obj, type):
        return "type"
    if inspect.iscoroutinefunction(obj):
        return "coroutine function"
    return "function" if callable(obj) else "constant"


PUBLIC_JINJA = [
    "APP_CONTEXT_PROCESSORS_KEY",
    "APP_KEY",
    "GLOBAL_HELPERS",
    "REQUEST_CONTEXT_KEY",
    "context_processors_middleware",
    "get_env",
    "render_string",
    "render_string_async",
    "render_template",
    "render_template_async",
    "request_processor",
    "setup",
    "static_root_key",
    "template",
]


@pytest.mark.parametrize(
    ("ours", "theirs", "names"),
    [
        (wirehttp.jinja2, aiohttp_jinja2, PUBLIC_JINJA),
        (wirehttp.jinja2, aiohttp_jinja2, list(aiohttp_jinja2.__all__)),
    ],
    ids=["jinja2-names", "jinja2-all"],
)
def test_public_names_and_kinds_match(
    ours: ModuleType, theirs: ModuleType, names: list[str]
) -> None:
    assert sorted(ours.__all__) == sorted(theirs.__all__)
    assert {name: kind(getattr(ours, name)) for name in names} == {
        name: kind(getattr(theirs, name)) for name in names
    }
    for name in names:
        mine = getattr(ours, name)
        if inspect.isfunction(mine) or isinstance(mine, type):
            assert mine.__module__ == ours.__name__, name
            ours_params = list(inspect.signature(mine).parameters)
            assert ours_params == list(inspect.signature(getattr(theirs, name)).parameters), name

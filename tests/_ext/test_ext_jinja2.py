"""wirehttp.jinja2 on its own: escaping, the async-environment paths, keys, helpers, sub-apps.

Page-by-page agreement with aiohttp_jinja2 is in test_ext_jinja2_peer.py; here is what goes
beyond it (sync rendering with an `enable_async=True` environment, which aiohttp_jinja2 answers
with a 500) and the edges of the API.
"""

from __future__ import annotations

import asyncio
import inspect
import subprocess
import sys
from typing import Any

import jinja2
import pytest

import wirehttp.jinja2 as aiohttp_jinja2
from wirehttp import web
from wirehttp.pytest_plugin import AiohttpClient
from wirehttp.test_utils import make_mocked_request

XSS = "<script>alert('x')</script>\"&"


def templated_app(templates: dict[str, str], **kwargs: Any) -> web.Application:
    app = web.Application()
    aiohttp_jinja2.setup(app, loader=jinja2.DictLoader(templates), **kwargs)
    return app


@pytest.mark.parametrize("enable_async", [False, True])
async def test_html_escapes_context_values_in_text_and_attributes(
    aiohttp_client: AiohttpClient, enable_async: bool
) -> None:
    app = templated_app(
        {"a.html": '<a title="{{ v }}">{{ v }}</a>{{ safe | safe }}'}, enable_async=enable_async
    )

    @aiohttp_jinja2.template("a.html")
    async def page(request: web.Request) -> dict[str, str]:
        return {"v": request.query["v"], "safe": "<b>trusted</b>"}

    app.router.add_get("/", page)
    client = await aiohttp_client(app)
    response = await client.get("/", params={"v": XSS})
    text = await response.text()
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert 'title="&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&#34;&amp;"' in text
    assert text.endswith("<b>trusted</b>")


async def test_sync_render_with_an_async_environment(aiohttp_client: AiohttpClient) -> None:
    """The seed's `enable_async=True` plus render_template(): rendered, no loop re-entered."""
    app = templated_app({"p.html": "{% for x in xs %}{{ x }}{% endfor %}"}, enable_async=True)

    async def page(request: web.Request) -> web.Response:
        return aiohttp_jinja2.render_template("p.html", request, {"xs": [1, 2, 3]})

    app.router.add_get("/", page)
    client = await aiohttp_client(app)
    response = await client.get("/")
    assert response.status == 200
    assert await response.text() == "123"


async def test_a_template_that_really_awaits_needs_the_async_renderer() -> None:
    app = templated_app({"w.html": "{{ slow() }}"}, enable_async=True)
    request = make_mocked_request("GET", "/", app=app)

    async def slow() -> str:
        await asyncio.sleep(0)
        return "done"

    with pytest.raises(RuntimeError, match="render_template_async"):
        aiohttp_jinja2.render_string("w.html", request, {"slow": slow})
    assert await aiohttp_jinja2.render_string_async("w.html", request, {"slow": slow}) == "done"
    response = await aiohttp_jinja2.render_template_async("w.html", request, {"slow": slow})
    assert response.text == "done"


def test_without_setup() -> None:
    app = web.Application()
    with pytest.raises(RuntimeError, match="setup"):
        aiohttp_jinja2.get_env(app)
    request = make_mocked_request("GET", "/", app=app)
    with pytest.raises(web.HTTPInternalServerError) as raised:
        aiohttp_jinja2.render_template("x.html", request, {})
    assert "not initialized" in (raised.value.text or "")


def test_two_environments_under_their_own_keys() -> None:
    other: web.AppKey[jinja2.Environment] = web.AppKey("other", jinja2.Environment)
    app = templated_app({"t": "main"})
    second = aiohttp_jinja2.setup(app, loader=jinja2.DictLoader({"t": "other"}), app_key=other)
    assert aiohttp_jinja2.get_env(app, app_key=other) is second
    assert aiohttp_jinja2.get_env(app) is not second
    request = make_mocked_request("GET", "/", app=app)
    assert aiohttp_jinja2.render_string("t", request, {}) == "main"
    assert aiohttp_jinja2.render_string("t", request, {}, app_key=other) == "other"


def test_setup_options() -> None:
    app = web.Application()
    env = aiohttp_jinja2.setup(
        app,
        loader=jinja2.DictLoader({}),
        default_helpers=False,
        filters=[("twice", lambda value: value * 2)],
        autoescape=jinja2.select_autoescape(["html"]),
        context_processors=[aiohttp_jinja2.request_processor],
    )
    assert "url" not in env.globals and env.globals["app"] is app
    assert env.from_string("{{ 'ab' | twice }}").render() == "abab"
    assert env.autoescape("x.html") and not env.autoescape("x.txt")
    aiohttp_jinja2.setup(app, loader=jinja2.DictLoader({}), context_processors=[])
    aiohttp_jinja2.setup(
        app, loader=jinja2.DictLoader({}), context_processors=[aiohttp_jinja2.request_processor]
    )
    assert list(app.middlewares) == [aiohttp_jinja2.context_processors_middleware]


async def test_request_processor_and_request_context(aiohttp_client: AiohttpClient) -> None:
    app = templated_app(
        {"r.html": "{{ request.path }} {{ extra }}"},
        context_processors=[aiohttp_jinja2.request_processor],
    )

    @aiohttp_jinja2.template("r.html")
    async def page(request: web.Request) -> dict[str, str]:
        request[aiohttp_jinja2.REQUEST_CONTEXT_KEY]["extra"] = "added-by-handler"
        return {}

    app.router.add_get("/here", page)
    client = await aiohttp_client(app)
    assert await (await client.get("/here")).text() == "/here added-by-handler"


async def test_sub_app_renders_with_the_parent_environment(aiohttp_client: AiohttpClient) -> None:
    app = templated_app({"s.html": "{{ url('child') }}"})
    sub = web.Application()

    @aiohttp_jinja2.template("s.html")
    async def page(request: web.Request) -> dict[str, str]:
        return {}

    app.router.add_get("/child", page, name="child")
    sub.router.add_get("/page", page)
    app.add_subapp("/sub", sub)
    client = await aiohttp_client(app)
    assert await (await client.get("/sub/page")).text() == "/child"


def test_static_helper_roots() -> None:
    app = templated_app({"s": "{{ static('x.css') }}"})
    env = aiohttp_jinja2.get_env(app)
    with pytest.raises(RuntimeError, match="static_root_key"):
        env.get_template("s").render()
    with pytest.warns(web.NotAppKeyWarning):
        app["static_root_url"] = "/legacy/"
    with pytest.warns(DeprecationWarning, match="static_root_key"):
        assert env.get_template("s").render() == "/legacy/x.css"
    app[aiohttp_jinja2.static_root_key] = "/static"
    assert env.get_template("s").render() == "/static/x.css"


async def test_decorator_keeps_the_handler_shape(aiohttp_client: AiohttpClient) -> None:
    app = templated_app({"m.html": "{{ who }}"})

    class Handlers:
        @aiohttp_jinja2.template("m.html", status=203)
        async def method(self, request: web.Request) -> dict[str, str]:
            return {"who": type(self).__name__}

    handlers = Handlers()
    assert inspect.iscoroutinefunction(handlers.method)
    assert handlers.method.__name__ == "method"
    app.router.add_get("/", handlers.method)
    client = await aiohttp_client(app)
    response = await client.get("/")
    assert (response.status, await response.text()) == (203, "Handlers")


def test_the_extras_never_import_the_packages_they_replace() -> None:
    code = (
        "import sys, wirehttp.jinja2, wirehttp.cors, wirehttp.web\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'aiohttp', 'aiohttp_jinja2', 'aiohttp_cors'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=50, check=True
    )
    assert result.stdout.strip() == "[]"

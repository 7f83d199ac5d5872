"""Seed 003's examples that need wirehttp's extras (wirehttp.cors = aiohttp_cors,
wirehttp.jinja2 = aiohttp_jinja2), each run with only the import swapped.

The Jinja2 example sets `enable_async=True` and then calls the sync `render_template()`;
aiohttp_jinja2 1.6 answers that with a 500 (jinja2 calls asyncio.run() inside the running loop),
wirehttp.jinja2 renders it (see docs/internals.md, `_ext`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from wirehttp import web
from wirehttp.pytest_plugin import AiohttpClient


async def test_003_structured_application_with_cors(aiohttp_client: AiohttpClient) -> None:
    import wirehttp.cors as aiohttp_cors  # `import aiohttp_cors`

    async def index_handler(request):  # (filled in: the seed does not define it)
        return web.Response(text="index")

    async def health_check(request):  # (filled in: the seed does not define it)
        return web.json_response({"status": "ok"})

    async def init_app():
        app = web.Application()
        # CORS configuration
        cors = aiohttp_cors.setup(  # noqa: F841 (the seed never uses it)
            app,
            defaults={
                "*": aiohttp_cors.ResourceOptions(
                    allow_credentials=True, expose_headers="*", allow_headers="*", allow_methods="*"
                )
            },
        )
        # Adding routes
        app.router.add_get("/", index_handler)
        app.router.add_get("/health", health_check)
        return app

    client = await aiohttp_client(await init_app())
    resp = await client.get("/", headers={"Origin": "http://other.example"})
    assert await resp.text() == "index"
    # the seed never calls cors.add(route): no route is CORS-enabled, as with aiohttp_cors
    assert "Access-Control-Allow-Origin" not in resp.headers
    assert await (await client.get("/health")).json() == {"status": "ok"}


async def test_003_jinja2_templates(
    aiohttp_client: AiohttpClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import jinja2

    import wirehttp.jinja2 as aiohttp_jinja2  # `import aiohttp_jinja2`

    monkeypatch.chdir(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "index.html").write_text(
        "<h1>{{ title }}</h1><p>{{ user.name }}</p>"
        "{% for post in posts %}<li>{{ post.title }}: {{ post.content }}</li>{% endfor %}"
    )
    (tmp_path / "templates" / "about.html").write_text("<h1>{{ title }}</h1>{{ description }}")

    async def create_app():
        app = web.Application()
        # Jinja2 configuration
        aiohttp_jinja2.setup(
            app, loader=jinja2.FileSystemLoader("templates"), auto_reload=True, enable_async=True
        )
        return app

    @aiohttp_jinja2.template("index.html")
    async def index_handler(request):
        return {
            "title": "Main page",
            "user": {"name": "John", "email": "john@example.com"},
            "posts": [
                {"title": "First post", "content": "Post content"},
                {"title": "Second post", "content": "Another content"},
            ],
        }

    # Or without decorator
    async def about_handler(request):
        context = {"title": "About us", "description": "Company information"}
        return aiohttp_jinja2.render_template("about.html", request, context)

    app = await create_app()
    app.router.add_get("/", index_handler)  # (filled in: the seed mounts them nowhere)
    app.router.add_get("/about", about_handler)
    client = await aiohttp_client(app)
    index = await client.get("/")
    assert index.headers["Content-Type"] == "text/html; charset=utf-8"
    assert await index.text() == (
        "<h1>Main page</h1><p>John</p><li>First post: Post content</li>"
        "<li>Second post: Another content</li>"
    )
    about = await client.get("/about")
    assert await about.text() == "<h1>About us</h1>Company information"

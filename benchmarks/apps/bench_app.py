"""The benchmark application, written once against the aiohttp.web API.

This file imports ``aiohttp`` on purpose. ``serve.py --framework wirehttp`` points the names
``aiohttp`` and ``aiohttp.web`` at wirehttp before importing it, so both frameworks run exactly
this code; nothing here may depend on which one is underneath.

Two applications:
- ``make_plain_app()``: ``GET /`` (plaintext) and ``GET /json``, no middleware;
- ``make_middleware_app()``: ``GET /user/{id}`` (a dynamic route reading ``match_info``), behind
  one trivial middleware that adds a header.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

HELLO = "Hello, World!"
JSON_BODY = {"message": HELLO, "id": 1, "ok": True}
MIDDLEWARE_HEADER = ("X-Bench", "1")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


async def plaintext(request: web.Request) -> web.Response:
    return web.Response(text=HELLO)


async def json_handler(request: web.Request) -> web.Response:
    return web.json_response(JSON_BODY)


async def user(request: web.Request) -> web.Response:
    return web.Response(text="Hello, user " + request.match_info["id"] + "!")


@web.middleware
async def add_header(request: web.Request, handler: Handler) -> web.StreamResponse:
    response = await handler(request)
    response.headers[MIDDLEWARE_HEADER[0]] = MIDDLEWARE_HEADER[1]
    return response


def make_plain_app() -> web.Application:
    app = web.Application()
    app.router.add_get("/", plaintext)
    app.router.add_get("/json", json_handler)
    return app


def make_middleware_app() -> web.Application:
    app = web.Application(middlewares=[add_header])
    app.router.add_get("/user/{id}", user)
    return app


APPS = {"plain": make_plain_app, "middleware": make_middleware_app}

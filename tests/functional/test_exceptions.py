"""Every web.HTTP* exception, raised and returned from a handler, as the client receives it."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from rawhttp import connect, read_response

from wirehttp import web
from wirehttp.pytest_plugin import AiohttpServer

ABSTRACT = {
    "HTTPException",
    "HTTPError",
    "HTTPClientError",
    "HTTPServerError",
    "HTTPRedirection",
    "HTTPSuccessful",
    "HTTPMove",
}
CLASSES = sorted(
    name
    for name, obj in vars(web).items()
    if name.startswith("HTTP")
    and inspect.isclass(obj)
    and issubclass(obj, web.HTTPException)
    and name not in ABSTRACT
)
EMPTY_BODY = {204, 205, 304}


def _make(name: str, **extra: Any) -> web.HTTPException:
    cls = getattr(web, name)
    if issubclass(cls, web.HTTPMove):
        return cls(location="/new/place?x=1", **extra)  # type: ignore[no-any-return]
    if cls is web.HTTPMethodNotAllowed:
        return cls("DELETE", ["POST", "GET", "PUT"], **extra)  # type: ignore[no-any-return]
    if cls is web.HTTPUnavailableForLegalReasons:
        return cls("https://example.org/why", **extra)  # type: ignore[no-any-return]
    if cls is web.HTTPRequestEntityTooLarge:
        return cls(max_size=10, actual_size=20, **extra)  # type: ignore[no-any-return]
    return cls(**extra)  # type: ignore[no-any-return]


def _app() -> web.Application:
    async def raising(request: web.Request) -> web.StreamResponse:
        raise _make(request.match_info["name"], headers={"X-Extra": "1"})

    async def returning(request: web.Request) -> web.StreamResponse:
        return _make(request.match_info["name"], headers={"X-Extra": "1"})

    async def custom_text(request: web.Request) -> web.StreamResponse:
        raise web.HTTPBadRequest(text="bad input: field x", reason="Bad Thing")

    app = web.Application()
    app.router.add_get("/raise/{name}", raising)
    app.router.add_get("/return/{name}", returning)
    app.router.add_get("/custom", custom_text)
    return app


def test_the_list_of_classes_is_complete() -> None:
    assert len(CLASSES) == 51
    assert {"HTTPNotFound", "HTTPFound", "HTTPNoContent", "HTTPGatewayTimeout"} <= set(CLASSES)


async def _get_each(port: int, paths: list[str]) -> list[Any]:
    """One keep-alive connection, every path in turn (also proves framing stays in sync)."""
    reader, writer = await connect(port)
    try:
        found = []
        for path in paths:
            writer.write(f"GET {path} HTTP/1.1\r\nHost: t\r\n\r\n".encode())
            found.append(await read_response(reader))
        return found
    finally:
        writer.close()


def _check(name: str, resp: Any) -> None:
    cls = getattr(web, name)
    assert resp.status == cls.status_code, name
    assert resp.headers["X-Extra"] == "1", name
    if cls.status_code in EMPTY_BODY:
        assert resp.body == b"", name
        assert "Transfer-Encoding" not in resp.headers, name
    elif cls is web.HTTPRequestEntityTooLarge:
        assert resp.body == b"Maximum request body size 10 exceeded."
    else:
        assert resp.body == f"{resp.status}: {resp.reason}".encode(), name
        assert resp.headers["Content-Type"] == "text/plain; charset=utf-8", name
    if issubclass(cls, web.HTTPMove):
        assert resp.headers["Location"] == "/new/place?x=1", name
    if cls is web.HTTPMethodNotAllowed:
        assert resp.headers["Allow"] == "GET,POST,PUT"
    if cls is web.HTTPUnavailableForLegalReasons:
        assert resp.headers["Link"] == '<https://example.org/why>; rel="blocked-by"'


async def test_every_exception_raised(aiohttp_server: AiohttpServer) -> None:
    server = await aiohttp_server(_app())
    responses = await _get_each(server.port, [f"/raise/{name}" for name in CLASSES])
    for name, resp in zip(CLASSES, responses, strict=True):
        _check(name, resp)


async def test_every_exception_returned_warns_and_is_sent(aiohttp_server: AiohttpServer) -> None:
    server = await aiohttp_server(_app())
    with pytest.warns(DeprecationWarning, match="returning HTTPException object is deprecated"):
        responses = await _get_each(server.port, [f"/return/{name}" for name in CLASSES])
    for name, resp in zip(CLASSES, responses, strict=True):
        _check(name, resp)


async def test_custom_text_and_reason(aiohttp_server: AiohttpServer) -> None:
    server = await aiohttp_server(_app())
    (resp,) = await _get_each(server.port, ["/custom"])
    assert (resp.status, resp.reason) == (400, "Bad Thing")
    assert resp.body == b"bad input: field x"


async def test_exception_from_middleware_and_router(aiohttp_server: AiohttpServer) -> None:
    @web.middleware
    async def guard(request: web.Request, handler: Any) -> Any:
        if request.path == "/denied":
            raise web.HTTPForbidden()
        return await handler(request)

    async def ok(request: web.Request) -> web.Response:
        return web.Response(text="ok")

    app = web.Application(middlewares=[guard])
    app.router.add_get("/denied", ok)
    app.router.add_post("/only-post", ok)
    server = await aiohttp_server(app)
    denied, missing, wrong_method = await _get_each(server.port, ["/denied", "/nope", "/only-post"])
    assert (denied.status, denied.body) == (403, b"403: Forbidden")
    assert (missing.status, missing.body) == (404, b"404: Not Found")
    assert wrong_method.status == 405
    assert wrong_method.headers["Allow"] == "POST"

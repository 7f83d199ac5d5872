"""The default Content-Type (application/octet-stream) goes only on responses with content, as
aiohttp 3.14 sends it (RFC 9110 8.3): the same handlers on both frameworks, headers compared."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp.web
import httpx
import pytest

from wirehttp import web


def _handlers(module: Any) -> dict[str, Callable[[Any], Awaitable[Any]]]:
    async def empty(request: Any) -> Any:
        return module.Response()

    async def empty_bytes(request: Any) -> Any:
        return module.Response(body=b"", status=201)

    async def no_content(request: Any) -> Any:
        return module.Response(status=204)

    async def empty_text(request: Any) -> Any:
        return module.Response(text="")

    async def some_bytes(request: Any) -> Any:
        return module.Response(body=b"abc")

    async def streamed(request: Any) -> Any:
        response = module.StreamResponse()
        await response.prepare(request)
        await response.write(b"abc")
        return response

    return {
        f.__name__: f for f in (empty, empty_bytes, no_content, empty_text, some_bytes, streamed)
    }


async def _headers(module: Any, path: str) -> tuple[int, str | None, str | None]:
    app = module.Application()
    for name, handler in _handlers(module).items():
        app.router.add_get(f"/{name}", handler)
    runner = module.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        site = module.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = runner.addresses[0][1]
        async with httpx.AsyncClient(timeout=10) as client:
            resp = await client.get(f"http://127.0.0.1:{port}/{path}")
        return (
            resp.status_code,
            resp.headers.get("content-type"),
            resp.headers.get("content-length"),
        )
    finally:
        await runner.cleanup()


@pytest.mark.parametrize(
    "path", ["empty", "empty_bytes", "no_content", "empty_text", "some_bytes", "streamed"]
)
async def test_default_content_type_as_aiohttp(path: str) -> None:
    ours = await _headers(web, path)
    theirs = await _headers(aiohttp.web, path)
    assert ours == theirs
    if path in ("empty", "empty_bytes", "no_content"):
        assert ours[1] is None  # nothing to describe

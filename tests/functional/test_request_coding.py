"""Request bodies with a Content-Encoding are decoded for the handler, as aiohttp's server does."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Callable
from typing import Any

import brotli
import httpx
import pytest
import zstandard

from wirehttp import web
from wirehttp.pytest_plugin import AiohttpServer

PLAIN = b'{"greeting": "hello", "padding": "' + b"z" * 5000 + b'"}'
CODERS: dict[str, Callable[[bytes], bytes]] = {
    "gzip": gzip.compress,
    "x-gzip": gzip.compress,
    "deflate": zlib.compress,
    "br": brotli.compress,
    "zstd": zstandard.ZstdCompressor().compress,
}


def _app(seen: list[Any], **app_kwargs: Any) -> web.Application:
    async def echo(request: web.Request) -> web.Response:
        body = await request.read()
        seen.append((request.headers.get("Content-Encoding"), body))
        data = await request.json()
        return web.json_response({"length": len(body), "greeting": data["greeting"]})

    app = web.Application(**app_kwargs)
    app.router.add_post("/echo", echo)
    return app


@pytest.mark.parametrize("coding", sorted(CODERS))
async def test_coded_body_is_decoded(aiohttp_server: AiohttpServer, coding: str) -> None:
    seen: list[Any] = []
    served = await aiohttp_server(_app(seen))
    coded = CODERS[coding](PLAIN)
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.post(
            str(served.make_url("/echo")), content=coded, headers={"Content-Encoding": coding}
        )
    assert response.status_code == 200
    assert response.json() == {"length": len(PLAIN), "greeting": "hello"}
    assert seen == [(coding, PLAIN)]


async def test_unknown_coding_is_handed_over_as_sent(aiohttp_server: AiohttpServer) -> None:
    seen: list[Any] = []

    async def raw(request: web.Request) -> web.Response:
        seen.append(await request.read())
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/raw", raw)
    served = await aiohttp_server(app)
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.post(
            str(served.make_url("/raw")),
            content=b"\x01\x02opaque",
            headers={"Content-Encoding": "compress"},
        )
    assert response.status_code == 200
    assert seen == [b"\x01\x02opaque"]


async def test_decoded_size_counts_against_client_max_size(
    aiohttp_server: AiohttpServer,
) -> None:
    seen: list[Any] = []
    app = _app(seen, client_max_size=1000)
    served = await aiohttp_server(app)
    coded = gzip.compress(PLAIN)
    assert len(coded) < 1000 < len(PLAIN)  # small on the wire, too large once decoded
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.post(
            str(served.make_url("/echo")), content=coded, headers={"Content-Encoding": "gzip"}
        )
    assert response.status_code == 413
    assert seen == []

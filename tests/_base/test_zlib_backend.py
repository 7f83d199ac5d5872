"""wirehttp.set_zlib_backend: gzip and deflate coded with another zlib-compatible module.

A fake backend (a module object that hands every call on to zlib and records it) stands in for
isal.isal_zlib or zlib_ng.zlib_ng: each test checks that the coders really ask it, on the
client (request compress=, response decoding), the server (response compression, request
decoding) and in multipart parts, and that bodies still round-trip over loopback. The default
is put back after every test.
"""

from __future__ import annotations

import types
import zlib
from collections.abc import Iterator
from typing import Any

import pytest

import wirehttp
from wirehttp import web
from wirehttp._base.zlib_backend import zlib_backend
from wirehttp._io.codecs import Compressor, Decompressor
from wirehttp.pytest_plugin import AiohttpServer

BODY = b"a body that compresses well " * 200


class Recorder:
    """A zlib look-alike module and the calls made to it."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        module = types.ModuleType("recording_zlib")
        module.MAX_WBITS = zlib.MAX_WBITS  # type: ignore[attr-defined]
        module.Z_DEFAULT_COMPRESSION = zlib.Z_DEFAULT_COMPRESSION  # type: ignore[attr-defined]
        module.compressobj = self.compressobj  # type: ignore[attr-defined]
        module.decompressobj = self.decompressobj  # type: ignore[attr-defined]
        self.module = module

    def compressobj(self, *args: Any, **kwargs: Any) -> Any:
        self.calls.append(("compressobj", kwargs))
        return zlib.compressobj(*args, **kwargs)

    def decompressobj(self, *args: Any, **kwargs: Any) -> Any:
        self.calls.append(("decompressobj", kwargs))
        return zlib.decompressobj(*args, **kwargs)

    def names(self) -> list[str]:
        return [name for name, _ in self.calls]


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    recorder = Recorder()
    wirehttp.set_zlib_backend(recorder.module)  # type: ignore[arg-type]
    try:
        yield recorder
    finally:
        wirehttp.set_zlib_backend(zlib)


def test_default_is_zlib_and_set_swaps_it(recorder: Recorder) -> None:
    assert zlib_backend() is recorder.module
    wirehttp.set_zlib_backend(zlib)
    assert zlib_backend() is zlib
    Compressor("gzip")
    assert recorder.calls == []


@pytest.mark.parametrize(("coding", "wbits"), [("gzip", 16 + zlib.MAX_WBITS), ("deflate", 15)])
def test_codecs_code_with_the_backend(recorder: Recorder, coding: str, wbits: int) -> None:
    compressor = Compressor(coding)
    coded = compressor.compress(BODY) + compressor.flush()
    assert recorder.calls == [
        ("compressobj", {"level": zlib.Z_DEFAULT_COMPRESSION, "wbits": wbits})
    ]
    assert Decompressor(coding).decompress(coded) == BODY
    assert recorder.names() == ["compressobj", "decompressobj"]
    # and what it made is what zlib itself reads
    assert zlib.decompress(coded, wbits) == BODY


def test_raw_deflate_is_decoded_by_the_backend(recorder: Recorder) -> None:
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    coded = raw.compress(BODY) + raw.flush()
    assert Decompressor("deflate").decompress(coded) == BODY
    assert recorder.calls == [("decompressobj", {"wbits": -zlib.MAX_WBITS})]


def test_a_coder_keeps_the_module_it_began_with(recorder: Recorder) -> None:
    decoder = Decompressor("deflate")  # the deflate mode is chosen on the first bytes
    wirehttp.set_zlib_backend(zlib)
    assert decoder.decompress(zlib.compress(BODY)) == BODY
    assert recorder.names() == ["decompressobj"]


def test_backend_is_not_checked_when_set() -> None:
    """As in aiohttp: a module lacking zlib's names is taken, and fails when it is used."""
    try:
        wirehttp.set_zlib_backend(types.ModuleType("empty"))  # type: ignore[arg-type]
        with pytest.raises(AttributeError):
            Compressor("gzip")
    finally:
        wirehttp.set_zlib_backend(zlib)
    assert Decompressor("gzip").decompress(zlib.compress(BODY, wbits=31)) == BODY


async def _echo_compressed(request: web.Request) -> web.Response:
    body = await request.read()  # decoded by the server, from the request's Content-Encoding
    response = web.Response(body=body)
    response.enable_compression(request.query["reply"])
    return response


@pytest.mark.parametrize("coding", ["gzip", "deflate"])
async def test_round_trip_over_loopback(
    recorder: Recorder, aiohttp_server: AiohttpServer, coding: str
) -> None:
    app = web.Application()
    app.router.add_post("/", _echo_compressed)
    server = await aiohttp_server(app)
    async with (
        wirehttp.ClientSession() as session,
        session.post(
            server.make_url("/").with_query(reply=coding), data=BODY, compress=coding
        ) as resp,
    ):
        assert resp.headers["Content-Encoding"] == coding
        assert await resp.read() == BODY
    # client compresses, server decodes it, server compresses its answer, client decodes that
    assert recorder.names() == ["compressobj", "decompressobj", "compressobj", "decompressobj"]


async def test_multipart_part_coding_uses_the_backend(recorder: Recorder) -> None:
    writer = wirehttp.MultipartWriter("mixed")
    writer.append(BODY, {"Content-Encoding": "deflate"})

    class Sink:
        def __init__(self) -> None:
            self.data = bytearray()

        async def write(self, chunk: bytes) -> None:
            self.data += chunk

    sink = Sink()
    await writer.write(sink)  # type: ignore[arg-type]
    assert recorder.calls == [("compressobj", {"wbits": -zlib.MAX_WBITS})]
    coded = bytes(sink.data).split(b"\r\n\r\n", 1)[1].rsplit(b"\r\n--", 1)[0]
    assert zlib.decompress(coded, -zlib.MAX_WBITS) == BODY

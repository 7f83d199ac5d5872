"""Our client's forms and multipart bodies against real peers, and the seeds' upload examples.

- aiohttp.web as the server: `request.post()` and `request.multipart()` parse what we send;
  file contents compared by digest, a 6 MiB file streamed in bounded reads;
- aiohttp.web answering a multipart response, read with our MultipartReader.from_response;
- httpbin (gunicorn): its /post echoes `form` and `files`;
- the upload examples of ../shared/seeds 002 and 003, run with `import wirehttp as aiohttp`
  and only the URL changed (example.com's /login and /upload -> httpbin's /post).
"""

# ruff: noqa: SIM117  (the seeds nest `async with` session / request; kept as written)

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp as real_aiohttp
import pytest
from aiohttp import web as real_web

import wirehttp as aiohttp
from wirehttp import FormData
from wirehttp._body.io_payload import FILE_CHUNK

pytestmark = pytest.mark.interop
TIMEOUT = aiohttp.ClientTimeout(total=30)
BIG = 6 * 1024 * 1024 + 321  # a few MiB, not a multiple of any buffer size
BLOB = real_web.AppKey("blob", bytes)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


async def _post_handler(request: real_web.Request) -> real_web.Response:
    """aiohttp's own form parsing: fields as text, files as (filename, type, digest, size)."""
    form = await request.post()
    out: dict[str, Any] = {}
    for name, value in form.items():
        if isinstance(value, real_web.FileField):
            data = value.file.read()
            out[name] = [value.filename, value.content_type, _sha(data), len(data)]
        else:
            out[name] = value
    return real_web.json_response(
        {"fields": out, "type": request.content_type, "length": request.content_length}
    )


async def _parts_handler(request: real_web.Request) -> real_web.Response:
    """Streaming read with aiohttp's MultipartReader, nested parts included."""

    async def walk(reader: Any) -> list[Any]:
        seen = []
        async for part in reader:
            if isinstance(part, real_aiohttp.MultipartReader):
                seen.append(await walk(part))
            else:
                digest = hashlib.sha256()
                while chunk := await part.read_chunk():
                    digest.update(chunk)
                seen.append([part.headers.get("Content-Type"), digest.hexdigest()])
        return seen

    return real_web.json_response(await walk(await request.multipart()))


async def _multipart_answer(request: real_web.Request) -> real_web.Response:
    writer = real_aiohttp.MultipartWriter("mixed")
    writer.append("first part")
    writer.append(io.BytesIO(request.app[BLOB]))
    writer.append_json({"json": True})
    return real_web.Response(body=writer)


@asynccontextmanager
async def aiohttp_peer(blob: bytes) -> AsyncIterator[str]:
    app = real_web.Application(client_max_size=64 * 1024 * 1024)
    app[BLOB] = blob
    app.router.add_post("/post", _post_handler)
    app.router.add_post("/parts", _parts_handler)
    app.router.add_get("/multipart", _multipart_answer)
    runner = real_web.AppRunner(app)
    await runner.setup()
    site = real_web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


class ReadSpy(io.FileIO):
    """A file recording each read's size: proof that it was streamed, never read whole."""

    reads: list[int]

    def read(self, size: int = -1, /) -> bytes:
        self.reads.append(size)
        return super().read(size)


async def closed_soon(file: Any) -> bool:
    """True once `file` is closed: the client closes a sent file in the executor, as aiohttp."""
    for _ in range(500):
        if file.closed:
            return True
        await asyncio.sleep(0.01)
    return bool(file.closed)


@pytest.fixture
def big_file(tmp_path: Path) -> Path:
    path = tmp_path / "big upload.bin"
    path.write_bytes(os.urandom(BIG))
    return path


async def test_aiohttp_server_parses_our_form(big_file: Path) -> None:
    blob = big_file.read_bytes()
    spy = ReadSpy(big_file, "rb")
    spy.reads = []
    form = FormData()
    form.add_field("title", "été report")
    form.add_field("upload", spy, filename="big upload.bin", content_type="application/x-blob")
    form.add_field("small", io.BytesIO(b"in memory"), filename="small.txt")
    async with aiohttp_peer(b"") as url, aiohttp.ClientSession(timeout=TIMEOUT) as session:
        async with session.post(url + "/post", data=form) as resp:
            assert resp.status == 200
            got = await resp.json()
    assert got["type"] == "multipart/form-data"
    assert got["length"] is not None and got["length"] > BIG  # sized: Content-Length was sent
    assert got["fields"] == {
        "title": "été report",
        "upload": ["big%20upload.bin", "application/x-blob", _sha(blob), BIG],
        "small": ["small.txt", "application/octet-stream", _sha(b"in memory"), 9],  # as aiohttp
    }
    assert spy.reads and max(spy.reads) <= FILE_CHUNK  # streamed in bounded reads
    assert await closed_soon(spy)  # closed once sent, as aiohttp does


async def test_aiohttp_server_parses_a_dict_with_a_file(big_file: Path) -> None:
    async with aiohttp_peer(b"") as url, aiohttp.ClientSession(timeout=TIMEOUT) as session:
        with open(big_file, "rb") as file:
            async with session.post(url + "/post", data={"k": "v", "file": file}) as resp:
                got = await resp.json()
    assert got["fields"]["k"] == "v"
    assert got["fields"]["file"][2:] == [_sha(big_file.read_bytes()), BIG]
    assert got["fields"]["file"][0] == "big%20upload.bin"


async def test_aiohttp_server_reads_our_nested_multipart_streamed() -> None:
    async def produce() -> AsyncIterator[bytes]:
        for n in range(64):
            yield bytes([n]) * 50_000

    produced = b"".join(bytes([n]) * 50_000 for n in range(64))
    writer = aiohttp.MultipartWriter("mixed")
    writer.append("plain text")
    writer.append_json({"k": [1, 2]})
    inner = aiohttp.MultipartWriter("related")
    inner.append(b"inner bytes")
    inner.append(produce())  # unknown size: the request goes chunked
    writer.append(inner)
    async with aiohttp_peer(b"") as url, aiohttp.ClientSession(timeout=TIMEOUT) as session:
        async with session.post(url + "/parts", data=writer) as resp:
            assert resp.status == 200
            got = await resp.json()
    assert got == [
        ["text/plain; charset=utf-8", _sha(b"plain text")],
        ["application/json", _sha(b'{"k": [1, 2]}')],
        [
            ["application/octet-stream", _sha(b"inner bytes")],
            ["application/octet-stream", _sha(produced)],
        ],
    ]


async def test_our_reader_reads_an_aiohttp_multipart_response() -> None:
    blob = os.urandom(3 * 1024 * 1024)
    async with aiohttp_peer(blob) as url, aiohttp.ClientSession(timeout=TIMEOUT) as session:
        async with session.get(url + "/multipart") as resp:
            reader = aiohttp.MultipartReader.from_response(resp)
            first = await reader.next()
            assert isinstance(first, aiohttp.BodyPartReader)
            assert await first.text() == "first part"
            second = await reader.next()
            assert isinstance(second, aiohttp.BodyPartReader)
            digest = hashlib.sha256()
            while chunk := await second.read_chunk(65536):
                digest.update(chunk)
            assert digest.hexdigest() == _sha(blob)
            third = await reader.next()
            assert isinstance(third, aiohttp.BodyPartReader)
            assert await third.json() == {"json": True}
            assert await reader.next() is None
            assert reader.at_eof()


# --- httpbin ------------------------------------------------------------------------------------


async def test_httpbin_echoes_form_and_files(httpbin_server: Any, tmp_path: Path) -> None:
    path = tmp_path / "report.csv"
    path.write_text("a,b\n1,2\n")
    form = FormData()
    form.add_field("name", "value with spaces & é")
    with open(path, "rb") as file:
        form.add_field("report", file)
        async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
            async with session.post(httpbin_server.url + "/post", data=form) as resp:
                echoed = await resp.json()
    assert echoed["form"] == {"name": "value with spaces & é"}
    assert echoed["files"] == {"report": "a,b\n1,2\n"}
    assert echoed["headers"]["Content-Type"].startswith("multipart/form-data; boundary=")
    assert int(echoed["headers"]["Content-Length"]) > 0


async def test_httpbin_urlencoded_form(httpbin_server: Any) -> None:
    form = FormData([("a", "1"), ("a", "2"), ("b", "x y")])
    async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
        async with session.post(httpbin_server.url + "/post", data=form) as resp:
            echoed = await resp.json()
    assert echoed["form"] == {"a": ["1", "2"], "b": "x y"}
    assert echoed["headers"]["Content-Type"] == "application/x-www-form-urlencoded"


async def test_httpbin_chunked_multipart(httpbin_server: Any) -> None:
    async def lines() -> AsyncIterator[bytes]:
        for n in range(3):
            yield b"line %d\n" % n

    form = FormData()
    form.add_field("log", lines(), filename="log.txt", content_type="text/plain")
    form.add_field("k", "v")
    async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
        async with session.post(httpbin_server.url + "/post", data=form) as resp:
            echoed = await resp.json()
    assert echoed["headers"]["Transfer-Encoding"] == "chunked"
    assert (echoed["files"], echoed["form"]) == ({"log": "line 0\nline 1\nline 2\n"}, {"k": "v"})


# --- seeds --------------------------------------------------------------------------------------


async def test_002_multipart_uploads(httpbin_server: Any, tmp_path: Path) -> None:
    """Seed 002 "To upload Multipart-encoded files", with `async with aiohttp.request(...)`."""
    url = httpbin_server.url + "/post"
    report = tmp_path / "report.xls"
    report.write_bytes(b"\xd0\xcf\x11\xe0 not really excel")
    files = {"file": open(report, "rb")}  # noqa: SIM115 (the seed's spelling; the request closes it)
    async with aiohttp.request("post", url, data=files) as r:
        echoed = await r.json()
    assert list(echoed["files"]) == ["file"]
    assert await closed_soon(files["file"])

    # "You can set the filename, content_type explicitly"
    data = FormData()
    data.add_field("report.xls", open(report, "rb"), content_type="application/vnd.ms-excel")  # noqa: SIM115
    async with aiohttp.request("post", url, data=data) as r:
        echoed = await r.json()
    assert list(echoed["files"]) == ["report.xls"]

    # "If you want, you can send strings to be received as files": with aiohttp 3.14 a
    # (filename, text) tuple in a dict is not a file: the form is urlencoded, the pair repeated
    files2 = {"file": ("report.csv", "some,data,to,send\nanother,row,to,send\n")}
    async with aiohttp.request("post", url, data=files2) as r:
        echoed = await r.json()
    assert echoed["files"] == {}
    assert echoed["form"] == {"file": ["report.csv", "some,data,to,send\nanother,row,to,send\n"]}


async def test_003_send_form_data(httpbin_server: Any) -> None:
    """Seed 003 "Sending Form Data" (example.com/login -> httpbin's /post)."""

    async def send_form_data():  # type: ignore[no-untyped-def]
        form_data = aiohttp.FormData()
        form_data.add_field("username", "john_doe")
        form_data.add_field("password", "secret123")
        async with aiohttp.ClientSession() as session:
            async with session.post(httpbin_server.url + "/post", data=form_data) as resp:
                return await resp.text()

    echoed = json.loads(await send_form_data())
    assert echoed["form"] == {"username": "john_doe", "password": "secret123"}
    assert echoed["headers"]["Content-Type"] == "application/x-www-form-urlencoded"


async def test_003_upload_file(httpbin_server: Any, tmp_path: Path, monkeypatch: Any) -> None:
    """Seed 003 "Sending Files" (example.com/upload -> httpbin's /post), run in a directory
    holding the seed's document.pdf."""
    monkeypatch.chdir(tmp_path)
    Path("document.pdf").write_bytes(b"%PDF-1.4 tiny")

    async def upload_file():  # type: ignore[no-untyped-def]
        with open("document.pdf", "rb") as file:
            data = aiohttp.FormData()
            data.add_field("file", file, filename="document.pdf", content_type="application/pdf")
            data.add_field("description", "Important document")

            async with aiohttp.ClientSession() as session:
                async with session.post(httpbin_server.url + "/post", data=data) as resp:
                    return await resp.json()

    echoed = await upload_file()
    assert echoed["form"] == {"description": "Important document"}
    assert echoed["files"] == {"file": "%PDF-1.4 tiny"}

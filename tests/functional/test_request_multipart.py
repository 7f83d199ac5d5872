"""Multipart forms on the server: `await request.post()` (fields as str or bytes, files as
web.FileField) and `await request.multipart()` (streamed, as the seed's upload example uses it),
sent by aiohttp's client, httpx and wirehttp's own client over loopback."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path
from typing import Any

import aiohttp
import httpx
import pytest

import wirehttp
from wirehttp import web
from wirehttp.pytest_plugin import AiohttpClient, AiohttpServer

BIG = os.urandom(3 * 1024 * 1024 + 17)  # over the 1 MiB in-memory spool and client_max_size


def _describe(form: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in form.items():
        if isinstance(value, web.FileField):
            data = value.file.read()
            value.file.close()
            out[name] = {
                "filename": value.filename,
                "content_type": value.content_type,
                "sha256": hashlib.sha256(data).hexdigest(),
                "size": len(data),
                "disposition": value.headers.get("Content-Disposition", ""),
            }
        else:
            out[name] = [type(value).__name__, value if isinstance(value, str) else value.hex()]
    return out


async def _echo_form(request: web.Request) -> web.Response:
    return web.json_response(_describe(await request.post()))


def _form_app(client_max_size: int = 1024**2) -> web.Application:
    app = web.Application(client_max_size=client_max_size)
    app.router.add_post("/form", _echo_form)
    return app


async def test_post_gives_text_fields_and_file_fields(aiohttp_server: AiohttpServer) -> None:
    server = await aiohttp_server(_form_app(client_max_size=8 * 1024**2))
    form = aiohttp.FormData()
    form.add_field("username", "zoë")
    form.add_field("doc", io.BytesIO(BIG), filename="big.bin", content_type="application/x-big")
    async with (
        aiohttp.ClientSession() as session,
        session.post(server.make_url("/form"), data=form) as resp,
    ):
        assert resp.status == 200, await resp.text()
        seen = await resp.json()
    assert seen["username"] == ["str", "zoë"]
    assert seen["doc"]["filename"] == "big.bin"
    assert seen["doc"]["content_type"] == "application/x-big"
    assert seen["doc"]["size"] == len(BIG)
    assert seen["doc"]["sha256"] == hashlib.sha256(BIG).hexdigest()
    assert 'name="doc"' in seen["doc"]["disposition"]


async def test_our_client_and_httpx_forms_parse_alike(aiohttp_server: AiohttpServer) -> None:
    server = await aiohttp_server(_form_app())
    url = str(server.make_url("/form"))
    async with wirehttp.ClientSession() as session:
        form = wirehttp.FormData()
        form.add_field("a", "1")
        form.add_field("f", b"file-bytes", filename="f.txt", content_type="text/plain")
        async with session.post(url, data=form) as resp:
            ours = await resp.json()
    async with httpx.AsyncClient(timeout=10) as client:
        resp2 = await client.post(
            url, data={"a": "1"}, files={"f": ("f.txt", b"file-bytes", "text/plain")}
        )
        theirs = resp2.json()
    for seen in (ours, theirs):
        assert seen["a"] == ["str", "1"]
        assert seen["f"]["filename"] == "f.txt"
        assert seen["f"]["sha256"] == hashlib.sha256(b"file-bytes").hexdigest()


async def test_form_over_client_max_size_is_413(aiohttp_server: AiohttpServer) -> None:
    server = await aiohttp_server(_form_app(client_max_size=1024**2))
    form = aiohttp.FormData()
    form.add_field("doc", io.BytesIO(BIG), filename="big.bin")
    async with (
        aiohttp.ClientSession() as session,
        session.post(server.make_url("/form"), data=form) as resp,
    ):
        assert resp.status == 413


async def test_non_text_field_stays_bytes(aiohttp_server: AiohttpServer) -> None:
    # A part without a filename but with a non-text type is bytes, as aiohttp gives it; a text
    # part is decoded with its own charset.
    body = (
        b"--b\r\nContent-Disposition: form-data; name=raw\r\n"
        b"Content-Type: application/octet-stream\r\n\r\n\x00\xff\r\n"
        b"--b\r\nContent-Disposition: form-data; name=t\r\n"
        b"Content-Type: text/plain; charset=latin-1\r\n\r\n\xe9\r\n--b--\r\n"
    )
    server = await aiohttp_server(_form_app())
    async with httpx.AsyncClient(timeout=10) as client:
        resp = await client.post(
            str(server.make_url("/form")),
            content=body,
            headers={"Content-Type": "multipart/form-data; boundary=b"},
        )
    assert resp.json() == {"raw": ["bytes", "00ff"], "t": ["str", "\u00e9"]}


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        (
            "multipart/form-data; boundary=b",
            b"--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--\r\n",
        ),
        (
            "multipart/form-data; boundary=b",
            b"--b\r\nContent-Disposition: form-data; name=n\r\n"
            b"Content-Type: multipart/mixed; boundary=c\r\n\r\n--c\r\n\r\nx\r\n--c--\r\n--b--\r\n",
        ),
        ("multipart/form-data", b"--b\r\n\r\nx\r\n--b--\r\n"),
        ("multipart/form-data; boundary=b", b"--b\r\nContent-Disposition: form-data; name=n\r\n"),
    ],
    ids=["field-without-name", "nested-multipart", "no-boundary", "truncated"],
)
async def test_malformed_form_is_400(
    aiohttp_server: AiohttpServer, content_type: str, body: bytes
) -> None:
    server = await aiohttp_server(_form_app())
    async with httpx.AsyncClient(timeout=10) as client:
        resp = await client.post(
            str(server.make_url("/form")), content=body, headers={"Content-Type": content_type}
        )
    assert resp.status_code == 400, resp.text


# The seed's "Handling Forms" and "Handling Files in Forms" handlers, as written there (indented).
async def form_handler(request):
    if request.method == "POST":
        data = await request.post()
        username = data.get("username")
        email = data.get("email")
        if not username or not email:
            return web.json_response({"error": "Missing fields"}, status=400)
        # Processing form data
        return web.json_response({"message": f"User {username} created"})
    return web.Response(
        text="""
<form method="post">
<input name="username" type="text" placeholder="Username">
<input name="email" type="email" placeholder="Email">
<button type="submit">Submit</button>
</form>
""",
        content_type="text/html",
    )


async def file_upload_handler(request):
    reader = await request.multipart()
    while True:
        field = await reader.next()
        if field is None:
            break
        if field.name == "file":
            filename = field.filename
            # Saving the file
            with open(f"uploads/{filename}", "wb") as f:
                while True:
                    chunk = await field.read_chunk()
                    if not chunk:
                        break
                    f.write(chunk)
    return web.json_response({"message": "File uploaded successfully"})


async def test_seed_form_and_upload_handlers(
    aiohttp_client: AiohttpClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "uploads").mkdir()
    app = web.Application()  # default client_max_size (1 MiB): multipart() streams past it
    app.router.add_route("*", "/form", form_handler)
    app.router.add_post("/upload", file_upload_handler)
    client = await aiohttp_client(app)

    page = await client.get("/form")
    assert page.status == 200 and 'name="username"' in await page.text()
    created = await client.post("/form", data={"username": "ann", "email": "ann@example.org"})
    assert await created.json() == {"message": "User ann created"}
    missing = await client.post("/form", data={"username": "ann"})
    assert missing.status == 400 and await missing.json() == {"error": "Missing fields"}

    form = wirehttp.FormData()
    form.add_field("file", io.BytesIO(BIG), filename="photo.bin")
    uploaded = await client.post("/upload", data=form)
    assert uploaded.status == 200, await uploaded.text()
    assert await uploaded.json() == {"message": "File uploaded successfully"}
    assert (tmp_path / "uploads" / "photo.bin").read_bytes() == BIG

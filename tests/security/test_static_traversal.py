"""Static files: nothing outside the root is reachable, and refusals give away nothing.

A secret file sits next to the static root. Every traversal form is requested twice, once
naming the secret and once naming a file that exists nowhere; both answers must be the same 404
(status, headers other than Date, body), and the same as a plain miss inside the root, so a
client cannot even learn whether the outside file exists.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from security_wire import one_response_then_close, serve

from wirehttp import web

SECRET = b"top secret contents"

# request targets; {name} is the outside file's name, {abs} the absolute path of its directory
TRAVERSALS: list[tuple[str, str]] = [
    ("dotdot-raw", "/static/../{name}"),
    ("dotdot-deep-raw", "/static/sub/../../{name}"),
    ("dotdot-lower", "/static/%2e%2e/{name}"),
    ("dotdot-mixed-case", "/static/%2E%2e/{name}"),
    ("dotdot-upper", "/static/%2E%2E/{name}"),
    ("dot-and-encoded-dot", "/static/.%2e/{name}"),
    ("dotdot-encoded-slash", "/static/..%2f{name}"),
    ("dotdot-encoded-slash-upper", "/static/..%2F{name}"),
    ("encoded-slash-dotdot", "/static/sub%2f..%2f..%2f{name}"),
    ("encoded-slash-before-dotdot", "/static/%2f..%2f{name}"),
    ("all-encoded", "/static/%2e%2e%2f{name}"),
    ("double-encoded", "/static/%252e%252e%252f{name}"),
    ("backslash-raw", "/static/..\\{name}"),
    ("backslash-encoded", "/static/..%5c{name}"),
    ("backslash-encoded-upper", "/static/..%5C{name}"),
    ("backslash-leading", "/static/%5c..%5c{name}"),
    ("backslash-deep", "/static/sub\\..\\..\\{name}"),
    ("absolute-double-slash", "/static/{abs}/{name}"),
    ("absolute-encoded", "/static/%2f{abs_enc}%2f{name}"),
    ("double-slash-dotdot", "/static//../{name}"),
    ("double-slash-inside", "/static/sub//../../{name}"),
    ("leading-double-slash", "//static/../{name}"),
    ("nul-suffix", "/static/../{name}%00"),
    ("nul-inside", "/static/..%00/{name}"),
    ("nul-before-ext", "/static/%2e%2e/{name}%00.png"),
    ("symlink-dir-out", "/static/link_dir/{name}"),
    ("dot-segment-trailing", "/static/sub/..%2f..%2f{name}"),
    ("absolute-form-target", "http://a/static/%2e%2e/{name}"),
    ("overlong-utf8-dot", "/static/%c0%ae%c0%ae/{name}"),
    ("windows-drive", "/static/C:%5c{name}"),
]


def _layout(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    (root / "public.txt").write_bytes(b"public")
    (root / "sub" / "inner.txt").write_bytes(b"inner")
    (tmp_path / "secret.txt").write_bytes(SECRET)
    os.symlink(tmp_path / "secret.txt", root / "link_out")
    os.symlink(tmp_path / "nonexistent.txt", root / "link_missing")
    os.symlink(tmp_path, root / "link_dir")
    return root


def _static_app(root: Path) -> web.Application:
    app = web.Application()
    app.router.add_static("/static", root)
    return app


def _get(target: str) -> bytes:
    return b"GET %s HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n" % target.encode("latin-1")


def _comparable(response: web.Response | object) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    assert hasattr(response, "headers")
    headers = [(k.lower(), v) for k, v in response.headers if k.lower() != b"date"]  # type: ignore[attr-defined]
    return response.status, headers, response.body  # type: ignore[attr-defined]


async def test_layout_is_served(tmp_path: Path) -> None:
    """The fixture works: files inside the root are served, so the 404s below mean refusal."""
    root = _layout(tmp_path)
    async with serve(_static_app(root)) as (_, port):
        public = await one_response_then_close(port, _get("/static/public.txt"))
        inner = await one_response_then_close(port, _get("/static/sub/inner.txt"))
        inner_encoded = await one_response_then_close(port, _get("/static/sub%2finner.txt"))
    assert (public.status, public.body) == (200, b"public")
    assert (inner.status, inner.body) == (200, b"inner")
    assert (inner_encoded.status, inner_encoded.body) == (200, b"inner")


@pytest.mark.parametrize("template", [t[1] for t in TRAVERSALS], ids=[t[0] for t in TRAVERSALS])
async def test_traversal_is_the_same_404_whether_or_not_the_target_exists(
    tmp_path: Path, template: str
) -> None:
    root = _layout(tmp_path)
    outside = str(tmp_path).lstrip("/")
    fields = {"abs": outside, "abs_enc": outside.replace("/", "%2f")}
    async with serve(_static_app(root)) as (_, port):
        secret = await one_response_then_close(
            port, _get(template.format(name="secret.txt", **fields))
        )
        missing = await one_response_then_close(
            port, _get(template.format(name="nonexistent.txt", **fields))
        )
        plain_miss = await one_response_then_close(port, _get("/static/nonexistent.txt"))
    assert SECRET not in secret.raw
    assert secret.status == 404
    assert _comparable(secret) == _comparable(missing) == _comparable(plain_miss)


@pytest.mark.parametrize(
    ("secret_target", "missing_target"), [("/static/link_out", "/static/link_missing")]
)
async def test_symlink_out_of_root_is_the_same_404(
    tmp_path: Path, secret_target: str, missing_target: str
) -> None:
    root = _layout(tmp_path)
    async with serve(_static_app(root)) as (_, port):
        secret = await one_response_then_close(port, _get(secret_target))
        missing = await one_response_then_close(port, _get(missing_target))
        plain_miss = await one_response_then_close(port, _get("/static/nonexistent.txt"))
    assert SECRET not in secret.raw
    assert secret.status == 404
    assert _comparable(secret) == _comparable(missing) == _comparable(plain_miss)

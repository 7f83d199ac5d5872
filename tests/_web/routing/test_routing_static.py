"""Static files: confinement to the root (every traversal attempt is the same 404 as a missing
file), symlink policy, directory listings, append_version, and the resource's route table."""

from __future__ import annotations

import base64
import hashlib
import os
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web as aio_web

from wirehttp._web.exceptions import HTTPForbidden, HTTPNotFound
from wirehttp._web.routing import StaticResource, UrlDispatcher
from wirehttp._web.routing.static_files import locate, safe_parts


class FakeFileResponse:
    """Stands in for the FileResponse another module provides; records what it was given."""

    def __init__(self, path: Path, chunk_size: int) -> None:
        self.path = path
        self.chunk_size = chunk_size


@pytest.fixture(autouse=True)
def fake_file_response(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("wirehttp._web.file_response")
    module.FileResponse = FakeFileResponse  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "wirehttp._web.file_response", module)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """tmp/secret.txt (outside), tmp/root/{ok.txt, sub/inner.txt, link_in, link_out, link_dangling}."""
    (tmp_path / "secret.txt").write_text("secret")
    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    (root / "ok.txt").write_text("ok")
    (root / "sub" / "inner.txt").write_text("inner")
    os.symlink(root / "ok.txt", root / "link_in")
    os.symlink(tmp_path / "secret.txt", root / "link_out")
    os.symlink(tmp_path / "nothing-here", root / "link_dangling")
    return root


async def _serve(router: UrlDispatcher, make_request: Any, target: str, method: str = "GET") -> Any:
    request = make_request(method, target)
    match_info = await router.resolve(request)
    request.match_info = match_info
    return await match_info.handler(request)


TRAVERSALS = [
    "/static/../secret.txt",
    "/static/%2e%2e/secret.txt",
    "/static/%2E%2E/secret.txt",
    "/static/..%2Fsecret.txt",
    "/static/%2e%2e%2fsecret.txt",
    "/static/sub/../../secret.txt",
    "/static/sub/%2e%2e/%2e%2e/secret.txt",
    "/static/..%5Csecret.txt",
    "/static/sub\\..\\..\\secret.txt",
    "/static//etc/passwd",
    "/static/%2Fetc%2Fpasswd",
    "/static/%2F..%2F..%2Fsecret.txt",
    "/static/C:%5CWindows%5Cwin.ini",
    "/static/C:/secret.txt",
    "/static/ok.txt%00",
    "/static/%00",
    "/static/./ok.txt",
    "/static/sub//inner.txt",
    "/static/link_out",
    "/static/link_dangling",
    "/static/../nothing-here",
    "/static/missing.txt",
    "/static/sub/missing/deeper.txt",
]


@pytest.mark.parametrize("target", TRAVERSALS)
async def test_every_traversal_attempt_is_the_same_404_as_a_missing_file(
    tree: Path, make_request: Any, target: str
) -> None:
    router = UrlDispatcher()
    static = router.add_static("/static", tree)
    match_info = await router.resolve(make_request("GET", target))
    assert match_info.route.resource is static  # claimed by the static route, not passed on
    with pytest.raises(HTTPNotFound) as refused:
        await _serve(router, make_request, target)
    with pytest.raises(HTTPNotFound) as missing:
        await _serve(router, make_request, "/static/missing.txt")
    assert (refused.value.status, refused.value.text, dict(refused.value.headers)) == (
        missing.value.status,
        missing.value.text,
        dict(missing.value.headers),
    )


@pytest.mark.parametrize(
    ("target", "relative"),
    [
        ("/static/ok.txt", "ok.txt"),
        ("/static/sub/inner.txt", "sub/inner.txt"),
        ("/static/link_in", "ok.txt"),
    ],
)
async def test_files_inside_the_root_are_served(
    tree: Path, make_request: Any, target: str, relative: str
) -> None:
    router = UrlDispatcher()
    router.add_static("/static/", tree, chunk_size=1234)
    response = await _serve(router, make_request, target)
    assert isinstance(response, FakeFileResponse)
    assert response.path == (tree / relative).resolve()
    assert response.chunk_size == 1234


async def test_head_is_served_and_other_methods_are_405(tree: Path, make_request: Any) -> None:
    router = UrlDispatcher()
    router.add_static("/static", tree)
    assert isinstance(
        await _serve(router, make_request, "/static/ok.txt", "HEAD"), FakeFileResponse
    )
    match_info = await router.resolve(make_request("POST", "/static/ok.txt"))
    assert match_info.http_exception.headers["Allow"] == "GET,HEAD"


async def test_options_route_can_be_added_once(tree: Path, make_request: Any) -> None:
    async def options_handler(request: Any) -> Any:
        return "options"

    router = UrlDispatcher()
    static = router.add_static("/static", tree)
    static.set_options_route(options_handler)
    assert await _serve(router, make_request, "/static/ok.txt", "OPTIONS") == "options"
    with pytest.raises(RuntimeError):
        static.set_options_route(options_handler)


async def test_follow_symlinks_allows_links_out_of_the_root_but_not_dot_segments(
    tree: Path, make_request: Any
) -> None:
    router = UrlDispatcher()
    router.add_static("/static", tree, follow_symlinks=True)
    response = await _serve(router, make_request, "/static/link_out")
    assert response.path == (tree.parent / "secret.txt").resolve()
    with pytest.raises(HTTPNotFound):
        await _serve(router, make_request, "/static/../secret.txt")


async def test_prefix_boundaries(tree: Path, make_request: Any) -> None:
    router = UrlDispatcher()
    router.add_static("/static", tree)
    assert (
        await router.resolve(make_request("GET", "/staticx/ok.txt"))
    ).http_exception.status == 404
    with pytest.raises(HTTPForbidden):  # the root directory itself, listing disabled
        await _serve(router, make_request, "/static")


async def test_directory_without_index_is_403(tree: Path, make_request: Any) -> None:
    router = UrlDispatcher()
    router.add_static("/static", tree)
    with pytest.raises(HTTPForbidden):
        await _serve(router, make_request, "/static/sub")


async def test_show_index_escapes_names_and_quotes_links(tree: Path, make_request: Any) -> None:
    nasty = "<b onclick=x>&\"x'.txt"
    (tree / "sub" / nasty).write_text("x")
    (tree / "sub" / "a b#?.txt").write_text("x")
    (tree / "sub" / "deeper").mkdir()
    router = UrlDispatcher()
    router.add_static("/static", tree, show_index=True)
    response = await _serve(router, make_request, "/static/sub/")
    page = response.text
    assert response.content_type == "text/html"
    assert "<b " not in page
    assert ">&lt;b onclick=x&gt;&amp;&quot;x&#x27;.txt</a>" in page
    assert 'href="/static/sub/%3Cb%20onclick=x%3E&amp;%22x&#x27;.txt"' in page
    assert 'href="/static/sub/a%20b%23%3F.txt">a b#?.txt</a>' in page
    assert 'href="/static/sub/deeper">deeper/</a>' in page
    assert "<title>Index of /sub</title>" in page
    assert "secret" not in page


def test_url_for_and_append_version_match_aiohttp(tree: Path) -> None:
    router = UrlDispatcher()
    ours = router.add_static("/static", tree, name="s", append_version=True)
    theirs = aio_web.Application().router.add_static("/static", tree, append_version=True)
    digest = base64.urlsafe_b64encode(hashlib.sha256(b"ok").digest()).decode()
    versioned = ours.url_for(filename="ok.txt")
    assert (versioned.path, versioned.query["v"]) == ("/static/ok.txt", digest)
    for name in ("ok.txt", "/sub/inner.txt", "a b.txt", "missing.txt", "link_out"):
        assert ours.url_for(filename=name) == theirs.url_for(filename=name)  # type: ignore[call-arg]
    assert str(ours.url_for(filename="ok.txt", append_version=False)) == "/static/ok.txt"


def test_url_for_version_tracks_content_changes(tree: Path) -> None:
    resource = StaticResource("/s", tree)
    before = resource.url_for(filename="ok.txt", append_version=True)
    (tree / "ok.txt").write_text("changed content")
    after = resource.url_for(filename="ok.txt", append_version=True)
    assert before != after


def test_directory_must_exist_and_be_a_directory(tree: Path) -> None:
    with pytest.raises(ValueError, match="does not exist"):
        UrlDispatcher().add_static("/s", tree / "missing")
    with pytest.raises(ValueError, match="is not a directory"):
        UrlDispatcher().add_static("/s", tree / "ok.txt")
    with pytest.raises(ValueError):
        UrlDispatcher().add_static("s", tree)


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("", ()),
        ("a", ("a",)),
        ("a/b", ("a", "b")),
        ("dir/", ("dir",)),
        ("..", None),
        ("a/./b", None),
        ("/abs", None),
        ("a\\b", None),
        ("a\x00", None),
        ("C:x", None),
        ("a//b", None),
        ("...", ("...",)),
    ],
)
def test_safe_parts(name: str, parts: tuple[str, ...] | None) -> None:
    assert safe_parts(name) == parts


def test_locate_refuses_symlink_loops(tree: Path) -> None:
    os.symlink(tree / "loop_a", tree / "loop_b")
    os.symlink(tree / "loop_b", tree / "loop_a")
    assert locate(tree.resolve(), "loop_a", follow_symlinks=False) is None
    assert locate(tree.resolve(), "loop_a", follow_symlinks=True) is None

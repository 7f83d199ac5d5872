"""Redirects: the pure decision (next_hop) and whole chains against real wirehttp servers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from yarl import URL

import wirehttp
from wirehttp import web
from wirehttp._client.redirects import next_hop

BASE = URL("http://h/a/b")


@pytest.mark.parametrize(
    ("status", "method", "new_method", "drop_body"),
    [
        (301, "POST", "GET", True),
        (302, "POST", "GET", True),
        (301, "PUT", "PUT", False),
        (302, "GET", "GET", False),
        (303, "POST", "GET", True),
        (303, "PUT", "GET", True),
        (303, "HEAD", "HEAD", False),
        (307, "POST", "POST", False),
        (308, "PUT", "PUT", False),
        (308, "DELETE", "DELETE", False),
    ],
)
def test_method_and_body_rules(status: int, method: str, new_method: str, drop_body: bool) -> None:
    hop = next_hop(status, "/x", method, BASE, requote=True)
    assert hop is not None
    assert (hop.method, hop.drop_body, hop.url) == (new_method, drop_body, URL("http://h/x"))
    assert not hop.cross_origin


@pytest.mark.parametrize(("status", "location"), [(200, "/x"), (304, "/x"), (302, None), (301, "")])
def test_no_hop(status: int, location: str | None) -> None:
    assert next_hop(status, location, "GET", BASE, requote=True) is None


@pytest.mark.parametrize(
    ("location", "cross"),
    [
        ("c", False),
        ("//other/x", True),
        ("https://h/a", True),
        ("http://h:81/", True),
        ("http://H/z", False),
    ],
)
def test_origin_change_detected(location: str, cross: bool) -> None:
    hop = next_hop(302, location, "GET", BASE, requote=True)
    assert hop is not None and hop.cross_origin is cross


def test_https_to_http_is_cross_origin() -> None:
    hop = next_hop(302, "http://h/", "GET", URL("https://h/"), requote=True)
    assert hop is not None and hop.cross_origin


@pytest.mark.parametrize("location", ["ftp://h/x", "javascript:alert(1)", "file:///etc/passwd"])
def test_non_http_location_refused(location: str) -> None:
    with pytest.raises(wirehttp.NonHttpUrlRedirectClientError):
        next_hop(302, location, "GET", BASE, requote=True)


@pytest.mark.parametrize("location", ["http://[bad", "https://[::1/x"])
def test_invalid_location_refused(location: str) -> None:
    with pytest.raises(wirehttp.InvalidUrlRedirectClientError):
        next_hop(302, location, "GET", BASE, requote=True)


# --- chains over loopback -----------------------------------------------------------------------
SEEN: list[dict[str, Any]] = []


async def _redirect(request: web.Request) -> web.Response:
    status = int(request.match_info["status"])
    target = request.query.get("to", "/echo")
    await request.read()
    return web.Response(status=status, headers={"Location": target})


async def _echo(request: web.Request) -> web.Response:
    body = await request.read()
    SEEN.append({"method": request.method, "body": body, "headers": dict(request.headers)})
    return web.json_response({"method": request.method, "body": body.decode()})


async def _loop(request: web.Request) -> web.Response:
    n = int(request.match_info["n"])
    return web.Response(status=302, headers={"Location": f"/loop/{n + 1}"})


def app() -> web.Application:
    application = web.Application()
    application.router.add_route("*", "/r/{status}", _redirect)
    application.router.add_route("*", "/echo", _echo)
    application.router.add_get("/loop/{n}", _loop)
    return application


@asynccontextmanager
async def two_servers() -> AsyncIterator[tuple[str, str]]:
    runners = []
    urls = []
    for _ in range(2):
        runner = web.AppRunner(app(), shutdown_timeout=2.0)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        runners.append(runner)
        urls.append(f"http://127.0.0.1:{runner.addresses[0][1]}")
    try:
        yield urls[0], urls[1]
    finally:
        for runner in runners:
            await asyncio.wait_for(runner.cleanup(), 10)


@pytest.mark.parametrize(
    ("status", "method", "expected_method", "body_kept"),
    [
        (301, "POST", "GET", False),
        (302, "POST", "GET", False),
        (303, "PUT", "GET", False),
        (307, "POST", "POST", True),
        (308, "PATCH", "PATCH", True),
    ],
)
async def test_each_status_end_to_end(
    status: int, method: str, expected_method: str, body_kept: bool
) -> None:
    async with (
        two_servers() as (url, _),
        wirehttp.ClientSession() as s,
        s.request(method, f"{url}/r/{status}", data=b"payload") as r,
    ):
        assert await r.json() == {"method": expected_method, "body": "payload" if body_kept else ""}
        assert [h.status for h in r.history] == [status]
        assert r.history[0].url == URL(f"{url}/r/{status}")
        assert r.url == URL(f"{url}/echo")


async def test_allow_redirects_false_returns_the_redirect() -> None:
    async with (
        two_servers() as (url, _),
        wirehttp.ClientSession() as s,
        s.get(f"{url}/r/302", allow_redirects=False) as r,
    ):
        assert r.status == 302 and r.headers["Location"] == "/echo"


async def test_too_many_redirects() -> None:
    async with two_servers() as (url, _), wirehttp.ClientSession() as s:
        with pytest.raises(wirehttp.TooManyRedirects) as info:
            await s.get(f"{url}/loop/0", max_redirects=3)
        assert len(info.value.history) == 3
        assert info.value.request_info.url == URL(f"{url}/loop/0")


async def test_credentials_dropped_cross_origin_kept_same_origin() -> None:
    SEEN.clear()
    with pytest.warns(DeprecationWarning):
        auth = wirehttp.BasicAuth("u", "p")
    headers = {"Cookie": "from=session-headers", "Proxy-Authorization": "Basic eDp5", "X-Keep": "1"}
    async with two_servers() as (a, b), wirehttp.ClientSession(auth=auth, headers=headers) as s:
        async with s.get(f"{a}/r/302", params={"to": f"{a}/echo"}, cookies={"c": "1"}) as r:
            await r.read()
        async with s.get(f"{a}/r/307", params={"to": f"{b}/echo"}, cookies={"c": "1"}) as r:
            await r.read()
        # the request's own Authorization header (a session with auth= refuses to combine them)
        async with (
            wirehttp.ClientSession(headers=headers) as plain,
            plain.get(
                f"{a}/r/302", params={"to": f"{b}/echo"}, headers={"Authorization": "Bearer t"}
            ) as r,
        ):
            await r.read()
    same, cross, cross_request_auth = (entry["headers"] for entry in SEEN)
    assert same["Authorization"] == "Basic dTpw" and "c=1" in same["Cookie"]
    for seen in (cross, cross_request_auth):
        assert "Authorization" not in seen
        assert "Proxy-Authorization" not in seen
        assert "Cookie" not in seen
        assert seen["X-Keep"] == "1"


async def test_non_http_redirect_refused_end_to_end() -> None:
    async with two_servers() as (url, _), wirehttp.ClientSession() as s:
        with pytest.raises(wirehttp.NonHttpUrlRedirectClientError):
            await s.get(f"{url}/r/302", params={"to": "ftp://example.com/"})

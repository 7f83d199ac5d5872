"""Request properties as a handler sees them, over a real loopback connection."""

from __future__ import annotations

import datetime
from typing import Any

import httpx
from rawhttp import exchange

from wirehttp import web
from wirehttp.pytest_plugin import AiohttpServer

TIMEOUT = httpx.Timeout(10.0)
STATE_KEY = web.RequestKey("state", str)


async def _capture(
    aiohttp_server: AiohttpServer,
    handler_body: Any,
    method: str = "GET",
    path: str = "/probe",
    **request_kwargs: Any,
) -> dict[str, Any]:
    """Serve one route whose handler stores what `handler_body(request)` returns; make one request."""
    seen: dict[str, Any] = {}

    async def handler(request: web.Request) -> web.Response:
        seen.update(await handler_body(request))
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handler)
    server = await aiohttp_server(app)
    async with httpx.AsyncClient(timeout=TIMEOUT) as client:
        resp = await client.request(method, str(server.make_url(path)), **request_kwargs)
    assert resp.status_code == 200, resp.text
    seen["_port"] = server.port
    return seen


async def test_request_line_and_url_parts(aiohttp_server: AiohttpServer) -> None:
    async def probe(request: web.Request) -> dict[str, Any]:
        return {
            "method": request.method,
            "version": tuple(request.version),
            "path": request.path,
            "raw_path": request.raw_path,
            "rel_url": str(request.rel_url),
            "url": str(request.url),
            "query": list(request.query.items()),
            "query_string": request.query_string,
            "path_qs": request.path_qs,
            "host": request.host,
            "scheme": request.scheme,
            "secure": request.secure,
            "remote": request.remote,
        }

    seen = await _capture(aiohttp_server, probe, "PATCH", "/a%20b/c?x=1&x=2&y=%C3%A9")
    port = seen["_port"]
    assert seen["method"] == "PATCH"
    assert seen["version"] == (1, 1)
    assert seen["path"] == "/a b/c"
    assert seen["raw_path"] == "/a%20b/c?x=1&x=2&y=%C3%A9"
    assert seen["rel_url"] == "/a%20b/c?x=1&x=2&y=%C3%A9"
    assert seen["url"] == f"http://127.0.0.1:{port}/a%20b/c?x=1&x=2&y=%C3%A9"
    assert seen["query"] == [("x", "1"), ("x", "2"), ("y", "é")]
    assert seen["query_string"] == "x=1&x=2&y=é"
    assert seen["path_qs"] == "/a%20b/c?x=1&x=2&y=%C3%A9"
    assert seen["host"] == f"127.0.0.1:{port}"
    assert seen["scheme"] == "http"
    assert seen["secure"] is False
    assert seen["remote"] == "127.0.0.1"


async def test_host_header_is_used_for_host_and_url(aiohttp_server: AiohttpServer) -> None:
    async def probe(request: web.Request) -> dict[str, Any]:
        return {"host": request.host, "url": str(request.url)}

    seen = await _capture(
        aiohttp_server, probe, path="/x?q=1", headers={"Host": "example.com:8080"}
    )
    assert seen["host"] == "example.com:8080"
    assert seen["url"] == "http://example.com:8080/x?q=1"


async def test_http_1_0_version(aiohttp_server: AiohttpServer) -> None:
    seen: dict[str, Any] = {}

    async def handler(request: web.Request) -> web.Response:
        seen["version"] = tuple(request.version)
        seen["keep_alive"] = request.keep_alive
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_get("/", handler)
    server = await aiohttp_server(app)
    resp = await exchange(server.port, b"GET / HTTP/1.0\r\nHost: x\r\n\r\n")
    assert resp.status == 200 and resp.body == b"ok"
    assert seen == {"version": (1, 0), "keep_alive": False}


async def test_headers_and_raw_headers(aiohttp_server: AiohttpServer) -> None:
    seen: dict[str, Any] = {}

    async def handler(request: web.Request) -> web.Response:
        seen["headers"] = request.headers.getall("x-multi")
        seen["single"] = request.headers["X-SINGLE"]
        seen["raw"] = request.raw_headers
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_get("/", handler)
    server = await aiohttp_server(app)
    resp = await exchange(
        server.port,
        b"GET / HTTP/1.1\r\nHost: h\r\nX-Multi: a\r\nx-single:  v  \r\nX-MULTI: b\r\n\r\n",
    )
    assert resp.status == 200
    assert seen["headers"] == ["a", "b"]
    assert seen["single"] == "v"
    assert seen["raw"] == (
        (b"Host", b"h"),
        (b"X-Multi", b"a"),
        (b"x-single", b"v"),
        (b"X-MULTI", b"b"),
    )


async def test_cookies(aiohttp_server: AiohttpServer) -> None:
    async def probe(request: web.Request) -> dict[str, Any]:
        return {"cookies": dict(request.cookies)}

    seen = await _capture(aiohttp_server, probe, headers={"Cookie": 'a=1; b=two; quoted="x y"'})
    assert seen["cookies"] == {"a": "1", "b": "two", "quoted": "x y"}


async def test_match_info_from_dynamic_route(aiohttp_server: AiohttpServer) -> None:
    seen: dict[str, Any] = {}

    async def handler(request: web.Request) -> web.Response:
        seen["match"] = dict(request.match_info)
        seen["route_name"] = request.match_info.route.name
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_get("/users/{user}/posts/{post:\\d+}", handler, name="post")
    server = await aiohttp_server(app)
    async with httpx.AsyncClient(timeout=TIMEOUT) as client:
        resp = await client.get(str(server.make_url("/users/al%20ice/posts/42")))
    assert resp.status_code == 200
    assert seen == {"match": {"user": "al ice", "post": "42"}, "route_name": "post"}


async def test_forwarded(aiohttp_server: AiohttpServer) -> None:
    async def probe(request: web.Request) -> dict[str, Any]:
        return {"fwd": [dict(item) for item in request.forwarded]}

    header = 'for=192.0.2.60;proto=https;by=203.0.113.43, for="[2001:db8::1]:4711";host=example.com'
    seen = await _capture(aiohttp_server, probe, headers={"Forwarded": header})
    assert seen["fwd"] == [
        {"for": "192.0.2.60", "proto": "https", "by": "203.0.113.43"},
        {"for": "[2001:db8::1]:4711", "host": "example.com"},
    ]


async def test_content_type_charset_and_length(aiohttp_server: AiohttpServer) -> None:
    async def probe(request: web.Request) -> dict[str, Any]:
        return {
            "content_type": request.content_type,
            "charset": request.charset,
            "content_length": request.content_length,
            "can_read_body": request.can_read_body,
            "body_exists": request.body_exists,
            "text": await request.text(),
            "can_read_after": request.can_read_body,
        }

    body = "héllo".encode("latin-1")
    seen = await _capture(
        aiohttp_server,
        probe,
        "POST",
        content=body,
        headers={"Content-Type": "text/plain; charset=ISO-8859-1"},
    )
    assert seen == {
        "content_type": "text/plain",
        "charset": "ISO-8859-1",
        "content_length": len(body),
        "can_read_body": True,
        "body_exists": True,
        "text": "héllo",
        "can_read_after": False,
        "_port": seen["_port"],
    }


async def test_get_without_body(aiohttp_server: AiohttpServer) -> None:
    async def probe(request: web.Request) -> dict[str, Any]:
        return {
            "content_type": request.content_type,
            "charset": request.charset,
            "content_length": request.content_length,
            "can_read_body": request.can_read_body,
            "body_exists": request.body_exists,
            "read": await request.read(),
        }

    seen = await _capture(aiohttp_server, probe)
    seen.pop("_port")
    assert seen == {
        "content_type": "application/octet-stream",
        "charset": None,
        "content_length": None,
        "can_read_body": False,
        "body_exists": False,
        "read": b"",
    }


async def test_content_stream_and_read(aiohttp_server: AiohttpServer) -> None:
    async def probe(request: web.Request) -> dict[str, Any]:
        first = await request.content.readexactly(5)
        rest = await request.content.read()
        return {"first": first, "rest": rest, "eof": request.content.at_eof()}

    data = bytes(range(256)) * 1000
    seen = await _capture(aiohttp_server, probe, "PUT", content=data)
    assert seen["first"] == data[:5]
    assert seen["rest"] == data[5:]
    assert seen["eof"] is True


async def test_read_is_cached_and_json(aiohttp_server: AiohttpServer) -> None:
    async def probe(request: web.Request) -> dict[str, Any]:
        raw = await request.read()
        return {"raw": raw, "again": await request.read(), "json": await request.json()}

    seen = await _capture(aiohttp_server, probe, "POST", json={"a": [1, 2], "b": None})
    assert seen["raw"] == seen["again"]
    assert seen["json"] == {"a": [1, 2], "b": None}


async def test_post_urlencoded_form(aiohttp_server: AiohttpServer) -> None:
    async def probe(request: web.Request) -> dict[str, Any]:
        form = await request.post()
        return {"form": list(form.items()), "again": (await request.post()) is form}

    seen = await _capture(
        aiohttp_server,
        probe,
        "POST",
        content=b"a=1&b=%C3%A9+x&a=2&empty=",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert seen["form"] == [("a", "1"), ("b", "é x"), ("a", "2"), ("empty", "")]
    assert seen["again"] is True


async def test_post_on_get_is_empty(aiohttp_server: AiohttpServer) -> None:
    async def probe(request: web.Request) -> dict[str, Any]:
        return {"form": list((await request.post()).items())}

    seen = await _capture(aiohttp_server, probe)
    assert seen["form"] == []


async def test_conditional_headers(aiohttp_server: AiohttpServer) -> None:
    async def probe(request: web.Request) -> dict[str, Any]:
        return {
            "ims": request.if_modified_since,
            "ius": request.if_unmodified_since,
            "if_range": request.if_range,
            "if_match": [(e.value, e.is_weak) for e in request.if_match or ()],
            "if_none_match": [(e.value, e.is_weak) for e in request.if_none_match or ()],
        }

    headers = {
        "If-Modified-Since": "Sun, 06 Nov 1994 08:49:37 GMT",
        "If-Unmodified-Since": "Sunday, 06-Nov-94 08:49:37 GMT",
        "If-Range": "Sun Nov  6 08:49:37 1994",
        "If-Match": '"abc", W/"weak"',
        "If-None-Match": '"x"',
    }
    seen = await _capture(aiohttp_server, probe, headers=headers)
    expected = datetime.datetime(1994, 11, 6, 8, 49, 37, tzinfo=datetime.timezone.utc)
    assert seen["ims"] == expected
    assert seen["ius"] == expected
    assert seen["if_range"] == expected
    assert seen["if_match"] == [("abc", False), ("weak", True)]
    assert seen["if_none_match"] == [("x", False)]


async def test_conditional_headers_absent_or_invalid(aiohttp_server: AiohttpServer) -> None:
    async def probe(request: web.Request) -> dict[str, Any]:
        return {
            "ims": request.if_modified_since,
            "if_match": request.if_match,
            "if_none_match": request.if_none_match,
            "star": None,
        }

    seen = await _capture(aiohttp_server, probe, headers={"If-Modified-Since": "not a date"})
    assert seen["ims"] is None
    assert seen["if_match"] is None
    assert seen["if_none_match"] is None


async def test_if_none_match_star(aiohttp_server: AiohttpServer) -> None:
    async def probe(request: web.Request) -> dict[str, Any]:
        return {"inm": [e.value for e in request.if_none_match or ()]}

    seen = await _capture(aiohttp_server, probe, headers={"If-None-Match": "*"})
    assert seen["inm"] == ["*"]


async def test_clone_replaces_parts_and_shares_body(aiohttp_server: AiohttpServer) -> None:
    async def probe(request: web.Request) -> dict[str, Any]:
        request[STATE_KEY] = "value"
        clone = request.clone(
            method="PUT",
            rel_url="/other?z=9",
            headers={"X-New": "1"},
            scheme="https",
            host="example.org",
            remote="10.0.0.1",
        )
        return {
            "method": clone.method,
            "path": clone.path,
            "query": dict(clone.query),
            "headers": dict(clone.headers),
            "scheme": clone.scheme,
            "host": clone.host,
            "remote": clone.remote,
            "secure": clone.secure,
            "url": str(clone.url),
            "state": clone[STATE_KEY],
            "body": await clone.read(),
            "orig_method": request.method,
            "orig_path": request.path,
            "match": dict(clone.match_info),
        }

    seen = await _capture(aiohttp_server, probe, "POST", path="/x", content=b"payload")
    assert seen["method"] == "PUT" and seen["orig_method"] == "POST"
    assert seen["path"] == "/other" and seen["orig_path"] == "/x"
    assert seen["query"] == {"z": "9"}
    assert seen["headers"] == {"X-New": "1"}
    assert (seen["scheme"], seen["host"], seen["remote"], seen["secure"]) == (
        "https",
        "example.org",
        "10.0.0.1",
        True,
    )
    assert seen["url"] == "https://example.org/other?z=9"
    assert seen["state"] == "value"
    assert seen["body"] == b"payload"
    assert seen["match"] == {"tail": "x"}


async def test_request_state_shared_with_middleware(aiohttp_server: AiohttpServer) -> None:
    key = web.RequestKey("user", str)

    @web.middleware
    async def auth(request: web.Request, handler: Any) -> Any:
        request[key] = "alice"
        response = await handler(request)
        response.headers["X-Seen"] = ",".join(str(k) for k in request)
        return response

    async def handler(request: web.Request) -> web.Response:
        return web.Response(text=f"{request[key]} {len(request)} {key in request}")

    app = web.Application(middlewares=[auth])
    app.router.add_get("/", handler)
    server = await aiohttp_server(app)
    async with httpx.AsyncClient(timeout=TIMEOUT) as client:
        resp = await client.get(str(server.make_url("/")))
    assert resp.text == "alice 1 True"


async def test_app_config_dict_transport_and_task(aiohttp_server: AiohttpServer) -> None:
    parent_key = web.AppKey("parent", str)
    child_key = web.AppKey("child", str)
    seen: dict[str, Any] = {}

    async def handler(request: web.Request) -> web.Response:
        seen["app_is_child"] = request.app is child
        seen["config"] = (request.config_dict[parent_key], request.config_dict[child_key])
        seen["transport_peer"] = request.transport.get_extra_info("peername")[0]
        task = request.task
        seen["task_is_current"] = not task.done() and callable(task.cancel)
        return web.Response(text="ok")

    root = web.Application()
    root[parent_key] = "p"
    child = web.Application()
    child[child_key] = "c"
    child.router.add_get("/h", handler)
    root.add_subapp("/sub", child)
    server = await aiohttp_server(root)
    async with httpx.AsyncClient(timeout=TIMEOUT) as client:
        resp = await client.get(str(server.make_url("/sub/h")))
    assert resp.status_code == 200
    assert seen == {
        "app_is_child": True,
        "config": ("p", "c"),
        "transport_peer": "127.0.0.1",
        "task_is_current": True,
    }


async def test_client_max_size_413(aiohttp_server: AiohttpServer) -> None:
    async def handler(request: web.Request) -> web.Response:
        body = await request.read()
        return web.Response(text=str(len(body)))

    app = web.Application(client_max_size=1000)
    app.router.add_post("/", handler)
    server = await aiohttp_server(app)
    async with httpx.AsyncClient(timeout=TIMEOUT) as client:
        ok = await client.post(str(server.make_url("/")), content=b"x" * 1000)
        too_big = await client.post(str(server.make_url("/")), content=b"x" * 1001)

        async def chunks() -> Any:
            for _ in range(20):
                yield b"y" * 100

        too_big_chunked = await client.post(str(server.make_url("/")), content=chunks())
    assert ok.status_code == 200 and ok.text == "1000"
    assert too_big.status_code == 413
    assert "1000" in too_big.text
    assert too_big_chunked.status_code == 413


async def test_plain_string_request_key_warns(aiohttp_server: AiohttpServer) -> None:
    """aiohttp 3.14 recommends web.RequestKey: a plain str key warns NotAppKeyWarning (once per key)."""
    import uuid
    import warnings

    name = f"plain-{uuid.uuid4()}"
    caught: list[Any] = []

    async def handler(request: web.Request) -> web.Response:
        with warnings.catch_warnings(record=True) as found:
            warnings.simplefilter("always")
            request[name] = 1
            request[web.RequestKey("typed", int)] = 2
        caught.extend(found)
        return web.Response(text=str(request[name]))

    app = web.Application()
    app.router.add_get("/", handler)
    server = await aiohttp_server(app)
    async with httpx.AsyncClient(timeout=TIMEOUT) as client:
        resp = await client.get(str(server.make_url("/")))
    assert resp.text == "1"
    assert [w.category for w in caught] == [web.NotAppKeyWarning]

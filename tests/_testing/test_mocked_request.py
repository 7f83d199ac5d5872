"""make_mocked_request and make_mocked_coro: calling handlers without a connection."""

from __future__ import annotations

import asyncio
from typing import Any
from unittest import mock

import pytest

from wirehttp import HttpVersion10, StreamReader, web
from wirehttp.test_utils import make_mocked_coro, make_mocked_request


def test_method_path_query_and_headers() -> None:
    request = make_mocked_request(
        "POST", "/users/7?sort=name", headers=[("X-A", "1"), ("x-a", "2"), ("Host", "example.org")]
    )
    assert isinstance(request, web.Request)
    assert (request.method, request.path, request.query_string) == ("POST", "/users/7", "sort=name")
    assert request.headers.getall("X-A") == ["1", "2"]
    assert request.raw_headers[0] == (b"X-A", b"1")
    assert str(request.url) == "http://example.org/users/7?sort=name"
    assert request.version == (1, 1) and request.keep_alive
    assert (request.scheme, request.secure) == ("http", False)


def test_closing_and_http10_are_not_keep_alive() -> None:
    assert not make_mocked_request("GET", "/", closing=True).keep_alive
    old = make_mocked_request("GET", "/", version=HttpVersion10)
    assert old.version == HttpVersion10 and not old.keep_alive
    assert make_mocked_request(
        "GET", "/", {"Connection": "keep-alive"}, version=HttpVersion10
    ).keep_alive


def test_sslcontext_makes_it_https() -> None:
    request = make_mocked_request("GET", "/", sslcontext=mock.Mock())
    assert (request.scheme, request.secure) == ("https", True)


def test_match_info_and_the_default_mock_app() -> None:
    request = make_mocked_request("GET", "/users/7", match_info={"id": "7"})
    assert request.match_info["id"] == "7"
    assert isinstance(request.app, mock.MagicMock)
    assert request.match_info.apps == (request.app,)
    assert make_mocked_request("GET", "/").match_info == {}


def test_a_real_app_and_its_config() -> None:
    key = web.AppKey("db", str)
    app = web.Application()
    app[key] = "sqlite://"
    request = make_mocked_request("GET", "/", app=app)
    assert request.app is app
    assert request.config_dict[key] == "sqlite://"


def test_connection_stand_ins_given_or_mocked() -> None:
    transport, writer, protocol = mock.Mock(), mock.Mock(), mock.Mock()
    request = make_mocked_request("GET", "/", transport=transport, writer=writer, protocol=protocol)
    assert (request.writer, request.protocol) == (writer, protocol)
    default = make_mocked_request("GET", "/")
    assert default.transport is default.protocol.transport is default.writer.transport
    assert default.remote is None


def test_client_max_size_is_kept() -> None:
    assert make_mocked_request("GET", "/", client_max_size=10).client_max_size == 10


def test_loop_is_a_mock_outside_a_running_loop() -> None:
    assert isinstance(make_mocked_request("GET", "/").loop, mock.Mock)
    loop = asyncio.new_event_loop()
    try:
        assert make_mocked_request("GET", "/", loop=loop).loop is loop
    finally:
        loop.close()


async def test_loop_is_the_running_loop_by_default() -> None:
    assert make_mocked_request("GET", "/").loop is asyncio.get_running_loop()


async def test_a_payload_is_read_as_the_body() -> None:
    payload = StreamReader(mock.Mock(), 2**16, loop=asyncio.get_running_loop())
    payload.feed_data(b'{"name": "Ada"}')
    payload.feed_eof()
    request = make_mocked_request(
        "POST", "/", {"Content-Type": "application/json", "Content-Length": "15"}, payload=payload
    )
    assert request.body_exists
    assert await request.json() == {"name": "Ada"}


async def test_payload_larger_than_client_max_size_is_413() -> None:
    payload = StreamReader(mock.Mock(), 2**16, loop=asyncio.get_running_loop())
    payload.feed_data(b"x" * 20)
    payload.feed_eof()
    request = make_mocked_request("POST", "/", payload=payload, client_max_size=10)
    with pytest.raises(web.HTTPRequestEntityTooLarge):
        await request.read()


async def hello(request: web.Request) -> web.Response:
    return web.Response(text=f"hello {request.match_info.get('name', 'world')}")


async def test_a_handler_is_called_directly() -> None:
    response = await hello(make_mocked_request("GET", "/hello/ada", match_info={"name": "ada"}))
    assert (response.status, response.text) == (200, "hello ada")


async def test_the_mock_writer_records_what_a_response_sends() -> None:
    request = make_mocked_request("GET", "/")
    response = web.Response(text="hi")
    await response.prepare(request)
    await response.write_eof()
    (head,), _ = request.writer.write_headers.call_args
    assert head.startswith(b"HTTP/1.1 200 OK\r\n")
    assert b"Content-Length: 2\r\n" in head
    request.writer.write_eof.assert_called_once_with(b"hi")


async def test_a_stream_response_writes_through_the_mock_writer() -> None:
    request = make_mocked_request("GET", "/")
    response = web.StreamResponse()
    await response.prepare(request)
    await response.write(b"part")
    await response.write_eof()
    request.writer.write.assert_called_with(b"part")
    assert request.writer.write_eof.called


async def test_on_response_prepare_of_a_given_app_runs() -> None:
    seen: list[Any] = []

    async def stamp(request: web.Request, response: web.StreamResponse) -> None:
        seen.append(request.path)
        response.headers["X-Stamp"] = "1"

    app = web.Application()
    app.on_response_prepare.append(stamp)
    app.freeze()
    request = make_mocked_request("GET", "/p", app=app)
    response = web.Response(text="x")
    await response.prepare(request)
    assert seen == ["/p"] and response.headers["X-Stamp"] == "1"


async def test_make_mocked_coro_returns_raises_and_records() -> None:
    returning = make_mocked_coro(42)
    assert await returning(1, k=2) == 42
    returning.assert_called_once_with(1, k=2)
    assert await make_mocked_coro()() is None
    assert await make_mocked_coro(asyncio.sleep(0, "awaited"))() == "awaited"
    with pytest.raises(KeyError):
        await make_mocked_coro(raise_exception=KeyError("k"))()

"""TestServer and RawTestServer: bind loopback, serve, build URLs, and close every connection."""

from __future__ import annotations

import asyncio
import ssl

import pytest
import trustme
from yarl import URL

import wirehttp
from wirehttp import web
from wirehttp.test_utils import BaseTestServer, RawTestServer, TestServer, unused_port

TIMEOUT = 10.0


async def hello(request: web.Request) -> web.Response:
    return web.Response(text=f"hello {type(request).__name__}")


def hello_app() -> web.Application:
    app = web.Application()
    app.router.add_get("/", hello)
    return app


async def raw_get(port: int, path: str = "/", *, keep_alive: bool = False) -> bytes:
    """One GET over a fresh connection; the whole reply (up to close) or just the first read."""
    reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), TIMEOUT)
    connection = "keep-alive" if keep_alive else "close"
    writer.write(f"GET {path} HTTP/1.1\r\nHost: t\r\nConnection: {connection}\r\n\r\n".encode())
    try:
        if keep_alive:
            return await asyncio.wait_for(reader.read(65536), TIMEOUT)
        return await asyncio.wait_for(reader.read(), TIMEOUT)
    finally:
        writer.close()


async def test_test_server_serves_the_app_on_a_free_loopback_port() -> None:
    server = TestServer(hello_app())
    assert not server.started and server.port is None
    await server.start_server()
    try:
        assert server.started and not server.closed
        assert (server.scheme, server.host) == ("http", "127.0.0.1")
        assert isinstance(server.port, int) and server.port > 0
        assert server.make_url("/a/b?c=1") == URL(f"http://127.0.0.1:{server.port}/a/b?c=1")
        reply = await raw_get(server.port)
        assert reply.startswith(b"HTTP/1.1 200 OK") and reply.endswith(b"hello Request")
        assert server.handler is server.runner.server  # type: ignore[union-attr]
    finally:
        await server.close()
    assert server.closed and server.port is None


async def test_start_server_twice_keeps_the_first_port() -> None:
    async with TestServer(hello_app()) as server:
        port = server.port
        await server.start_server()
        assert server.port == port


async def test_make_url_refuses_absolute_urls_unless_told_not_to_check() -> None:
    async with TestServer(hello_app()) as server:
        with pytest.raises(AssertionError):
            server.make_url("http://example.com/")
    async with TestServer(hello_app(), skip_url_asserts=True) as loose:
        assert str(loose.make_url("/a//b")) == f"http://127.0.0.1:{loose.port}/a//b"


def test_make_url_before_start_is_an_error() -> None:
    with pytest.raises(RuntimeError, match="not started"):
        TestServer(hello_app()).make_url("/")


async def test_an_explicit_port_and_scheme_are_kept() -> None:
    port = unused_port()
    async with TestServer(hello_app(), port=port, scheme="http") as server:
        assert server.port == port
        assert (await raw_get(port)).endswith(b"hello Request")


async def test_a_closed_server_refuses_connections() -> None:
    server = TestServer(hello_app())
    await server.start_server()
    port = server.port
    assert port is not None
    await server.close()
    await server.close()  # twice is fine
    with pytest.raises(OSError):
        await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), TIMEOUT)


async def test_close_drops_idle_keep_alive_connections() -> None:
    async with TestServer(hello_app()) as server:
        assert server.port is not None
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        writer.write(b"GET / HTTP/1.1\r\nHost: t\r\n\r\n")
        head = await asyncio.wait_for(reader.readuntil(b"hello Request"), TIMEOUT)
        assert head.startswith(b"HTTP/1.1 200 OK")
    # Leaving the block closed the server: the kept-alive connection sees EOF.
    assert await asyncio.wait_for(reader.read(), TIMEOUT) == b""
    writer.close()


async def test_close_cancels_a_handler_still_running_and_closes_its_connection() -> None:
    started, cancelled = asyncio.Event(), asyncio.Event()

    async def stuck(request: web.Request) -> web.Response:
        started.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.set()
            raise
        raise AssertionError("unreachable")

    app = web.Application()
    app.router.add_get("/", stuck)
    server = TestServer(app)
    await server.start_server(shutdown_timeout=0.1)
    assert server.port is not None
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    writer.write(b"GET / HTTP/1.1\r\nHost: t\r\n\r\n")
    await asyncio.wait_for(started.wait(), TIMEOUT)
    await asyncio.wait_for(server.close(), TIMEOUT)
    assert cancelled.is_set()
    assert await asyncio.wait_for(reader.read(), TIMEOUT) == b""
    writer.close()


async def test_startup_and_cleanup_hooks_run() -> None:
    seen: list[str] = []
    app = hello_app()

    async def on_startup(app: web.Application) -> None:
        seen.append("startup")

    async def on_cleanup(app: web.Application) -> None:
        seen.append("cleanup")

    app.on_startup.append(on_startup)
    app.on_cleanup.append(on_cleanup)
    async with TestServer(app):
        assert seen == ["startup"]
    assert seen == ["startup", "cleanup"]


def test_plain_with_is_refused() -> None:
    with pytest.raises(TypeError, match="Use async with instead"), TestServer(hello_app()):
        pass


async def test_raw_test_server_serves_a_bare_handler() -> None:
    async with RawTestServer(hello) as server:
        assert isinstance(server, BaseTestServer)
        assert server.port is not None
        reply = await raw_get(server.port)
        assert reply.startswith(b"HTTP/1.1 200 OK")
        assert reply.endswith(b"hello BaseRequest")


async def test_raw_test_server_passes_server_options_on() -> None:
    """max_line_size reaches web.Server: a longer request line is refused with 414."""
    async with RawTestServer(hello, max_line_size=100) as server:
        assert server.port is not None
        assert (await raw_get(server.port, "/" + "a" * 200)).startswith(b"HTTP/1.1 414")
        assert (await raw_get(server.port, "/short")).startswith(b"HTTP/1.1 200")


async def test_https_test_server(tmp_path: object) -> None:
    authority = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(server_context)
    client_context = ssl.create_default_context()
    authority.configure_trust(client_context)
    async with TestServer(hello_app()) as plain:
        assert plain.scheme == "http"
    server = TestServer(hello_app())
    await server.start_server(ssl=server_context)
    try:
        assert server.scheme == "https"
        assert server.make_url("/").scheme == "https"
        async with (
            wirehttp.ClientSession() as session,
            session.get(server.make_url("/"), ssl=client_context) as resp,
        ):
            assert await resp.text() == "hello Request"
    finally:
        await server.close()


def test_test_servers_are_not_collected_as_tests() -> None:
    assert TestServer.__test__ is False
    assert RawTestServer.__test__ is False

"""ClientSession.ws_connect: the handshake through the request path, then the hand-over."""

from __future__ import annotations

import asyncio
import ssl
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
import trustme

import wirehttp
from wirehttp import web
from wirehttp._sansio.ws.frames import encode_frame
from wirehttp._sansio.ws.handshake import accept_token
from wirehttp.pytest_plugin import AiohttpClient, AiohttpServer

TIMEOUT = 10.0
Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter, dict[str, str]], Awaitable[None]]


def echo_app(seen: list[Any] | None = None) -> web.Application:
    async def echo(request: web.Request) -> web.WebSocketResponse:
        if seen is not None:
            seen.append(dict(request.headers))
            seen.append(dict(request.cookies))
        ws = web.WebSocketResponse(protocols=("chat",))
        await ws.prepare(request)
        async for msg in ws:
            if msg.type == web.WSMsgType.TEXT:
                await ws.send_str(msg.data.upper())
        return ws

    async def plain(request: web.Request) -> web.Response:
        return web.Response(text="not a websocket")

    app = web.Application()
    app.router.add_get("/ws", echo)
    app.router.add_get("/plain", plain)
    return app


@pytest.fixture
async def raw_server() -> AsyncIterator[Callable[[Handler], Awaitable[int]]]:
    """A loopback server that reads the upgrade request and lets the test answer it by hand."""
    servers: list[asyncio.Server] = []
    writers: list[asyncio.StreamWriter] = []

    async def start(handler: Handler) -> int:
        async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            writers.append(writer)
            head = await reader.readuntil(b"\r\n\r\n")
            headers = {}
            for line in head.decode("latin-1").split("\r\n")[1:]:
                if line:
                    name, _, value = line.partition(":")
                    headers[name.strip().lower()] = value.strip()
            await handler(reader, writer, headers)

        server = await asyncio.start_server(serve, "127.0.0.1", 0)
        servers.append(server)
        return int(server.sockets[0].getsockname()[1])

    yield start
    for writer in writers:
        writer.close()
    for server in servers:
        server.close()
        await server.wait_closed()


def _accept(headers: dict[str, str], extra: bytes = b"") -> bytes:
    token = accept_token(headers["sec-websocket-key"]).encode()
    return (
        b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        b"Sec-WebSocket-Accept: " + token + b"\r\n\r\n" + extra
    )


async def test_ws_url_talks_both_ways_and_sends_the_session_headers_and_cookies(
    aiohttp_server: AiohttpServer,
) -> None:
    seen: list[Any] = []
    server = await aiohttp_server(echo_app(seen))
    url = f"ws://127.0.0.1:{server.port}/ws"
    async with wirehttp.ClientSession(headers={"X-Team": "blue"}, cookies={"c": "1"}) as session:
        async with session.ws_connect(url, protocols=("chat",), origin="http://o.test") as ws:
            assert ws.protocol == "chat"
            await ws.send_str("shout")
            assert await ws.receive_str(timeout=TIMEOUT) == "SHOUT"
        assert ws.closed and ws.close_code == wirehttp.WSCloseCode.OK
    headers, cookies = seen
    assert headers["X-Team"] == "blue" and headers["Origin"] == "http://o.test"
    assert headers["Upgrade"] == "websocket" and headers["Sec-WebSocket-Protocol"] == "chat"
    assert cookies == {"c": "1"}


async def test_refused_handshake_is_a_server_handshake_error(
    aiohttp_client: AiohttpClient,
) -> None:
    client = await aiohttp_client(echo_app())
    with pytest.raises(wirehttp.WSServerHandshakeError) as info:
        await client.ws_connect("/plain")
    assert isinstance(info.value, wirehttp.ClientResponseError)
    assert info.value.status == 200 and info.value.message == "Invalid response status"
    with pytest.raises(wirehttp.WSServerHandshakeError) as missing:
        await client.ws_connect("/nowhere")
    assert missing.value.status == 404


async def test_wrong_accept_token_is_refused(
    raw_server: Callable[[Handler], Awaitable[int]],
) -> None:
    async def liar(reader: Any, writer: asyncio.StreamWriter, headers: dict[str, str]) -> None:
        writer.write(_accept({"sec-websocket-key": "AAAAAAAAAAAAAAAAAAAAAA=="}))

    port = await raw_server(liar)
    async with wirehttp.ClientSession() as session:
        with pytest.raises(wirehttp.WSServerHandshakeError, match="Invalid challenge response"):
            await session.ws_connect(f"http://127.0.0.1:{port}/")


async def test_frames_sent_with_the_101_head_are_received(
    raw_server: Callable[[Handler], Awaitable[int]],
) -> None:
    async def eager(reader: Any, writer: asyncio.StreamWriter, headers: dict[str, str]) -> None:
        frames = encode_frame(0x1, b"first", mask=False) + encode_frame(0x2, b"2nd", mask=False)
        writer.write(_accept(headers, frames))

    port = await raw_server(eager)
    async with wirehttp.ClientSession() as session:
        quick_close = wirehttp.ClientWSTimeout(ws_close=0.05)  # the raw peer never answers it
        ws = await session.ws_connect(f"ws://127.0.0.1:{port}/", timeout=quick_close)
        assert await ws.receive_str(timeout=TIMEOUT) == "first"
        assert await ws.receive_bytes(timeout=TIMEOUT) == b"2nd"
        await ws.close()


async def test_client_frames_are_masked(raw_server: Callable[[Handler], Awaitable[int]]) -> None:
    got: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()

    async def inspect(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter, headers: dict[str, str]
    ) -> None:
        writer.write(_accept(headers))
        got.set_result(await reader.readexactly(2 + 4 + 5))

    port = await raw_server(inspect)
    async with wirehttp.ClientSession() as session:
        ws = await session.ws_connect(f"ws://127.0.0.1:{port}/")
        await ws.send_str("hello")
        frame = await asyncio.wait_for(got, TIMEOUT)
        ws._protocol.close_transport()
    assert frame[0] == 0x81 and frame[1] == 0x80 | 5  # FIN+TEXT, MASK bit with length 5
    key, body = frame[2:6], frame[6:]
    assert bytes(b ^ key[i % 4] for i, b in enumerate(body)) == b"hello"


async def test_the_connection_never_returns_to_the_pool(aiohttp_server: AiohttpServer) -> None:
    server = await aiohttp_server(echo_app())
    async with wirehttp.ClientSession() as session:
        ws = await session.ws_connect(server.make_url("/ws"))
        assert session.connector is not None
        assert session.connector.book.idle_count() == 0
        await ws.close()
        assert session.connector.book.idle_count() == 0
        async with session.get(server.make_url("/plain")) as resp:  # a fresh connection works
            assert await resp.text() == "not a websocket"


async def test_closing_the_session_closes_an_open_websocket(
    aiohttp_server: AiohttpServer,
) -> None:
    server = await aiohttp_server(echo_app())
    session = wirehttp.ClientSession()
    ws = await session.ws_connect(server.make_url("/ws"))
    await asyncio.wait_for(session.close(), TIMEOUT)
    msg = await ws.receive(TIMEOUT)
    assert msg.type is web.WSMsgType.CLOSED
    assert ws.close_code == wirehttp.WSCloseCode.ABNORMAL_CLOSURE


async def test_heartbeat_without_pong_is_a_server_timeout(
    raw_server: Callable[[Handler], Awaitable[int]],
) -> None:
    async def silent(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter, headers: dict[str, str]
    ) -> None:
        writer.write(_accept(headers))
        await reader.read()  # reads the PING, never answers

    port = await raw_server(silent)
    async with wirehttp.ClientSession() as session:
        ws = await session.ws_connect(f"ws://127.0.0.1:{port}/", heartbeat=0.05)
        msg = await ws.receive(TIMEOUT)
        assert msg.type is web.WSMsgType.ERROR
        assert isinstance(msg.data, wirehttp.ServerTimeoutError)
        assert ws.close_code == wirehttp.WSCloseCode.ABNORMAL_CLOSURE


async def test_timeouts_as_aiohttp_spells_them(
    raw_server: Callable[[Handler], Awaitable[int]],
) -> None:
    async def silent(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter, headers: dict[str, str]
    ) -> None:
        writer.write(_accept(headers))
        await reader.read()

    port = await raw_server(silent)
    url = f"ws://127.0.0.1:{port}/"
    async with wirehttp.ClientSession() as session:
        timeout = wirehttp.ClientWSTimeout(ws_receive=0.05, ws_close=0.05)
        ws = await session.ws_connect(url, timeout=timeout)
        with pytest.raises(asyncio.TimeoutError):
            await ws.receive()
        assert ws.close_code == wirehttp.WSCloseCode.ABNORMAL_CLOSURE  # as aiohttp's client
        assert await ws.close()  # the peer never answers the CLOSE: given up after ws_close
        assert ws.close_code == wirehttp.WSCloseCode.ABNORMAL_CLOSURE
        with pytest.warns(DeprecationWarning, match="ClientWSTimeout"):
            old_style = await session.ws_connect(url, timeout=0.05)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert await old_style.close()  # ws_close=0.05 from the float


async def test_decode_text_false_gives_bytes(aiohttp_client: AiohttpClient) -> None:
    client = await aiohttp_client(echo_app())
    async with client.ws_connect("/ws", decode_text=False) as ws:
        await ws.send_str("raw")
        msg = await ws.receive(TIMEOUT)
        assert (msg.type, msg.data) == (web.WSMsgType.TEXT, b"RAW")
        assert type(msg).__name__ == "WSMessageTextBytes"


async def test_non_websocket_scheme_is_refused() -> None:
    async with wirehttp.ClientSession() as session:
        with pytest.raises(wirehttp.NonHttpUrlClientError):
            await session.ws_connect("ftp://127.0.0.1/")


async def test_wss_url_over_tls(aiohttp_server: AiohttpServer) -> None:
    authority = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(server_context)
    client_context = ssl.create_default_context()
    authority.configure_trust(client_context)
    server = await aiohttp_server(echo_app(), ssl=server_context)
    assert server.scheme == "https"
    async with (
        wirehttp.ClientSession() as session,
        session.ws_connect(f"wss://127.0.0.1:{server.port}/ws", ssl=client_context) as ws,
    ):
        assert ws.get_extra_info("sslcontext") is not None
        await ws.send_str("secret")
        assert await ws.receive_str(timeout=TIMEOUT) == "SECRET"
    assert ws.close_code == wirehttp.WSCloseCode.OK

"""The upgrade path: a handler answers 101 and hands the connection to another protocol."""

from __future__ import annotations

import asyncio

from wirehttp import web

TIMEOUT = 5.0


class ShoutingEcho(asyncio.Protocol):
    """A stand-in for the protocol an upgrade switches to: echoes bytes upper-cased."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        assert self.transport is not None
        self.transport.write(data.upper())


async def upgrade(request: web.Request) -> web.StreamResponse:
    if request.headers.get("Upgrade", "").lower() != "shout":
        return web.Response(text="plain answer")
    response = web.StreamResponse(status=101, headers={"Upgrade": "shout", "Connection": "Upgrade"})
    await response.prepare(request)
    await response.write_eof()
    request.protocol.switch_protocol(ShoutingEcho)
    return response


async def _serve() -> tuple[web.AppRunner, int]:
    app = web.Application()
    app.router.add_get("/", upgrade)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    return runner, runner.addresses[0][1]


async def test_switch_hands_over_the_connection_with_early_bytes() -> None:
    runner, port = await _serve()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(
            b"GET / HTTP/1.1\r\nHost: t\r\nConnection: Upgrade\r\nUpgrade: shout\r\n\r\nearly bytes"
        )
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), TIMEOUT)
        assert head.startswith(b"HTTP/1.1 101 Switching Protocols\r\n")
        assert b"Upgrade: shout\r\n" in head
        assert await asyncio.wait_for(reader.readexactly(11), TIMEOUT) == b"EARLY BYTES"
        writer.write(b"then more")
        assert await asyncio.wait_for(reader.readexactly(9), TIMEOUT) == b"THEN MORE"
        writer.close()
    finally:
        await runner.cleanup()


async def test_an_upgrade_the_handler_declines_gets_a_normal_answer_then_close() -> None:
    runner, port = await _serve()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"GET / HTTP/1.1\r\nHost: t\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n")
        answer = await asyncio.wait_for(reader.read(), TIMEOUT)  # read() ends at EOF: closed
        writer.close()
    finally:
        await runner.cleanup()
    assert answer.startswith(b"HTTP/1.1 200 OK\r\n")
    assert answer.endswith(b"plain answer")

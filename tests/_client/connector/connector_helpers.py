"""Helpers for connector tests: a stand-in request, the test app, one request written by hand."""

from __future__ import annotations

import ssl
from dataclasses import dataclass

from wirehttp import web
from wirehttp._client.connector.connection import Connection
from wirehttp._client.connector.key import ConnectionKey
from wirehttp._client.connector.tls import Fingerprint
from wirehttp._sansio.h1 import encode_request_head

READ_TIMEOUT = 5.0


async def get(conn: Connection, host: str = "127.0.0.1", path: str = "/") -> tuple[int, bytes]:
    """Send `GET path` through the connection's transport and read the whole response."""
    protocol, transport = conn.protocol, conn.transport
    assert protocol is not None and transport is not None
    protocol.start_response("GET")
    transport.write(encode_request_head("GET", path, (1, 1), [("Host", host)]))
    head, reader = await protocol.read_head(READ_TIMEOUT)
    return head.status, await reader.read()


@dataclass
class FakeRequest:
    connection_key: ConnectionKey
    server_hostname: str | None = None


def make_key(
    host: str,
    port: int | None,
    *,
    is_ssl: bool = False,
    ssl_setting: bool | ssl.SSLContext | Fingerprint = True,
) -> ConnectionKey:
    return ConnectionKey(host, port, is_ssl, ssl_setting, None, None, None)


def peer_port_app() -> web.Application:
    """GET / answers with the client's port, so a test can tell connections apart."""

    async def handler(request: web.Request) -> web.Response:
        peer = request.transport.get_extra_info("peername") if request.transport else None
        return web.Response(text=str(peer[1] if peer else "unix"))

    app = web.Application()
    app.router.add_get("/", handler)
    return app

"""`ClientSession.ws_connect`: the opening handshake as an ordinary request, then the hand-over.

Owns: `ws_connect(session, url, ...)` and `WSRequestContextManager` (what `session.ws_connect()`
returns: await it, or `async with` to close the WebSocket too). The handshake request goes
through the session's own request machinery (headers, cookies, auth, proxies, redirects, TLS),
with the upgrade headers from the sans-IO `client_request_headers`; `ws://` and `wss://` travel
as `http://` and `https://`. The answer is checked by `client_check_response` (a refusal raises
`WSServerHandshakeError`, a `ClientResponseError`); then the connection's transport moves from
the pooled `ResponseHandler` to a `WebSocketProtocol`: bytes that arrived after the 101 head go
first, and the end of the connection is still reported to the old protocol, so the connector
sees it close. The connection never returns to the pool. Must not import `_server` or `_web`.
"""

from __future__ import annotations

import asyncio
import warnings
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from multidict import CIMultiDict
from yarl import URL

from .._io.websocket_protocol import WebSocketProtocol
from .._sansio.ws.frames import WebSocketReader
from .._sansio.ws.handshake import (
    HandshakeError,
    client_check_response,
    client_request_headers,
    new_key,
)
from .._sansio.ws.models import DEFAULT_MAX_MSG_SIZE
from .awaitable_context import AwaitableContext
from .exceptions import WSServerHandshakeError
from .websocket import DEFAULT_WS_CLIENT_TIMEOUT, ClientWebSocketResponse, ClientWSTimeout

if TYPE_CHECKING:
    from .response import ClientResponse
    from .session import ClientSession

__all__ = ("WSRequestContextManager", "ws_connect")

_HTTP_SCHEME = {"ws": "http", "wss": "https"}
# The handshake headers a caller's own headers= may replace (aiohttp sets them with setdefault).
_DEFAULTED = frozenset(("upgrade", "connection", "sec-websocket-version"))


async def ws_connect(
    session: ClientSession,
    url: str | URL,
    *,
    method: str = "GET",
    protocols: Iterable[str] = (),
    timeout: Any = None,
    receive_timeout: float | None = None,
    autoclose: bool = True,
    autoping: bool = True,
    heartbeat: float | None = None,
    origin: str | None = None,
    headers: Any = None,
    compress: int = 0,
    max_msg_size: int = DEFAULT_MAX_MSG_SIZE,
    decode_text: bool = True,
    **request_options: Any,
) -> ClientWebSocketResponse:
    """Open a WebSocket (aiohttp 3.14's `ClientSession.ws_connect`; see the module note)."""
    ws_timeout = _ws_timeout(timeout, receive_timeout)
    _warn_deprecated_auth(request_options)
    protocols = tuple(protocols)
    key = new_key()
    resp = await session._request(
        method,
        _as_http(url),
        headers=_handshake_headers(headers, key, protocols, compress, origin),
        **request_options,
    )
    try:
        ws_protocol, deflate = _check(resp, key, protocols, compress)
        protocol = _take_over(resp, deflate, max_msg_size, decode_text, session.loop)
    except BaseException:
        resp.close()
        raise
    cls = session._ws_response_class or ClientWebSocketResponse
    ws: ClientWebSocketResponse = cls(
        protocol,
        resp,
        ws_protocol,
        ws_timeout,
        deflate=deflate,
        autoclose=autoclose,
        autoping=autoping,
        heartbeat=heartbeat,
        decode_text=decode_text,
    )
    return ws


def _ws_timeout(timeout: Any, receive_timeout: float | None) -> ClientWSTimeout:
    """aiohttp 3.14's rules: a ClientWSTimeout, or (deprecated) floats for ws_close/ws_receive."""
    if timeout is None:
        ws_timeout = DEFAULT_WS_CLIENT_TIMEOUT
    elif isinstance(timeout, ClientWSTimeout):
        ws_timeout = timeout
    else:
        warnings.warn(
            "parameter 'timeout' of type 'float' is deprecated, please use "
            "'timeout=ClientWSTimeout(ws_close=...)'",
            DeprecationWarning,
            stacklevel=4,
        )
        ws_timeout = ClientWSTimeout(ws_close=timeout)
    if receive_timeout is not None:
        warnings.warn(
            "float parameter 'receive_timeout' is deprecated, please use parameter "
            "'timeout=ClientWSTimeout(ws_receive=...)'",
            DeprecationWarning,
            stacklevel=4,
        )
        ws_timeout = replace(ws_timeout, ws_receive=receive_timeout)
    return ws_timeout


def _warn_deprecated_auth(options: dict[str, Any]) -> None:
    """aiohttp 3.14 deprecates auth= and proxy_auth= on ws_connect in favour of headers."""
    for name, header in (("auth", "Authorization"), ("proxy_auth", "Proxy-Authorization")):
        if options.get(name) is not None:
            where = "headers" if name == "auth" else "proxy_headers"
            warnings.warn(
                f"The '{name}' parameter is deprecated and will be removed in v4; pass "
                f"{where}={{'{header}': aiohttp.encode_basic_auth(login, password)}} instead",
                DeprecationWarning,
                stacklevel=4,
            )


def _as_http(url: str | URL) -> str | URL:
    """ws:// and wss:// URLs travel as http:// and https:// (RFC 6455 3); others unchanged."""
    parsed = URL(url) if isinstance(url, str) else url
    scheme = _HTTP_SCHEME.get(parsed.scheme)
    return parsed.with_scheme(scheme) if scheme is not None else url


def _handshake_headers(
    headers: Any, key: str, protocols: tuple[str, ...], compress: int, origin: str | None
) -> CIMultiDict[str]:
    real: CIMultiDict[str] = CIMultiDict(headers or ())
    for name, value in client_request_headers(key, protocols, compress, origin):
        if name.lower() in _DEFAULTED:
            real.setdefault(name, value)
        else:
            real[name] = value
    return real


def _check(
    resp: ClientResponse, key: str, protocols: tuple[str, ...], compress: int
) -> tuple[str | None, Any]:
    try:
        return client_check_response(resp.status, resp.headers, key, protocols, compress)
    except HandshakeError as exc:
        raise WSServerHandshakeError(
            resp.request_info,
            resp.history,
            message=exc.message,
            status=resp.status,
            headers=resp.headers,
        ) from None


def _take_over(
    resp: ClientResponse,
    deflate: Any,
    max_msg_size: int,
    decode_text: bool,
    loop: asyncio.AbstractEventLoop,
) -> WebSocketProtocol:
    """Move the connection's transport to a WebSocketProtocol (the pool's protocol keeps the
    loan and still hears `connection_lost`)."""
    conn = resp.connection
    old = None if conn is None else conn.protocol
    transport = None if old is None else old.transport
    if old is None or transport is None or transport.is_closing():
        raise WSServerHandshakeError(
            resp.request_info, resp.history, message="Connection lost", status=resp.status
        )
    early = resp.content.read_nowait(-1)  # frames that came with (or after) the 101 head
    reader = WebSocketReader(
        expect_masked=False, max_msg_size=max_msg_size, deflate=deflate, decode_text=decode_text
    )
    protocol = WebSocketProtocol(loop, reader, on_lost=old.connection_lost)
    transport.set_protocol(protocol)
    protocol.connection_made(transport)
    if early:
        protocol.data_received(early)
    if old.reading_paused:  # the response's reader had paused it: our queue decides now
        transport.resume_reading()
    return protocol


class WSRequestContextManager(AwaitableContext[ClientWebSocketResponse]):
    """What `session.ws_connect()` returns: await it, or `async with` (closes the WebSocket)."""

    __slots__ = ()

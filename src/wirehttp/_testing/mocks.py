"""Requests without a connection: `make_mocked_request` and `make_mocked_coro`.

Owns: building a `web.Request` from a method, a path and headers, with unittest.mock stand-ins
for what a connection would supply (transport, protocol, response writer, task, application),
so a handler can be called directly in a test; public in wirehttp.test_utils. The mock writer
records what a response sends (`write_headers(head_bytes)`, `write`, `write_eof`) for asserts.
"""

from __future__ import annotations

import asyncio
import inspect
from typing import Any
from unittest import mock

from multidict import CIMultiDict

from .._base.http_version import HttpVersion, HttpVersion11
from .._base.limits import DEFAULT_CLIENT_MAX_SIZE
from .._base.signals import Signal
from .._io.empty_stream import EMPTY_PAYLOAD
from .._sansio.h1.events import RequestHead
from .._web.app import Application
from .._web.request import Request
from .._web.routing.match_info import UrlMappingMatchInfo

__all__ = ("make_mocked_coro", "make_mocked_request")


class _Unset:
    def __repr__(self) -> str:
        return "<unset>"


UNSET: Any = _Unset()


def make_mocked_coro(return_value: Any = UNSET, raise_exception: Any = UNSET) -> Any:
    """A Mock that, when called, returns a coroutine giving `return_value` (or raising)."""

    async def mocked(*args: Any, **kwargs: Any) -> Any:
        if raise_exception is not UNSET:
            raise raise_exception
        if inspect.isawaitable(return_value):
            return await return_value
        return None if return_value is UNSET else return_value

    return mock.Mock(wraps=mocked)


def make_mocked_request(
    method: str,
    path: str,
    headers: Any = None,
    *,
    match_info: Any = UNSET,
    version: HttpVersion = HttpVersion11,
    closing: bool = False,
    app: Any = None,
    writer: Any = UNSET,
    protocol: Any = UNSET,
    transport: Any = UNSET,
    payload: Any = EMPTY_PAYLOAD,
    sslcontext: Any = None,
    client_max_size: int = DEFAULT_CLIENT_MAX_SIZE,
    client_max_fields: int = 1000,
    loop: Any = ...,
) -> Request:
    """A `web.Request` for `method path` as if it had arrived, with mocks for the connection.

    `headers` is anything CIMultiDict takes; `match_info` a dict of path variables; `closing`
    makes the request not keep-alive; `sslcontext` makes it https. `app` defaults to a mock
    Application. `client_max_fields` is accepted for aiohttp's signature; wirehttp's request
    has no per-request field limit to give it to.
    """
    if loop is ...:
        loop = _running_loop_or_mock()
    head = _head(method, path, CIMultiDict(headers or ()), version, closing)
    if transport is UNSET:
        transport = _mock_transport(sslcontext)
    if protocol is UNSET:
        protocol = _mock_protocol(transport)
    if writer is UNSET:
        writer = _mock_writer(transport)
    if app is None:
        app = _mock_app()
    request = Request(
        head, payload, protocol, writer, mock.Mock(), loop, client_max_size=client_max_size
    )
    request._match_info = _match_info(match_info, app)
    request._response_hooks = tuple(
        signal
        for signal in (getattr(a, "on_response_prepare", None) for a in request._match_info.apps)
        if signal
    )
    return request


def _running_loop_or_mock() -> Any:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return mock.Mock()


def _head(
    method: str, path: str, headers: CIMultiDict[str], version: HttpVersion, closing: bool
) -> RequestHead:
    connection = headers.get("Connection", "").lower()
    length = headers.get("Content-Length")
    return RequestHead(
        method=method,
        target=path,
        version=(version.major, version.minor),
        raw_headers=tuple((k.encode("utf-8"), v.encode("utf-8")) for k, v in headers.items()),
        keep_alive=not closing and (version >= HttpVersion11 or "keep-alive" in connection),
        upgrade="upgrade" in connection and "Upgrade" in headers,
        chunked="chunked" in headers.get("Transfer-Encoding", "").lower(),
        content_length=int(length) if length is not None and length.isdigit() else None,
        expect_continue=headers.get("Expect", "").lower() == "100-continue",
    )


def _mock_transport(sslcontext: Any) -> mock.Mock:
    transport = mock.Mock()
    extra = {"sslcontext": sslcontext, "sockname": ("127.0.0.1", 80), "peername": None}

    def get_extra_info(name: str, default: Any = None) -> Any:
        return extra.get(name, default)

    transport.get_extra_info.side_effect = get_extra_info
    return transport


def _mock_protocol(transport: Any) -> mock.Mock:
    protocol = mock.Mock()
    protocol.transport = transport
    protocol.writing_paused = False
    protocol.close_after_response = False
    return protocol


def _mock_writer(transport: Any) -> mock.Mock:
    """Stands in for the server's ResponseWriter; the awaited methods are mocked coroutines."""
    writer = mock.Mock()
    writer.transport = transport
    writer.write_headers = mock.Mock(return_value=None)
    writer.send_whole = mock.Mock(return_value=False)
    for name in ("write", "write_eof", "drain", "write_file"):
        setattr(writer, name, make_mocked_coro(None))
    writer.buffer_size = writer.output_size = writer.length = 0
    writer.chunked = False
    return writer


def _mock_app() -> mock.MagicMock:
    app = mock.MagicMock(spec=Application)
    app._debug = False
    app.on_response_prepare = Signal(app)
    app.on_response_prepare.freeze()
    return app


def _match_info(match_info: Any, app: Any) -> UrlMappingMatchInfo:
    if isinstance(match_info, UrlMappingMatchInfo):
        found = match_info
    else:
        found = UrlMappingMatchInfo({} if match_info is UNSET else dict(match_info), mock.Mock())
    found.add_app(app)
    return found


for _func in (make_mocked_coro, make_mocked_request):
    _func.__module__ = "wirehttp.test_utils"

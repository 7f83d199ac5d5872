"""The client's public type names: the aliases have aiohttp's shapes, and the resolver interface
and socket factory types describe what TCPConnector really calls.

test_public_surface.py checks that the names exist with the right kind; here their contents
are compared with aiohttp 3.14's (a subscripted multidict on our side counts as the plain class
aiohttp writes), and a resolver and a socket factory written against the public names carry a
request to a server on loopback.
"""

from __future__ import annotations

import socket
import typing
from typing import Any

import aiohttp
import aiohttp.typedefs
import pytest
from yarl import URL

import wirehttp
import wirehttp.abc
import wirehttp.typedefs
from wirehttp import web
from wirehttp.pytest_plugin import AiohttpServer


def shape(alias: Any) -> Any:
    """An alias as nested tuples of its origins and arguments, for comparison across libraries."""
    if isinstance(alias, typing.ForwardRef):
        return alias.__forward_arg__
    if isinstance(alias, list):  # a Callable's parameter list
        return ("params", tuple(shape(arg) for arg in alias))
    args = typing.get_args(alias)
    origin = typing.get_origin(alias)
    if origin is None:
        return alias
    if origin is typing.Union or isinstance(alias, type(int | str)):
        return ("union", frozenset(shape(arg) for arg in args))
    if origin in (aiohttp.typedefs.CIMultiDict, aiohttp.typedefs.CIMultiDictProxy):
        return origin  # aiohttp leaves these unsubscripted at run time
    if origin is tuple and args == (Any, ...):
        return tuple  # aiohttp's bare `tuple`, spelled out
    return (origin, tuple(shape(arg) for arg in args))


@pytest.mark.parametrize(
    "name",
    [
        "LooseCookies",
        "LooseCookiesIterables",
        "LooseCookiesMappings",
        "LooseHeaders",
        "Query",
        "StrOrURL",
    ],
)
def test_typedefs_have_aiohttps_shapes(name: str) -> None:
    ours, theirs = getattr(wirehttp.typedefs, name), getattr(aiohttp.typedefs, name)
    assert shape(ours) == shape(theirs)


@pytest.mark.parametrize("name", ["AddrInfoType", "SocketFactoryType"])
def test_connector_aliases_have_aiohttps_shapes(name: str) -> None:
    ours, theirs = getattr(wirehttp, name), getattr(aiohttp, name)
    assert shape(ours) == shape(theirs)


def test_resolver_interface_is_abstract_and_documented_under_abc() -> None:
    class NoClose(wirehttp.abc.AbstractResolver):
        async def resolve(
            self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
        ) -> list[wirehttp.abc.ResolveResult]:
            return []

    with pytest.raises(TypeError, match="abstract"):
        NoClose()  # type: ignore[abstract]
    assert issubclass(wirehttp.ThreadedResolver, wirehttp.abc.AbstractResolver)
    assert issubclass(wirehttp.AsyncResolver, wirehttp.abc.AbstractResolver)
    assert wirehttp.abc.AbstractResolver.__module__ == "wirehttp.abc"
    assert wirehttp.abc.ResolveResult.__module__ == "wirehttp.abc"


async def test_public_resolver_and_socket_factory_carry_a_request(
    aiohttp_server: AiohttpServer,
) -> None:
    async def hello(request: web.Request) -> web.Response:
        return web.Response(text=f"hello {request.host}")

    app = web.Application()
    app.router.add_get("/", hello)
    server = await aiohttp_server(app)
    asked: list[tuple[str, int]] = []
    made: list[wirehttp.AddrInfoType] = []

    class Resolver(wirehttp.abc.AbstractResolver):
        async def resolve(
            self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
        ) -> list[wirehttp.abc.ResolveResult]:
            asked.append((host, port))
            return [
                wirehttp.abc.ResolveResult(
                    hostname=host,
                    host="127.0.0.1",
                    port=port,
                    family=socket.AF_INET,
                    proto=0,
                    flags=0,
                )
            ]

        async def close(self) -> None:
            pass

    def factory(info: wirehttp.AddrInfoType) -> socket.socket:
        made.append(info)
        family, kind, proto, _, _ = info
        return socket.socket(family, kind, proto)

    typed_factory: wirehttp.SocketFactoryType = factory
    connector = wirehttp.TCPConnector(resolver=Resolver(), socket_factory=typed_factory)
    async with wirehttp.ClientSession(connector=connector) as session:
        url = URL.build(scheme="http", host="named.test", port=server.port, path="/")
        async with session.get(url) as resp:
            assert await resp.text() == f"hello named.test:{server.port}"
    assert asked == [("named.test", server.port)]
    assert made == [
        (socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", ("127.0.0.1", server.port))
    ]

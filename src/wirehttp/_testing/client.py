"""`TestClient`: a ClientSession aimed at one test server, closing everything it opened.

Owns: requests by path on the server (`get("/x")` goes to the server's URL for /x), the list of
responses and WebSockets to close on `close()`, and the server's lifetime when the client is
used with `async with` (public in wirehttp.test_utils). WebSockets: `ws_connect` delegates to
the session's `ws_connect`; every WebSocket opened here is closed by `close()`.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any, Generic, TypeVar

from yarl import URL

from .. import hdrs
from .._client.cookies.abc import AbstractCookieJar
from .._client.cookies.jar import CookieJar
from .._client.response import ClientResponse, RequestContextManager
from .._client.session import ClientSession
from .._client.ws_connect import WSRequestContextManager
from .._web.request import BaseRequest
from .servers import BaseTestServer

__all__ = ("TestClient",)

_Request = TypeVar("_Request", bound=BaseRequest)
_App = TypeVar("_App")


class TestClient(Generic[_Request, _App]):
    """Requests to a test server by path, on a session whose cookie jar accepts IP hosts."""

    __test__ = False  # not a test class, whatever pytest's name pattern says

    def __init__(
        self,
        server: BaseTestServer[Any],
        *,
        cookie_jar: AbstractCookieJar | None = None,
        loop: Any = None,
        **kwargs: Any,
    ) -> None:
        if not isinstance(server, BaseTestServer):
            raise TypeError(f"server must be TestServer instance, found type: {type(server)!r}")
        self._server = server
        if cookie_jar is None:
            # The server is on 127.0.0.1: a default jar would refuse its cookies (IP host).
            cookie_jar = CookieJar(unsafe=True, loop=loop)
        self._session = ClientSession(loop=loop, cookie_jar=cookie_jar, **kwargs)
        self._closed = False
        self._responses: list[ClientResponse] = []
        self._websockets: list[Any] = []

    def __repr__(self) -> str:
        return f"<TestClient {self._server!r} closed={self._closed}>"

    async def start_server(self) -> None:
        await self._server.start_server()

    @property
    def host(self) -> str:
        return self._server.host

    @property
    def port(self) -> int | None:
        return self._server.port

    @property
    def server(self) -> BaseTestServer[Any]:
        return self._server

    @property
    def app(self) -> Any:
        """The Application under test (None for a raw server)."""
        return getattr(self._server, "app", None)

    @property
    def session(self) -> ClientSession:
        """The underlying ClientSession, for what the shortcuts here do not cover."""
        return self._session

    def make_url(self, path: str | URL) -> URL:
        return self._server.make_url(path)

    async def _request(self, method: str, path: str | URL, **kwargs: Any) -> ClientResponse:
        response = await self._session.request(method, self.make_url(path), **kwargs)
        self._responses.append(response)
        return response

    def request(self, method: str, path: str | URL, **kwargs: Any) -> RequestContextManager:
        """`await client.request("GET", "/path")`, or `async with client.request(...) as resp`."""
        return RequestContextManager(self._request(method, path, **kwargs))

    def get(self, path: str | URL, **kwargs: Any) -> RequestContextManager:
        return self.request(hdrs.METH_GET, path, **kwargs)

    def post(self, path: str | URL, **kwargs: Any) -> RequestContextManager:
        return self.request(hdrs.METH_POST, path, **kwargs)

    def options(self, path: str | URL, **kwargs: Any) -> RequestContextManager:
        return self.request(hdrs.METH_OPTIONS, path, **kwargs)

    def head(self, path: str | URL, **kwargs: Any) -> RequestContextManager:
        return self.request(hdrs.METH_HEAD, path, **kwargs)

    def put(self, path: str | URL, **kwargs: Any) -> RequestContextManager:
        return self.request(hdrs.METH_PUT, path, **kwargs)

    def patch(self, path: str | URL, **kwargs: Any) -> RequestContextManager:
        return self.request(hdrs.METH_PATCH, path, **kwargs)

    def delete(self, path: str | URL, **kwargs: Any) -> RequestContextManager:
        return self.request(hdrs.METH_DELETE, path, **kwargs)

    def ws_connect(self, path: str | URL, **kwargs: Any) -> WSRequestContextManager:
        """A WebSocket to `path`, through the session's `ws_connect`; closed by `close()`."""
        return WSRequestContextManager(self._ws_connect(path, **kwargs))

    async def _ws_connect(self, path: str | URL, **kwargs: Any) -> Any:
        websocket = await self._session.ws_connect(self.make_url(path), **kwargs)
        self._websockets.append(websocket)
        return websocket

    async def close(self) -> None:
        """Close the responses, WebSockets and session opened here, then the server."""
        if self._closed:
            return
        self._closed = True
        for response in self._responses:
            response.close()
        for websocket in self._websockets:
            await websocket.close()
        await self._session.close()
        await self._server.close()

    def __enter__(self) -> None:
        raise TypeError("Use async with instead")

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        pass  # __enter__ always raises; this exists so the pair is complete

    async def __aenter__(self) -> TestClient[_Request, _App]:
        await self.start_server()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


TestClient.__module__ = "wirehttp.test_utils"

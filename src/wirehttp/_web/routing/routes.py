"""Routes: a (method, handler) pair bound to a resource. AbstractRoute, ResourceRoute, SystemRoute.

Owns handler validation (coroutine functions and View classes; plain functions are wrapped with
a DeprecationWarning as aiohttp does), method validation, and the default `Expect: 100-continue`
handler. Must not import the dispatcher or the resources.
"""

from __future__ import annotations

import abc
import asyncio
import functools
import inspect
import sys
import warnings
from typing import TYPE_CHECKING, Any, cast

from .interfaces import AbstractView
from .url_pattern import validate_method

if TYPE_CHECKING:
    from yarl import URL

    from ..exceptions import HTTPException
    from ..request import Request
    from ..stream_response import StreamResponse
    from ._types import ExpectHandler, Handler, InfoDict
    from .resources import AbstractResource

METH_ANY = "*"


async def _default_expect_handler(request: Request) -> None:
    """Answer `Expect: 100-continue` on HTTP/1.1; any other expectation is a 417."""
    expect = request.headers.get("Expect", "")
    if request.version != (1, 1):
        return
    if expect.lower() == "100-continue":
        await request.writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        request.writer.output_size = 0  # the interim response is not part of the body
        return
    from ..exceptions import HTTPExpectationFailed

    raise HTTPExpectationFailed(text=f"Unknown Expect: {expect}")


def _is_coroutine_function(func: Any) -> bool:
    if inspect.iscoroutinefunction(func):
        return True
    # asyncio's variant also knows legacy markers; it is deprecated from Python 3.14.
    return sys.version_info < (3, 14) and asyncio.iscoroutinefunction(func)


def _check_handler(handler: Any) -> Handler:
    """Accept coroutine functions and View classes; wrap (with a warning) anything else callable."""
    if not callable(handler):
        raise TypeError(f"Handler must be callable, got {handler!r}")
    if _is_coroutine_function(handler):
        return cast("Handler", handler)
    if isinstance(handler, type) and issubclass(handler, AbstractView):
        return cast("Handler", handler)
    warnings.warn("Bare functions are deprecated, use async ones", DeprecationWarning, stacklevel=4)
    plain = handler

    @functools.wraps(plain)
    async def handler_wrapper(request: Request) -> StreamResponse:
        result = plain(request)
        if inspect.isawaitable(result):
            result = await result
        return cast("StreamResponse", result)

    return handler_wrapper


class AbstractRoute(abc.ABC):
    """A method and handler, optionally attached to a resource."""

    def __init__(
        self,
        method: str,
        handler: Handler | type[AbstractView],
        *,
        expect_handler: ExpectHandler | None = None,
        resource: AbstractResource | None = None,
    ) -> None:
        if expect_handler is None:
            expect_handler = _default_expect_handler
        if not _is_coroutine_function(expect_handler):
            raise TypeError(f"Coroutine is expected, got {expect_handler!r}")
        self._method = validate_method(method)
        self._handler = _check_handler(handler)
        self._expect_handler = expect_handler
        self._resource = resource

    @property
    def method(self) -> str:
        return self._method

    @property
    def handler(self) -> Handler:
        return self._handler

    @property
    @abc.abstractmethod
    def name(self) -> str | None:
        """The route's name: always its resource's name."""

    @property
    def resource(self) -> AbstractResource | None:
        return self._resource

    @abc.abstractmethod
    def get_info(self) -> InfoDict:
        """Introspection data (path, formatter, prefix...)."""

    @abc.abstractmethod
    def url_for(self, *args: str, **kwargs: str) -> URL:
        """Build the URL of this route."""

    async def handle_expect_header(self, request: Request) -> StreamResponse | None:
        return await self._expect_handler(request)


class ResourceRoute(AbstractRoute):
    """A route registered on a resource (what `add_get` and friends return)."""

    def __init__(
        self,
        method: str,
        handler: Handler | type[AbstractView],
        resource: AbstractResource,
        *,
        expect_handler: ExpectHandler | None = None,
    ) -> None:
        super().__init__(method, handler, expect_handler=expect_handler, resource=resource)

    @property
    def name(self) -> str | None:
        return None if self._resource is None else self._resource.name

    def url_for(self, *args: str, **kwargs: str) -> URL:
        assert self._resource is not None
        return self._resource.url_for(*args, **kwargs)

    def get_info(self) -> InfoDict:
        assert self._resource is not None
        return self._resource.get_info()

    def __repr__(self) -> str:
        return f"<ResourceRoute [{self.method}] {self._resource} -> {self.handler!r}"


class SystemRoute(AbstractRoute):
    """The route of a miss: its handler raises the router's 404/405 exception."""

    def __init__(self, http_exception: HTTPException) -> None:
        # Built on every miss: skips the registration-time checks, which cannot fail here.
        self._method = METH_ANY
        self._handler = self._handle
        self._expect_handler = _default_expect_handler
        self._resource = None
        self._http_exception = http_exception

    async def _handle(self, request: Request) -> StreamResponse:
        raise self._http_exception

    @property
    def name(self) -> str | None:
        return None

    def url_for(self, *args: str, **kwargs: str) -> URL:
        raise RuntimeError(".url_for() is not allowed for SystemRoute")

    def get_info(self) -> InfoDict:
        return {"http_exception": self._http_exception}

    @property
    def status(self) -> int:
        return self._http_exception.status

    @property
    def reason(self) -> str:
        return self._http_exception.reason

    def __repr__(self) -> str:
        return f"<SystemRoute {self.status}: {self.reason}>"


for _cls in (AbstractRoute, ResourceRoute, SystemRoute):
    _cls.__module__ = "wirehttp.web"

"""The abstract router interfaces aiohttp users subclass: AbstractRouter, AbstractMatchInfo, AbstractView.

They live with the routing layer that implements them; the public `wirehttp.abc` re-exports them.
Nothing here imports the request, response or application modules at run time.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Generator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..app import Application
    from ..exceptions import HTTPException
    from ..request import Request
    from ..stream_response import StreamResponse
    from ._types import ExpectHandler, Handler


class AbstractRouter(ABC):
    """Maps a request to an AbstractMatchInfo; frozen once the application starts."""

    def __init__(self) -> None:
        self._frozen = False

    def post_init(self, app: Application) -> None:
        """Called by the application that owns this router; the default does nothing."""
        return None

    @property
    def frozen(self) -> bool:
        return self._frozen

    def freeze(self) -> None:
        self._frozen = True

    @abstractmethod
    async def resolve(self, request: Request) -> AbstractMatchInfo:
        """Return the match info for `request`."""


class AbstractMatchInfo(ABC):
    """What the router found for a request: the handler to run and the applications it runs in."""

    __slots__ = ()

    @property
    @abstractmethod
    def handler(self) -> Handler: ...

    @property
    @abstractmethod
    def expect_handler(self) -> ExpectHandler: ...

    @property
    @abstractmethod
    def http_exception(self) -> HTTPException | None: ...

    @abstractmethod
    def get_info(self) -> dict[str, Any]: ...

    @property
    @abstractmethod
    def apps(self) -> tuple[Application, ...]: ...

    @abstractmethod
    def add_app(self, app: Application) -> None: ...

    @abstractmethod
    def freeze(self) -> None: ...

    @property
    @abstractmethod
    def current_app(self) -> Application: ...


class AbstractView(ABC):
    """A class-based view: constructed with the request, awaited to produce the response."""

    def __init__(self, request: Request) -> None:
        self._request = request

    @property
    def request(self) -> Request:
        return self._request

    @abstractmethod
    def __await__(self) -> Generator[Any, None, StreamResponse]: ...


for _cls in (AbstractRouter, AbstractMatchInfo, AbstractView):
    _cls.__module__ = "wirehttp.abc"

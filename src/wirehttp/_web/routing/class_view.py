"""`web.View`: a class-based view that dispatches on the request method to `get()`, `post()`...

A method the class does not define is a 405 whose Allow header lists the methods it does.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Any, NoReturn

from ... import hdrs
from ..exceptions import HTTPMethodNotAllowed
from .interfaces import AbstractView

if TYPE_CHECKING:
    from ..stream_response import StreamResponse


class View(AbstractView):
    """Subclass and define `async def get(self)` etc.; register with `router.add_view`."""

    async def _iter(self) -> StreamResponse:
        method = self.request.method
        handler = getattr(self, method.lower(), None) if method in hdrs.METH_ALL else None
        if handler is None:
            self._raise_allowed_methods()
        response: StreamResponse = await handler()
        return response

    def __await__(self) -> Generator[Any, None, StreamResponse]:
        return self._iter().__await__()

    def _raise_allowed_methods(self) -> NoReturn:
        allowed = {method for method in hdrs.METH_ALL if hasattr(self, method.lower())}
        raise HTTPMethodNotAllowed(self.request.method, allowed)


View.__module__ = "wirehttp.web"

"""`app.cleanup_ctx`: async generators that set up on startup and tear down on cleanup.

Owns: running each context's first half in order at startup and the second halves in reverse
order at cleanup, collecting teardown errors instead of stopping at the first one.
"""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

from .._base.signals import FrozenList

# BaseExceptionGroup is a builtin only from 3.11: naming it directly raised NameError on 3.10
# the moment a teardown failed, so it is looked up (3.10 just catches Exception).
_TEARDOWN_ERRORS: tuple[type[BaseException], ...] = (
    Exception,
    getattr(builtins, "BaseExceptionGroup", Exception),
)

__all__ = ("CleanupContext", "CleanupError")


class CleanupError(RuntimeError):
    """One or more cleanup contexts failed while tearing down."""

    @property
    def exceptions(self) -> list[BaseException]:
        return self.args[1]  # type: ignore[no-any-return]


class CleanupContext(FrozenList[Callable[[Any], Any]]):
    """A list of `async def ctx(app): ...; yield; ...` callables (or context manager factories)."""

    __slots__ = ("_exits",)

    def __init__(self) -> None:
        super().__init__()
        self._exits: list[AsyncIterator[None] | AbstractAsyncContextManager[None]] = []

    async def _on_startup(self, app: Any) -> None:
        for factory in self:
            ctx = factory(app)
            if isinstance(ctx, AbstractAsyncContextManager):
                await ctx.__aenter__()
            else:
                await ctx.__anext__()
            self._exits.append(ctx)

    async def _on_cleanup(self, app: Any) -> None:
        errors: list[BaseException] = []
        for ctx in reversed(self._exits):
            try:
                if isinstance(ctx, AbstractAsyncContextManager):
                    await ctx.__aexit__(None, None, None)
                else:
                    await ctx.__anext__()
            except StopAsyncIteration:
                pass
            except _TEARDOWN_ERRORS as exc:
                errors.append(exc)
            else:
                if not isinstance(ctx, AbstractAsyncContextManager):
                    errors.append(RuntimeError(f"{ctx!r} has more than one 'yield'"))
        self._exits.clear()
        if len(errors) == 1:
            raise errors[0]
        if errors:
            raise CleanupError("Multiple errors on cleanup stage", errors)


CleanupError.__module__ = "wirehttp.web"  # documented as web.CleanupError

"""The cookie jar interface (public as `wirehttp.abc.AbstractCookieJar`).

Owns: `AbstractCookieJar` with aiohttp 3.14's abstract members, and `ClearCookiePredicate`.
Must not import: other wirehttp layers above _base, or any public module.

Unlike aiohttp, a jar may be built outside a running event loop: the loop is remembered when
one is given or running, and is None otherwise (no jar method needs it).
"""

from __future__ import annotations

import asyncio
from abc import abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from http.cookies import BaseCookie, Morsel, SimpleCookie
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

from yarl import URL

from .loose_types import LooseCookies

__all__ = ("NO_URL", "AbstractCookieJar", "ClearCookiePredicate")

NO_URL: Final = URL()
"""The default ``response_url``: cookies set by the user, not received from a host."""

ClearCookiePredicate = Callable[["Morsel[str]"], bool]

if TYPE_CHECKING:
    _IterableBase = Iterable[Morsel[str]]
else:
    _IterableBase = Iterable


class AbstractCookieJar(Sized, _IterableBase):
    """What a ClientSession needs from a cookie jar: store, select, clear."""

    def __init__(self, *, loop: asyncio.AbstractEventLoop | None = None) -> None:
        if loop is None:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                loop = None
        self._loop = loop

    @abstractmethod
    def __iter__(self) -> Iterator[Morsel[str]]:
        """Every stored, unexpired cookie."""

    @property
    @abstractmethod
    def unsafe(self) -> bool:
        """True when cookies from and to IP-address hosts are kept."""

    @property
    @abstractmethod
    def quote_cookie(self) -> bool:
        """True when cookie values are quoted (as `SimpleCookie` does) in the Cookie header."""

    @property
    def treat_as_secure_origin(self) -> frozenset[URL]:
        """Origins that get Secure cookies even over plain http."""
        return frozenset()

    @property
    @abstractmethod
    def cookies(self) -> MappingProxyType[tuple[str, str], SimpleCookie]:
        """The stored cookies by (domain, path)."""

    @property
    @abstractmethod
    def host_only_cookies(self) -> frozenset[tuple[str, str, str]]:
        """(domain, path, name) of the cookies sent only to their exact host."""

    @abstractmethod
    def clear(self, predicate: ClearCookiePredicate | None = None) -> None:
        """Remove every cookie, or those for which ``predicate(morsel)`` is true."""

    @abstractmethod
    def clear_domain(self, domain: str) -> None:
        """Remove the cookies of ``domain`` and of its subdomains."""

    @abstractmethod
    def update_cookies(self, cookies: LooseCookies, response_url: URL = NO_URL) -> None:
        """Store ``cookies`` received from ``response_url`` (an empty URL: set by the user)."""

    def update_cookies_from_headers(self, headers: Sequence[str], response_url: URL) -> None:
        """Store the cookies of raw ``Set-Cookie`` field values; unparsable ones are skipped."""
        for header in headers:
            parsed = SimpleCookie()
            try:
                parsed.load(header)
            except Exception:  # CookieError, or anything a hostile value provokes
                continue
            if parsed:
                self.update_cookies(parsed, response_url)

    @abstractmethod
    def filter_cookies(self, request_url: URL) -> BaseCookie[str]:
        """The cookies to send to ``request_url``."""


AbstractCookieJar.__module__ = "wirehttp.abc"

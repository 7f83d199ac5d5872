"""`DummyCookieJar`: a jar that keeps nothing (public as `wirehttp.DummyCookieJar`).

For a ClientSession that must not store or send cookies. Must not import: wirehttp._server,
wirehttp._web, or any public module.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Sequence
from http.cookies import BaseCookie, Morsel, SimpleCookie
from types import MappingProxyType

from yarl import URL

from .abc import NO_URL, AbstractCookieJar, ClearCookiePredicate
from .loose_types import LooseCookies

__all__ = ("DummyCookieJar",)


class DummyCookieJar(AbstractCookieJar):
    """Accepts every cookie and forgets it at once; sends none."""

    def __init__(self, *, loop: asyncio.AbstractEventLoop | None = None) -> None:
        super().__init__(loop=loop)

    def __iter__(self) -> Iterator[Morsel[str]]:
        return iter(())

    def __len__(self) -> int:
        return 0

    @property
    def unsafe(self) -> bool:
        return False

    @property
    def quote_cookie(self) -> bool:
        return True

    @property
    def cookies(self) -> MappingProxyType[tuple[str, str], SimpleCookie]:
        return MappingProxyType({})

    @property
    def host_only_cookies(self) -> frozenset[tuple[str, str, str]]:
        return frozenset()

    def clear(self, predicate: ClearCookiePredicate | None = None) -> None:
        pass

    def clear_domain(self, domain: str) -> None:
        pass

    def update_cookies(self, cookies: LooseCookies, response_url: URL = NO_URL) -> None:
        pass

    def update_cookies_from_headers(self, headers: Sequence[str], response_url: URL) -> None:
        pass  # not even parsed

    def filter_cookies(self, request_url: URL) -> BaseCookie[str]:
        return SimpleCookie()


DummyCookieJar.__module__ = "wirehttp"  # documented as aiohttp.DummyCookieJar

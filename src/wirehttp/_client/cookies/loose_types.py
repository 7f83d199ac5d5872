"""The argument types of cookie-taking APIs (aiohttp.typedefs' LooseCookies names).

Must not import: anything of wirehttp outside this package.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from http.cookies import BaseCookie, Morsel
from typing import Any, Union

__all__ = ("LooseCookies", "LooseCookiesIterables", "LooseCookiesMappings")

# Evaluated at runtime (public aliases), hence Union rather than `X | Y` on generic classes.
LooseCookiesMappings = Mapping[str, Union[str, "BaseCookie[str]", "Morsel[Any]"]]
LooseCookiesIterables = Iterable[tuple[str, Union[str, "BaseCookie[str]", "Morsel[Any]"]]]
LooseCookies = Union[LooseCookiesMappings, LooseCookiesIterables, "BaseCookie[str]"]

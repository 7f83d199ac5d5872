"""Request properties derived from headers: cookies, conditionals, Range, Forwarded.

Owns: turning raw header values into the typed values handlers read
(`if_modified_since`, `if_match`, `http_range`, `cookies`, `forwarded`...). A mixin over
`self.headers`; every value is computed when first asked for and kept.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from http.cookies import CookieError, SimpleCookie
from types import MappingProxyType
from typing import Any

from .._base.etag import ETag, parse_etag_list
from .._base.forwarded import parse_forwarded
from .._base.httpdate import parse_http_date

__all__ = ("RequestHeadersMixin",)


class RequestHeadersMixin:
    """Expects `self.headers` and a `self._cache` dict."""

    __slots__ = ()
    headers: Any
    _cache: dict[str, Any]

    def _cached(self, key: str, compute: Any) -> Any:
        cache = self._cache
        if key not in cache:
            cache[key] = compute()
        return cache[key]

    @property
    def cookies(self) -> Mapping[str, str]:
        """Cookies the client sent, name to value (malformed pairs are skipped)."""
        return self._cached("cookies", self._parse_cookies)  # type: ignore[no-any-return]

    def _parse_cookies(self) -> Mapping[str, str]:
        result: dict[str, str] = {}
        for line in self.headers.getall("Cookie", ()):
            for pair in line.split(";"):
                jar: SimpleCookie = SimpleCookie()
                try:
                    jar.load(pair.strip())
                except CookieError:
                    continue
                for name, morsel in jar.items():
                    result[name] = morsel.value
        return MappingProxyType(result)

    @property
    def forwarded(self) -> tuple[Mapping[str, str], ...]:
        found: tuple[Mapping[str, str], ...] = self._cached(
            "forwarded", lambda: parse_forwarded(self.headers.getall("Forwarded", []))
        )
        return found

    def _date_header(self, name: str) -> datetime.datetime | None:
        return parse_http_date(self.headers.get(name))

    @property
    def if_modified_since(self) -> datetime.datetime | None:
        return self._date_header("If-Modified-Since")

    @property
    def if_unmodified_since(self) -> datetime.datetime | None:
        return self._date_header("If-Unmodified-Since")

    @property
    def if_range(self) -> datetime.datetime | None:
        return self._date_header("If-Range")

    def _etag_header(self, name: str) -> tuple[ETag, ...] | None:
        raw = self.headers.get(name)
        if raw is None:
            return None
        parsed = parse_etag_list(raw)
        if parsed == "*":
            return (ETag(value="*"),)
        return parsed

    @property
    def if_match(self) -> tuple[ETag, ...] | None:
        return self._etag_header("If-Match")

    @property
    def if_none_match(self) -> tuple[ETag, ...] | None:
        return self._etag_header("If-None-Match")

    @property
    def http_range(self) -> slice:
        """The single byte range asked for, as a slice (`slice(None, None, 1)` when none)."""
        raw = self.headers.get("Range")
        if raw is None:
            return slice(None, None, 1)
        unit, sep, spec = raw.partition("=")
        if unit.strip().lower() != "bytes" or not sep or "," in spec:
            raise ValueError("range not in acceptable format")
        first, dash, last = spec.strip().partition("-")
        if not dash or not (first.isdigit() or first == "") or not (last.isdigit() or last == ""):
            raise ValueError("range not in acceptable format")
        if first == "":
            if last == "":
                raise ValueError("No start or end of range specified")
            return slice(-int(last), None, 1)
        start = int(first)
        end = int(last) + 1 if last else None
        if end is not None and start >= end:
            raise ValueError("start cannot be after end")
        return slice(start, end, 1)

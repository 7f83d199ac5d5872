"""`CookieJar`: the client's RFC 6265 cookie store (public as `wirehttp.CookieJar`).

Owns: accepting cookies from responses (5.3), choosing cookies for requests (5.4), expiry,
the size caps below, clear/clear_domain, JSON save/load.
Must not import: wirehttp._server, wirehttp._web, or any public module.

Hostile servers: every limit is a named constant; a cookie is refused, never truncated.
Deviations from aiohttp 3.14 (all on the safe side, listed in docs/internals.md):
- a Domain that is a public suffix (`public_suffix`, a partial built-in list) is refused;
- a Secure cookie from a plain-http response (not a `treat_as_secure_origin`) is refused, as
  browsers do (RFC 6265bis 5.7);
- paths compare in their raw (percent-encoded) form, as sent on the wire;
- `filter_cookies` orders cookies as RFC 6265 5.4 step 2 says (longest path first, then
  oldest first); for a name matched twice the first in that order is kept;
- `cookies` is keyed by the exact cookie path; `load` refuses pickle files.
"""

from __future__ import annotations

import asyncio
import heapq
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from http.cookies import BaseCookie, Morsel, SimpleCookie
from types import MappingProxyType
from typing import Final

from yarl import URL

from .abc import NO_URL, AbstractCookieJar, ClearCookiePredicate
from .cookie_date import parse_cookie_date
from .loose_types import LooseCookies
from .matching import default_path, domain_match, is_ip_address, path_match
from .persistence import CookieRecord, read_cookie_file, write_cookie_file
from .public_suffix import is_public_suffix

__all__ = ("MAX_COOKIES_PER_DOMAIN", "MAX_COOKIES_TOTAL", "MAX_COOKIE_SIZE", "CookieJar")

MAX_COOKIES_PER_DOMAIN: Final = 180
"""Cookies kept per domain (Firefox's limit; RFC 6265 6.1 asks for at least 50). When a domain
is full, its oldest cookie makes room for the new one."""
MAX_COOKIES_TOTAL: Final = 3000
"""Cookies kept in the whole jar (RFC 6265 6.1 asks for at least 3000). When the jar is full,
its oldest cookie makes room."""
MAX_COOKIE_SIZE: Final = 4096
"""Bytes of name plus value in one cookie (RFC 6265 6.1's minimum; browsers refuse larger)."""

_SECURE_SCHEMES: Final = frozenset(("https", "wss"))
_MAX_AGE: Final = re.compile(r"-?[0-9]+")  # RFC 6265 5.2.2; anything else ignores the attribute
_LATEST: Final = 253402300799.0  # 9999-12-31T23:59:59Z: later deadlines are clamped to it
_UNSENDABLE: Final = re.compile(r"[\x00-\x1f\x7f]")  # CTLs would break the Cookie header
_ENCODER: Final = SimpleCookie()
_Key = tuple[str, str, str]  # (domain, path, name)


class _Stored:
    __slots__ = ("created", "expires", "host_only", "morsel")

    def __init__(self, morsel: Morsel[str], host_only: bool, expires: float | None, created: int):
        self.morsel = morsel
        self.host_only = host_only
        self.expires = expires
        self.created = created


class CookieJar(AbstractCookieJar):
    """Cookies by domain, then (path, name); see the module docstring for the rules."""

    def __init__(
        self,
        *,
        unsafe: bool = False,
        quote_cookie: bool = True,
        treat_as_secure_origin: str | URL | Iterable[str | URL] | None = None,
        loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(loop=loop)
        self._unsafe = unsafe
        self._quote_cookie = quote_cookie
        if treat_as_secure_origin is None:
            origins: Iterable[str | URL] = ()
        elif isinstance(treat_as_secure_origin, (str, URL)):
            origins = (treat_as_secure_origin,)
        else:
            origins = treat_as_secure_origin
        self._secure_origins = frozenset(URL(o).origin() for o in origins)
        self._clock: Callable[[], float] = time.time  # tests replace it
        self._reset()

    def _reset(self) -> None:
        self._store: dict[str, dict[tuple[str, str], _Stored]] = {}
        self._order: dict[_Key, None] = {}  # every key, oldest creation first
        self._deadlines: list[tuple[float, _Key]] = []  # heap; stale entries skipped
        self._next_created = 0

    def __repr__(self) -> str:
        return f"<CookieJar {len(self._order)} cookies in {len(self._store)} domains>"

    @property
    def unsafe(self) -> bool:
        return self._unsafe

    @property
    def quote_cookie(self) -> bool:
        return self._quote_cookie

    @property
    def treat_as_secure_origin(self) -> frozenset[URL]:
        return self._secure_origins

    @property
    def cookies(self) -> MappingProxyType[tuple[str, str], SimpleCookie]:
        """A snapshot of the stored cookies by (domain, path)."""
        view: dict[tuple[str, str], SimpleCookie] = {}
        for domain, bucket in self._store.items():
            for (path, name), stored in bucket.items():
                dict.__setitem__(
                    view.setdefault((domain, path), SimpleCookie()), name, stored.morsel
                )
        return MappingProxyType(view)

    @property
    def host_only_cookies(self) -> frozenset[tuple[str, str, str]]:
        return frozenset(
            (domain, path, name)
            for domain, bucket in self._store.items()
            for (path, name), stored in bucket.items()
            if stored.host_only
        )

    def __iter__(self) -> Iterator[Morsel[str]]:
        self._expire()
        return iter([s.morsel for bucket in self._store.values() for s in bucket.values()])

    def __len__(self) -> int:
        self._expire()
        return len(self._order)

    # -- removal -----------------------------------------------------------------------------

    def clear(self, predicate: ClearCookiePredicate | None = None) -> None:
        if predicate is None:
            self._reset()
            return
        self._expire()
        doomed = [
            (domain, path, name)
            for domain, bucket in self._store.items()
            for (path, name), stored in bucket.items()
            if predicate(stored.morsel)
        ]
        for key in doomed:
            self._remove(key)

    def clear_domain(self, domain: str) -> None:
        domain = domain.lower()
        self.clear(lambda morsel: domain_match(morsel["domain"], domain))

    def _remove(self, key: _Key) -> None:
        domain, path, name = key
        bucket = self._store.get(domain)
        if bucket is None or bucket.pop((path, name), None) is None:
            return
        if not bucket:
            del self._store[domain]
        del self._order[key]

    def _expire(self) -> None:
        heap = self._deadlines
        if not heap:
            return
        now = self._clock()
        while heap and heap[0][0] <= now:
            when, key = heapq.heappop(heap)
            stored = self._lookup(key)
            if stored is not None and stored.expires == when:
                self._remove(key)
        if len(heap) > 2 * len(self._order) + 64:  # replaced cookies leave stale entries
            self._deadlines = [(w, k) for w, k in heap if (s := self._lookup(k)) and s.expires == w]
            heapq.heapify(self._deadlines)

    def _lookup(self, key: _Key) -> _Stored | None:
        bucket = self._store.get(key[0])
        return None if bucket is None else bucket.get(key[1:])

    # -- accepting (RFC 6265 5.3) ------------------------------------------------------------

    def update_cookies(self, cookies: LooseCookies, response_url: URL = NO_URL) -> None:
        host = response_url.raw_host
        if host is not None:
            host = host.lower()
            if not self._unsafe and is_ip_address(host):
                return  # cookies from IP-address hosts only with unsafe=True
        secure_origin = host is None or self._is_secure(response_url)
        uri_path = response_url.raw_path or "/"
        for name, morsel in _morsels(cookies):
            self._accept(name, morsel, host, uri_path, secure_origin, None)
        self._expire()

    def _accept(
        self,
        name: str,
        received: Morsel[str],
        host: str | None,
        uri_path: str,
        secure_origin: bool,
        deadline: float | None,
    ) -> None:
        if not _sendable(received) or (received["secure"] and not secure_origin):
            return
        scope = _scope(received["domain"], host)
        if scope is None:
            return
        domain, host_only = scope
        path = received["path"]
        if not path.startswith("/"):
            path = default_path(uri_path)
        if deadline is None:
            deadline = self._deadline(received)
        morsel: Morsel[str] = received.copy()
        morsel["domain"] = domain
        morsel["path"] = path
        self._put((domain, path, name), morsel, host_only, deadline)

    def _deadline(self, morsel: Morsel[str]) -> float | None:
        """Max-Age wins over Expires (5.3 step 3); a bad value ignores its attribute."""
        max_age = str(morsel["max-age"]).strip()
        if max_age and _MAX_AGE.fullmatch(max_age):
            seconds = int(max_age)
            return 0.0 if seconds <= 0 else min(self._clock() + seconds, _LATEST)
        if morsel["max-age"]:
            morsel["max-age"] = ""
        if morsel["expires"]:
            when = parse_cookie_date(morsel["expires"])
            if when is not None:
                return min(when, _LATEST)
            morsel["expires"] = ""
        return None

    def _put(self, key: _Key, morsel: Morsel[str], host_only: bool, deadline: float | None) -> None:
        old = self._lookup(key)
        if deadline is not None and deadline <= self._clock():
            self._remove(key)  # an expired cookie deletes; it is never stored
            return
        if old is not None:
            created = old.created  # a replacement keeps its creation time (5.3 step 11.3)
        else:
            self._make_room(key[0])
            created = self._next_created
            self._next_created += 1
            self._order[key] = None
        self._store.setdefault(key[0], {})[key[1:]] = _Stored(morsel, host_only, deadline, created)
        if deadline is not None:
            heapq.heappush(self._deadlines, (deadline, key))

    def _make_room(self, domain: str) -> None:
        bucket = self._store.get(domain)
        if bucket is not None and len(bucket) >= MAX_COOKIES_PER_DOMAIN:
            self._expire()
            bucket = self._store.get(domain)
            if bucket is not None and len(bucket) >= MAX_COOKIES_PER_DOMAIN:
                (path, name), _ = min(bucket.items(), key=lambda item: item[1].created)
                self._remove((domain, path, name))
        if len(self._order) >= MAX_COOKIES_TOTAL:
            self._expire()
            if len(self._order) >= MAX_COOKIES_TOTAL:
                self._remove(next(iter(self._order)))

    def _is_secure(self, url: URL) -> bool:
        if url.scheme in _SECURE_SCHEMES:
            return True
        if not self._secure_origins:
            return False
        try:
            return url.origin() in self._secure_origins
        except ValueError:  # a URL without an origin (relative, no host)
            return False

    # -- sending (RFC 6265 5.4) --------------------------------------------------------------

    def filter_cookies(self, request_url: URL = NO_URL) -> BaseCookie[str]:
        """The cookies for ``request_url``: longest path first, then oldest (5.4 step 2)."""
        self._expire()
        chosen: BaseCookie[str] = BaseCookie()
        if not self._store:
            return chosen
        request_url = URL(request_url)
        host = (request_url.raw_host or "").lower()
        secure = self._is_secure(request_url)
        path = request_url.raw_path or "/"
        matches: list[tuple[int, int, int, str, Morsel[str]]] = []
        for domain in self._candidate_domains(host):
            for (cookie_path, name), stored in self._store.get(domain, {}).items():
                if stored.host_only and domain and domain != host:
                    continue
                if (stored.morsel["secure"] and not secure) or not path_match(path, cookie_path):
                    continue
                matches.append(
                    (-len(cookie_path), -len(domain), stored.created, name, stored.morsel)
                )
        matches.sort(key=lambda match: match[:3])
        for *_, name, morsel in matches:
            if name not in chosen:
                dict.__setitem__(chosen, name, self._outgoing(morsel))
        return chosen

    def _candidate_domains(self, host: str) -> list[str]:
        domains = [""]  # cookies set with no response URL go everywhere (aiohttp's behaviour)
        if not host:
            return domains
        if is_ip_address(host):
            return [*domains, host] if self._unsafe else domains
        labels = host.split(".")
        return domains + [".".join(labels[i:]) for i in range(len(labels))]

    def _outgoing(self, stored: Morsel[str]) -> Morsel[str]:
        """A bare name=value morsel, its value quoted or not as `quote_cookie` says."""
        value = stored.value
        if not self._quote_cookie:
            coded = value
        elif stored.coded_value.startswith('"'):
            coded = stored.coded_value  # the server sent it quoted: send it back as it came
        else:
            value, coded = _ENCODER.value_encode(value)
        morsel: Morsel[str] = Morsel()
        morsel.set(stored.key, value, coded)
        return morsel

    # -- persistence -------------------------------------------------------------------------

    def save(self, file_path: str | os.PathLike[str]) -> None:
        """Write the jar to ``file_path`` as JSON (mode 0o600). Never pickle."""
        self._expire()
        write_cookie_file(
            file_path,
            (
                CookieRecord(domain, stored.morsel, stored.host_only, stored.expires)
                for domain, bucket in self._store.items()
                for stored in bucket.values()
            ),
        )

    def load(self, file_path: str | os.PathLike[str]) -> None:
        """Replace the jar's cookies with a JSON file's; ValueError (jar unchanged) otherwise.

        Every cookie goes through the acceptance rules again, as if its domain sent it over
        https; expired ones are dropped.
        """
        records = read_cookie_file(file_path)
        loaded = CookieJar(unsafe=self._unsafe, quote_cookie=self._quote_cookie, loop=self._loop)
        loaded._clock = self._clock
        for record in records:
            morsel = record.morsel
            if record.host_only:
                morsel["domain"] = ""
            host = record.domain.lower() or None
            if host is not None and not self._unsafe and is_ip_address(host):
                continue
            loaded._accept(morsel.key, morsel, host, "/", True, record.expires)
        self._store, self._order = loaded._store, loaded._order
        self._deadlines, self._next_created = loaded._deadlines, loaded._next_created
        self._expire()


def _morsels(cookies: LooseCookies) -> Iterator[tuple[str, Morsel[str]]]:
    """(name, Morsel) pairs from any of the shapes `LooseCookies` allows."""
    items = cookies.items() if hasattr(cookies, "items") else cookies
    for name, value in items:
        if isinstance(value, Morsel):
            yield name, value
        elif isinstance(value, BaseCookie):
            yield from value.items()
        else:
            parsed = SimpleCookie()
            parsed[name] = value  # CookieError for an illegal name, as aiohttp raises
            yield name, parsed[name]


def _sendable(morsel: Morsel[str]) -> bool:
    """A cookie that fits `MAX_COOKIE_SIZE` and holds no control character."""
    text = f"{morsel.key}{morsel.value}{morsel.coded_value}"
    if _UNSENDABLE.search(text):
        return False
    return (
        len(morsel.key.encode("utf-8", "replace")) + len(morsel.value.encode("utf-8", "replace"))
        <= MAX_COOKIE_SIZE
    )


def _scope(attribute: str, host: str | None) -> tuple[str, bool] | None:
    """(domain, host_only) for a cookie's Domain attribute, or None to refuse (5.3 steps 4-6)."""
    domain = attribute.lower()
    if domain.endswith("."):
        domain = ""  # a trailing dot: the attribute is ignored, as aiohttp and browsers do
    if domain.startswith("."):
        domain = domain[1:]
    if not domain:
        return (host or "", host is not None)
    if is_public_suffix(domain):
        if domain == host:
            return (host, True)  # step 5: the host itself is a public suffix
        return None
    if host is not None and not domain_match(host, domain):
        return None
    return (domain, False)


CookieJar.__module__ = "wirehttp"  # documented as aiohttp.CookieJar

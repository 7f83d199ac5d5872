"""Building ``Set-Cookie`` values for the server side (`StreamResponse.set_cookie` and friends).

Owns: `set_cookie_morsel`, `expire_cookie_morsel`, `set_cookie_header_values`, `CookieMorsel`
(a `Morsel` that knows the ``Partitioned`` flag on every Python) and `InvalidCookieError`.
Must not import: asyncio, anything doing I/O, or any other wirehttp layer.

Cookies live in a `http.cookies.SimpleCookie`, as `response.cookies` has always been one. The
cookie value is quoted by the standard library, so it cannot break the header. Attribute values
(domain, path, expires, max-age, samesite, version) are written raw, so they are checked here:
a control character or ``;`` in any of them raises `InvalidCookieError` (a ValueError and a
`CookieError`) instead of splitting the header or smuggling a second attribute.
"""

from __future__ import annotations

import re
from http.cookies import CookieError, Morsel, SimpleCookie
from typing import Any, ClassVar, Final

__all__ = (
    "COOKIE_EPOCH",
    "CookieMorsel",
    "InvalidCookieError",
    "expire_cookie_morsel",
    "set_cookie_header_values",
    "set_cookie_morsel",
)

COOKIE_EPOCH: Final = "Thu, 01 Jan 1970 00:00:00 GMT"
"""The ``expires`` that `expire_cookie_morsel` writes; `set_cookie_morsel` drops it again."""

# Anything that could end the header line or start another attribute (RFC 6265 4.1.1 av-octet
# excludes CTLs and ";"). NUL..US and DEL are the CTLs.
_UNSAFE_ATTRIBUTE = re.compile("[\x00-\x1f\x7f;]")


class InvalidCookieError(CookieError, ValueError):
    """A cookie name, value or attribute that cannot be written into a Set-Cookie header."""


class CookieMorsel(Morsel[str]):
    """A Morsel that accepts ``partitioned`` even where the standard library does not (< 3.14)."""

    _reserved: ClassVar[dict[str, str]] = {**Morsel._reserved, "partitioned": "Partitioned"}  # type: ignore[attr-defined]
    _flags: ClassVar[frozenset[str]] = frozenset(Morsel._flags | {"partitioned"})  # type: ignore[attr-defined]


def _check_attribute(key: str, value: object) -> str:
    text = str(value)
    if _UNSAFE_ATTRIBUTE.search(text):
        raise InvalidCookieError(
            f"Cookie attribute {key} contains a control character or ';': {text!r}"
        )
    return text


def _new_morsel(cookies: SimpleCookie, name: str, value: str) -> Morsel[str]:
    """The morsel for ``name`` (kept, so earlier attributes survive) holding the new value."""
    existing = cookies.get(name)
    morsel: Morsel[str] = existing if isinstance(existing, CookieMorsel) else CookieMorsel()
    if existing is not None and morsel is not existing:
        for key, attr in existing.items():
            if attr:
                morsel[key] = attr
    real, coded = cookies.value_encode(value)  # str() of a non-str, as SimpleCookie does
    try:
        morsel.set(name, real, coded)
    except CookieError as exc:  # illegal characters in the name, or a reserved name
        raise InvalidCookieError(str(exc)) from None
    cookies[name] = morsel  # a Morsel is stored as is, not re-parsed
    return morsel


def set_cookie_morsel(
    cookies: SimpleCookie,
    name: str,
    value: str,
    *,
    expires: str | None = None,
    domain: str | None = None,
    max_age: int | str | None = None,
    path: str = "/",
    secure: bool | None = None,
    httponly: bool | None = None,
    version: str | None = None,
    samesite: str | None = None,
    partitioned: bool | None = None,
) -> Morsel[str]:
    """Set or update cookie ``name`` in ``cookies`` with aiohttp's ``set_cookie`` semantics.

    Attributes given as None keep their earlier value, except that ``max-age`` is dropped and
    an ``expires`` equal to `COOKIE_EPOCH` (left by a deletion) is dropped. ``path`` is always set.
    Everything is validated before ``cookies`` is touched.
    """
    attrs: dict[str, Any] = {
        "expires": expires,
        "domain": domain,
        "max-age": max_age,
        "path": path,
        "version": version,
        "samesite": samesite,
    }
    checked = {k: _check_attribute(k, v) for k, v in attrs.items() if v is not None}
    flags = {"secure": secure, "httponly": httponly, "partitioned": partitioned}
    morsel = _new_morsel(cookies, name, value)
    if expires is None and morsel.get("expires") == COOKIE_EPOCH:
        morsel["expires"] = ""
    if max_age is None:
        morsel["max-age"] = ""
    for key, text in checked.items():
        morsel[key] = text
    for key, flag in flags.items():
        if flag is not None:
            morsel[key] = flag
    return morsel


def expire_cookie_morsel(
    cookies: SimpleCookie,
    name: str,
    *,
    domain: str | None = None,
    path: str = "/",
    secure: bool | None = None,
    httponly: bool | None = None,
    samesite: str | None = None,
) -> Morsel[str]:
    """Replace cookie ``name`` with an empty, already expired one (``del_cookie``)."""
    cookies.pop(name, None)
    return set_cookie_morsel(
        cookies,
        name,
        "",
        max_age=0,
        expires=COOKIE_EPOCH,
        domain=domain,
        path=path,
        secure=secure,
        httponly=httponly,
        samesite=samesite,
    )


def set_cookie_header_values(cookies: SimpleCookie) -> list[str]:
    """One ``Set-Cookie`` header value per cookie, in insertion order."""
    return [morsel.OutputString() for morsel in cookies.values()]

"""HTTP Basic authentication credentials (RFC 7617).

Owns: `BasicAuth`, `encode_basic_auth` and the warning-free internal constructor `make_basic_auth`.
Must not import: asyncio, anything doing I/O, or any other wirehttp layer (yarl is allowed).

aiohttp 3.14 deprecates constructing `BasicAuth` directly in user code (it warns and points to
`encode_basic_auth`), so this one does too. Library code that needs an instance, including
`BasicAuth.decode` and `BasicAuth.from_url`, builds it with `make_basic_auth`, which does not warn.
"""

from __future__ import annotations

import base64
import binascii
import warnings
from typing import NamedTuple

from yarl import URL

__all__ = ("BasicAuth", "encode_basic_auth", "make_basic_auth")

_DEPRECATION = (
    "BasicAuth is deprecated and will be removed in aiohttp 4.0; "
    "use aiohttp.encode_basic_auth() with headers={'Authorization': ...} instead"
)


def _check_login(login: object, password: object) -> None:
    if login is None:
        raise ValueError("None is not allowed as login value")
    if password is None:
        raise ValueError("None is not allowed as password value")
    # RFC 7617 section 2: the user-id cannot contain a colon, the first colon ends it.
    if ":" in str(login):
        raise ValueError('A ":" is not allowed in login (RFC 7617 section 2)')


def encode_basic_auth(login: str, password: str = "", encoding: str = "utf-8") -> str:
    """Return an ``Authorization`` header value: ``"Basic " + base64(login:password)``."""
    _check_login(login, password)
    credentials = f"{login}:{password}".encode(encoding)
    return "Basic " + base64.b64encode(credentials).decode("ascii")


class _BasicAuthFields(NamedTuple):
    login: str
    password: str
    encoding: str


class BasicAuth(_BasicAuthFields):
    """Basic credentials as a ``(login, password, encoding)`` named tuple."""

    __slots__ = ()

    def __new__(cls, login: str, password: str = "", encoding: str = "latin1") -> BasicAuth:
        _check_login(login, password)
        warnings.warn(_DEPRECATION, DeprecationWarning, stacklevel=2)
        return super().__new__(cls, login, password, encoding)

    @classmethod
    def decode(cls, auth_header: str, encoding: str = "latin1") -> BasicAuth:
        """Read an ``Authorization: Basic ...`` value; ValueError if it is not well formed."""
        scheme, sep, token = auth_header.partition(" ")
        if not sep:
            raise ValueError("Could not parse authorization header.")
        if scheme.lower() != "basic":
            raise ValueError(f"Unknown authorization method {scheme}")
        # RFC 9110 11.4: the scheme is followed by one or more spaces, then the token68.
        token = token.lstrip(" ")
        try:
            decoded = base64.b64decode(token.encode("ascii"), validate=True).decode(encoding)
        except (binascii.Error, UnicodeEncodeError):
            raise ValueError("Invalid base64 encoding.") from None
        login, colon, password = decoded.partition(":")
        if not colon:
            raise ValueError("Invalid credentials.")
        return make_basic_auth(login, password, encoding)

    @classmethod
    def from_url(cls, url: URL, *, encoding: str = "latin1") -> BasicAuth | None:
        """Credentials from a URL's userinfo, or None when it has none."""
        if not isinstance(url, URL):
            raise TypeError("url should be yarl.URL instance")
        if url.raw_user is None and url.raw_password is None:
            return None
        return make_basic_auth(url.user or "", url.password or "", encoding)

    def encode(self) -> str:
        """The ``Authorization`` header value for these credentials."""
        return encode_basic_auth(self.login, self.password, self.encoding)


def make_basic_auth(login: str, password: str = "", encoding: str = "latin1") -> BasicAuth:
    """Build a `BasicAuth` with the same checks as the constructor but without its warning."""
    _check_login(login, password)
    return tuple.__new__(BasicAuth, (login, password, encoding))


BasicAuth.__module__ = "wirehttp"  # documented as wirehttp.BasicAuth
encode_basic_auth.__module__ = "wirehttp"

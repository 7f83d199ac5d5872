"""BasicAuth and encode_basic_auth, checked against aiohttp 3.14's behaviour."""

from __future__ import annotations

import base64
import warnings

import aiohttp
import pytest
from yarl import URL

from wirehttp._base.auth import BasicAuth, encode_basic_auth, make_basic_auth


def test_constructor_is_deprecated_like_aiohttp() -> None:
    with pytest.warns(DeprecationWarning, match="encode_basic_auth") as record:
        auth = BasicAuth("user", "pass")
    assert record[0].filename == __file__  # points at the caller
    assert auth == ("user", "pass", "latin1")
    assert auth.login == "user" and auth.password == "pass" and auth.encoding == "latin1"
    assert repr(auth) == "BasicAuth(login='user', password='pass', encoding='latin1')"
    with pytest.warns(DeprecationWarning):
        peer = aiohttp.BasicAuth("user", "pass")
    assert repr(auth) == repr(peer)


def test_internal_constructor_does_not_warn() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        auth = make_basic_auth("u", "p", "utf-8")
        assert BasicAuth.decode(auth.encode(), encoding="utf-8") == auth
        assert BasicAuth.from_url(URL("http://u:p@h/")) == ("u", "p", "latin1")
    assert type(auth) is BasicAuth


@pytest.mark.parametrize("login", ["a:b", ":"])
def test_colon_in_login_is_refused(login: str) -> None:
    with pytest.raises(ValueError, match=":"):
        make_basic_auth(login)
    with pytest.raises(ValueError):
        encode_basic_auth(login)
    with pytest.raises(ValueError):
        aiohttp.BasicAuth(login)  # the peer refuses the same logins


def test_none_is_refused() -> None:
    with pytest.raises(ValueError, match="login"):
        make_basic_auth(None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="password"):
        make_basic_auth("u", None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("login", "password", "encoding"),
    [
        ("user", "pass", "latin1"),
        ("", "", "latin1"),
        ("us\u00e9r", "p\u00e4ss:w:d", "utf-8"),
        ("u", "p\u00e9", "latin1"),
    ],
)
def test_encode_matches_aiohttp(login: str, password: str, encoding: str) -> None:
    ours = make_basic_auth(login, password, encoding).encode()
    with pytest.warns(DeprecationWarning):
        theirs = aiohttp.BasicAuth(login, password, encoding).encode()
    assert ours == theirs
    assert encode_basic_auth(login, password, encoding) == aiohttp.encode_basic_auth(
        login, password, encoding
    )
    assert base64.b64decode(ours[len("Basic ") :]).decode(encoding) == f"{login}:{password}"


def test_encode_basic_auth_defaults_to_utf8() -> None:
    assert encode_basic_auth("\u00e9") == "Basic " + base64.b64encode("\u00e9:".encode()).decode()


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Basic dXNlcjpwYXNz", ("user", "pass")),
        ("basic dXNlcjpwYXNz", ("user", "pass")),
        ("BASIC dXNlcjpwYXNz", ("user", "pass")),
        ("Basic   dXNlcjpwYXNz", ("user", "pass")),  # 1*SP after the scheme (RFC 9110 11.4)
        ("Basic dXNlcjo=", ("user", "")),
        ("Basic OnBhc3M=", ("", "pass")),
        ("Basic dTpwOnE=", ("u", "p:q")),  # only the first colon separates
    ],
)
def test_decode(header: str, expected: tuple[str, str]) -> None:
    auth = BasicAuth.decode(header)
    assert (auth.login, auth.password) == expected
    assert auth.encoding == "latin1"


@pytest.mark.parametrize(
    "header",
    [
        "Basic",
        "",
        "Bearer dXNlcjpwYXNz",
        "Basic dXNlcnBhc3M=",  # no colon
        "Basic not*base64",
        "Basic dXNlcjpwYXN",  # bad padding
        "Basic d\u00e9",
    ],
)
def test_decode_refuses_malformed(header: str) -> None:
    with pytest.raises(ValueError):
        BasicAuth.decode(header)


def test_decode_with_encoding() -> None:
    header = "Basic " + base64.b64encode("\u00fcser:p\u00e4ss".encode()).decode()
    assert BasicAuth.decode(header, encoding="utf-8") == ("\u00fcser", "p\u00e4ss", "utf-8")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://user:pass@example.com/", ("user", "pass")),
        ("http://user@example.com/", ("user", "")),
        ("http://:pass@example.com/", ("", "pass")),
        ("http://us%20er:p%40ss@example.com/", ("us er", "p@ss")),
    ],
)
def test_from_url(url: str, expected: tuple[str, str]) -> None:
    auth = BasicAuth.from_url(URL(url))
    assert auth is not None and (auth.login, auth.password) == expected
    assert BasicAuth.from_url(URL(url), encoding="utf-8") == (*expected, "utf-8")
    assert aiohttp.BasicAuth.from_url(URL(url)) == auth


def test_from_url_without_credentials_and_bad_type() -> None:
    assert BasicAuth.from_url(URL("http://example.com/")) is None
    with pytest.raises(TypeError):
        BasicAuth.from_url("http://u:p@example.com/")  # type: ignore[arg-type]

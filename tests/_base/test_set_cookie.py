"""Set-Cookie building: aiohttp's set_cookie/del_cookie semantics, and no header injection."""

from __future__ import annotations

import warnings
from http.cookies import CookieError, SimpleCookie
from typing import Any

import pytest
from aiohttp import web as peer_web

from wirehttp._base.cookies import (
    COOKIE_EPOCH,
    InvalidCookieError,
    expire_cookie_morsel,
    set_cookie_header_values,
    set_cookie_morsel,
)


def ours(*calls: tuple[str, tuple[Any, ...], dict[str, Any]]) -> list[str]:
    cookies = SimpleCookie()
    for kind, args, kwargs in calls:
        if kind == "set":
            set_cookie_morsel(cookies, *args, **kwargs)
        else:
            expire_cookie_morsel(cookies, *args, **kwargs)
    return set_cookie_header_values(cookies)


def theirs(*calls: tuple[str, tuple[Any, ...], dict[str, Any]]) -> list[str]:
    resp = peer_web.Response()
    for kind, args, kwargs in calls:
        if kind == "set":
            resp.set_cookie(*args, **kwargs)
        else:
            resp.del_cookie(*args, **kwargs)
    return [m.output(header="")[1:] for m in resp.cookies.values()]


SCENARIOS: list[list[tuple[str, tuple[Any, ...], dict[str, Any]]]] = [
    [("set", ("name", "value"), {})],
    [("set", ("name", 'with space;semi"quote'), {})],
    [("set", ("name", ""), {})],
    [
        (
            "set",
            ("sid", "abc"),
            {
                "expires": "Wed, 21 Oct 2037 07:28:00 GMT",
                "domain": "example.com",
                "max_age": 3600,
                "path": "/app",
                "secure": True,
                "httponly": True,
                "version": "1",
                "samesite": "Strict",
            },
        )
    ],
    [("set", ("a", "1"), {"max_age": "60", "secure": False, "httponly": False})],
    # a second set_cookie keeps domain/secure..., drops max-age, resets path
    [
        ("set", ("a", "1"), {"domain": "x.org", "secure": True, "max_age": 5, "path": "/p"}),
        ("set", ("a", "2"), {}),
    ],
    [("set", ("a", "1"), {}), ("set", ("b", "2"), {}), ("set", ("a", "3"), {})],
    # deletion, then setting again drops the epoch expiry
    [("del", ("a",), {})],
    [
        (
            "del",
            ("a",),
            {"domain": "x.org", "path": "/p", "secure": True, "httponly": True, "samesite": "None"},
        )
    ],
    [("set", ("a", "1"), {"domain": "x.org"}), ("del", ("a",), {}), ("set", ("a", "2"), {})],
    [("set", ("a", "1"), {"expires": "Wed, 21 Oct 2037 07:28:00 GMT"}), ("set", ("a", "2"), {})],
]


@pytest.mark.parametrize("calls", SCENARIOS)
def test_header_values_match_aiohttp(
    calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]],
) -> None:
    assert ours(*calls) == theirs(*calls)


def test_deleted_cookie_shape() -> None:
    (value,) = ours(("del", ("a",), {}))
    assert value == f'a=""; expires={COOKIE_EPOCH}; Max-Age=0; Path=/'


def test_partitioned_works_on_every_python() -> None:
    cookies = SimpleCookie()
    set_cookie_morsel(cookies, "a", "1", partitioned=True, secure=True, samesite="None")
    assert set_cookie_header_values(cookies) == ["a=1; Partitioned; Path=/; SameSite=None; Secure"]
    set_cookie_morsel(cookies, "a", "2")  # flags survive an update, like secure does
    assert "Partitioned" in set_cookie_header_values(cookies)[0]
    set_cookie_morsel(cookies, "a", "3", partitioned=False)
    assert "Partitioned" not in set_cookie_header_values(cookies)[0]


def test_updates_a_cookie_the_user_put_in_directly() -> None:
    cookies = SimpleCookie()
    cookies["a"] = "1"
    cookies["a"]["domain"] = "x.org"
    set_cookie_morsel(cookies, "a", "2", partitioned=True)
    assert set_cookie_header_values(cookies) == ["a=2; Domain=x.org; Partitioned; Path=/"]


def test_value_cannot_break_the_header() -> None:
    (value,) = ours(("set", ("a", "x\r\nSet-Cookie: evil=1; Path=/"), {}))
    assert "\r" not in value and "\n" not in value
    assert value.count(";") == 1  # only the one before Path
    assert value.endswith("; Path=/")


@pytest.mark.parametrize("name", ["a\r\nb", "a;b", "a b", "a=b", "", "expires", "Path", "a\x00"])
def test_bad_names_are_refused(name: str) -> None:
    cookies = SimpleCookie()
    with pytest.raises(InvalidCookieError):
        set_cookie_morsel(cookies, name, "v")
    assert not cookies


@pytest.mark.parametrize("attr", ["expires", "domain", "max_age", "path", "version", "samesite"])
@pytest.mark.parametrize(
    "bad", ["x\r\nSet-Cookie: evil=1", "x\ny", "x;Domain=evil.com", "x\x00", "x\x7f"]
)
def test_attributes_cannot_inject(attr: str, bad: str) -> None:
    cookies = SimpleCookie()
    set_cookie_morsel(cookies, "a", "1", domain="good.org")
    before = set_cookie_header_values(cookies)
    with pytest.raises(ValueError, match="control character or ';'"):
        set_cookie_morsel(cookies, "a", "2", **{attr: bad})
    assert set_cookie_header_values(cookies) == before  # nothing was changed


def test_invalid_cookie_error_is_both_kinds() -> None:
    assert issubclass(InvalidCookieError, ValueError)
    assert issubclass(InvalidCookieError, CookieError)


def test_non_str_value_is_converted_like_simplecookie() -> None:
    calls = [("set", ("a", 12), {}), ("set", ("b", None), {})]
    assert ours(*calls) == theirs(*calls) == ["a=12; Path=/", "b=None; Path=/"]


def test_max_age_zero_and_int() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert ours(("set", ("a", "1"), {"max_age": 0})) == ["a=1; Max-Age=0; Path=/"]

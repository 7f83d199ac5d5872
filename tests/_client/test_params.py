"""params= and base_url: the URL a request goes to, compared with what aiohttp 3.14 builds."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest
from multidict import MultiDict
from yarl import URL

from wirehttp._client.params import apply_params, check_base_url, join_base_url

PARAMS_CASES: list[Any] = [
    {"q": "a b", "n": 1},
    {"r": ["1", "2"], "s": "x"},
    [("x", "/?&=+ é"), ("x", "2")],
    MultiDict([("k", "v1"), ("k", "v2")]),
    "x=a b&y",
    "plain",
    {"f": 1.5, "t": "tab\there"},
    {},
    None,
]
BASE_URLS = ["http://h/p?a=1", "http://h/", "http://h/%2F/x?z=%20"]


async def _aiohttp_url(url: str, params: Any) -> URL:
    loop = asyncio.get_running_loop()
    req = aiohttp.ClientRequest("GET", URL(url), params=params, loop=loop)
    return req.url


@pytest.mark.parametrize("params", PARAMS_CASES, ids=repr)
@pytest.mark.parametrize("base", BASE_URLS)
async def test_params_encoded_as_aiohttp(base: str, params: Any) -> None:
    ours = apply_params(URL(base), params)
    theirs = await _aiohttp_url(base, params)
    assert str(ours) == str(theirs)
    assert ours.raw_query_string == theirs.raw_query_string


def test_bool_param_refused_as_yarl_does() -> None:
    with pytest.raises(TypeError):
        apply_params(URL("http://h/"), {"b": True})


@pytest.mark.parametrize(
    ("base", "relative", "expected"),
    [
        ("http://h/api/", "users", "http://h/api/users"),
        ("http://h/api/", "/root", "http://h/root"),
        ("http://h/api/", "users?x=1", "http://h/api/users?x=1"),
        ("http://h/", "a/b", "http://h/a/b"),
        ("http://h/api/", "http://other/x", "http://other/x"),
        ("http://h:8080/v1/", "../up", "http://h:8080/up"),
    ],
)
def test_base_url_joining(base: str, relative: str, expected: str) -> None:
    assert str(join_base_url(check_base_url(base), relative)) == expected


def test_no_base_url_keeps_url() -> None:
    assert join_base_url(None, "http://h/x") == URL("http://h/x")


@pytest.mark.parametrize("bad", ["http://h/api", "/relative/"])
def test_base_url_rejected(bad: str) -> None:
    with pytest.raises(ValueError):
        check_base_url(bad)

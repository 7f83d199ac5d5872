"""CookieJar and DummyCookieJar: RFC 6265 matching, expiry, caps, persistence, and aiohttp parity.

aiohttp's CookieJar runs beside ours where it is right; where wirehttp deliberately differs
(public suffixes, Secure from http, pickle files) the test says so.
"""

from __future__ import annotations

import asyncio
import json
import os
import pickle
from collections.abc import Iterator
from http.cookies import CookieError, Morsel, SimpleCookie
from pathlib import Path

import aiohttp
import pytest
from yarl import URL

from wirehttp._client.cookies.abc import AbstractCookieJar
from wirehttp._client.cookies.cookie_date import parse_cookie_date
from wirehttp._client.cookies.dummy import DummyCookieJar
from wirehttp._client.cookies.jar import (
    MAX_COOKIE_SIZE,
    MAX_COOKIES_PER_DOMAIN,
    MAX_COOKIES_TOTAL,
    CookieJar,
)
from wirehttp._client.cookies.matching import default_path, domain_match, path_match
from wirehttp._client.cookies.public_suffix import MULTI_LABEL_SUFFIXES, is_public_suffix


def set_cookies(*headers: str) -> SimpleCookie:
    parsed = SimpleCookie()
    for header in headers:
        parsed.load(header)
    return parsed


def sent(jar: aiohttp.abc.AbstractCookieJar | AbstractCookieJar, url: str) -> dict[str, str]:
    return {name: morsel.value for name, morsel in jar.filter_cookies(URL(url)).items()}


@pytest.fixture
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


# -- RFC 6265 matching tables ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "domain", "matches"),
    [
        ("example.com", "example.com", True),
        ("www.example.com", "example.com", True),
        ("a.b.example.com", "example.com", True),
        ("notexample.com", "example.com", False),  # a suffix, but not after a dot
        ("example.com", "www.example.com", False),
        ("example.com", "com", True),  # domain-match alone; the public suffix rule refuses it
        ("192.168.0.1", "192.168.0.1", True),
        ("127.0.0.1", "0.0.1", False),  # IP addresses match only identically
        ("example.com", "", False),
    ],
)
def test_domain_match(host: str, domain: str, matches: bool) -> None:
    assert domain_match(host, domain) is matches


@pytest.mark.parametrize(
    ("uri_path", "expected"),
    [
        ("", "/"),
        ("/", "/"),
        ("/page", "/"),
        ("/docs/", "/docs"),
        ("/docs/a/b", "/docs/a"),
        ("x", "/"),
    ],
)
def test_default_path(uri_path: str, expected: str) -> None:
    assert default_path(uri_path) == expected


@pytest.mark.parametrize(
    ("request_path", "cookie_path", "matches"),
    [
        ("/", "/", True),
        ("/docs", "/docs", True),
        ("/docs/", "/docs", True),
        ("/docs/web", "/docs", True),
        ("/docs/web", "/docs/", True),
        ("/docsweb", "/docs", False),  # a prefix, but not at a segment boundary
        ("/doc", "/docs", False),
        ("/", "/docs", False),
        ("", "/", True),
    ],
)
def test_path_match(request_path: str, cookie_path: str, matches: bool) -> None:
    assert path_match(request_path, cookie_path) is matches


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sun, 06 Nov 1994 08:49:37 GMT", 784111777.0),
        ("Sunday, 06-Nov-94 08:49:37 GMT", 784111777.0),
        ("Sun Nov  6 08:49:37 1994", 784111777.0),
        ("6 nov 1994 08:49:37", 784111777.0),
        ("Sun, 06 Nov 1994", None),  # no time
        ("Sun, 32 Nov 1994 08:49:37 GMT", None),
        ("Sun, 06 Nov 1600 08:49:37 GMT", None),
        ("Sun, 06 Nov 1994 24:00:00 GMT", None),
        ("", None),
        ("1" * 1000, None),
    ],
)
def test_cookie_date(text: str, expected: float | None) -> None:
    assert parse_cookie_date(text) == expected


# -- accepting and sending, beside aiohttp ---------------------------------------------------

# (Set-Cookie headers, response URL, request URL, cookies sent): behaviour aiohttp shares.
PARITY_CASES = [
    # host-only: exactly the host, not its subdomains
    (["a=1"], "http://example.com/", "http://example.com/", {"a": "1"}),
    (["a=1"], "http://example.com/", "http://www.example.com/", {}),
    # Domain: the domain and its subdomains, with or without the leading dot
    (["a=1; Domain=example.com"], "http://example.com/", "http://www.example.com/", {"a": "1"}),
    (["a=1; Domain=.example.com"], "http://www.example.com/", "http://x.example.com/", {"a": "1"}),
    # a Domain the response host does not domain-match is refused
    (["a=1; Domain=other.com"], "http://example.com/", "http://other.com/", {}),
    (["a=1; Domain=www.example.com"], "http://example.com/", "http://www.example.com/", {}),
    # a trailing dot makes the attribute ignored: host-only
    (["a=1; Domain=example.com."], "http://example.com/", "http://www.example.com/", {}),
    (["a=1; Domain=example.com."], "http://example.com/", "http://example.com/", {"a": "1"}),
    # default path (RFC 6265 5.1.4) and explicit paths
    (["a=1"], "http://h.com/docs/page", "http://h.com/docs/other", {"a": "1"}),
    (["a=1"], "http://h.com/docs/page", "http://h.com/", {}),
    (["a=1; Path=/docs"], "http://h.com/", "http://h.com/docs/web", {"a": "1"}),
    (["a=1; Path=/docs"], "http://h.com/", "http://h.com/docsweb", {}),
    (["a=1; Path=relative"], "http://h.com/x/y", "http://h.com/x/z", {"a": "1"}),
    (["a=1; Path=relative"], "http://h.com/x/y", "http://h.com/", {}),
    # Secure cookies only over https / wss
    (["a=1; Secure"], "https://h.com/", "http://h.com/", {}),
    (["a=1; Secure"], "https://h.com/", "https://h.com/", {"a": "1"}),
    (["a=1; Secure"], "https://h.com/", "wss://h.com/", {"a": "1"}),
    # the most specific path wins a name
    (["a=root; Path=/", "a=deep; Path=/x"], "http://h.com/", "http://h.com/x/y", {"a": "deep"}),
    # IP-address hosts: refused without unsafe
    (["a=1"], "http://127.0.0.1/", "http://127.0.0.1/", {}),
    # Max-Age wins over Expires; Max-Age=0 and past Expires delete
    (
        ["a=1; Max-Age=100; Expires=Thu, 01 Jan 1970 00:00:00 GMT"],
        "http://h.com/",
        "http://h.com/",
        {"a": "1"},
    ),
    (
        ["a=1; Max-Age=0; Expires=Fri, 01 Jan 2100 00:00:00 GMT"],
        "http://h.com/",
        "http://h.com/",
        {},
    ),
    (["a=1; Max-Age=-5"], "http://h.com/", "http://h.com/", {}),
    (["a=1; Expires=Sat, 01 Jan 2000 00:00:00 GMT"], "http://h.com/", "http://h.com/", {}),
    (["a=1; Expires=Fri, 01 Jan 2100 00:00:00 GMT"], "http://h.com/", "http://h.com/", {"a": "1"}),
    (["a=1; Max-Age=bogus"], "http://h.com/", "http://h.com/", {"a": "1"}),
]


@pytest.mark.parametrize(("headers", "response_url", "request_url", "expected"), PARITY_CASES)
def test_parity_with_aiohttp(
    loop: asyncio.AbstractEventLoop,
    headers: list[str],
    response_url: str,
    request_url: str,
    expected: dict[str, str],
) -> None:
    for jar in (CookieJar(), aiohttp.CookieJar(loop=loop)):
        for header in headers:
            jar.update_cookies(set_cookies(header), URL(response_url))
        assert sent(jar, request_url) == expected, type(jar)


def test_max_age_zero_deletes_a_stored_cookie() -> None:
    jar = CookieJar()
    jar.update_cookies(set_cookies("a=1; Path=/"), URL("http://h.com/"))
    jar.update_cookies(set_cookies("a=gone; Path=/; Max-Age=0"), URL("http://h.com/"))
    assert sent(jar, "http://h.com/") == {}
    assert len(jar) == 0


def test_expiry_follows_the_clock() -> None:
    jar = CookieJar()
    now = [1_000_000.0]
    jar._clock = lambda: now[0]
    jar.update_cookies(
        set_cookies("short=1; Max-Age=10", "long=2; Max-Age=100"), URL("http://h.com/")
    )
    assert sent(jar, "http://h.com/") == {"short": "1", "long": "2"}
    now[0] += 10
    assert sent(jar, "http://h.com/") == {"long": "2"}
    assert [m.key for m in jar] == ["long"]
    now[0] += 1000
    assert len(jar) == 0


def test_a_replacement_does_not_keep_the_old_expiry() -> None:
    jar = CookieJar()
    now = [1_000_000.0]
    jar._clock = lambda: now[0]
    jar.update_cookies(set_cookies("a=1; Max-Age=10"), URL("http://h.com/"))
    jar.update_cookies(set_cookies("a=2"), URL("http://h.com/"))  # a session cookie now
    now[0] += 100
    assert sent(jar, "http://h.com/") == {"a": "2"}


# -- deliberate deviations from aiohttp ------------------------------------------------------


@pytest.mark.parametrize(
    ("domain", "response_url"),
    [
        ("com", "http://example.com/"),
        ("co.uk", "http://shop.example.co.uk/"),
        ("com.au", "http://www.example.com.au/"),
        ("github.io", "http://someone.github.io/"),
    ],
)
def test_public_suffix_domain_is_refused(
    loop: asyncio.AbstractEventLoop, domain: str, response_url: str
) -> None:
    header = f"a=1; Domain={domain}"
    ours = CookieJar()
    ours.update_cookies(set_cookies(header), URL(response_url))
    assert len(ours) == 0
    # aiohttp 3.14 stores it, and then sends it to every site under the suffix
    theirs = aiohttp.CookieJar(loop=loop)
    theirs.update_cookies(set_cookies(header), URL(response_url))
    assert sent(theirs, f"http://victim.{domain}/") == {"a": "1"}


def test_a_host_that_is_a_public_suffix_gets_a_host_only_cookie() -> None:
    jar = CookieJar()
    jar.update_cookies(set_cookies("a=1; Domain=github.io"), URL("https://github.io/"))
    assert sent(jar, "https://github.io/") == {"a": "1"}
    assert sent(jar, "https://x.github.io/") == {}
    assert jar.host_only_cookies == {("github.io", "/", "a")}


@pytest.mark.parametrize(
    ("domain", "public"),
    [
        ("com", True),
        ("localhost", True),
        ("co.uk", True),
        ("github.io", True),
        ("example.com", False),
        ("example.co.uk", False),
        ("user.github.io", False),
    ],
)
def test_public_suffix_table(domain: str, public: bool) -> None:
    assert is_public_suffix(domain) is public
    assert all(s == s.lower() and "." in s and not s.startswith(".") for s in MULTI_LABEL_SUFFIXES)


@pytest.mark.parametrize(
    ("header", "response_url", "request_url", "ours", "aiohttp_sends"),
    [
        # RFC 6265 5.2.3: the Domain attribute is case-insensitive; aiohttp compares it as sent
        (
            "a=1; Domain=EXAMPLE.com",
            "http://www.example.com/",
            "http://example.com/",
            {"a": "1"},
            {},
        ),
        # the epoch is a valid past date (del_cookie sends it); aiohttp reads 0 as "no date"
        (
            "a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
            "http://h.com/",
            "http://h.com/",
            {},
            {"a": "1"},
        ),
    ],
)
def test_where_aiohttp_is_wrong(
    loop: asyncio.AbstractEventLoop,
    header: str,
    response_url: str,
    request_url: str,
    ours: dict[str, str],
    aiohttp_sends: dict[str, str],
) -> None:
    for jar, expected in ((CookieJar(), ours), (aiohttp.CookieJar(loop=loop), aiohttp_sends)):
        jar.update_cookies(set_cookies(header), URL(response_url))
        assert sent(jar, request_url) == expected, type(jar)


def test_secure_cookie_from_plain_http_is_refused() -> None:
    jar = CookieJar()
    jar.update_cookies(set_cookies("a=1; Secure"), URL("http://h.com/"))
    assert len(jar) == 0
    jar.update_cookies(set_cookies("a=1; Secure"))  # set by the user: kept
    assert sent(jar, "https://h.com/") == {"a": "1"}


def test_treat_as_secure_origin() -> None:
    jar = CookieJar(treat_as_secure_origin=["http://localhost:8080"])
    assert jar.treat_as_secure_origin == {URL("http://localhost:8080")}
    jar.update_cookies(set_cookies("a=1; Secure"), URL("http://localhost:8080/login"))
    assert sent(jar, "http://localhost:8080/") == {"a": "1"}
    assert sent(jar, "http://localhost:9090/") == {}
    assert CookieJar(treat_as_secure_origin="http://a.test").treat_as_secure_origin == {
        URL("http://a.test")
    }


def test_filter_cookies_order_is_longest_path_then_oldest() -> None:
    jar = CookieJar()
    jar.update_cookies(
        set_cookies("root=1; Path=/", "deep=2; Path=/a/b", "mid=3; Path=/a", "root2=4; Path=/"),
        URL("http://h.com/"),
    )
    assert list(jar.filter_cookies(URL("http://h.com/a/b/c"))) == ["deep", "mid", "root", "root2"]


def test_control_characters_and_oversized_cookies_are_refused() -> None:
    jar = CookieJar()
    big = Morsel[str]()
    big.set("big", "x" * MAX_COOKIE_SIZE, "x" * MAX_COOKIE_SIZE)
    ctl = Morsel[str]()
    ctl.set("ctl", "a\r\nb", "a\r\nb")
    jar.update_cookies({"big": big, "ctl": ctl, "ok": "1"}, URL("http://h.com/"))
    assert sent(jar, "http://h.com/") == {"ok": "1"}


# -- IP hosts and unsafe ---------------------------------------------------------------------


def test_ip_hosts_need_unsafe(loop: asyncio.AbstractEventLoop) -> None:
    for jar in (CookieJar(unsafe=True), aiohttp.CookieJar(unsafe=True, loop=loop)):
        jar.update_cookies(set_cookies("a=1"), URL("http://127.0.0.1:8080/"))
        assert sent(jar, "http://127.0.0.1:8080/") == {"a": "1"}
        assert sent(jar, "http://127.0.0.2/") == {}
    safe = CookieJar()
    safe.update_cookies(set_cookies("a=1"), URL("http://[::1]/"))
    assert len(safe) == 0
    assert safe.unsafe is False


def test_user_cookies_without_url_go_everywhere(loop: asyncio.AbstractEventLoop) -> None:
    for jar in (CookieJar(), aiohttp.CookieJar(loop=loop)):
        jar.update_cookies({"token": "t"})
        assert sent(jar, "http://a.com/x") == {"token": "t"}
        assert sent(jar, "http://10.0.0.1/") == {"token": "t"}


def test_update_accepts_every_loose_shape() -> None:
    jar = CookieJar()
    morsel = Morsel[str]()
    morsel.set("m", "3", "3")
    jar.update_cookies([("a", "1")], URL("http://h.com/"))
    jar.update_cookies({"b": "2", "m": morsel}, URL("http://h.com/"))
    jar.update_cookies(set_cookies("c=4"), URL("http://h.com/"))
    assert sent(jar, "http://h.com/") == {"a": "1", "b": "2", "m": "3", "c": "4"}
    assert morsel["domain"] == ""  # the caller's morsel is not changed
    with pytest.raises(CookieError):
        jar.update_cookies({"bad name": "x"})


def test_update_cookies_from_headers() -> None:
    jar = CookieJar()
    jar.update_cookies_from_headers(
        ["a=1; Path=/", 'b="x y"; Expires=Fri, 01 Jan 2100 00:00:00 GMT', "\x00bad"],
        URL("http://h.com/"),
    )
    assert sent(jar, "http://h.com/") == {"a": "1", "b": "x y"}


# -- quoting ---------------------------------------------------------------------------------


@pytest.mark.parametrize("quote", [True, False])
def test_quoting_matches_aiohttp(loop: asyncio.AbstractEventLoop, quote: bool) -> None:
    coded = []
    for jar in (CookieJar(quote_cookie=quote), aiohttp.CookieJar(quote_cookie=quote, loop=loop)):
        jar.update_cookies(set_cookies('q="quoted value"', "p=plain"), URL("http://h.com/"))
        jar.update_cookies({"sp": "x y", "semi": "a;b"}, URL("http://h.com/"))
        assert jar.quote_cookie is quote
        coded.append(
            sorted((k, m.coded_value) for k, m in jar.filter_cookies(URL("http://h.com/")).items())
        )
    assert coded[0] == coded[1]


# -- caps ------------------------------------------------------------------------------------


def test_per_domain_cap_evicts_the_oldest() -> None:
    jar = CookieJar()
    url = URL("http://h.com/")
    for i in range(MAX_COOKIES_PER_DOMAIN + 5):
        jar.update_cookies({f"c{i}": "v"}, url)
    names = set(jar.filter_cookies(url))
    assert len(names) == MAX_COOKIES_PER_DOMAIN
    assert "c0" not in names and f"c{MAX_COOKIES_PER_DOMAIN + 4}" in names


def test_total_cap() -> None:
    jar = CookieJar()
    per_host = 100
    for host in range(MAX_COOKIES_TOTAL // per_host + 3):
        url = URL(f"http://h{host}.com/")
        jar.update_cookies({f"c{i}": "v" for i in range(per_host)}, url)
    assert len(jar) == MAX_COOKIES_TOTAL
    assert sent(jar, "http://h0.com/") == {}  # the oldest went first


# -- clear -----------------------------------------------------------------------------------


def filled_jar() -> CookieJar:
    jar = CookieJar()
    jar.update_cookies(set_cookies("a=1; Domain=example.com"), URL("http://example.com/"))
    jar.update_cookies(set_cookies("b=2"), URL("http://www.example.com/"))
    jar.update_cookies(set_cookies("c=3"), URL("http://other.org/"))
    jar.update_cookies(set_cookies("d=4"), URL("http://notexample.com/"))
    return jar


def test_clear_domain() -> None:
    jar = filled_jar()
    jar.clear_domain("example.com")
    assert sorted(m.key for m in jar) == ["c", "d"]


def test_clear_with_and_without_predicate() -> None:
    jar = filled_jar()
    jar.clear(lambda m: m.value in ("1", "3"))
    assert sorted(m.key for m in jar) == ["b", "d"]
    jar.clear()
    assert len(jar) == 0 and list(jar) == []


# -- save / load -----------------------------------------------------------------------------


def test_save_load_round_trip(tmp_path: Path) -> None:
    jar = CookieJar()
    jar.update_cookies(
        set_cookies("a=1; Domain=example.com; Path=/p; HttpOnly"), URL("http://example.com/")
    )
    jar.update_cookies(set_cookies("b=2; Max-Age=1000; Secure"), URL("https://www.example.com/"))
    jar.update_cookies(set_cookies('q="x y"'), URL("http://www.example.com/"))
    path = tmp_path / "cookies.json"
    jar.save(path)
    assert os.stat(path).st_mode & 0o777 == 0o600
    assert isinstance(json.loads(path.read_text()), dict)
    loaded = CookieJar()
    loaded.load(path)
    for url in ("https://www.example.com/p", "https://example.com/p", "http://www.example.com/"):
        assert sent(loaded, url) == sent(jar, url)
    assert loaded.host_only_cookies == jar.host_only_cookies
    assert [m["httponly"] for m in loaded if m.key == "a"] == [True]


def test_files_move_between_aiohttp_and_wirehttp(
    loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    headers = ("a=1; Domain=example.com", "b=2; Max-Age=1000", "s=3; Secure; Path=/x")
    theirs = aiohttp.CookieJar(loop=loop)
    theirs.update_cookies(set_cookies(*headers), URL("https://www.example.com/"))
    theirs.save(tmp_path / "aiohttp.json")
    ours = CookieJar()
    ours.load(tmp_path / "aiohttp.json")
    ours.save(tmp_path / "wirehttp.json")
    back = aiohttp.CookieJar(loop=loop)
    back.load(tmp_path / "wirehttp.json")
    for url in ("https://www.example.com/x", "https://example.com/", "http://a.example.com/"):
        assert sent(ours, url) == sent(theirs, url) == sent(back, url)


def test_load_refuses_pickle_and_garbage(tmp_path: Path) -> None:
    jar = CookieJar()
    jar.update_cookies({"keep": "me"}, URL("http://h.com/"))
    pickled = tmp_path / "cookies.pickle"
    pickled.write_bytes(pickle.dumps({("h.com", ""): SimpleCookie("a=1")}))
    bad_shapes = {
        "list.json": "[1, 2]",
        "group.json": '{"nobar": {}}',
        "value.json": '{"h.com|": {"a": {"key": "a", "value": 1, "coded_value": "1"}}}',
        "expiry.json": '{"h.com|": {"a": {"key": "a", "value": "1", "coded_value": "1", "expires_timestamp": "soon"}}}',
    }
    files = [pickled]
    for name, text in bad_shapes.items():
        (tmp_path / name).write_text(text)
        files.append(tmp_path / name)
    for path in files:
        with pytest.raises(ValueError):
            jar.load(path)
    assert sent(jar, "http://h.com/") == {"keep": "me"}  # unchanged


def test_load_drops_expired_and_refused_records(tmp_path: Path) -> None:
    record = {"key": "a", "value": "1", "coded_value": "1"}
    data = {
        "h.com|": {"a": {**record, "expires_timestamp": 1.0}},
        "shop.example.co.uk|": {"b": {**record, "key": "b", "domain": "co.uk"}},
        "10.0.0.1|": {"c": {**record, "key": "c", "host_only": True}},
        "ok.com|": {"d": {**record, "key": "d", "path": "/", "host_only": True}},
    }
    path = tmp_path / "c.json"
    path.write_text(json.dumps(data))
    jar = CookieJar()
    jar.load(path)
    assert [m.key for m in jar] == ["d"]


# -- DummyCookieJar and the interface --------------------------------------------------------


def test_dummy_cookie_jar_keeps_nothing() -> None:
    jar = DummyCookieJar()
    jar.update_cookies({"a": "1"}, URL("http://h.com/"))
    jar.update_cookies_from_headers(["a=1"], URL("http://h.com/"))
    assert len(jar) == 0 and list(jar) == []
    assert dict(jar.filter_cookies(URL("http://h.com/"))) == {}
    assert jar.cookies == {} and jar.host_only_cookies == frozenset()
    assert jar.unsafe is False and jar.quote_cookie is True
    jar.clear()
    jar.clear_domain("h.com")


def test_abstract_members_match_aiohttp() -> None:
    assert (
        AbstractCookieJar.__abstractmethods__ == aiohttp.abc.AbstractCookieJar.__abstractmethods__
    )
    with pytest.raises(TypeError):
        AbstractCookieJar()  # type: ignore[abstract]


async def test_jar_remembers_the_running_loop() -> None:
    assert CookieJar()._loop is asyncio.get_running_loop()
    assert CookieJar(loop=None)._loop is asyncio.get_running_loop()


def test_cookies_view() -> None:
    jar = filled_jar()
    view = jar.cookies
    assert view[("example.com", "/")]["a"].value == "1"
    assert ("www.example.com", "/", "b") in jar.host_only_cookies
    assert "4 cookies" in repr(jar)

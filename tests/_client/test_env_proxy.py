"""trust_env parsing: *_PROXY variables, NO_PROXY rules and ~/.netrc, in a scratch environment."""

from __future__ import annotations

from pathlib import Path

import pytest
from yarl import URL

from wirehttp._client.env_proxy import (
    bypass_proxy,
    env_proxy_for_url,
    netrc_auth,
    proxies_from_env,
)

VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "WS_PROXY", "WSS_PROXY", "NO_PROXY", "ALL_PROXY")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No proxy variables, no NETRC, no CGI marker, and an empty HOME."""
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    monkeypatch.delenv("NETRC", raising=False)
    monkeypatch.delenv("REQUEST_METHOD", raising=False)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    return home


def test_no_variables_no_proxies() -> None:
    assert proxies_from_env() == {}
    with pytest.raises(LookupError):
        env_proxy_for_url(URL("http://example.com/"))


def test_each_scheme_and_credentials_in_the_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://user:pw@proxy.local:3128")
    monkeypatch.setenv("HTTPS_PROXY", "proxy.local:3129")  # no scheme: http:// assumed
    monkeypatch.setenv("WS_PROXY", "http://ws.local:1")
    monkeypatch.setenv("WSS_PROXY", "socks5://nope:1")  # not an HTTP proxy: ignored
    found = proxies_from_env()
    assert set(found) == {"http", "https", "ws"}
    assert found["http"].proxy == URL("http://proxy.local:3128")  # credentials moved out
    auth = found["http"].proxy_auth
    assert auth is not None and (auth.login, auth.password) == ("user", "pw")
    assert found["https"] == (URL("http://proxy.local:3129"), None)
    assert env_proxy_for_url(URL("https://example.com/")).proxy == URL("http://proxy.local:3129")


def test_lower_case_wins_and_cgi_ignores_upper_http_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://upper:1")
    monkeypatch.setenv("http_proxy", "http://lower:1")
    assert proxies_from_env()["http"].proxy.host == "lower"
    monkeypatch.delenv("http_proxy")
    monkeypatch.setenv("REQUEST_METHOD", "GET")  # httpoxy: HTTP_PROXY may be a request header
    assert "http" not in proxies_from_env()
    monkeypatch.setenv("http_proxy", "http://lower:1")
    assert proxies_from_env()["http"].proxy.host == "lower"


@pytest.mark.parametrize(
    ("no_proxy", "url", "bypass"),
    [
        ("", "http://example.com/", False),
        ("*", "http://anything.at.all:8080/", True),
        ("example.com", "http://example.com/", True),
        ("example.com", "http://www.example.com/", True),
        ("example.com", "http://notexample.com/", False),
        (".example.com", "http://example.com/", True),
        (".example.com", "http://a.b.example.com/", True),
        ("*.example.com", "http://a.example.com/", True),
        ("EXAMPLE.com", "http://Www.Example.COM/", True),
        ("a.test, example.com ,b.test", "http://example.com/", True),
        ("a.test example.com", "http://example.com/", True),
        ("example.com:8080", "http://example.com:8080/", True),
        ("example.com:8080", "http://example.com/", False),
        ("example.com:443", "https://example.com/", True),  # the scheme's default port
        ("example.com:80", "https://example.com/", False),
        ("127.0.0.1", "http://127.0.0.1:9/", True),
        ("127.0.0.1:9", "http://127.0.0.1:10/", False),
        ("[::1]:8080", "http://[::1]:8080/", True),
        ("::1", "http://[::1]/", True),
        ("localhost", "http://localhost./", True),
    ],
)
def test_no_proxy_rules(
    monkeypatch: pytest.MonkeyPatch, no_proxy: str, url: str, bypass: bool
) -> None:
    monkeypatch.setenv("NO_PROXY", no_proxy)
    assert bypass_proxy(URL(url)) is bypass


def test_no_proxy_lower_case_and_lookup(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://proxy.local:3128")
    monkeypatch.setenv("no_proxy", "internal.test")
    with pytest.raises(LookupError):
        env_proxy_for_url(URL("http://api.internal.test/"))
    assert env_proxy_for_url(URL("http://example.com/")).proxy.port == 3128


def test_netrc_from_home(clean_env: Path) -> None:
    assert netrc_auth("example.com") is None  # no file at all
    netrc = clean_env / ".netrc"
    netrc.write_text(
        "machine example.com login alice password s3cret\n"
        "machine acct.test account bob password pw\n"
    )
    netrc.chmod(0o600)
    auth = netrc_auth("example.com")
    assert auth is not None and (auth.login, auth.password) == ("alice", "s3cret")
    acct = netrc_auth("acct.test")
    assert acct is not None and (acct.login, acct.password) == ("bob", "pw")
    assert netrc_auth("other.test") is None


def test_netrc_variable_default_entry_and_broken_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    named = tmp_path / "my-netrc"
    named.write_text("default login anyone password any\n")
    monkeypatch.setenv("NETRC", str(named))
    auth = netrc_auth("whatever.test")
    assert auth is not None and (auth.login, auth.password) == ("anyone", "any")
    named.write_text("machine\n")  # not parseable: no credentials, no crash
    assert netrc_auth("whatever.test") is None


def test_proxy_credentials_from_netrc(monkeypatch: pytest.MonkeyPatch, clean_env: Path) -> None:
    (clean_env / ".netrc").write_text("machine proxy.local login p password q\n")
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.local:3128")
    monkeypatch.setenv("HTTP_PROXY", "http://u:v@proxy.local:3128")  # the URL's win
    found = proxies_from_env()
    https_auth, http_auth = found["https"].proxy_auth, found["http"].proxy_auth
    assert https_auth is not None and (https_auth.login, https_auth.password) == ("p", "q")
    assert http_auth is not None and (http_auth.login, http_auth.password) == ("u", "v")

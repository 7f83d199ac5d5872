"""The seeds' client examples that need real peers and that test_seed_examples_client.py does not
run: seed 000's proxy examples (tinyproxy), seed 002's ProxyConnector examples in today's
spelling (tinyproxy) and its custom SSLContext example (nginx's TLS port and its test CA).

As in test_seed_examples_client.py: the seed's code with `import wirehttp as aiohttp`, only the
URLs changed (python.org -> the local httpbin, proxy.com -> tinyproxy, example.com -> nginx),
what it prints captured and checked. Plain HTTP through tinyproxy gets a `Via: ... (tinyproxy/...)`
header, which is how a test knows the request really went through the proxy.
"""

# ruff: noqa: SIM117  (the seeds nest `async with` session / request; kept as written)

from __future__ import annotations

import re
import ssl
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

import wirehttp as aiohttp

pytestmark = pytest.mark.interop

VIA = re.compile(r"\(tinyproxy/[0-9.]+\)")


@contextmanager
def legacy_ssl_spellings() -> Iterator[None]:
    """aiohttp 3.14 warns (DeprecationWarning) on TCPConnector(verify_ssl=/ssl_context=); the
    seed uses both. Ignored here so the example runs whether or not wirehttp warns too."""
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", "(verify_ssl|ssl_context) is deprecated", DeprecationWarning
        )
        yield


# --- seed 000 "Proxy support" -------------------------------------------------------------------


async def test_000_proxy(
    httpbin_server: Any, tinyproxy_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    # http://python.org -> httpbin's /html; http://proxy.com -> tinyproxy
    async with aiohttp.ClientSession() as session:
        async with session.get(httpbin_server.url + "/html", proxy=tinyproxy_server.url) as resp:
            print(resp.status)
            assert VIA.search(resp.headers["Via"])
            assert "Moby-Dick" in await resp.text()
    assert capsys.readouterr().out == "200\n"


async def test_000_proxy_auth(
    httpbin_server: Any, tinyproxy_auth_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    user, password = tinyproxy_auth_server.auth  # the seed's 'user', 'pass' for this proxy
    url = httpbin_server.url + "/headers"
    async with aiohttp.ClientSession() as session:
        with pytest.warns(DeprecationWarning, match="BasicAuth is deprecated"):  # as aiohttp 3.14
            proxy_auth = aiohttp.BasicAuth(user, password)
        async with session.get(url, proxy=tinyproxy_auth_server.url, proxy_auth=proxy_auth) as resp:
            print(resp.status)
            assert VIA.search(resp.headers["Via"])
            assert "Proxy-Authorization" not in (await resp.json())["headers"]

        # without credentials the proxy refuses: what the seed's proxy_auth is for
        async with session.get(url, proxy=tinyproxy_auth_server.url) as resp:
            print(resp.status)

        # "Authentication credentials can be passed in proxy URL"
        resp = await session.get(url, proxy=tinyproxy_auth_server.url_with_credentials)
        print(resp.status)
        resp.release()
    assert capsys.readouterr().out == "200\n407\n200\n"


async def test_000_trust_env(
    httpbin_server: Any,
    tinyproxy_server: Any,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name in ("http_proxy", "https_proxy", "no_proxy", "NO_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", tinyproxy_server.url)
    async with aiohttp.ClientSession(trust_env=True) as session:
        async with session.get(httpbin_server.url + "/html") as resp:
            print(resp.status)
            assert VIA.search(resp.headers["Via"])
    # "it won't read environment variables by default"
    async with aiohttp.ClientSession() as session:
        async with session.get(httpbin_server.url + "/html") as resp:
            print(resp.status)
            assert "Via" not in resp.headers
    assert capsys.readouterr().out == "200\n200\n"


# --- seed 002: ProxyConnector (gone since aiohttp 1.0) in today's spelling ---------------------


async def test_002_proxy_connector_today(
    httpbin_server: Any, tinyproxy_server: Any, tinyproxy_auth_server: Any
) -> None:
    """`aiohttp.ProxyConnector(proxy=..., proxy_auth=...)` does not exist in aiohttp 3.14 (see
    tests/examples/test_seed_leftovers.py); the same three requests with `proxy=`/`proxy_auth=`."""
    url = httpbin_server.url + "/get"  # http://python.org -> httpbin's /get
    async with aiohttp.request("get", url, proxy=tinyproxy_server.url) as r:
        assert (r.status, bool(VIA.search(r.headers["Via"]))) == (200, True)

    user, password = tinyproxy_auth_server.auth
    with pytest.warns(DeprecationWarning, match="BasicAuth is deprecated"):
        auth = aiohttp.BasicAuth(user, password)
    async with aiohttp.request("get", url, proxy=tinyproxy_auth_server.url, proxy_auth=auth) as r:
        assert (r.status, bool(VIA.search(r.headers["Via"]))) == (200, True)

    async with aiohttp.request("get", url, proxy=tinyproxy_auth_server.url_with_credentials) as r:
        assert (r.status, (await r.json())["url"]) == (200, url)


# --- seed 002: a custom SSLContext ---------------------------------------------------------------


async def test_002_custom_ssl_context(nginx_server: Any) -> None:
    # the seed makes `sslcontext` then configures `context`: a typo for one name, `context`
    with pytest.warns(DeprecationWarning, match="PROTOCOL_TLS is deprecated"):  # Python's own
        context = ssl.SSLContext(ssl.PROTOCOL_SSLv23)
    context.verify_mode = ssl.CERT_REQUIRED
    # /etc/ssl/certs/ca-bundle.crt -> the CA that signed nginx's certificate
    context.load_verify_locations(str(nginx_server.ca_file))
    url = nginx_server.https_url + "/text.txt"  # https://example.com -> nginx over TLS

    with legacy_ssl_spellings():
        # as written, the seed then passes verify_ssl=False (not the context it made)
        conn = aiohttp.TCPConnector(verify_ssl=False)
        # and as the text means it: the context passed into the connector
        conn_with_context = aiohttp.TCPConnector(ssl_context=context)

    async with aiohttp.request("get", url, connector=conn) as r:
        assert (r.status, await r.read()) == (200, nginx_server.text_data)
    async with aiohttp.request("get", url, connector=conn_with_context) as r:
        assert (r.status, await r.read()) == (200, nginx_server.text_data)
    # the context is what makes it trusted: a connector without it refuses the certificate
    default_conn = aiohttp.TCPConnector()
    with pytest.raises(aiohttp.ClientConnectorCertificateError):
        async with aiohttp.request("get", url, connector=default_conn):
            pass
    # and a context that trusts another CA refuses it too
    other = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    other.load_default_certs()
    with legacy_ssl_spellings():
        refusing = aiohttp.TCPConnector(ssl_context=other)
    with pytest.raises(aiohttp.ClientConnectorCertificateError):
        async with aiohttp.request("get", url, connector=refusing):
            pass
    for connector in (conn, conn_with_context, default_conn, refusing):
        await connector.close()

"""wirehttp's client through a real tinyproxy: plain HTTP proxying, CONNECT tunnels, credentials.

Plain HTTP through tinyproxy gets its `Via: ... (tinyproxy/...)` header, which proves the path;
a tunnelled (https) request shows up in tinyproxy's log as a CONNECT to nginx's TLS port.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

import wirehttp as aiohttp
from wirehttp._base.auth import make_basic_auth

pytestmark = pytest.mark.interop

TIMEOUT = aiohttp.ClientTimeout(total=20)
VIA = re.compile(r"\(tinyproxy/[0-9.]+\)")


def _connects_to(proxy: Any, port: int) -> int:
    """How many CONNECTs to `port` tinyproxy's log names (the whole log, not the report tail)."""
    (log,) = (path for path in proxy.process.extra_logs if path.name == "tinyproxy.log")
    return Path(log).read_text(errors="replace").count(f"CONNECT 127.0.0.1:{port} ")


async def test_plain_http_goes_through_the_proxy(
    httpbin_server: Any, tinyproxy_server: Any
) -> None:
    async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
        async with session.get(f"{httpbin_server.url}/get?x=1", proxy=tinyproxy_server.url) as r:
            assert r.status == 200
            assert VIA.search(r.headers["Via"]), r.headers.get("Via")
            body = await r.json()
        assert body["args"] == {"x": "1"}
        assert "Proxy-Authorization" not in body["headers"]
        async with session.get(f"{httpbin_server.url}/get") as direct:
            assert "Via" not in direct.headers


async def test_connect_tunnel_to_nginx_tls(nginx_server: Any, tinyproxy_server: Any) -> None:
    before = _connects_to(tinyproxy_server, nginx_server.https_port)
    context = nginx_server.client_ssl_context()
    async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
        for _ in range(2):  # the second one reuses the tunnel from the pool
            url = f"{nginx_server.https_url}/text.txt"
            async with session.get(url, proxy=tinyproxy_server.url, ssl=context) as r:
                assert r.status == 200
                assert "Via" not in r.headers  # tunnelled: the proxy never saw the response
                assert await r.read() == nginx_server.text_data
        with pytest.raises(aiohttp.ClientConnectorCertificateError):  # verified in the tunnel
            await session.get(f"{nginx_server.https_url}/text.txt", proxy=tinyproxy_server.url)
    assert _connects_to(tinyproxy_server, nginx_server.https_port) == before + 2


async def test_connect_refused_by_the_proxy(httpbin_server: Any, tinyproxy_server: Any) -> None:
    async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
        url = f"https://127.0.0.1:{httpbin_server.port}/get"  # not an allowed ConnectPort
        with pytest.raises(aiohttp.ClientHttpProxyError) as info:
            await session.get(url, proxy=tinyproxy_server.url)
    assert info.value.status == 403
    assert info.value.request_info.method == "CONNECT"


async def test_auth_proxy_without_credentials(
    httpbin_server: Any, nginx_server: Any, tinyproxy_auth_server: Any
) -> None:
    proxy = tinyproxy_auth_server.url
    async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
        async with session.get(f"{httpbin_server.url}/get", proxy=proxy) as r:
            assert r.status == 407  # plain HTTP: the proxy's answer is the response, as aiohttp
        with pytest.raises(aiohttp.ClientHttpProxyError) as info:
            await session.get(f"{nginx_server.https_url}/text.txt", proxy=proxy)
    assert info.value.status == 407


@pytest.mark.parametrize("how", ["proxy_auth", "url", "session"])
async def test_auth_proxy_with_credentials(
    how: str, httpbin_server: Any, nginx_server: Any, tinyproxy_auth_server: Any
) -> None:
    server = tinyproxy_auth_server
    user, password = server.auth
    session_kw: dict[str, Any] = {}
    request_kw: dict[str, Any] = {}
    if how == "proxy_auth":
        request_kw = {"proxy": server.url, "proxy_auth": make_basic_auth(user, password)}
    elif how == "url":
        request_kw = {"proxy": server.url_with_credentials}
    else:
        session_kw = {"proxy": server.url, "proxy_auth": make_basic_auth(user, password)}
    async with aiohttp.ClientSession(timeout=TIMEOUT, **session_kw) as session:
        async with session.get(f"{httpbin_server.url}/headers", **request_kw) as r:
            assert r.status == 200
            assert VIA.search(r.headers["Via"])
            seen = (await r.json())["headers"]
        assert "Proxy-Authorization" not in seen  # the proxy took it; the origin never had it
        context = nginx_server.client_ssl_context()
        url = f"{nginx_server.https_url}/text.txt"
        async with session.get(url, ssl=context, **request_kw) as r:
            assert r.status == 200
            assert await r.read() == nginx_server.text_data


async def test_trust_env_proxies_and_no_proxy(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    httpbin_server: Any,
    nginx_server: Any,
    tinyproxy_server: Any,
    tinyproxy_auth_server: Any,
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    user, password = tinyproxy_auth_server.auth
    netrc = home / ".netrc"
    netrc.write_text(f"machine 127.0.0.1 login {user} password {password}\n")
    netrc.chmod(0o600)
    for name in ("http_proxy", "https_proxy", "no_proxy", "NETRC", "REQUEST_METHOD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("HTTP_PROXY", tinyproxy_server.url)
    monkeypatch.setenv("HTTPS_PROXY", tinyproxy_auth_server.url)  # credentials from ~/.netrc
    monkeypatch.setenv("NO_PROXY", f"example.invalid, 127.0.0.1:{nginx_server.http_port}")
    before = _connects_to(tinyproxy_auth_server, nginx_server.https_port)
    async with aiohttp.ClientSession(timeout=TIMEOUT, trust_env=True) as session:
        async with session.get(f"{httpbin_server.url}/get") as r:
            assert r.status == 200
            assert VIA.search(r.headers["Via"])
        async with session.get(f"{nginx_server.url}/text.txt") as r:
            assert "Via" not in r.headers  # NO_PROXY names this host and port: direct
            assert await r.read() == nginx_server.text_data
        url = f"{nginx_server.https_url}/text.txt"
        async with session.get(url, ssl=nginx_server.client_ssl_context()) as r:
            assert await r.read() == nginx_server.text_data
    assert _connects_to(tinyproxy_auth_server, nginx_server.https_port) == before + 1
    async with (
        aiohttp.ClientSession(timeout=TIMEOUT) as session,  # trust_env off: direct
        session.get(f"{httpbin_server.url}/get") as r,
    ):
        assert "Via" not in r.headers


async def test_redirect_from_proxied_http_to_tunnelled_https(
    httpbin_server: Any, nginx_server: Any, tinyproxy_auth_server: Any
) -> None:
    server = tinyproxy_auth_server
    target = f"{nginx_server.https_url}/text.txt"
    before = _connects_to(server, nginx_server.https_port)
    async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
        url = f"{httpbin_server.url}/redirect-to"
        async with session.get(
            url,
            params={"url": target},
            proxy=server.url_with_credentials,
            ssl=nginx_server.client_ssl_context(),
        ) as r:
            assert r.status == 200
            assert [h.status for h in r.history] == [302]
            assert VIA.search(r.history[0].headers["Via"])
            assert await r.read() == nginx_server.text_data
    assert _connects_to(server, nginx_server.https_port) == before + 1

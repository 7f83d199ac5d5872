"""DigestAuthMiddleware against httpbin's /digest-auth endpoints (gunicorn, loopback).

Written as an aiohttp user would (`import wirehttp as aiohttp`): MD5, SHA-256 and SHA-512 with
qop auth and auth-int, a wrong password, and the preemptive second request.
"""

from __future__ import annotations

import pytest
from peers.httpbin import HttpbinServer

import wirehttp as aiohttp

TIMEOUT = aiohttp.ClientTimeout(total=20)


@pytest.mark.parametrize("qop", ["auth", "auth-int"])
@pytest.mark.parametrize("algorithm", ["MD5", "SHA-256", "SHA-512"])
async def test_httpbin_digest(httpbin_server: HttpbinServer, qop: str, algorithm: str) -> None:
    digest = aiohttp.DigestAuthMiddleware("user", "passwd")
    url = f"{httpbin_server.url}/digest-auth/{qop}/user/passwd/{algorithm}"
    async with aiohttp.ClientSession(middlewares=(digest,), timeout=TIMEOUT) as session:
        async with session.get(url) as resp:
            assert resp.status == 200, await resp.text()
            assert await resp.json() == {"authenticated": True, "user": "user"}
            sent = resp.request_info.headers["Authorization"]
            assert sent.startswith("Digest ") and f"algorithm={algorithm}" in sent
        async with session.get(url) as resp:  # preemptive: answered at once, nc=2
            assert resp.status == 200
            assert "nc=00000002" in resp.request_info.headers["Authorization"]
            assert resp.history == ()


async def test_httpbin_digest_wrong_password(httpbin_server: HttpbinServer) -> None:
    digest = aiohttp.DigestAuthMiddleware("user", "wrong")
    url = f"{httpbin_server.url}/digest-auth/auth/user/passwd/MD5"
    async with aiohttp.ClientSession(middlewares=(digest,), timeout=TIMEOUT) as session:
        resp = await session.get(url)
        assert resp.status == 401
        assert resp.headers["WWW-Authenticate"].startswith("Digest ")
        resp.release()

"""DigestAuthMiddleware (RFC 7616) against a wirehttp server that checks answers itself.

The server side here is written independently of the middleware (its own header parsing and
hashing), so a wrong digest fails the test rather than agreeing with itself.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest

import wirehttp
from wirehttp import web
from wirehttp._client.digest_auth import ChallengeError, check_challenge, parse_challenge

TIMEOUT = wirehttp.ClientTimeout(total=10)
USER, PASSWORD, REALM = "Mufasa", "Circle of Life", "http-auth@example.org"
FIELD = re.compile(r'(\w+)=("(?:[^"\\]|\\.)*"|[^,\s]+)')
HASH = {"MD5": hashlib.md5, "SHA": hashlib.sha1, "SHA-256": hashlib.sha256}
HASH |= {"SHA256": hashlib.sha256, "SHA-512": hashlib.sha512, "SHA512": hashlib.sha512}


@dataclass
class Realm:
    """What the test server asks for, and what it saw."""

    algorithm: str | None = "MD5"
    qop: str | None = "auth"
    nonce: str = "dcd98b7102dd2f0e8b11d0f600bfb0c093"
    opaque: str | None = "5ccc069c403ebaf9f0171e9517f40e41"
    domain: str | None = None
    password: str = PASSWORD
    raw_challenge: str | None = None  # sent as it is instead of the built one
    seen: list[dict[str, str] | None] = field(default_factory=list)
    stale_once: bool = False


def expected_response(realm: Realm, auth: dict[str, str], method: str, body: bytes) -> str:
    algorithm = (realm.algorithm or "MD5").upper()
    sess = algorithm.endswith("-SESS")
    fn = HASH[algorithm.removesuffix("-SESS")]

    def h(text: str | bytes) -> str:
        return fn(text if isinstance(text, bytes) else text.encode()).hexdigest()

    ha1 = h(f"{USER}:{REALM}:{realm.password}")
    if sess:
        ha1 = h(f"{ha1}:{auth['nonce']}:{auth['cnonce']}")
    if auth.get("qop") == "auth-int":
        ha2 = h(f"{method}:{auth['uri']}:{h(body)}")
    else:
        ha2 = h(f"{method}:{auth['uri']}")
    if "qop" in auth:
        return h(f"{ha1}:{auth['nonce']}:{auth['nc']}:{auth['cnonce']}:{auth['qop']}:{ha2}")
    return h(f"{ha1}:{auth['nonce']}:{ha2}")


def parse_authorization(value: str) -> dict[str, str]:
    assert value.startswith("Digest ")
    out = {}
    for name, raw in FIELD.findall(value[7:]):
        out[name] = raw[1:-1].replace('\\"', '"').replace("\\\\", "\\") if raw[0] == '"' else raw
    return out


def challenge_for(realm: Realm, stale: bool = False) -> str:
    if realm.raw_challenge is not None:
        return realm.raw_challenge
    parts = [f'realm="{REALM}"', f'nonce="{realm.nonce}"']
    if realm.qop:
        parts.append(f'qop="{realm.qop}"')
    if realm.algorithm:
        parts.append(f"algorithm={realm.algorithm}")
    if realm.opaque:
        parts.append(f'opaque="{realm.opaque}"')
    if realm.domain:
        parts.append(f'domain="{realm.domain}"')
    if stale:
        parts.append("stale=true")
    return "Digest " + ", ".join(parts)


REALM_KEY = web.AppKey("realm", Realm)


async def _protected(request: web.Request) -> web.Response:
    realm = request.app[REALM_KEY]
    body = await request.read()
    header = request.headers.get("Authorization")
    auth = parse_authorization(header) if header else None
    realm.seen.append(auth)
    if auth is not None and auth.get("nonce") == realm.nonce:
        ok = (
            auth["username"] == USER
            and auth["realm"] == REALM
            and auth["uri"] == request.raw_path
            and auth.get("opaque") == realm.opaque
            and auth["response"] == expected_response(realm, auth, request.method, body)
        )
        if ok:
            return web.Response(text=f"welcome {auth.get('nc')}")
    stale = False
    if auth is not None and realm.stale_once:  # an old nonce: ask again, marked stale
        realm.stale_once, stale = False, True
    return web.Response(
        status=401, text="who are you", headers={"WWW-Authenticate": challenge_for(realm, stale)}
    )


@asynccontextmanager
async def served(realm: Realm) -> AsyncIterator[str]:
    app = web.Application()
    app[REALM_KEY] = realm
    app.router.add_route("*", "/{tail:.*}", _protected)
    runner = web.AppRunner(app, shutdown_timeout=2.0)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await asyncio.wait_for(runner.cleanup(), 10)


def client(**kw: Any) -> wirehttp.ClientSession:
    mw = wirehttp.DigestAuthMiddleware(USER, PASSWORD, **kw)
    return wirehttp.ClientSession(middlewares=(mw,), timeout=TIMEOUT)


# --- happy paths -----------------------------------------------------------------------------

ALGORITHMS = ["MD5", "MD5-sess", "SHA", "SHA-256", "SHA256", "SHA-256-sess", "SHA-512"]
ALGORITHMS += ["SHA512-SESS", None]


@pytest.mark.parametrize("algorithm", ALGORITHMS)
async def test_answers_each_algorithm(algorithm: str | None) -> None:
    realm = Realm(algorithm=algorithm)
    async with served(realm) as base, client() as s:
        resp = await s.get(f"{base}/dir/index.html?x=1")
        assert resp.status == 200 and await resp.text() == "welcome 00000001"
    assert realm.seen[0] is None and realm.seen[1] is not None
    assert realm.seen[1]["algorithm"] == (algorithm or "MD5")
    assert realm.seen[1]["uri"] == "/dir/index.html?x=1"


async def test_no_qop_is_rfc2069() -> None:
    realm = Realm(qop=None, opaque=None)
    async with served(realm) as base, client() as s:
        resp = await s.get(f"{base}/x")
        assert resp.status == 200
    answer = realm.seen[1]
    assert answer is not None and "nc" not in answer and "cnonce" not in answer


async def test_auth_int_hashes_the_body() -> None:
    realm = Realm(qop="auth-int")
    async with served(realm) as base, client() as s:
        resp = await s.post(f"{base}/upload", data=b"some body")
        assert resp.status == 200
    assert realm.seen[1] is not None and realm.seen[1]["qop"] == "auth-int"


async def test_auth_preferred_when_both_offered() -> None:
    realm = Realm(qop="auth-int,auth")
    async with served(realm) as base, client() as s:
        assert (await s.get(f"{base}/x")).status == 200
    assert realm.seen[1] is not None and realm.seen[1]["qop"] == "auth"


async def test_preemptive_counts_nonce_uses() -> None:
    realm = Realm()
    async with served(realm) as base, client() as s:
        for expected in ("00000001", "00000002", "00000003"):
            resp = await s.get(f"{base}/x")
            assert await resp.text() == f"welcome {expected}"
    assert [a is None for a in realm.seen] == [True, False, False, False]
    cnonces = {a["cnonce"] for a in realm.seen if a}
    assert len(cnonces) == 3


async def test_not_preemptive_waits_for_each_challenge() -> None:
    realm = Realm()
    async with served(realm) as base, client(preemptive=False) as s:
        for _ in range(2):
            assert (await s.get(f"{base}/x")).status == 200
    assert [a is None for a in realm.seen] == [True, False, True, False]


async def test_stale_nonce_is_answered_again_from_one() -> None:
    realm = Realm()
    async with served(realm) as base, client() as s:
        assert (await s.get(f"{base}/x")).status == 200
        realm.stale_once, realm.nonce = True, "fresh-nonce"
        resp = await s.get(f"{base}/x")
        assert resp.status == 200 and await resp.text() == "welcome 00000001"
    assert [a["nonce"] if a else None for a in realm.seen] == [
        None,
        Realm().nonce,
        Realm().nonce,  # preemptive, with the nonce the server just retired
        "fresh-nonce",
    ]


async def test_wrong_password_gives_the_401_after_one_retry() -> None:
    realm = Realm(password="something else")
    async with served(realm) as base, client() as s:
        resp = await s.get(f"{base}/x")
        assert resp.status == 401
    assert len(realm.seen) == 2


async def test_quotes_in_username_are_escaped() -> None:
    mw = wirehttp.DigestAuthMiddleware('a"b\\c', "pw")
    realm = Realm()
    async with (
        served(realm) as base,
        wirehttp.ClientSession(middlewares=(mw,), timeout=TIMEOUT) as s,
    ):
        assert (await s.get(f"{base}/x")).status == 401
    assert realm.seen[1] is not None and realm.seen[1]["username"] == 'a"b\\c'


# --- refusals --------------------------------------------------------------------------------

HOSTILE = {
    "unterminated": 'Digest realm="r", nonce="abc',
    "no nonce": 'Digest realm="r", qop="auth"',
    "empty nonce": 'Digest realm="r", nonce=""',
    "no realm": 'Digest nonce="abc"',
    "unknown algorithm": 'Digest realm="r", nonce="abc", algorithm=SHA3-256',
    "unknown qop": 'Digest realm="r", nonce="abc", qop="auth-conf"',
    "repeated": 'Digest realm="r", nonce="abc", nonce="def"',
    "garbage": 'Digest realm="r" nonce="abc"',
    "no value": 'Digest realm=, nonce="abc"',
    "userhash": 'Digest realm="r", nonce="abc", userhash=true',
    "too many": "Digest " + ", ".join(f"p{i}=x" for i in range(40)) + ', realm="r", nonce="n"',
    "too long": f'Digest realm="r", nonce="{"n" * 5000}"',
    "not ascii": 'Digest realm="r\u00e9", nonce="abc"',
    "not digest": 'Basic realm="r"',
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_parse_refuses_hostile_challenges(name: str) -> None:
    with pytest.raises(ChallengeError):
        check_challenge(parse_challenge(HOSTILE[name]))


@pytest.mark.parametrize("value", ["a\x00b", "a\rb", "a\nb", "a\x7fb", "a\x1bb"])
def test_parse_refuses_control_bytes(value: str) -> None:
    with pytest.raises(ChallengeError):
        parse_challenge(f'Digest realm="r", nonce="{value}"')


def test_parse_quoted_values() -> None:
    params = parse_challenge('Digest  Realm="a, \\"b\\"" ,nonce=tok , qop="auth,auth-int",')
    assert params == {"realm": 'a, "b"', "nonce": "tok", "qop": "auth,auth-int"}


@pytest.mark.parametrize("name", ["unterminated", "no nonce", "unknown algorithm", "repeated"])
async def test_hostile_challenge_is_not_answered(name: str) -> None:
    realm = Realm(raw_challenge=HOSTILE[name])
    async with served(realm) as base, client() as s:
        resp = await s.get(f"{base}/x")
        assert resp.status == 401
    assert realm.seen == [None]  # asked once, never answered


async def test_other_origin_is_never_answered() -> None:
    home, other = Realm(), Realm()
    async with served(home) as home_url, served(other) as other_url, client() as s:
        assert (await s.get(f"{home_url}/x")).status == 200
        resp = await s.get(f"{other_url}/x")
        assert resp.status == 401
    assert other.seen == [None]  # no preemptive answer and no answer to its challenge


async def test_domain_directive_limits_the_preemptive_space() -> None:
    realm = Realm(domain="/api/")
    async with served(realm) as base, client() as s:
        assert (await s.get(f"{base}/api/a")).status == 200
        assert (await s.get(f"{base}/api/b")).status == 200
        assert (await s.get(f"{base}/static/c")).status == 200
    flags = [a is None for a in realm.seen]
    # /api/b goes preemptively; /static/c is outside the space, so it waits for a challenge
    assert flags == [True, False, False, True, False]


async def test_streamed_body_with_auth_int_only_is_not_answered() -> None:
    async def pieces() -> AsyncIterator[bytes]:
        yield b"x"

    realm = Realm(qop="auth-int")
    async with served(realm) as base, client() as s:
        resp = await s.post(f"{base}/upload", data=pieces())
        assert resp.status == 401
    assert realm.seen == [None]


def test_constructor_refuses_bad_credentials() -> None:
    with pytest.raises(ValueError):
        wirehttp.DigestAuthMiddleware("a:b", "pw")
    with pytest.raises(ValueError):
        wirehttp.DigestAuthMiddleware(None, "pw")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        wirehttp.DigestAuthMiddleware("a", None)  # type: ignore[arg-type]

"""HTTP Digest authentication (RFC 7616) as a client middleware: `DigestAuthMiddleware`.

Owns `DigestAuthMiddleware(login, password, preemptive=True)` (public in `wirehttp`). On a 401
whose `WWW-Authenticate` carries a Digest challenge it computes the answer and sends the request
once more. Algorithms: MD5, SHA (SHA-1), SHA-256 (also spelt SHA256), SHA-512 (SHA512), each
with its `-sess` variant; qop `auth` and `auth-int` (the latter only for a body held in memory),
or no qop (RFC 2069). The nonce count goes up per request under one nonce; a fresh nonce starts
it again at 1.

Hostile challenges are refused (the 401 is returned as it is): a header that does not parse
(explicit tokenizer: tokens, quoted-strings, commas; ASCII only, no control bytes), too long or
with too many or repeated parameters, no realm or nonce, an unknown algorithm, a qop list
without auth or auth-int.

Scope: the credentials belong to the origin of the first request the middleware sees; requests
to other origins pass through untouched, unless the challenge's `domain` directive put them in
the protection space (never an http URI when the anchor is https). With `preemptive`, once a
challenge was answered, later requests inside the protection space carry the answer at once
(RFC 7616 3.6). Imports nothing from _server or _web.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from typing import Any, Final

from yarl import URL

from .. import hdrs
from .middlewares import ClientHandlerType
from .request import ClientRequest
from .response import ClientResponse

__all__ = ("DigestAuthMiddleware",)

HASHES: Final[dict[str, Callable[..., Any]]] = {
    "MD5": hashlib.md5,
    "SHA": hashlib.sha1,
    "SHA256": hashlib.sha256,
    "SHA-256": hashlib.sha256,
    "SHA512": hashlib.sha512,
    "SHA-512": hashlib.sha512,
}
SUPPORTED_ALGORITHMS: Final = frozenset(
    (*HASHES, *(f"{name}-SESS" for name in HASHES))
)  # fmt: skip
MAX_CHALLENGE: Final = 4096  # bytes of one WWW-Authenticate value we are willing to parse
MAX_PARAMS: Final = 16
_TCHAR: Final = frozenset(
    "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
)  # RFC 9110 5.6.2
KNOWN: Final = frozenset(
    ("realm", "nonce", "qop", "algorithm", "opaque", "domain", "stale", "charset", "userhash")
)


class ChallengeError(ValueError):
    """A Digest challenge that is malformed or asks for something we refuse."""


def parse_challenge(header: str) -> dict[str, str]:
    """The parameters of one `Digest ...` challenge (names lower-cased); ChallengeError if bad."""
    if len(header) > MAX_CHALLENGE or not header.isascii():
        raise ChallengeError("challenge too long or not ASCII")
    scheme, _, rest = header.strip(" \t").partition(" ")
    if scheme.lower() != "digest":
        raise ChallengeError("not a Digest challenge")
    params: dict[str, str] = {}
    pos, end = 0, len(rest)
    while True:
        pos = _skip(rest, pos, " \t")
        if pos >= end:
            break
        start = pos
        while pos < end and rest[pos] in _TCHAR:
            pos += 1
        name = rest[start:pos].lower()
        pos = _skip(rest, pos, " \t")
        if not name or pos >= end or rest[pos] != "=":
            raise ChallengeError("expected name=value")
        pos = _skip(rest, pos + 1, " \t")
        value, pos = _value(rest, pos)
        if name in params:
            raise ChallengeError(f"repeated parameter {name!r}")
        params[name] = value
        if len(params) > MAX_PARAMS:
            raise ChallengeError("too many parameters")
        pos = _skip(rest, pos, " \t")
        if pos < end and rest[pos] != ",":
            raise ChallengeError("expected a comma")
        pos += 1
    return params


def _skip(text: str, pos: int, chars: str) -> int:
    while pos < len(text) and text[pos] in chars:
        pos += 1
    return pos


def _value(text: str, pos: int) -> tuple[str, int]:
    """A token or a quoted-string (backslash escapes) at `pos`; no control bytes either way."""
    end = len(text)
    if pos < end and text[pos] == '"':
        out: list[str] = []
        pos += 1
        while pos < end:
            char = text[pos]
            if char == "\\" and pos + 1 < end:
                char = text[pos + 1]
                pos += 1
            elif char == '"':
                return "".join(out), pos + 1
            if (ord(char) < 0x20 and char != "\t") or ord(char) == 0x7F:
                raise ChallengeError("control byte in a quoted value")
            out.append(char)
            pos += 1
        raise ChallengeError("unterminated quoted value")
    start = pos
    while pos < end and text[pos] in _TCHAR:
        pos += 1
    if pos == start:
        raise ChallengeError("empty value")
    return text[start:pos], pos


def check_challenge(params: dict[str, str]) -> dict[str, str]:
    """`params` when we can answer them (see module doc), else ChallengeError."""
    if "realm" not in params:
        raise ChallengeError("no realm")
    if not params.get("nonce"):
        raise ChallengeError("no nonce")
    algorithm = params.get("algorithm", "MD5").upper()
    if algorithm not in SUPPORTED_ALGORITHMS:
        raise ChallengeError(f"unsupported algorithm {algorithm!r}")
    if "qop" in params:
        offered = {q.strip().lower() for q in params["qop"].split(",")}
        if not offered & {"auth", "auth-int"}:
            raise ChallengeError("no supported qop")
    if params.get("userhash", "false").lower() == "true":
        raise ChallengeError("userhash is not supported")
    return params


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


class DigestAuthMiddleware:
    """Answers Digest challenges for `login` / `password` (aiohttp 3.12+'s middleware)."""

    def __init__(self, login: str, password: str, preemptive: bool = True) -> None:
        if login is None:
            raise ValueError("None is not allowed as login value")
        if password is None:
            raise ValueError("None is not allowed as password value")
        if ":" in login:
            raise ValueError('A ":" is not allowed in username')
        self._login = login
        self._password = password
        self._preemptive = preemptive
        self._challenge: dict[str, str] = {}
        self._nonce = ""
        self._nonce_count = 0
        self._anchor: URL | None = None  # the origin the credentials belong to
        self._space: list[tuple[URL, str]] = []  # (origin, path prefix) pairs

    async def __call__(self, request: ClientRequest, handler: ClientHandlerType) -> ClientResponse:
        url = request.url
        if self._anchor is None:
            self._anchor = url.origin()
        if not self._in_scope(url):
            return await handler(request)
        if self._preemptive and self._challenge and self._in_space(url):
            try:
                request.headers[hdrs.AUTHORIZATION] = self._answer(request)
            except ChallengeError:
                pass  # e.g. auth-int with a streamed body: wait for the server to ask
        response = await handler(request)
        if response.status != 401 or not self._take_challenge(response, url):
            return response
        try:
            answer = self._answer(request)
        except ChallengeError:
            return response
        response.release()
        request.headers[hdrs.AUTHORIZATION] = answer
        return await handler(request)

    # --- scope ----------------------------------------------------------------------------
    def _in_scope(self, url: URL) -> bool:
        return url.origin() == self._anchor or self._in_space(url)

    def _in_space(self, url: URL) -> bool:
        if not self._space:
            return url.origin() == self._anchor
        origin, path = url.origin(), url.path
        return any(origin == o and path.startswith(prefix) for o, prefix in self._space)

    def _set_space(self, domain: str | None) -> None:
        anchor = self._anchor
        assert anchor is not None
        space: list[tuple[URL, str]] = []
        for uri in (domain or "").split():
            try:
                target = anchor.join(URL(uri))
            except ValueError:
                continue
            if target.scheme not in ("http", "https") or not target.host:
                continue
            if anchor.scheme == "https" and target.scheme == "http":
                continue  # never hand https credentials to plain http
            space.append((target.origin(), target.path or "/"))
        self._space = space

    # --- the challenge ---------------------------------------------------------------------
    def _take_challenge(self, response: ClientResponse, url: URL) -> bool:
        """Store a usable Digest challenge of `response`; False when there is none."""
        for header in response.headers.getall(hdrs.WWW_AUTHENTICATE, ()):
            if not header.lstrip().lower().startswith("digest"):
                continue
            try:
                params = check_challenge(parse_challenge(header))
            except ChallengeError:
                return False
            if url.origin() != self._anchor and not self._in_space(url):
                return False
            self._challenge = params
            if url.origin() == self._anchor:
                self._set_space(params.get("domain"))
            return True
        return False

    # --- the answer ------------------------------------------------------------------------
    def _answer(self, request: ClientRequest) -> str:
        challenge = self._challenge
        nonce, realm = challenge["nonce"], challenge["realm"]
        algorithm = challenge.get("algorithm", "MD5")
        name = algorithm.upper()
        sess = name.endswith("-SESS")
        hash_fn = HASHES[name[:-5] if sess else name]

        def digest(*parts: str | bytes) -> str:
            data = b":".join(p if isinstance(p, bytes) else p.encode("utf-8") for p in parts)
            return str(hash_fn(data).hexdigest())

        if nonce != self._nonce:
            self._nonce, self._nonce_count = nonce, 0
        self._nonce_count += 1
        nc = f"{self._nonce_count:08x}"
        cnonce = os.urandom(16).hex()
        qop = self._choose_qop(challenge.get("qop"), request)
        uri = request.url.raw_path_qs
        ha1 = digest(self._login, realm, self._password)
        if sess:
            ha1 = digest(ha1, nonce, cnonce)
        if qop == "auth-int":
            ha2 = digest(request.method, uri, digest(_body_bytes(request) or b""))
        else:
            ha2 = digest(request.method, uri)
        if qop:
            response = digest(ha1, nonce, nc, cnonce, qop, ha2)
        else:
            response = digest(ha1, nonce, ha2)
        fields = [
            f"username={_quote(self._login)}",
            f"realm={_quote(realm)}",
            f"nonce={_quote(nonce)}",
            f"uri={_quote(uri)}",
            f"response={_quote(response)}",
            f"algorithm={algorithm}",
        ]
        if "opaque" in challenge:
            fields.append(f"opaque={_quote(challenge['opaque'])}")
        if qop:
            fields += [f"qop={qop}", f"nc={nc}", f"cnonce={_quote(cnonce)}"]
        return "Digest " + ", ".join(fields)

    @staticmethod
    def _choose_qop(offered: str | None, request: ClientRequest) -> str:
        if offered is None:
            return ""
        choices = {q.strip().lower() for q in offered.split(",")}
        if "auth" in choices:
            return "auth"
        if _body_bytes(request) is None:
            raise ChallengeError("auth-int needs a body held in memory")
        return "auth-int"


def _body_bytes(request: ClientRequest) -> bytes | None:
    body = request.body
    if body is None:
        return b""
    data = getattr(body, "data", None)
    return data if isinstance(data, bytes) else None


DigestAuthMiddleware.__module__ = "wirehttp"

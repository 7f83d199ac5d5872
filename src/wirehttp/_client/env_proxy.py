"""trust_env=True: proxies from the environment and credentials from ~/.netrc.

Owns: `ProxyInfo`, `proxies_from_env()` (HTTP_PROXY, HTTPS_PROXY, WS_PROXY, WSS_PROXY; the
lower-case spelling wins, as curl and urllib read them; HTTP_PROXY in upper case is ignored
under CGI, where a client's `Proxy:` header would become it), `bypass_proxy(url)` (NO_PROXY:
`*` for every host, comma- or space-separated entries, each a host name matching itself and its
subdomains (a leading `.` or `*.` is the same), optionally with `:port`, which then must match
the URL's port too; IP literals match exactly), `env_proxy_for_url(url)` (LookupError when no
proxy applies) and `netrc_auth(host)` (NETRC or ~/.netrc; the login, else the account, as
aiohttp reads it). Every BasicAuth is made without a deprecation warning. No I/O but reading the
environment and the netrc file; must not import `_server` or `_web`.
"""

from __future__ import annotations

import netrc
import os
from pathlib import Path
from typing import Final, NamedTuple

from yarl import URL

from .._base.auth import BasicAuth, make_basic_auth

__all__ = ("ProxyInfo", "bypass_proxy", "env_proxy_for_url", "netrc_auth", "proxies_from_env")

PROXY_SCHEMES: Final = ("http", "https", "ws", "wss")
DEFAULT_PORTS: Final = {"http": 80, "https": 443, "ws": 80, "wss": 443}


class ProxyInfo(NamedTuple):
    proxy: URL
    proxy_auth: BasicAuth | None


def _env(name: str) -> str:
    """`name` from the environment, lower case first (an empty value counts as unset)."""
    lower = os.environ.get(name.lower(), "").strip()
    if lower:
        return lower
    if name == "HTTP_PROXY" and "REQUEST_METHOD" in os.environ:
        return ""  # CGI: HTTP_PROXY may come from the request's Proxy header (httpoxy)
    return os.environ.get(name, "").strip()


def proxies_from_env() -> dict[str, ProxyInfo]:
    """The proxy for each URL scheme the environment names, with credentials where known."""
    found: dict[str, ProxyInfo] = {}
    for scheme in PROXY_SCHEMES:
        value = _env(f"{scheme.upper()}_PROXY")
        if not value:
            continue
        proxy = URL(value if "://" in value else f"http://{value}")
        if proxy.scheme not in ("http", "https") or not proxy.host:
            continue
        auth = BasicAuth.from_url(proxy)
        if auth is None:
            auth = netrc_auth(proxy.host)
        found[scheme] = ProxyInfo(proxy.with_user(None), auth)
    return found


def _no_proxy_entries() -> list[str]:
    value = _env("NO_PROXY")
    return [entry for entry in value.replace(" ", ",").split(",") if entry]


def _split_entry(entry: str) -> tuple[str, int | None]:
    """An entry's host (lower case, without brackets) and port, if it names one."""
    entry = entry.strip().lower()
    if entry.startswith("["):  # [::1] or [::1]:8080
        host, _, rest = entry[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else ""
    elif entry.count(":") == 1:
        host, _, port = entry.partition(":")
    else:
        host, port = entry, ""
    return host, int(port) if port.isdigit() else None


def bypass_proxy(url: URL) -> bool:
    """True when NO_PROXY says `url` goes direct."""
    host = (url.host or "").lower().rstrip(".")
    if not host:
        return False
    port = url.port or DEFAULT_PORTS.get(url.scheme)
    for entry in _no_proxy_entries():
        if entry == "*":
            return True
        name, entry_port = _split_entry(entry)
        if entry_port is not None and entry_port != port:
            continue
        name = name.removeprefix("*").lstrip(".").rstrip(".")
        if name and (host == name or host.endswith("." + name)):
            return True
    return False


def env_proxy_for_url(url: URL) -> ProxyInfo:
    """The environment's proxy for `url`; LookupError when there is none or NO_PROXY skips it."""
    if bypass_proxy(url):
        raise LookupError(f"NO_PROXY excludes {url.host}")
    return proxies_from_env()[url.scheme]


def _netrc_path() -> Path | None:
    named = os.environ.get("NETRC")
    if named:
        return Path(named)
    try:
        home = Path.home()
    except RuntimeError:
        return None
    for name in (".netrc", "_netrc"):
        if (home / name).is_file():
            return home / name
    return None


def netrc_auth(host: str) -> BasicAuth | None:
    """Credentials for `host` from the netrc file (its `default` entry too), or None."""
    path = _netrc_path()
    if path is None or not path.is_file():
        return None
    try:
        entry = netrc.netrc(str(path)).authenticators(host)
    except (netrc.NetrcParseError, OSError):
        return None
    if entry is None:
        return None
    login, account, password = entry
    user = login or account or ""
    return make_basic_auth(user, password or "")

"""RFC 6265 matching rules: IP hosts, domain-match, default-path, path-match.

Owns: pure functions over strings; no state, no I/O.
Must not import: anything of wirehttp outside this package.
"""

from __future__ import annotations

import ipaddress

__all__ = ("default_path", "domain_match", "is_ip_address", "path_match")


def is_ip_address(host: str | None) -> bool:
    """True for an IPv4 or IPv6 literal (brackets, as in a URL, allowed)."""
    if not host:
        return False
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    try:
        ipaddress.ip_address(host.split("%", 1)[0])  # an IPv6 zone id is not part of the address
    except ValueError:
        return False
    return True


def domain_match(host: str, domain: str) -> bool:
    """RFC 6265 5.1.3: ``host`` (canonical, lower case) domain-matches ``domain``.

    Identical strings match; otherwise ``domain`` must be a suffix of ``host`` preceded by a
    dot, and ``host`` must be a name, not an IP address.
    """
    if host == domain:
        return True
    return (
        bool(domain)
        and host.endswith(domain)
        and host[-len(domain) - 1] == "."
        and not is_ip_address(host)
    )


def default_path(uri_path: str) -> str:
    """RFC 6265 5.1.4: the cookie path when Set-Cookie has no (or no absolute) Path."""
    if not uri_path.startswith("/"):
        return "/"
    last_slash = uri_path.rfind("/")
    if last_slash == 0:
        return "/"
    return uri_path[:last_slash]


def path_match(request_path: str, cookie_path: str) -> bool:
    """RFC 6265 5.1.4: ``request_path`` path-matches ``cookie_path``."""
    if not request_path.startswith("/"):
        request_path = "/"
    if request_path == cookie_path:
        return True
    if not request_path.startswith(cookie_path):
        return False
    return cookie_path.endswith("/") or request_path[len(cookie_path)] == "/"

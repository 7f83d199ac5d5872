"""A small, built-in, deliberately PARTIAL public suffix list (RFC 6265 5.3 step 5).

Owns: `is_public_suffix(domain)`.
Must not import: anything of wirehttp outside this package.

A cookie whose Domain attribute is a public suffix (``com``, ``co.uk``, ``github.io``) would
be sent to every site under it, so the jar refuses it. The full Mozilla Public Suffix List has
about 10,000 rules and changes monthly; shipping or downloading it would mean a new runtime
dependency (or a stale copy), which wirehttp does not take without asking. So this module holds:

- every single-label domain (``com``, ``uk``, ``localhost``...): any Domain without a dot is
  treated as a public suffix, which covers all TLDs, generic and country-code alike;
- the multi-label suffixes in `MULTI_LABEL_SUFFIXES`: the second-level registries of the
  large country-code TLDs and the most used hosting platforms where users get subdomains.

Anything not listed here is NOT recognised as a public suffix. To extend the list, add entries
to `MULTI_LABEL_SUFFIXES` (lower case, IDNA/punycode form, no leading dot), with a test case in
tests/_client/test_cookiejar.py. aiohttp 3.14 does no public-suffix check at all.
"""

from __future__ import annotations

from typing import Final

__all__ = ("MULTI_LABEL_SUFFIXES", "is_public_suffix")

_SECOND_LEVEL: Final = {
    # country-code registries with second-level registrations (selection)
    "uk": ("co", "org", "me", "ltd", "plc", "net", "sch", "ac", "gov", "nhs", "police"),
    "au": ("com", "net", "org", "edu", "gov", "asn", "id"),
    "nz": ("co", "net", "org", "govt", "ac", "school", "geek", "gen", "kiwi"),
    "jp": ("co", "ne", "or", "ac", "ad", "ed", "go", "gr", "lg"),
    "br": ("com", "net", "org", "gov", "edu", "art", "blog", "eco", "nom"),
    "cn": ("com", "net", "org", "gov", "edu", "ac"),
    "in": ("co", "net", "org", "firm", "gen", "ind", "ac", "edu", "res", "gov"),
    "za": ("co", "org", "net", "gov", "ac", "web"),
    "kr": ("co", "ne", "or", "re", "pe", "go", "ac"),
    "il": ("co", "org", "net", "ac", "gov", "muni"),
    "mx": ("com", "net", "org", "gob", "edu"),
    "ar": ("com", "net", "org", "gob", "edu", "int"),
    "tr": ("com", "net", "org", "gov", "edu", "biz", "info", "gen"),
    "tw": ("com", "net", "org", "gov", "edu", "idv"),
    "hk": ("com", "net", "org", "gov", "edu", "idv"),
    "sg": ("com", "net", "org", "gov", "edu", "per"),
    "id": ("co", "or", "ac", "go", "web", "net", "my", "biz"),
    "th": ("co", "in", "or", "ac", "go", "net"),
    "my": ("com", "net", "org", "gov", "edu", "name"),
    "ru": ("com", "net", "org", "msk", "spb"),
    "ua": ("com", "net", "org", "gov", "edu", "in"),
    "pl": ("com", "net", "org", "info", "biz", "waw", "gov"),
    "es": ("com", "nom", "org", "gob", "edu"),
    "fr": ("asso", "com", "gouv", "nom", "prd", "tm"),
    "it": ("gov", "edu"),
    "eg": ("com", "net", "org", "gov", "edu"),
    "ng": ("com", "net", "org", "gov", "edu", "name"),
    "ke": ("co", "or", "ne", "go", "ac"),
    "pk": ("com", "net", "org", "gov", "edu"),
    "ph": ("com", "net", "org", "gov", "edu"),
    "vn": ("com", "net", "org", "gov", "edu"),
    "us": ("ak", "al", "ca", "co", "fl", "ny", "tx", "wa"),
}

_PLATFORMS: Final = (
    # hosting platforms where unrelated users own sibling subdomains (selection)
    "github.io",
    "githubusercontent.com",
    "gitlab.io",
    "pages.dev",
    "workers.dev",
    "vercel.app",
    "netlify.app",
    "herokuapp.com",
    "herokussl.com",
    "appspot.com",
    "web.app",
    "firebaseapp.com",
    "blogspot.com",
    "azurewebsites.net",
    "cloudapp.net",
    "azurestaticapps.net",
    "s3.amazonaws.com",
    "elasticbeanstalk.com",
    "cloudfront.net",
    "fly.dev",
    "onrender.com",
    "readthedocs.io",
    "ngrok.io",
    "ngrok-free.app",
    "glitch.me",
    "repl.co",
    "surge.sh",
    "wordpress.com",
    "tumblr.com",
    "dyndns.org",
    "no-ip.org",
    "duckdns.org",
)

MULTI_LABEL_SUFFIXES: Final[frozenset[str]] = frozenset(
    (
        *(f"{label}.{tld}" for tld, labels in _SECOND_LEVEL.items() for label in labels),
        *_PLATFORMS,
    )
)
"""Public suffixes with more than one label; single labels are all public (see above)."""


def is_public_suffix(domain: str) -> bool:
    """True when ``domain`` (lower case, no leading or trailing dot) is a known public suffix."""
    return "." not in domain or domain in MULTI_LABEL_SUFFIXES

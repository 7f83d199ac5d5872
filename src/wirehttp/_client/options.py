"""The extra keyword arguments a client request takes (aiohttp's `ClientSession._request`).

Owns `REQUEST_OPTIONS` and `check_options()`: unknown keywords are refused as aiohttp refuses
them, and `ssl=` is settled from aiohttp's older spellings (verify_ssl=, fingerprint=,
ssl_context=). Must not import `_server` or `_web`.
"""

from __future__ import annotations

from typing import Any, Final

from .connector.tls import merge_ssl_spellings

__all__ = ("REQUEST_OPTIONS", "check_options")

# The keyword arguments of aiohttp's ClientSession._request beyond the named ones.
REQUEST_OPTIONS: Final = frozenset(
    ("compress", "chunked", "expect100", "ssl", "server_hostname", "proxy", "proxy_auth",
     "proxy_headers", "read_until_eof", "trace_request_ctx", "read_bufsize", "auto_decompress",
     "max_line_size", "max_field_size", "verify_ssl", "fingerprint", "ssl_context", "middlewares",
     "upload_tracker")
)  # fmt: skip


def check_options(options: dict[str, Any]) -> None:
    """Refuse keywords aiohttp's _request does not take; settle ssl= from its older spellings."""
    if not options:
        options["ssl"] = True
        return
    unknown = options.keys() - REQUEST_OPTIONS
    if unknown:
        raise TypeError(f"_request() got an unexpected keyword argument {min(unknown)!r}")
    options["ssl"] = _ssl_setting(options)


def _ssl_setting(options: dict[str, Any]) -> Any:
    """ssl= from aiohttp's older spellings too (the connector's rule, per request)."""
    return merge_ssl_spellings(
        options.get("ssl", True),
        options.get("verify_ssl") is not False,
        options.get("fingerprint"),
        options.get("ssl_context"),
        stacklevel=4,  # merge <- _ssl_setting <- check_options <- _request <- the caller
    )

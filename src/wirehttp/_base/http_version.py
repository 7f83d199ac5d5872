"""The HTTP version tuple (`HttpVersion`, `HttpVersion10`, `HttpVersion11`). No I/O."""

from __future__ import annotations

from typing import NamedTuple

__all__ = ("HttpVersion", "HttpVersion10", "HttpVersion11")


class HttpVersion(NamedTuple):
    """Major and minor version; compares equal to a plain `(1, 1)` tuple."""

    major: int
    minor: int


HttpVersion10 = HttpVersion(1, 0)
HttpVersion11 = HttpVersion(1, 1)

HttpVersion.__module__ = "wirehttp"  # documented as wirehttp.HttpVersion

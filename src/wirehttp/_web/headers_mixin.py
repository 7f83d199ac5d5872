"""Read-side header properties shared by requests and responses.

Owns: `content_type`, `charset` and `content_length` read from `self._headers`, parsed once
per distinct value (the parser caches). Must not import `_client`.
"""

from __future__ import annotations

from typing import Any

from .._base.content_type import parse_content_type

__all__ = ("HeadersMixin",)


class HeadersMixin:
    """Expects `self._headers` to be a case-insensitive multidict (or proxy)."""

    __slots__ = ()
    _headers: Any
    _default_content_type = "application/octet-stream"

    @property
    def content_type(self) -> str:
        """The media type, lower-cased, without parameters (`application/octet-stream` when absent)."""
        raw = self._headers.get("Content-Type")
        if raw is None:
            return self._default_content_type
        return parse_content_type(raw)[0] or self._default_content_type

    @property
    def charset(self) -> str | None:
        """The `charset` parameter of Content-Type, or None."""
        raw = self._headers.get("Content-Type")
        if raw is None:
            return None
        return parse_content_type(raw)[1].get("charset")

    @property
    def content_length(self) -> int | None:
        """Content-Length as an int, or None when absent."""
        raw = self._headers.get("Content-Length")
        if raw is None:
            return None
        return int(raw)

"""RequestInfo: the frozen record of what was asked, carried by responses and ClientResponseError.

Owns only the record. It is built by the client request code (later in this issue) and read by
ClientResponseError's str() (which shows ``real_url``). Imports nothing above _base.
"""

from __future__ import annotations

import enum
from typing import NamedTuple

from multidict import CIMultiDictProxy
from yarl import URL

__all__ = ("RequestInfo",)


class _Unset(enum.Enum):
    """Marks real_url as not given, so that an explicit None stays None (as aiohttp keeps it)."""

    UNSET = enum.auto()


_UNSET = _Unset.UNSET


class _RequestInfoFields(NamedTuple):
    url: URL
    method: str
    headers: CIMultiDictProxy[str]
    real_url: URL


class RequestInfo(_RequestInfoFields):
    """url, method, headers and real_url of a request; real_url defaults to url.

    A tuple, so it is immutable, compares by value and pickles when its headers do.
    ``real_url`` is the URL with its fragment, ``url`` the one sent.
    """

    __slots__ = ()

    def __new__(
        cls,
        url: URL,
        method: str,
        headers: CIMultiDictProxy[str],
        real_url: URL | _Unset = _UNSET,
    ) -> RequestInfo:
        full_url = url if real_url is _UNSET else real_url
        return super().__new__(cls, url, method, headers, full_url)


RequestInfo.__module__ = "wirehttp"

"""The loose argument types of the client API (aiohttp.typedefs' LooseHeaders, StrOrURL, Query).

Owns the aliases a user annotates arguments with: `LooseHeaders` (what `headers=` accepts),
`StrOrURL` (a URL given as text or as a yarl URL) and `Query` (what `params=` accepts, yarl's
own alias). The cookie aliases live with the cookie jar (`_client/cookies/loose_types.py`).
No I/O; imports nothing of wirehttp.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Union

from multidict import CIMultiDict, CIMultiDictProxy, istr
from yarl import URL
from yarl import Query as Query

__all__ = ("LooseHeaders", "Query", "StrOrURL")

# Evaluated at runtime (public aliases), hence Union rather than `X | Y` on generic classes.
LooseHeaders = Union[  # noqa: UP007
    Mapping[str, str],
    Mapping[istr, str],
    CIMultiDict[str],
    CIMultiDictProxy[str],
    Iterable[tuple[Union[str, istr], str]],  # noqa: UP007
]
StrOrURL = Union[str, URL]  # noqa: UP007

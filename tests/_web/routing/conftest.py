"""Fixtures for routing unit tests: a minimal request double and an aiohttp-peer helper.

The router reads only `method`, `rel_url` (`path_safe`) and, for domain rules, `headers`;
handlers under test may also read `match_info`. The real Request is tested elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from multidict import CIMultiDict
from yarl import URL


class FakeRequest:
    """What the router and the static handler touch on a request, and nothing else."""

    def __init__(self, method: str, target: str, headers: dict[str, str] | None = None) -> None:
        self.method = method
        self.rel_url = URL(target)
        self.headers = CIMultiDict(headers or {})
        self.match_info: dict[str, str] = {}
        self.version = (1, 1)


@pytest.fixture
def make_request() -> Callable[..., FakeRequest]:
    def make(method: str, target: str, headers: dict[str, str] | None = None) -> FakeRequest:
        return FakeRequest(method, target, headers)

    return make

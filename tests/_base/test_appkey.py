"""AppKey / RequestKey / ResponseKey: typed keys, identity semantics and aiohttp-shaped repr."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from aiohttp import web as peer_web

from wirehttp._base.appkey import AppKey, BaseKey, RequestKey, ResponseKey


class Custom:
    pass


# Module-level keys, so both libraries prefix the same module name.
OURS = [
    AppKey("plain", int),
    AppKey("custom", Custom),
    AppKey("untyped"),
    AppKey[str]("alias"),
    AppKey[Iterable[int]]("generic"),
]
THEIRS = [
    peer_web.AppKey("plain", int),
    peer_web.AppKey("custom", Custom),
    peer_web.AppKey("untyped"),
    peer_web.AppKey[str]("alias"),
    peer_web.AppKey[Iterable[int]]("generic"),
]
OTHER_KINDS = [RequestKey("req", int), ResponseKey("resp", str)]
PEER_OTHER_KINDS = [peer_web.RequestKey("req", int), peer_web.ResponseKey("resp", str)]


@pytest.mark.parametrize(
    ("ours", "theirs"), list(zip(OURS + OTHER_KINDS, THEIRS + PEER_OTHER_KINDS, strict=True))
)
def test_repr_matches_aiohttp(ours: BaseKey[object], theirs: object) -> None:
    assert repr(ours) == repr(theirs)


def test_repr_names_the_defining_module_and_type() -> None:
    assert repr(OURS[0]) == f"<AppKey({__name__}.plain, type=int)>"
    assert repr(OURS[1]) == f"<AppKey({__name__}.custom, type={__name__}.Custom)>"
    assert repr(OURS[2]) == f"<AppKey({__name__}.untyped, type=<<Unknown>>)>"


def test_keys_are_distinct_by_identity() -> None:
    a = AppKey("same", int)
    b = AppKey("same", int)
    store: dict[object, int] = {a: 1, b: 2}
    assert store[a] == 1 and store[b] == 2
    assert a != b


def test_keys_sort_by_name_and_before_strings() -> None:
    b = AppKey("b", int)
    a = AppKey("a", int)
    assert sorted([b, a]) == [a, b]
    assert a < "zzz"


def test_key_kinds_and_slots() -> None:
    assert isinstance(OTHER_KINDS[0], BaseKey) and not isinstance(OTHER_KINDS[0], AppKey)
    assert not hasattr(OURS[0], "__dict__")


def test_usable_as_a_mapping_key_with_its_type() -> None:
    key = AppKey("counter", int)
    app: dict[AppKey[int], int] = {key: 3}
    value: int = app[key]
    assert value == 3

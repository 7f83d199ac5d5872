"""helpers.reify: computed once per instance, read-only, cached in `_cache` or `__dict__`."""

from __future__ import annotations

from typing import Any

import pytest

from wirehttp import helpers
from wirehttp._base.reify import reify


class WithCache:
    __slots__ = ("_cache", "calls")

    def __init__(self) -> None:
        self._cache: dict[str, Any] = {}
        self.calls = 0

    @reify
    def value(self) -> int:
        """The docstring of value."""
        self.calls += 1
        return 42


class Plain:
    def __init__(self) -> None:
        self.calls = 0

    @reify
    def value(self) -> str:
        self.calls += 1
        return f"computed {self.calls}"


class NowhereToCache:
    __slots__ = ()

    @reify
    def value(self) -> int:
        return 1


def test_public_name() -> None:
    assert helpers.reify is reify
    assert reify.__module__ == "wirehttp.helpers"


def test_computed_once_and_kept_in_the_cache_dict() -> None:
    obj = WithCache()
    assert (obj.value, obj.value) == (42, 42)
    assert obj.calls == 1
    assert obj._cache == {"value": 42}


def test_instances_do_not_share_values() -> None:
    first, second = Plain(), Plain()
    assert first.value == "computed 1"
    second.calls = 5
    assert second.value == "computed 6"
    assert first.value == "computed 1"


def test_without_a_cache_dict_the_instance_dict_holds_it() -> None:
    obj = Plain()
    assert obj.value == obj.value == "computed 1"
    assert obj.calls == 1
    assert obj.__dict__["value"] == "computed 1"


def test_read_only() -> None:
    obj = WithCache()
    with pytest.raises(AttributeError, match="read-only"):
        obj.value = 1  # type: ignore[misc]


def test_class_access_gives_the_descriptor_with_the_docstring() -> None:
    descriptor = WithCache.__dict__["value"]
    assert WithCache.value is descriptor
    assert descriptor.__doc__ == "The docstring of value."
    assert descriptor.name == "value"


def test_an_exception_is_not_cached() -> None:
    class Flaky:
        def __init__(self) -> None:
            self.fail = True

        @reify
        def value(self) -> int:
            if self.fail:
                raise ValueError("not yet")
            return 7

    obj = Flaky()
    with pytest.raises(ValueError, match="not yet"):
        _ = obj.value
    obj.fail = False
    assert obj.value == 7


def test_no_place_to_cache_is_a_clear_type_error() -> None:
    with pytest.raises(TypeError, match="_cache dict"):
        _ = NowhereToCache().value

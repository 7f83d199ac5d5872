"""wirehttp.hdrs offers exactly the constants of aiohttp.hdrs, with the same values and types.

aiohttp is imported here only as the reference to compare with; the library never imports it.
"""

from __future__ import annotations

from types import ModuleType

import aiohttp.hdrs as reference
import pytest
from multidict import CIMultiDict, istr

from wirehttp import hdrs


def constants(module: ModuleType) -> dict[str, object]:
    """The public constants: upper-case names (aiohttp.hdrs also leaks `istr`, `Final`...)."""
    return {name: value for name, value in vars(module).items() if name.isupper()}


def test_same_names_as_aiohttp() -> None:
    ours, theirs = set(constants(hdrs)), set(constants(reference))
    assert sorted(theirs - ours) == [], "missing from wirehttp.hdrs"
    assert sorted(ours - theirs) == [], "not in aiohttp.hdrs"


@pytest.mark.parametrize("name", sorted(constants(reference)))
def test_same_value_and_type_as_aiohttp(name: str) -> None:
    ours, theirs = getattr(hdrs, name), getattr(reference, name)
    assert ours == theirs
    if isinstance(theirs, str):
        # istr for header names, plain str for methods: the spelling must match exactly too,
        # since it is what goes on the wire.
        assert type(ours) is type(theirs)
        assert str(ours) == str(theirs)


def test_header_names_are_case_insensitive_keys() -> None:
    headers = CIMultiDict({"content-type": "text/plain"})
    assert headers[hdrs.CONTENT_TYPE] == "text/plain"
    assert isinstance(hdrs.CONTENT_TYPE, istr)


def test_meth_all_holds_every_method_but_the_wildcard() -> None:
    methods = {value for name, value in constants(hdrs).items() if name.startswith("METH_")}
    assert methods - {hdrs.METH_ANY, hdrs.METH_ALL} == hdrs.METH_ALL
    assert hdrs.METH_ANY not in hdrs.METH_ALL


def test_host_all_is_every_casing_of_host() -> None:
    assert len(hdrs.HOST_ALL) == 2 ** len("host")
    assert {"host", "HOST", "hOsT"} <= hdrs.HOST_ALL
    assert all(name.lower() == "host" for name in hdrs.HOST_ALL)

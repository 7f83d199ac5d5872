"""ETags: parsing If-Match / If-None-Match lists, comparison, rendering and validation."""

from __future__ import annotations

import dataclasses

import pytest
from aiohttp import ETag as PeerETag

from wirehttp._base.etag import (
    ETAG_ANY,
    ETag,
    format_etag,
    match_any,
    parse_etag_list,
    strong_match,
    validate_etag_value,
    weak_match,
)

W = True


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ('"xyzzy"', (ETag("xyzzy"),)),
        ('W/"xyzzy"', (ETag("xyzzy", W),)),
        ('"a", W/"b",  "c"', (ETag("a"), ETag("b", W), ETag("c"))),
        ('"a",W/"b"', (ETag("a"), ETag("b", W))),
        ('""', (ETag(""),)),
        ('"a,b"', (ETag("a,b"),)),  # a comma inside the quotes belongs to the tag
        ('"caf\u00e9"', (ETag("caf\u00e9"),)),  # obs-text
        ("", ()),
        ("   ", ()),
        # malformed entries are skipped, the rest still counts
        ('bare, "good"', (ETag("good"),)),
        ('"a" junk, "b"', (ETag("b"),)),
        ('w/"lower", "b"', (ETag("b"),)),
        ('W/ "space", "b"', (ETag("b"),)),
        ('"unterminated, "b"', (ETag("b"),)),  # recovery resumes after the next comma
        ('"a\\"b", "c"', (ETag("c"),)),
        ('"x\ty", "c"', (ETag("c"),)),
        ('*, "a"', (ETag("a"),)),
        (",,,", ()),
        ('"a",', (ETag("a"),)),
    ],
)
def test_parse_etag_list(header: str, expected: tuple[ETag, ...]) -> None:
    assert parse_etag_list(header) == expected


@pytest.mark.parametrize("header", ["*", " * ", "\t*"])
def test_star_is_the_any_sentinel(header: str) -> None:
    assert parse_etag_list(header) == ETAG_ANY == "*"


def test_hostile_header_is_linear() -> None:
    # Many unterminated quotes and commas: parsing must finish fast and find nothing.
    assert parse_etag_list('"a,' * 50_000) == ()
    assert parse_etag_list(" " * 100_000 + "x") == ()
    assert len(parse_etag_list('"a", ' * 10_000)) == 10_000


def test_etag_is_frozen_slotted_and_shaped_like_aiohttp() -> None:
    tag = ETag("v")
    assert tag.is_weak is False
    assert ETag("v", is_weak=True) == ETag(value="v", is_weak=True)
    assert ETag("v") != ETag("v", True)
    assert hash(ETag("v")) == hash(ETag("v"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        tag.value = "w"  # type: ignore[misc]
    assert not hasattr(tag, "__dict__")
    assert [f.name for f in dataclasses.fields(ETag)] == ["value", "is_weak"]
    peer = PeerETag("v", is_weak=True)
    assert repr(ETag("v", is_weak=True)) == repr(peer)


@pytest.mark.parametrize(
    ("a", "b", "strong", "weak"),
    # RFC 9110 8.8.3.2, the example table
    [
        (ETag("1", W), ETag("1", W), False, True),
        (ETag("1", W), ETag("2", W), False, False),
        (ETag("1", W), ETag("1"), False, True),
        (ETag("1"), ETag("1"), True, True),
        (ETag("1"), ETag("2"), False, False),
    ],
)
def test_comparison_table(a: ETag, b: ETag, strong: bool, weak: bool) -> None:
    assert strong_match(a, b) is strong
    assert strong_match(b, a) is strong
    assert weak_match(a, b) is weak
    assert weak_match(b, a) is weak


def test_match_any() -> None:
    current = ETag("v1")
    assert match_any(parse_etag_list('"v0", "v1"'), current, weak=False)
    assert not match_any(parse_etag_list('W/"v1"'), current, weak=False)
    assert match_any(parse_etag_list('W/"v1"'), current, weak=True)
    assert not match_any((), current, weak=True)
    assert match_any(ETAG_ANY, current, weak=False)
    # "*" needs a current representation to match
    assert not match_any(ETAG_ANY, None, weak=False)
    assert not match_any(parse_etag_list('"v1"'), None, weak=True)


def test_format_etag() -> None:
    assert format_etag(ETag("abc")) == '"abc"'
    assert format_etag(ETag("abc", is_weak=True)) == 'W/"abc"'
    assert format_etag(ETag("*")) == "*"
    for tag in (ETag("a"), ETag("b", W), ETag("x,y", W)):
        assert parse_etag_list(format_etag(tag)) == (tag,)


@pytest.mark.parametrize(
    "value", ['a"b', "a\r\nSet-Cookie: x=y", "a\nb", "a b", "a\x00", "", "a\x7f"]
)
def test_invalid_values_cannot_be_sent(value: str) -> None:
    with pytest.raises(ValueError):
        validate_etag_value(value)
    with pytest.raises(ValueError):
        format_etag(ETag(value))


@pytest.mark.parametrize(
    "value", ["abc", "*", "0-1a2b", "!#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", "caf\u00e9"]
)
def test_valid_values(value: str) -> None:
    validate_etag_value(value)

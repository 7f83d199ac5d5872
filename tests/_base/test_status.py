"""http.RESPONSES: every status with its phrase and description, indexable by plain int."""

from __future__ import annotations

from http import HTTPStatus

from wirehttp import http
from wirehttp._base.status import RESPONSES


def test_public_name() -> None:
    assert http.RESPONSES is RESPONSES


def test_every_standard_status_is_there() -> None:
    assert set(RESPONSES) == set(HTTPStatus)


def test_plain_int_lookup_gives_phrase_and_description() -> None:
    assert RESPONSES[404] == ("Not Found", "Nothing matches the given URI")
    assert RESPONSES[200][0] == "OK"
    assert RESPONSES[418][0] == "I'm a Teapot"


def test_values_are_pairs_of_strings() -> None:
    assert all(
        isinstance(phrase, str) and isinstance(description, str)
        for phrase, description in RESPONSES.values()
    )

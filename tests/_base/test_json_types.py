"""typedefs' JSON names: the coder signatures and the stdlib defaults."""

from __future__ import annotations

import json
import typing
from collections.abc import Callable

from wirehttp import typedefs
from wirehttp._base import json_types


def test_public_names_are_the_private_ones() -> None:
    for name in json_types.__all__:
        assert getattr(typedefs, name) is getattr(json_types, name)


def test_defaults_are_the_stdlib_coders() -> None:
    assert typedefs.DEFAULT_JSON_ENCODER is json.dumps
    assert typedefs.DEFAULT_JSON_DECODER is json.loads
    assert typedefs.DEFAULT_JSON_DECODER(typedefs.DEFAULT_JSON_ENCODER({"a": [1]})) == {"a": [1]}


def test_coder_signatures() -> None:
    assert typing.get_origin(typedefs.JSONEncoder) is Callable
    assert typing.get_args(typedefs.JSONEncoder)[1] is str
    assert typing.get_args(typedefs.JSONBytesEncoder)[1] is bytes
    assert typing.get_args(typedefs.JSONDecoder)[0] == [str]


def test_byteish_is_the_three_byte_types() -> None:
    assert set(typing.get_args(typedefs.Byteish)) == {bytes, bytearray, memoryview}

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


# default_json_dumps: json_response's stand-in for json.dumps, which must never differ from it
_CIRCULAR: list[object] = []
_CIRCULAR.append(_CIRCULAR)
SAME_AS_JSON_DUMPS = [
    {"message": "Hello, World!", "id": 1, "ok": True},
    'é\n"\x00',
    1.5,
    float("nan"),
    float("-inf"),
    -0.0,
    10**30,
    [1, [2, {"a": None}]],
    (1, 2),
    {1: 2, 2.5: 3, None: 4, False: 5},
    [],
    {},
]
REFUSED_LIKE_JSON_DUMPS = [object(), {"a": {1, 2}}, {(1, 2): 3}, _CIRCULAR]


def _outcome(dumps: Callable[[object], str], value: object) -> tuple[object, str]:
    try:
        return ("ok", dumps(value))
    except (TypeError, ValueError) as exc:
        return (type(exc), str(exc))


def test_default_json_dumps_writes_what_json_dumps_writes() -> None:
    fast = json_types.default_json_dumps(json.dumps)
    assert fast is not json.dumps  # the C-encoder path is taken on CPython
    for value in SAME_AS_JSON_DUMPS + REFUSED_LIKE_JSON_DUMPS:
        assert _outcome(fast, value) == _outcome(json.dumps, value), value


def test_a_failed_call_leaves_no_state_behind() -> None:
    fast = json_types.default_json_dumps(json.dumps)
    shared = {"x": 1}
    assert _outcome(fast, [shared, object()])[0] is TypeError
    assert fast([shared, shared]) == json.dumps([shared, shared])


def test_any_other_dumps_is_used_as_given() -> None:
    def mine(value: object) -> str:
        return "mine"

    assert json_types.default_json_dumps(mine) is mine

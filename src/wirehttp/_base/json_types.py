"""The JSON coder types and defaults (aiohttp.typedefs' JSON names).

Owns: the call signatures a custom `dumps` / `loads` must have (`json_response(dumps=...)`,
`json_bytes_response(dumps=...)`, `request.json(loads=...)`), the stdlib defaults, and
`default_json_dumps`, which stands a faster equal in for `json.dumps` on the hot path.
No I/O; imports nothing of wirehttp.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Union

__all__ = (
    "DEFAULT_JSON_DECODER",
    "DEFAULT_JSON_ENCODER",
    "Byteish",
    "JSONBytesEncoder",
    "JSONDecoder",
    "JSONEncoder",
)  # the names typedefs re-exports; default_json_dumps is wirehttp's own

# Aliases are evaluated at runtime (they are public objects), so they avoid `X | Y` on classes
# that `typing` must subscript: a plain Union keeps them valid on every supported Python.
Byteish = Union[bytes, bytearray, memoryview]  # noqa: UP007
JSONEncoder = Callable[[Any], str]
JSONBytesEncoder = Callable[[Any], bytes]
JSONDecoder = Callable[[str], Any]

DEFAULT_JSON_ENCODER: JSONEncoder = json.dumps
DEFAULT_JSON_DECODER: JSONDecoder = json.loads

_make_c_encoder: Any = getattr(json.encoder, "c_make_encoder", None)
_STDLIB_DEFAULT: Any = json.JSONEncoder().default  # raises aiohttp's (json's) TypeError


def _dumps_with_c_encoder(obj: Any) -> str:
    """`json.dumps(obj)` with every default, straight to the C encoder.

    Does what `json.dumps` → `JSONEncoder.encode` → `iterencode` do for default arguments,
    without those three Python frames (about a microsecond per `json_response`). A fresh markers
    dict per call, as json does, so a failed call cannot leave stale circular-check entries.
    """
    encode = _make_c_encoder(
        {},
        _STDLIB_DEFAULT,
        json.encoder.encode_basestring_ascii,
        None,
        ": ",
        ", ",
        False,
        False,
        True,
    )
    return "".join(encode(obj, 0))


def default_json_dumps(dumps: JSONEncoder) -> JSONEncoder:
    """The function to call for `dumps`: a faster equal of `json.dumps` when that is what it is."""
    if dumps is json.dumps and _make_c_encoder is not None:
        return _dumps_with_c_encoder
    return dumps

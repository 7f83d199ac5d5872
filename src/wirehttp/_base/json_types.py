"""The JSON coder types and defaults (aiohttp.typedefs' JSON names).

Owns: the call signatures a custom `dumps` / `loads` must have (`json_response(dumps=...)`,
`json_bytes_response(dumps=...)`, `request.json(loads=...)`) and the stdlib defaults.
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
)

# Aliases are evaluated at runtime (they are public objects), so they avoid `X | Y` on classes
# that `typing` must subscript: a plain Union keeps them valid on every supported Python.
Byteish = Union[bytes, bytearray, memoryview]  # noqa: UP007
JSONEncoder = Callable[[Any], str]
JSONBytesEncoder = Callable[[Any], bytes]
JSONDecoder = Callable[[str], Any]

DEFAULT_JSON_ENCODER: JSONEncoder = json.dumps
DEFAULT_JSON_DECODER: JSONDecoder = json.loads

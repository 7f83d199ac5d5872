"""Type aliases shared by the routing modules (handlers, expect handlers, paths).

Owns no behaviour. Request and response types are imported for type checking only, so the
routing package never imports the request or response modules at run time through here.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Optional, Union

if TYPE_CHECKING:
    from ..request import Request
    from ..stream_response import StreamResponse

Handler = Callable[["Request"], Awaitable["StreamResponse"]]
ExpectHandler = Callable[["Request"], Awaitable[Optional["StreamResponse"]]]
PathLike = Union[str, "os.PathLike[str]"]
InfoDict = dict[str, Any]

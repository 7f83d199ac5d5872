"""wirehttp: an asyncio HTTP client and server, API-compatible with aiohttp 3.14."""

import importlib.util
from typing import TYPE_CHECKING

from . import hdrs as hdrs
from ._base.auth import BasicAuth as BasicAuth
from ._base.auth import encode_basic_auth as encode_basic_auth
from ._base.chain_map import ChainMapProxy as ChainMapProxy
from ._base.etag import ETag as ETag
from ._base.http_version import HttpVersion as HttpVersion
from ._base.http_version import HttpVersion10 as HttpVersion10
from ._base.http_version import HttpVersion11 as HttpVersion11
from ._base.version import __version__ as __version__
from ._io.streams import EMPTY_PAYLOAD as EMPTY_PAYLOAD
from ._io.streams import EofStream as EofStream
from ._io.streams import StreamReader as StreamReader

# The gunicorn workers are exported only where gunicorn is installed (as in aiohttp), so that
# `from wirehttp import *` never needs it. They stay lazy: wirehttp._server.worker's module
# `__getattr__`, taken over here, builds them (importing gunicorn) when first looked up, so
# `import wirehttp` does not import gunicorn. Without gunicorn there is no `__getattr__` and
# `wirehttp.GunicornWebWorker` is a plain AttributeError.
# Type checkers see the two names instead, so other attributes of wirehttp do not become Any.
if TYPE_CHECKING:
    from ._server.worker import GunicornUVLoopWebWorker as GunicornUVLoopWebWorker
    from ._server.worker import GunicornWebWorker as GunicornWebWorker
elif importlib.util.find_spec("gunicorn") is not None:
    from ._server.worker import __getattr__ as __getattr__

if importlib.util.find_spec("gunicorn") is not None:
    __all__: tuple[str, ...] = (
        "BasicAuth",
        "ChainMapProxy",
        "EMPTY_PAYLOAD",
        "ETag",
        "EofStream",
        "GunicornUVLoopWebWorker",
        "GunicornWebWorker",
        "HttpVersion",
        "HttpVersion10",
        "HttpVersion11",
        "StreamReader",
        "encode_basic_auth",
        "hdrs",
    )
else:
    __all__ = (
        "BasicAuth",
        "ChainMapProxy",
        "EMPTY_PAYLOAD",
        "ETag",
        "EofStream",
        "HttpVersion",
        "HttpVersion10",
        "HttpVersion11",
        "StreamReader",
        "encode_basic_auth",
        "hdrs",
    )

"""wirehttp: an asyncio HTTP client and server, API-compatible with aiohttp 3.14."""

import importlib.util

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
# `from wirehttp import *` never needs it; wirehttp._server.worker builds them on first use.
if importlib.util.find_spec("gunicorn") is not None:
    from ._server.worker import GunicornUVLoopWebWorker as GunicornUVLoopWebWorker
    from ._server.worker import GunicornWebWorker as GunicornWebWorker

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

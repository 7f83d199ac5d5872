"""wirehttp.helpers: the public helpers of aiohttp.helpers that wirehttp has."""

from ._base.auth import BasicAuth as BasicAuth
from ._base.chain_map import ChainMapProxy as ChainMapProxy
from ._base.etag import ETag as ETag
from ._base.reify import reify as reify

__all__ = (
    "BasicAuth",
    "ChainMapProxy",
    "ETag",
    "reify",
)

"""wirehttp.cors: CORS for web apps (aiohttp_cors's API). Re-exports only; see docs/internals.md."""

from ._ext.cors.config import (
    CorsConfig as CorsConfig,
)
from ._ext.cors.config import (
    setup as setup,
)
from ._ext.cors.mixin import (
    CorsViewMixin as CorsViewMixin,
)
from ._ext.cors.mixin import (
    custom_cors as custom_cors,
)
from ._ext.cors.options import (
    ResourceOptions as ResourceOptions,
)

__all__ = (
    "CorsConfig",
    "CorsViewMixin",
    "ResourceOptions",
    "custom_cors",
    "setup",
)

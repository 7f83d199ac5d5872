"""wirehttp.web_middlewares: the middleware decorator and normalize_path_middleware."""

from ._web.middlewares import middleware as middleware
from ._web.middlewares import normalize_path_middleware as normalize_path_middleware

__all__ = (
    "middleware",
    "normalize_path_middleware",
)

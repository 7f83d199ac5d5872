"""wirehttp.web_app: the Application."""

from ._web.app import Application as Application
from ._web.cleanup import CleanupError as CleanupError

__all__ = (
    "Application",
    "CleanupError",
)

"""wirehttp.web_log: the default access logger."""

from ._server.access_log import AccessLogger as AccessLogger

__all__ = ("AccessLogger",)

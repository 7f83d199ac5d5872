"""wirehttp.web_server: the low-level web Server (a handler without an Application)."""

from ._web.server import Server as Server

__all__ = ("Server",)

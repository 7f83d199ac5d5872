"""wirehttp.web_protocol: the per-connection request handler."""

from ._server.protocol import RequestHandler as RequestHandler

__all__ = ("RequestHandler",)

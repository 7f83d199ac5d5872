"""wirehttp.web_protocol: the per-connection request handler and the request body errors."""

from ._server.payload_errors import PayloadAccessError as PayloadAccessError
from ._server.payload_errors import RequestPayloadError as RequestPayloadError
from ._server.protocol import RequestHandler as RequestHandler

__all__ = (
    "PayloadAccessError",
    "RequestHandler",
    "RequestPayloadError",
)

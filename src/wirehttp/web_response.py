"""wirehttp.web_response: the response classes, json_response and json_bytes_response."""

from ._web.response import Response as Response
from ._web.response import json_bytes_response as json_bytes_response
from ._web.response import json_response as json_response
from ._web.stream_response import ContentCoding as ContentCoding
from ._web.stream_response import StreamResponse as StreamResponse

__all__ = (
    "ContentCoding",
    "Response",
    "StreamResponse",
    "json_bytes_response",
    "json_response",
)

"""wirehttp.web_request: the server-side request classes."""

from ._web.multipart_form import FileField as FileField
from ._web.request import BaseRequest as BaseRequest
from ._web.request import Request as Request

__all__ = (
    "BaseRequest",
    "FileField",
    "Request",
)

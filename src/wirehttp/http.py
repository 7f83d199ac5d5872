"""wirehttp.http: HTTP version constants, the status table and the server software string."""

from ._base.http_version import HttpVersion as HttpVersion
from ._base.http_version import HttpVersion10 as HttpVersion10
from ._base.http_version import HttpVersion11 as HttpVersion11
from ._base.status import RESPONSES as RESPONSES
from ._web.stream_response import SERVER_SOFTWARE as SERVER_SOFTWARE

__all__ = (
    "HttpVersion",
    "HttpVersion10",
    "HttpVersion11",
    "RESPONSES",
    "SERVER_SOFTWARE",
)

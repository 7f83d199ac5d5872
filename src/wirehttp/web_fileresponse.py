"""wirehttp.web_fileresponse: FileResponse, a response that sends a file."""

from ._web.file_response import FileResponse as FileResponse

__all__ = ("FileResponse",)

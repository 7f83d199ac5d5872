"""wirehttp.multipart: the multipart reader and writer, and Content-Disposition parsing."""

from ._body.body_part import BodyPartReader as BodyPartReader
from ._body.body_part import BodyPartReaderPayload as BodyPartReaderPayload
from ._body.disposition import BadContentDispositionHeader as BadContentDispositionHeader
from ._body.disposition import BadContentDispositionParam as BadContentDispositionParam
from ._body.disposition import content_disposition_filename as content_disposition_filename
from ._body.disposition import parse_content_disposition as parse_content_disposition
from ._body.multipart_reader import MultipartReader as MultipartReader
from ._body.multipart_reader import MultipartResponseWrapper as MultipartResponseWrapper
from ._body.multipart_writer import MultipartWriter as MultipartWriter

__all__ = (
    "BadContentDispositionHeader",
    "BadContentDispositionParam",
    "BodyPartReader",
    "MultipartReader",
    "MultipartWriter",
    "content_disposition_filename",
    "parse_content_disposition",
)

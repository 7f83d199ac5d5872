"""wirehttp.streams: the body StreamReader, EMPTY_PAYLOAD and EofStream."""

from ._io.empty_stream import EMPTY_PAYLOAD as EMPTY_PAYLOAD
from ._io.streams import EofStream as EofStream
from ._io.streams import StreamReader as StreamReader

__all__ = (
    "EMPTY_PAYLOAD",
    "EofStream",
    "StreamReader",
)

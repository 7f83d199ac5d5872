"""wirehttp.payload: the Payload classes and the registry that picks one for a value."""

from ._body.io_payload import BufferedReaderPayload as BufferedReaderPayload
from ._body.io_payload import BytesIOPayload as BytesIOPayload
from ._body.io_payload import IOBasePayload as IOBasePayload
from ._body.io_payload import TextIOPayload as TextIOPayload
from ._body.iter_payload import AsyncIterablePayload as AsyncIterablePayload
from ._body.iter_payload import StreamReaderPayload as StreamReaderPayload
from ._body.payload import BytesPayload as BytesPayload
from ._body.payload import JsonBytesPayload as JsonBytesPayload
from ._body.payload import JsonPayload as JsonPayload
from ._body.payload import Payload as Payload
from ._body.payload import StringIOPayload as StringIOPayload
from ._body.payload import StringPayload as StringPayload
from ._body.registry import PAYLOAD_REGISTRY as PAYLOAD_REGISTRY
from ._body.registry import LookupError as LookupError
from ._body.registry import Order as Order
from ._body.registry import PayloadRegistry as PayloadRegistry
from ._body.registry import get_payload as get_payload
from ._body.registry import payload_type as payload_type
from ._body.registry import register_payload as register_payload

__all__ = (
    "AsyncIterablePayload",
    "BufferedReaderPayload",
    "BytesIOPayload",
    "BytesPayload",
    "IOBasePayload",
    "JsonBytesPayload",
    "JsonPayload",
    "PAYLOAD_REGISTRY",
    "Payload",
    "StringIOPayload",
    "StringPayload",
    "TextIOPayload",
    "get_payload",
    "payload_type",
)

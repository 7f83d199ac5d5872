"""wirehttp: an asyncio HTTP client and server, API-compatible with aiohttp 3.14."""

import importlib.util
from typing import TYPE_CHECKING

# First: with WIREHTTP_NO_EXTENSIONS set, it makes the imports below take Python sources only.
from ._base import pure_python as _pure_python  # noqa: F401  # isort: skip
from . import hdrs as hdrs
from ._base.auth import BasicAuth as BasicAuth
from ._base.auth import encode_basic_auth as encode_basic_auth
from ._base.chain_map import ChainMapProxy as ChainMapProxy
from ._base.etag import ETag as ETag
from ._base.http_version import HttpVersion as HttpVersion
from ._base.http_version import HttpVersion10 as HttpVersion10
from ._base.http_version import HttpVersion11 as HttpVersion11
from ._base.version import __version__ as __version__
from ._base.zlib_backend import set_zlib_backend as set_zlib_backend
from ._body.body_part import BodyPartReader as BodyPartReader
from ._body.disposition import BadContentDispositionHeader as BadContentDispositionHeader
from ._body.disposition import BadContentDispositionParam as BadContentDispositionParam
from ._body.disposition import content_disposition_filename as content_disposition_filename
from ._body.disposition import parse_content_disposition as parse_content_disposition
from ._body.formdata import FormData as FormData
from ._body.io_payload import BufferedReaderPayload as BufferedReaderPayload
from ._body.io_payload import BytesIOPayload as BytesIOPayload
from ._body.io_payload import IOBasePayload as IOBasePayload
from ._body.io_payload import TextIOPayload as TextIOPayload
from ._body.iter_payload import AsyncIterablePayload as AsyncIterablePayload
from ._body.multipart_reader import MultipartReader as MultipartReader
from ._body.multipart_writer import MultipartWriter as MultipartWriter
from ._body.payload import BytesPayload as BytesPayload
from ._body.payload import JsonPayload as JsonPayload
from ._body.payload import Payload as Payload
from ._body.payload import StringIOPayload as StringIOPayload
from ._body.payload import StringPayload as StringPayload
from ._body.registry import PAYLOAD_REGISTRY as PAYLOAD_REGISTRY
from ._body.registry import get_payload as get_payload
from ._body.registry import payload_type as payload_type
from ._body.streamer import streamer as streamer
from ._client.connector.base import BaseConnector as BaseConnector
from ._client.connector.dns import AsyncResolver as AsyncResolver
from ._client.connector.dns import DefaultResolver as DefaultResolver
from ._client.connector.dns import ThreadedResolver as ThreadedResolver
from ._client.connector.eyeballs import AddrInfoType as AddrInfoType
from ._client.connector.eyeballs import SocketFactoryType as SocketFactoryType
from ._client.connector.tcp import TCPConnector as TCPConnector
from ._client.connector.tls import Fingerprint as Fingerprint
from ._client.connector.unix import UnixConnector as UnixConnector
from ._client.cookies.dummy import DummyCookieJar as DummyCookieJar
from ._client.cookies.jar import CookieJar as CookieJar
from ._client.digest_auth import DigestAuthMiddleware as DigestAuthMiddleware
from ._client.exceptions import ClientConnectionError as ClientConnectionError
from ._client.exceptions import ClientConnectionResetError as ClientConnectionResetError
from ._client.exceptions import ClientConnectorCertificateError as ClientConnectorCertificateError
from ._client.exceptions import ClientConnectorDNSError as ClientConnectorDNSError
from ._client.exceptions import ClientConnectorError as ClientConnectorError
from ._client.exceptions import ClientConnectorSSLError as ClientConnectorSSLError
from ._client.exceptions import ClientError as ClientError
from ._client.exceptions import ClientHttpProxyError as ClientHttpProxyError
from ._client.exceptions import ClientOSError as ClientOSError
from ._client.exceptions import ClientPayloadError as ClientPayloadError
from ._client.exceptions import ClientProxyConnectionError as ClientProxyConnectionError
from ._client.exceptions import ClientResponseError as ClientResponseError
from ._client.exceptions import ClientSSLError as ClientSSLError
from ._client.exceptions import ConnectionTimeoutError as ConnectionTimeoutError
from ._client.exceptions import ContentTypeError as ContentTypeError
from ._client.exceptions import InvalidURL as InvalidURL
from ._client.exceptions import InvalidUrlClientError as InvalidUrlClientError
from ._client.exceptions import InvalidUrlRedirectClientError as InvalidUrlRedirectClientError
from ._client.exceptions import NonHttpUrlClientError as NonHttpUrlClientError
from ._client.exceptions import NonHttpUrlRedirectClientError as NonHttpUrlRedirectClientError
from ._client.exceptions import RedirectClientError as RedirectClientError
from ._client.exceptions import ServerConnectionError as ServerConnectionError
from ._client.exceptions import ServerDisconnectedError as ServerDisconnectedError
from ._client.exceptions import ServerFingerprintMismatch as ServerFingerprintMismatch
from ._client.exceptions import ServerTimeoutError as ServerTimeoutError
from ._client.exceptions import SocketTimeoutError as SocketTimeoutError
from ._client.exceptions import TooManyRedirects as TooManyRedirects
from ._client.exceptions import UploadAbortedError as UploadAbortedError
from ._client.exceptions import WSMessageTypeError as WSMessageTypeError
from ._client.exceptions import WSServerHandshakeError as WSServerHandshakeError
from ._client.middlewares import ClientHandlerType as ClientHandlerType
from ._client.middlewares import ClientMiddlewareType as ClientMiddlewareType
from ._client.oneshot import request as request
from ._client.request import ClientRequest as ClientRequest
from ._client.request_info import RequestInfo as RequestInfo
from ._client.response import ClientResponse as ClientResponse
from ._client.session import ClientSession as ClientSession
from ._client.timeouts import ClientTimeout as ClientTimeout
from ._client.tracing import TraceConfig as TraceConfig
from ._client.tracing import TraceConnectionCreateEndParams as TraceConnectionCreateEndParams
from ._client.tracing import TraceConnectionCreateStartParams as TraceConnectionCreateStartParams
from ._client.tracing import TraceConnectionQueuedEndParams as TraceConnectionQueuedEndParams
from ._client.tracing import TraceConnectionQueuedStartParams as TraceConnectionQueuedStartParams
from ._client.tracing import TraceConnectionReuseconnParams as TraceConnectionReuseconnParams
from ._client.tracing import TraceDnsCacheHitParams as TraceDnsCacheHitParams
from ._client.tracing import TraceDnsCacheMissParams as TraceDnsCacheMissParams
from ._client.tracing import TraceDnsResolveHostEndParams as TraceDnsResolveHostEndParams
from ._client.tracing import TraceDnsResolveHostStartParams as TraceDnsResolveHostStartParams
from ._client.tracing import TraceRequestChunkSentParams as TraceRequestChunkSentParams
from ._client.tracing import TraceRequestEndParams as TraceRequestEndParams
from ._client.tracing import TraceRequestExceptionParams as TraceRequestExceptionParams
from ._client.tracing import TraceRequestHeadersSentParams as TraceRequestHeadersSentParams
from ._client.tracing import TraceRequestRedirectParams as TraceRequestRedirectParams
from ._client.tracing import TraceRequestStartParams as TraceRequestStartParams
from ._client.tracing import TraceResponseChunkReceivedParams as TraceResponseChunkReceivedParams
from ._client.upload_tracker import UploadTracker as UploadTracker
from ._client.websocket import ClientWebSocketResponse as ClientWebSocketResponse
from ._client.websocket import ClientWSTimeout as ClientWSTimeout
from ._io.empty_stream import EMPTY_PAYLOAD as EMPTY_PAYLOAD
from ._io.streams import EofStream as EofStream
from ._io.streams import StreamReader as StreamReader
from ._sansio.ws.models import WebSocketError as WebSocketError
from ._sansio.ws.models import WSCloseCode as WSCloseCode
from ._sansio.ws.models import WSMessage as WSMessage
from ._sansio.ws.models import WSMsgType as WSMsgType

# The gunicorn workers are exported only where gunicorn is installed (as in aiohttp), so that
# `from wirehttp import *` never needs it. They stay lazy: wirehttp._server.worker's module
# `__getattr__`, taken over here, builds them (importing gunicorn) when first looked up, so
# `import wirehttp` does not import gunicorn. Without gunicorn there is no `__getattr__` and
# `wirehttp.GunicornWebWorker` is a plain AttributeError.
# Type checkers see the two names instead, so other attributes of wirehttp do not become Any.
if TYPE_CHECKING:
    from ._server.worker import GunicornUVLoopWebWorker as GunicornUVLoopWebWorker
    from ._server.worker import GunicornWebWorker as GunicornWebWorker
elif importlib.util.find_spec("gunicorn") is not None:
    from ._server.worker import __getattr__ as __getattr__

__all__: tuple[str, ...] = (
    "AddrInfoType",
    "AsyncIterablePayload",
    "AsyncResolver",
    "BadContentDispositionHeader",
    "BadContentDispositionParam",
    "BaseConnector",
    "BasicAuth",
    "BodyPartReader",
    "BufferedReaderPayload",
    "BytesIOPayload",
    "BytesPayload",
    "ChainMapProxy",
    "ClientConnectionError",
    "ClientConnectionResetError",
    "ClientConnectorCertificateError",
    "ClientConnectorDNSError",
    "ClientConnectorError",
    "ClientConnectorSSLError",
    "ClientError",
    "ClientHandlerType",
    "ClientHttpProxyError",
    "ClientMiddlewareType",
    "ClientOSError",
    "ClientPayloadError",
    "ClientProxyConnectionError",
    "ClientRequest",
    "ClientResponse",
    "ClientResponseError",
    "ClientSSLError",
    "ClientSession",
    "ClientTimeout",
    "ClientWSTimeout",
    "ClientWebSocketResponse",
    "ConnectionTimeoutError",
    "ContentTypeError",
    "CookieJar",
    "DefaultResolver",
    "DigestAuthMiddleware",
    "DummyCookieJar",
    "EMPTY_PAYLOAD",
    "ETag",
    "EofStream",
    "Fingerprint",
    "FormData",
    "GunicornUVLoopWebWorker",
    "GunicornWebWorker",
    "HttpVersion",
    "HttpVersion10",
    "HttpVersion11",
    "IOBasePayload",
    "InvalidURL",
    "InvalidUrlClientError",
    "InvalidUrlRedirectClientError",
    "JsonPayload",
    "MultipartReader",
    "MultipartWriter",
    "NonHttpUrlClientError",
    "NonHttpUrlRedirectClientError",
    "PAYLOAD_REGISTRY",
    "Payload",
    "RedirectClientError",
    "RequestInfo",
    "ServerConnectionError",
    "ServerDisconnectedError",
    "ServerFingerprintMismatch",
    "ServerTimeoutError",
    "SocketFactoryType",
    "SocketTimeoutError",
    "StreamReader",
    "StringIOPayload",
    "StringPayload",
    "TCPConnector",
    "TextIOPayload",
    "ThreadedResolver",
    "TooManyRedirects",
    "TraceConfig",
    "TraceConnectionCreateEndParams",
    "TraceConnectionCreateStartParams",
    "TraceConnectionQueuedEndParams",
    "TraceConnectionQueuedStartParams",
    "TraceConnectionReuseconnParams",
    "TraceDnsCacheHitParams",
    "TraceDnsCacheMissParams",
    "TraceDnsResolveHostEndParams",
    "TraceDnsResolveHostStartParams",
    "TraceRequestChunkSentParams",
    "TraceRequestEndParams",
    "TraceRequestExceptionParams",
    "TraceRequestHeadersSentParams",
    "TraceRequestRedirectParams",
    "TraceRequestStartParams",
    "TraceResponseChunkReceivedParams",
    "UnixConnector",
    "UploadAbortedError",
    "UploadTracker",
    "WSCloseCode",
    "WSMessage",
    "WSMessageTypeError",
    "WSMsgType",
    "WSServerHandshakeError",
    "WebSocketError",
    "content_disposition_filename",
    "encode_basic_auth",
    "get_payload",
    "hdrs",
    "parse_content_disposition",
    "payload_type",
    "request",
    "set_zlib_backend",
    "streamer",
)
# The gunicorn workers are exported only when gunicorn is installed (see above), so that
# `from wirehttp import *` works without it.
if importlib.util.find_spec("gunicorn") is None:
    __all__ = tuple(name for name in __all__ if not name.startswith("Gunicorn"))

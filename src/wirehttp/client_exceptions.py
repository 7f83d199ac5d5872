"""wirehttp.client_exceptions: the client's exception classes (also exported at the top level)."""

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

# As in aiohttp, TooManyRedirects is importable from here but not listed in __all__.
__all__ = (
    "ClientConnectionError",
    "ClientConnectionResetError",
    "ClientConnectorCertificateError",
    "ClientConnectorDNSError",
    "ClientConnectorError",
    "ClientConnectorSSLError",
    "ClientError",
    "ClientHttpProxyError",
    "ClientOSError",
    "ClientPayloadError",
    "ClientProxyConnectionError",
    "ClientResponseError",
    "ClientSSLError",
    "ConnectionTimeoutError",
    "ContentTypeError",
    "InvalidURL",
    "InvalidUrlClientError",
    "InvalidUrlRedirectClientError",
    "NonHttpUrlClientError",
    "NonHttpUrlRedirectClientError",
    "RedirectClientError",
    "ServerConnectionError",
    "ServerDisconnectedError",
    "ServerFingerprintMismatch",
    "ServerTimeoutError",
    "SocketTimeoutError",
    "UploadAbortedError",
    "WSMessageTypeError",
    "WSServerHandshakeError",
)

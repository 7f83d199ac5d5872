"""The client's exception tree, with aiohttp 3.14's names, bases, constructors and messages.

Everything the client raises at its users is one of these. Layout of the tree:

    ClientError
      ClientConnectionError
        ClientConnectionResetError   (also ConnectionResetError)
        ClientOSError                (also OSError)
          ClientConnectorError       (connection key + the OSError behind it)
            ClientConnectorDNSError, ClientProxyConnectionError
            ClientSSLError
              ClientConnectorSSLError          (also ssl.SSLError)
              ClientConnectorCertificateError  (also ssl.CertificateError)
        ServerConnectionError
          ServerDisconnectedError, ServerFingerprintMismatch
          ServerTimeoutError         (also asyncio.TimeoutError)
            ConnectionTimeoutError, SocketTimeoutError
      ClientResponseError            (a response arrived; carries its RequestInfo and status)
        ContentTypeError, ClientHttpProxyError, TooManyRedirects, WSServerHandshakeError
      ClientPayloadError, UploadAbortedError
      InvalidURL                     (also ValueError)
        InvalidUrlClientError
      RedirectClientError, NonHttpUrlClientError
        InvalidUrlRedirectClientError, NonHttpUrlRedirectClientError
    WSMessageTypeError               (a TypeError only, as in aiohttp)

The connection key: ClientConnectorError and its subclasses take the pool's key for the
connection that failed. The connector's key type comes later in this issue; until then, and
after, any object with ``host``, ``port``, ``ssl`` and ``is_ssl`` attributes will do (see
ConnectionKeyLike). Nothing else of the key is read.

Imports nothing above _client itself (RequestInfo); never _server or _web.
"""

from __future__ import annotations

import asyncio
import ssl
import warnings
from typing import Any, Protocol

from multidict import MultiMapping
from yarl import URL

from .._io.websocket_errors import WSMessageTypeError
from .request_info import RequestInfo

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
    "ConnectionKeyLike",
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
    "TooManyRedirects",
    "UploadAbortedError",
    "WSMessageTypeError",
    "WSServerHandshakeError",
)


class ConnectionKeyLike(Protocol):
    """What the connector errors read from a connection key (read-only attributes suffice)."""

    @property
    def host(self) -> str: ...
    @property
    def port(self) -> int | None: ...
    @property
    def ssl(self) -> object: ...  # True (default checks), False, an SSLContext or a Fingerprint
    @property
    def is_ssl(self) -> bool: ...


class ClientError(Exception):
    """The root of every error the client raises."""


# --- the response arrived, but it is not what was wanted --------------------------------------


class ClientResponseError(ClientError):
    """A response (or the lack of a usable one) for the request in ``request_info``.

    ``status``, ``message`` (the reason phrase or an explanation) and ``headers`` describe the
    response; ``history`` holds the redirect responses before it. ``code`` is the deprecated
    old name of ``status``.
    """

    def __init__(
        self,
        request_info: RequestInfo,
        history: tuple[Any, ...],  # of ClientResponse, once it exists
        *,
        code: int | None = None,
        status: int | None = None,
        message: str = "",
        headers: MultiMapping[str] | None = None,
    ) -> None:
        self.request_info = request_info
        if code is not None:
            if status is not None:
                raise ValueError(
                    "Both code and status arguments are provided; "
                    "code is deprecated, use status instead"
                )
            warnings.warn(
                "code argument is deprecated, use status instead",
                DeprecationWarning,
                stacklevel=2,
            )
        self.status = status if status is not None else code if code is not None else 0
        self.message = message
        self.headers = headers
        self.history = history
        super().__init__(request_info, history)

    def __str__(self) -> str:
        url = str(self.request_info.real_url)
        return f"{self.status}, message={self.message!r}, url={url!r}"

    def __repr__(self) -> str:
        parts = [repr(self.request_info), repr(self.history)]
        if self.status != 0:
            parts.append(f"status={self.status!r}")
        if self.message != "":
            parts.append(f"message={self.message!r}")
        if self.headers is not None:
            parts.append(f"headers={self.headers!r}")
        return f"{type(self).__name__}({', '.join(parts)})"

    @property
    def code(self) -> int:
        warnings.warn(
            "code property is deprecated, use status instead", DeprecationWarning, stacklevel=2
        )
        return self.status

    @code.setter
    def code(self, value: int) -> None:
        warnings.warn(
            "code property is deprecated, use status instead", DeprecationWarning, stacklevel=2
        )
        self.status = value


class ContentTypeError(ClientResponseError):
    """response.json() met a Content-Type it was not told to accept."""


class WSServerHandshakeError(ClientResponseError):
    """The server did not accept the WebSocket handshake."""


class ClientHttpProxyError(ClientResponseError):
    """The proxy answered CONNECT with something other than 2xx."""


class TooManyRedirects(ClientResponseError):
    """More redirects than max_redirects."""


# --- connecting and the connection ----------------------------------------------------------


class ClientConnectionError(ClientError):
    """Something went wrong with the connection (opening it, or while using it)."""


class ClientConnectionResetError(ClientConnectionError, ConnectionResetError):
    """The connection was reset under a request."""


class ClientOSError(ClientConnectionError, OSError):
    """An OSError from the connection, keeping errno and strerror."""


class ClientConnectorError(ClientOSError):
    """The connector could not open a connection to ``host``:``port``.

    ``os_error`` is the error behind it, whose errno and strerror this one takes over;
    ``args`` are the connection key and that error, as given, so OSError's own pickling
    rebuilds it through this __init__ (the key must pickle too).
    """

    def __init__(self, connection_key: ConnectionKeyLike, os_error: OSError) -> None:
        self._conn_key = connection_key
        self._os_error = os_error
        super().__init__(os_error.errno, os_error.strerror)
        self.args = (connection_key, os_error)

    @property
    def os_error(self) -> OSError:
        return self._os_error

    @property
    def host(self) -> str:
        return self._conn_key.host

    @property
    def port(self) -> int | None:
        return self._conn_key.port

    @property
    def ssl(self) -> object:
        return self._conn_key.ssl

    def __str__(self) -> str:
        shown_ssl = "default" if self.ssl is True else self.ssl
        return f"Cannot connect to host {self.host}:{self.port} ssl:{shown_ssl} [{self.strerror}]"


class ClientConnectorDNSError(ClientConnectorError):
    """The host name did not resolve."""


class ClientProxyConnectionError(ClientConnectorError):
    """The proxy could not be reached."""


class ClientSSLError(ClientConnectorError):
    """The TLS handshake failed."""


class ClientConnectorSSLError(ClientSSLError, ssl.SSLError):
    """The TLS handshake failed with an SSLError other than certificate verification."""


class ClientConnectorCertificateError(ClientSSLError, ssl.CertificateError):
    """The server's certificate did not verify; ``certificate_error`` says why.

    ``ssl`` is the key's ``is_ssl`` here, so the message says ssl:True or ssl:False.
    """

    def __init__(self, connection_key: ConnectionKeyLike, certificate_error: Exception) -> None:
        self._certificate_error = certificate_error
        os_error = certificate_error if isinstance(certificate_error, OSError) else OSError()
        super().__init__(connection_key, os_error)
        self.args = (connection_key, certificate_error)

    @property
    def certificate_error(self) -> Exception:
        return self._certificate_error

    @property
    def ssl(self) -> bool:
        return self._conn_key.is_ssl

    def __str__(self) -> str:
        error = self._certificate_error
        return (
            f"Cannot connect to host {self.host}:{self.port} ssl:{self.ssl} "
            f"[{type(error).__name__}: {error.args}]"
        )


class ServerConnectionError(ClientConnectionError):
    """The server end of an open connection failed us."""


class ServerDisconnectedError(ServerConnectionError):
    """The server closed the connection before the response was complete."""

    def __init__(self, message: str | None = None) -> None:
        if message is None:
            message = "Server disconnected"
        self.message = message
        super().__init__(message)


class ServerTimeoutError(ServerConnectionError, asyncio.TimeoutError):
    """A client timeout expired (connect or read)."""


class ConnectionTimeoutError(ServerTimeoutError):
    """Connecting (ClientTimeout.connect / sock_connect) took too long."""


class SocketTimeoutError(ServerTimeoutError):
    """No data arrived within ClientTimeout.sock_read."""


class ServerFingerprintMismatch(ServerConnectionError):
    """The server's certificate does not have the pinned fingerprint."""

    def __init__(self, expected: bytes, got: bytes, host: str, port: int) -> None:
        self.expected = expected
        self.got = got
        self.host = host
        self.port = port
        super().__init__(expected, got, host, port)

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__} expected={self.expected!r} got={self.got!r} "
            f"host={self.host!r} port={self.port!r}>"
        )


# --- bodies -----------------------------------------------------------------------------------


class ClientPayloadError(ClientError):
    """The response body broke off or could not be decoded."""


class UploadAbortedError(ClientError):
    """The request body's upload was aborted before it was all sent."""


# --- URLs and redirects -----------------------------------------------------------------------


class InvalidURL(ClientError, ValueError):
    """A URL the client cannot use; ``description`` says why, when known."""

    def __init__(self, url: str | URL, description: str | None = None) -> None:
        self._url = url
        self._description = description
        if description:
            super().__init__(url, description)
        else:
            super().__init__(url)

    @property
    def url(self) -> str | URL:
        return self._url

    @property
    def description(self) -> str | None:
        return self._description

    def __str__(self) -> str:
        if self._description:
            return f"{self._url} - {self._description}"
        return str(self._url)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self}>"


class InvalidUrlClientError(InvalidURL):
    """The URL given to a request is not valid."""


class RedirectClientError(ClientError):
    """A redirect could not be followed."""


class NonHttpUrlClientError(ClientError):
    """The URL given to a request is not http(s) (or ws(s) for ws_connect)."""


class InvalidUrlRedirectClientError(InvalidUrlClientError, RedirectClientError):
    """A redirect's Location is not a valid URL."""


class NonHttpUrlRedirectClientError(NonHttpUrlClientError, RedirectClientError):
    """A redirect's Location is not http(s)."""


for _cls in (
    ClientError,
    ClientResponseError,
    ContentTypeError,
    WSServerHandshakeError,
    ClientHttpProxyError,
    TooManyRedirects,
    ClientConnectionError,
    ClientConnectionResetError,
    ClientOSError,
    ClientConnectorError,
    ClientConnectorDNSError,
    ClientProxyConnectionError,
    ClientSSLError,
    ClientConnectorSSLError,
    ClientConnectorCertificateError,
    ServerConnectionError,
    ServerDisconnectedError,
    ServerTimeoutError,
    ConnectionTimeoutError,
    SocketTimeoutError,
    ServerFingerprintMismatch,
    ClientPayloadError,
    UploadAbortedError,
    InvalidURL,
    InvalidUrlClientError,
    RedirectClientError,
    NonHttpUrlClientError,
    InvalidUrlRedirectClientError,
    NonHttpUrlRedirectClientError,
    WSMessageTypeError,
):
    _cls.__module__ = "wirehttp"  # documented at the top level, as aiohttp's are
del _cls

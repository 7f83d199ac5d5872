"""HTTP method names and header-field names, the same constants `aiohttp.hdrs` offers.

This is the one public module that is a real module rather than a re-export: it holds constants
only. Header names are `multidict.istr`, so they hash and compare case-insensitively inside a
`CIMultiDict` and keep their canonical spelling when written on the wire.
Private layers may import it (the layer contract allows `wirehttp.hdrs`); it imports nothing
from wirehttp.
"""

from __future__ import annotations

from itertools import product
from typing import Final

from multidict import istr

# Methods (RFC 9110 section 9 and RFC 5789 for PATCH). METH_ANY is the route wildcard.
METH_ANY: Final = "*"
METH_CONNECT: Final = "CONNECT"
METH_HEAD: Final = "HEAD"
METH_GET: Final = "GET"
METH_DELETE: Final = "DELETE"
METH_OPTIONS: Final = "OPTIONS"
METH_PATCH: Final = "PATCH"
METH_POST: Final = "POST"
METH_PUT: Final = "PUT"
METH_TRACE: Final = "TRACE"

METH_ALL: Final[frozenset[str]] = frozenset(
    {
        METH_CONNECT,
        METH_HEAD,
        METH_GET,
        METH_DELETE,
        METH_OPTIONS,
        METH_PATCH,
        METH_POST,
        METH_PUT,
        METH_TRACE,
    }
)

# Content negotiation and representation metadata (RFC 9110 sections 8 and 12).
ACCEPT: Final = istr("Accept")
ACCEPT_CHARSET: Final = istr("Accept-Charset")
ACCEPT_ENCODING: Final = istr("Accept-Encoding")
ACCEPT_LANGUAGE: Final = istr("Accept-Language")
ACCEPT_RANGES: Final = istr("Accept-Ranges")
CONTENT_DISPOSITION: Final = istr("Content-Disposition")  # RFC 6266
CONTENT_ENCODING: Final = istr("Content-Encoding")
CONTENT_ID: Final = istr("Content-ID")  # RFC 2392, multipart parts
CONTENT_LANGUAGE: Final = istr("Content-Language")
CONTENT_LENGTH: Final = istr("Content-Length")
CONTENT_LOCATION: Final = istr("Content-Location")
CONTENT_MD5: Final = istr("Content-MD5")  # RFC 1864, obsolete but still seen
CONTENT_RANGE: Final = istr("Content-Range")
CONTENT_TRANSFER_ENCODING: Final = istr("Content-Transfer-Encoding")  # RFC 2045, multipart
CONTENT_TYPE: Final = istr("Content-Type")
VARY: Final = istr("Vary")

# Digests (RFC 9530, and the older RFC 3230 pair).
CONTENT_DIGEST: Final = istr("Content-Digest")
REPR_DIGEST: Final = istr("Repr-Digest")
WANT_CONTENT_DIGEST: Final = istr("Want-Content-Digest")
WANT_REPR_DIGEST: Final = istr("Want-Repr-Digest")
DIGEST: Final = istr("Digest")
WANT_DIGEST: Final = istr("Want-Digest")

# Connection management and message framing (RFC 9110 section 7, RFC 9112).
CONNECTION: Final = istr("Connection")
KEEP_ALIVE: Final = istr("Keep-Alive")
TE: Final = istr("TE")
TRAILER: Final = istr("Trailer")
TRANSFER_ENCODING: Final = istr("Transfer-Encoding")
UPGRADE: Final = istr("Upgrade")
VIA: Final = istr("Via")
MAX_FORWARDS: Final = istr("Max-Forwards")
EXPECT: Final = istr("Expect")
HOST: Final = istr("Host")
# Every upper/lower-case spelling of "host", for code that matches raw header names as bytes.
HOST_ALL: Final[frozenset[str]] = frozenset(
    "".join(letters) for letters in product(*zip("host", "HOST", strict=True))
)

# Request context (RFC 9110 section 10).
DATE: Final = istr("Date")
FROM: Final = istr("From")
LOCATION: Final = istr("Location")
REFERER: Final = istr("Referer")
RETRY_AFTER: Final = istr("Retry-After")
SERVER: Final = istr("Server")
USER_AGENT: Final = istr("User-Agent")
ALLOW: Final = istr("Allow")
URI: Final = istr("URI")  # RFC 2068, obsolete
DESTINATION: Final = istr("Destination")  # WebDAV, RFC 4918
LINK: Final = istr("Link")  # RFC 8288
PRIORITY: Final = istr("Priority")  # RFC 9218
EARLY_DATA: Final = istr("Early-Data")  # RFC 8470

# Conditional and range requests (RFC 9110 sections 13 and 14).
ETAG: Final = istr("Etag")
IF_MATCH: Final = istr("If-Match")
IF_MODIFIED_SINCE: Final = istr("If-Modified-Since")
IF_NONE_MATCH: Final = istr("If-None-Match")
IF_RANGE: Final = istr("If-Range")
IF_UNMODIFIED_SINCE: Final = istr("If-Unmodified-Since")
LAST_MODIFIED: Final = istr("Last-Modified")
RANGE: Final = istr("Range")

# Caching (RFC 9111, RFC 9211 Cache-Status, RFC 9213 CDN-Cache-Control, RFC 8586 CDN-Loop).
AGE: Final = istr("Age")
CACHE_CONTROL: Final = istr("Cache-Control")
CACHE_STATUS: Final = istr("Cache-Status")
CDN_CACHE_CONTROL: Final = istr("CDN-Cache-Control")
CDN_LOOP: Final = istr("CDN-Loop")
EXPIRES: Final = istr("Expires")
PRAGMA: Final = istr("Pragma")
WARNING: Final = istr("Warning")
CLEAR_SITE_DATA: Final = istr("Clear-Site-Data")

# Authentication (RFC 9110 section 11).
AUTHENTICATION_INFO: Final = istr("Authentication-Info")
AUTHORIZATION: Final = istr("Authorization")
PROXY_AUTHENTICATE: Final = istr("Proxy-Authenticate")
PROXY_AUTHENTICATION_INFO: Final = istr("Proxy-Authentication-Info")
PROXY_AUTHORIZATION: Final = istr("Proxy-Authorization")
WWW_AUTHENTICATE: Final = istr("WWW-Authenticate")

# Cookies (RFC 6265).
COOKIE: Final = istr("Cookie")
SET_COOKIE: Final = istr("Set-Cookie")

# Alternative services (RFC 7838).
ALT_SVC: Final = istr("Alt-Svc")
ALT_USED: Final = istr("Alt-Used")

# Proxies and forwarding (RFC 7239 Forwarded, and the de facto X-Forwarded-* family).
FORWARDED: Final = istr("Forwarded")
X_FORWARDED_FOR: Final = istr("X-Forwarded-For")
X_FORWARDED_HOST: Final = istr("X-Forwarded-Host")
X_FORWARDED_PORT: Final = istr("X-Forwarded-Port")
X_FORWARDED_PROTO: Final = istr("X-Forwarded-Proto")
X_REAL_IP: Final = istr("X-Real-IP")

# CORS (the WHATWG Fetch standard).
ORIGIN: Final = istr("Origin")
ACCESS_CONTROL_ALLOW_CREDENTIALS: Final = istr("Access-Control-Allow-Credentials")
ACCESS_CONTROL_ALLOW_HEADERS: Final = istr("Access-Control-Allow-Headers")
ACCESS_CONTROL_ALLOW_METHODS: Final = istr("Access-Control-Allow-Methods")
ACCESS_CONTROL_ALLOW_ORIGIN: Final = istr("Access-Control-Allow-Origin")
ACCESS_CONTROL_EXPOSE_HEADERS: Final = istr("Access-Control-Expose-Headers")
ACCESS_CONTROL_MAX_AGE: Final = istr("Access-Control-Max-Age")
ACCESS_CONTROL_REQUEST_HEADERS: Final = istr("Access-Control-Request-Headers")
ACCESS_CONTROL_REQUEST_METHOD: Final = istr("Access-Control-Request-Method")
TIMING_ALLOW_ORIGIN: Final = istr("Timing-Allow-Origin")

# Security policies sent by servers (W3C / WHATWG specs, RFC 6797 for HSTS).
CONTENT_SECURITY_POLICY: Final = istr("Content-Security-Policy")
CONTENT_SECURITY_POLICY_REPORT_ONLY: Final = istr("Content-Security-Policy-Report-Only")
CROSS_ORIGIN_EMBEDDER_POLICY: Final = istr("Cross-Origin-Embedder-Policy")
CROSS_ORIGIN_OPENER_POLICY: Final = istr("Cross-Origin-Opener-Policy")
CROSS_ORIGIN_RESOURCE_POLICY: Final = istr("Cross-Origin-Resource-Policy")
ORIGIN_AGENT_CLUSTER: Final = istr("Origin-Agent-Cluster")
PERMISSIONS_POLICY: Final = istr("Permissions-Policy")
REFERRER_POLICY: Final = istr("Referrer-Policy")
STRICT_TRANSPORT_SECURITY: Final = istr("Strict-Transport-Security")
UPGRADE_INSECURE_REQUESTS: Final = istr("Upgrade-Insecure-Requests")
X_CONTENT_TYPE_OPTIONS: Final = istr("X-Content-Type-Options")
X_FRAME_OPTIONS: Final = istr("X-Frame-Options")
X_XSS_PROTECTION: Final = istr("X-XSS-Protection")

# Reporting and timing (W3C Reporting API, Network Error Logging, Server Timing).
NEL: Final = istr("NEL")
REPORT_TO: Final = istr("Report-To")
REPORTING_ENDPOINTS: Final = istr("Reporting-Endpoints")
SERVER_TIMING: Final = istr("Server-Timing")

# Fetch metadata and client hints sent by browsers.
ACCEPT_CH: Final = istr("Accept-CH")
SEC_CH_UA: Final = istr("Sec-CH-UA")
SEC_CH_UA_MOBILE: Final = istr("Sec-CH-UA-Mobile")
SEC_CH_UA_PLATFORM: Final = istr("Sec-CH-UA-Platform")
SEC_FETCH_DEST: Final = istr("Sec-Fetch-Dest")
SEC_FETCH_MODE: Final = istr("Sec-Fetch-Mode")
SEC_FETCH_SITE: Final = istr("Sec-Fetch-Site")
SEC_FETCH_USER: Final = istr("Sec-Fetch-User")
SEC_GPC: Final = istr("Sec-GPC")
SEC_PURPOSE: Final = istr("Sec-Purpose")

# WebSocket handshake (RFC 6455 section 11.3; Key1 is from the pre-RFC hixie-76 draft).
SEC_WEBSOCKET_ACCEPT: Final = istr("Sec-WebSocket-Accept")
SEC_WEBSOCKET_EXTENSIONS: Final = istr("Sec-WebSocket-Extensions")
SEC_WEBSOCKET_KEY: Final = istr("Sec-WebSocket-Key")
SEC_WEBSOCKET_KEY1: Final = istr("Sec-WebSocket-Key1")
SEC_WEBSOCKET_PROTOCOL: Final = istr("Sec-WebSocket-Protocol")
SEC_WEBSOCKET_VERSION: Final = istr("Sec-WebSocket-Version")

# Tracing (W3C Trace Context and Baggage spell these in lower case) and request ids.
TRACEPARENT: Final = istr("traceparent")
TRACESTATE: Final = istr("tracestate")
BAGGAGE: Final = istr("baggage")
X_CORRELATION_ID: Final = istr("X-Correlation-ID")
X_REQUEST_ID: Final = istr("X-Request-ID")

# Other common non-standard headers.
LAST_EVENT_ID: Final = istr("Last-Event-ID")  # Server-Sent Events reconnection
X_POWERED_BY: Final = istr("X-Powered-By")
X_RATELIMIT_LIMIT: Final = istr("X-RateLimit-Limit")
X_RATELIMIT_REMAINING: Final = istr("X-RateLimit-Remaining")
X_RATELIMIT_RESET: Final = istr("X-RateLimit-Reset")
X_REQUESTED_WITH: Final = istr("X-Requested-With")

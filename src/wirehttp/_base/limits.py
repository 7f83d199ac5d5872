"""Named size limits shared by every layer.

Owns: the numeric caps applied to peer input (head sizes, header counts, body sizes, echo length).
Each value carries a note on where it comes from, so a reviewer can see why it is what it is.
Must not import anything from wirehttp (this is a leaf module) and must not do I/O.
"""

from __future__ import annotations

# Request line and one header field line: 8190 bytes. The same figure aiohttp, gunicorn and Apache
# (LimitRequestLine / LimitRequestFieldSize default 8190) use, so clients that work behind those
# servers keep working here. RFC 9112 section 3 asks servers to support at least 8000 octets.
MAX_REQUEST_LINE = 8190
MAX_FIELD_SIZE = 8190

# At most 128 header fields in one head (and in one trailer section). Apache's LimitRequestFields
# defaults to 100 and aiohttp to 32768; 128 leaves room for real browsers and proxies while
# keeping per-request work bounded.
MAX_HEADERS = 128

# The whole head (request/status line plus all field lines) is capped at 64 KiB, counted on the
# accumulated bytes. Per-line and per-count limits alone would allow 128 * 8 KiB = 1 MiB; nginx's
# default large_client_header_buffers is 4 * 8 KiB and Node.js caps heads at 16 KiB, so 64 KiB is
# generous for real traffic and still small enough to hold per connection.
MAX_HEAD_SIZE = 64 * 1024

# aiohttp's Request.client_max_size default: 1 MiB of request body read into memory.
DEFAULT_CLIENT_MAX_SIZE = 1024**2

# Requests a server connection reads ahead of the one being handled (pipelining queue bound).
MAX_PIPELINED_REQUESTS = 16

# A Range header may name at most 16 ranges (RFC 9110 section 14.2 warns about many small or
# overlapping ranges as a denial-of-service vector).
MAX_RANGES = 16

# At most this many bytes of peer input are ever copied into an error message or log line,
# with control characters escaped, so hostile bytes cannot flood or forge logs.
ERROR_ECHO_LIMIT = 64

# Client side: a decoded (decompressed) response body larger than this raises, guarding against
# compression bombs; 1 GiB keeps legitimate large downloads working. Used by the client layer.
DEFAULT_DECODED_BODY_LIMIT = 1024**3

# StreamReader high-water mark: aiohttp's default stream limit (64 KiB).
STREAM_READER_LIMIT = 2**16

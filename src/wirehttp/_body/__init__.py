"""wirehttp._body: request and response payloads, FormData, multipart reader and writer.

See docs/internals.md. The two modules imported here register payload types for values of
their own (a BodyPartReader, a `@streamer`), so the registry knows them however `_body` is
entered.
"""

from . import body_part as body_part
from . import streamer as streamer

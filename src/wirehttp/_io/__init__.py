"""wirehttp._io (L2): asyncio glue shared by the client and the server.

Modules: `flow` (FlowControl), `protocol` (BaseProtocol), `streams` (StreamReader, EofStream),
`empty_stream` (EMPTY_PAYLOAD), `codecs` (content codings with decoded-size limits). Import them
directly; this package re-exports nothing so that importing one does not load the others
(codecs pulls in brotli and zstandard).

Must not import: `_body`, `_client`, `_server`, `_web` (or anything above L2), nor aiohttp.
"""

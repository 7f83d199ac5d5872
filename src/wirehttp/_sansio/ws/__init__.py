"""wirehttp._sansio.ws: WebSockets as bytes <-> messages, with no I/O (RFC 6455, RFC 7692).

Owns the wire format (`wire.py`: opcodes, masking, frame encoding, close bodies), the incremental
frame reader (`reader.py`, reassembling fragments and enforcing every framing rule and size
limit), permessage-deflate (`deflate.py`: negotiation and the per-message codec), the opening
handshake (`handshake.py`) and the shared vocabulary (`models.py`: WSMsgType, WSCloseCode,
WSMessage, WebSocketError). `frames.py` gathers the frame layer for the session core in `_io`.
Timers, ping/pong scheduling and the close handshake's waiting belong to that session core, not
here. Must not import asyncio or anything above `_sansio`.
"""

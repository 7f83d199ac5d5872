"""Client frames get a fresh masking key each (RFC 6455 5.3), drawn from os.urandom in batches:
keys do not repeat across more frames than one batch holds, and every frame still unmasks to
its payload."""

from __future__ import annotations

import os
import warnings

from wirehttp._sansio.ws import wire
from wirehttp._sansio.ws.frames import WebSocketReader, encode_frame
from wirehttp._sansio.ws.models import WSMsgType


def test_keys_are_fresh_across_batches() -> None:
    frames = [encode_frame(wire.OP_BINARY, b"abcd", mask=True) for _ in range(3 * wire.KEY_BATCH)]
    keys = [frame[2:6] for frame in frames]
    # 3072 random 32-bit keys: a repeat has odds of about 1 in 1000; two would mean a bad source
    assert len(set(keys)) >= len(keys) - 1
    reader = WebSocketReader(expect_masked=True)
    messages = reader.feed(b"".join(frames))
    assert len(messages) == len(frames)
    assert all(m.type == WSMsgType.BINARY and m.data == b"abcd" for m in messages)


def test_forked_child_does_not_reuse_the_parents_keys() -> None:
    encode_frame(wire.OP_BINARY, b"x", mask=True)  # the parent now holds a batch
    read_end, write_end = os.pipe()
    with warnings.catch_warnings():  # 3.12+ warns about fork() in a process with threads
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # the child: report the next key it would use
        os.write(write_end, encode_frame(wire.OP_BINARY, b"x", mask=True)[2:6])
        os._exit(0)
    os.close(write_end)
    child_key = os.read(read_end, 4)
    os.close(read_end)
    os.waitpid(pid, 0)
    parent_key = encode_frame(wire.OP_BINARY, b"x", mask=True)[2:6]
    assert len(child_key) == 4 and child_key != parent_key

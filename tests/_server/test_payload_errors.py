"""The request body errors: aiohttp's bases, and the status and catchability they keep."""

from __future__ import annotations

import asyncio

import pytest

from wirehttp import web, web_protocol
from wirehttp._io.streams import StreamReader
from wirehttp._sansio.errors import HttpProtocolError, InvalidChunk, RemoteProtocolError
from wirehttp._server.body_decoding import decoding_payload
from wirehttp._server.payload_errors import (
    PAYLOAD_ACCESS_ERROR,
    BodyConnectionLost,
    BodyProtocolError,
    body_protocol_error,
)


class _Flow:
    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass


def test_public_errors_have_aiohttps_bases() -> None:
    assert web.RequestPayloadError.__bases__ == (Exception,)
    assert web.PayloadAccessError.__bases__ == (Exception,)
    assert web_protocol.RequestPayloadError is web.RequestPayloadError
    assert web_protocol.PayloadAccessError is web.PayloadAccessError
    assert not issubclass(web.PayloadAccessError, web.RequestPayloadError)


def test_lost_connection_is_both_errors_aiohttp_users_catch() -> None:
    error = BodyConnectionLost()
    assert isinstance(error, web.RequestPayloadError)
    assert isinstance(error, ConnectionResetError)
    assert str(error) == "Connection lost"


def test_wrapped_protocol_error_keeps_message_status_and_cause() -> None:
    cause = InvalidChunk("bad chunk size", status=400)
    wrapped = body_protocol_error(cause)
    assert isinstance(wrapped, BodyProtocolError)
    assert isinstance(wrapped, web.RequestPayloadError)
    assert isinstance(wrapped, RemoteProtocolError)  # the cycle answers it with its status
    assert (wrapped.message, wrapped.status) == ("bad chunk size", 400)
    assert wrapped.__cause__ is cause


def test_wrapped_protocol_error_keeps_a_non_400_status() -> None:
    wrapped = body_protocol_error(HttpProtocolError("too big", status=413))
    assert wrapped.status == 413


def test_payload_access_error_is_one_shared_instance() -> None:
    assert isinstance(PAYLOAD_ACCESS_ERROR, web.PayloadAccessError)


async def test_undecodable_body_fails_reads_with_request_payload_error() -> None:
    loop = asyncio.get_running_loop()
    reader = decoding_payload(_Flow(), 2**16, loop, "gzip", None)
    reader.feed_data(b"definitely not gzip")
    with pytest.raises(web.RequestPayloadError) as info:
        await reader.read()
    assert isinstance(info.value, RemoteProtocolError)
    assert info.value.status == 400


async def test_truncated_coded_body_fails_reads_with_request_payload_error() -> None:
    loop = asyncio.get_running_loop()
    reader = decoding_payload(_Flow(), 2**16, loop, "gzip", None)
    reader.feed_eof()
    with pytest.raises(web.RequestPayloadError, match="truncated gzip body"):
        await reader.read()


async def test_plain_reader_fails_with_the_error_set() -> None:
    reader = StreamReader(_Flow(), 2**16, loop=asyncio.get_running_loop())
    reader.feed_data(b"part")
    reader.set_exception(BodyConnectionLost())
    with pytest.raises(web.RequestPayloadError):
        await reader.read()

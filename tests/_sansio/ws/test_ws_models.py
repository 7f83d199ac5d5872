"""The WebSocket vocabulary against aiohttp 3.14's: names, values, aliases, tuple shapes, errors."""

from __future__ import annotations

import json

import aiohttp
import pytest
from aiohttp import http_websocket as aiohttp_ws

from wirehttp._sansio.ws import models
from wirehttp._sansio.ws.models import WebSocketError, WSCloseCode, WSMessage, WSMsgType


def test_msg_types_match_aiohttp_with_aliases() -> None:
    ours = {name: int(member) for name, member in WSMsgType.__members__.items()}
    theirs = {name: int(member) for name, member in aiohttp.WSMsgType.__members__.items()}
    assert ours == theirs
    assert WSMsgType.text is WSMsgType.TEXT and WSMsgType.closed is WSMsgType.CLOSED


def test_close_codes_match_aiohttp() -> None:
    ours = {name: int(member) for name, member in WSCloseCode.__members__.items()}
    theirs = {name: int(member) for name, member in aiohttp.WSCloseCode.__members__.items()}
    assert ours == theirs


def test_message_tuple_has_aiohttp_fields_and_json() -> None:
    assert WSMessage._fields == aiohttp.WSMessage._fields
    msg = WSMessage(WSMsgType.TEXT, '{"a": [1, 2]}', "")
    assert msg.json() == {"a": [1, 2]}
    assert msg.json(loads=lambda s: json.loads(s)["a"]) == [1, 2]
    assert msg == aiohttp.WSMessage(aiohttp.WSMsgType.TEXT, '{"a": [1, 2]}', "")
    text_bytes = models.WSMessageTextBytes(WSMsgType.TEXT, b'{"b": 1}', "")
    assert text_bytes.json() == {"b": 1}


def test_closing_and_closed_markers_equal_aiohttps() -> None:
    assert models.WS_CLOSING_MESSAGE == aiohttp_ws.WS_CLOSING_MESSAGE
    assert models.WS_CLOSED_MESSAGE == aiohttp_ws.WS_CLOSED_MESSAGE


def test_websocket_error_is_built_and_shown_as_aiohttps() -> None:
    ours = WebSocketError(WSCloseCode.MESSAGE_TOO_BIG, "too big")
    theirs = aiohttp_ws.WebSocketError(aiohttp.WSCloseCode.MESSAGE_TOO_BIG, "too big")
    assert (ours.code, str(ours), ours.args) == (theirs.code, str(theirs), theirs.args)
    with pytest.raises(Exception, match="too big"):
        raise ours


def test_limits() -> None:
    assert models.DEFAULT_MAX_MSG_SIZE == 4 * 1024 * 1024
    assert models.MAX_CONTROL_PAYLOAD == 125

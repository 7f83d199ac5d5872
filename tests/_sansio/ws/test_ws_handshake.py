"""The opening handshake, both sides: RFC 6455's example, refusals with their statuses, the
subprotocol choice and the deflate negotiation, compared with aiohttp where it is observable."""

from __future__ import annotations

import base64

import pytest
from multidict import CIMultiDict

from wirehttp._sansio.ws.deflate import PerMessageDeflate
from wirehttp._sansio.ws.handshake import (
    HandshakeError,
    accept_token,
    client_check_response,
    client_request_headers,
    new_key,
    server_handshake,
)

KEY = "dGhlIHNhbXBsZSBub25jZQ=="  # RFC 6455 1.3's example key


def request(**overrides: str | None) -> CIMultiDict[str]:
    fields: dict[str, str | None] = {
        "Host": "example.com",
        "Upgrade": "websocket",
        "Connection": "Upgrade",
        "Sec-WebSocket-Key": KEY,
        "Sec-WebSocket-Version": "13",
    }
    fields.update({name.replace("_", "-"): value for name, value in overrides.items()})
    return CIMultiDict((k, v) for k, v in fields.items() if v is not None)


def test_accept_token_is_rfc_6455s_example() -> None:
    assert accept_token(KEY) == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="


def test_new_key_is_16_random_bytes_in_base64() -> None:
    keys = {new_key() for _ in range(20)}
    assert len(keys) == 20
    assert all(len(base64.b64decode(k, validate=True)) == 16 for k in keys)


def test_server_accepts_a_plain_request() -> None:
    hs = server_handshake("GET", request(), [], compress=True)
    assert hs.response_headers == [
        ("Upgrade", "websocket"),
        ("Connection", "upgrade"),
        ("Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="),
    ]
    assert hs.protocol is None and hs.deflate is None


@pytest.mark.parametrize(
    ("method", "overrides", "status"),
    [
        ("POST", {}, 400),
        ("GET", {"Upgrade": None}, 400),
        ("GET", {"Upgrade": "h2c"}, 400),
        ("GET", {"Connection": "keep-alive"}, 400),
        ("GET", {"Connection": None}, 400),
        ("GET", {"Sec_WebSocket_Key": None}, 400),
        ("GET", {"Sec_WebSocket_Key": "dGhlIHNhbXBsZSBub25jZQ"}, 400),  # unpadded
        ("GET", {"Sec_WebSocket_Key": "dGhlIHNhbXBsZSBub25jZXg="}, 400),  # 17 bytes
        ("GET", {"Sec_WebSocket_Key": "dGhl*HNhbXBsZSBub25jZQ=="}, 400),  # not base64
        ("GET", {"Sec_WebSocket_Version": "12"}, 426),
        ("GET", {"Sec_WebSocket_Version": None}, 426),
    ],
)
def test_server_refusals(method: str, overrides: dict[str, str | None], status: int) -> None:
    with pytest.raises(HandshakeError) as info:
        server_handshake(method, request(**overrides), [], compress=False)
    assert info.value.status == status
    assert info.value.message
    if status == 426:
        assert info.value.headers == (("Sec-WebSocket-Version", "13"),)


@pytest.mark.parametrize(
    "overrides",
    [
        {"Upgrade": "WebSocket"},
        {"Upgrade": "foo/2, websocket"},
        {"Connection": "keep-alive, UPGRADE"},
        {"Sec_WebSocket_Version": "8"},
    ],
)
def test_server_reads_token_lists_case_insensitively(overrides: dict[str, str]) -> None:
    assert server_handshake("GET", request(**overrides), [], compress=False).deflate is None


def test_two_key_fields_are_refused() -> None:
    headers = request()
    headers.add("Sec-WebSocket-Key", KEY)
    with pytest.raises(HandshakeError):
        server_handshake("GET", headers, [], compress=False)


@pytest.mark.parametrize(
    ("offered", "server", "chosen"),
    [
        ("chat, superchat", ["superchat", "chat"], "chat"),  # the client's order wins (aiohttp)
        ("a,  b", ["b"], "b"),
        ("x", ["y"], None),
        (None, ["y"], None),
    ],
)
def test_subprotocol_choice(offered: str | None, server: list[str], chosen: str | None) -> None:
    hs = server_handshake("GET", request(Sec_WebSocket_Protocol=offered), server, compress=False)
    assert hs.protocol == chosen
    assert (("Sec-WebSocket-Protocol", chosen) in hs.response_headers) is (chosen is not None)


def test_subprotocols_on_several_lines_are_one_list() -> None:
    headers = request(Sec_WebSocket_Protocol="a")
    headers.add("Sec-WebSocket-Protocol", "b")
    assert server_handshake("GET", headers, ["b"], compress=False).protocol == "b"


def test_server_negotiates_deflate_only_when_enabled() -> None:
    offer = request(Sec_WebSocket_Extensions="permessage-deflate; client_max_window_bits")
    on = server_handshake("GET", offer, [], compress=True)
    assert ("Sec-WebSocket-Extensions", "permessage-deflate") in on.response_headers
    assert isinstance(on.deflate, PerMessageDeflate) and on.deflate.is_server
    off = server_handshake("GET", offer, [], compress=False)
    assert off.deflate is None
    assert all(name != "Sec-WebSocket-Extensions" for name, _ in off.response_headers)


def test_client_request_headers_in_aiohttps_order() -> None:
    assert client_request_headers(KEY, ["a", "b"], 15, "http://o") == [
        ("Upgrade", "websocket"),
        ("Connection", "Upgrade"),
        ("Sec-WebSocket-Version", "13"),
        ("Sec-WebSocket-Key", KEY),
        ("Sec-WebSocket-Protocol", "a,b"),
        ("Origin", "http://o"),
        ("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits"),
    ]
    assert client_request_headers(KEY, [], 0, None) == client_request_headers(KEY, (), 0, None)
    assert len(client_request_headers(KEY, [], 0, None)) == 4


def response(**overrides: str | None) -> CIMultiDict[str]:
    fields: dict[str, str | None] = {
        "Upgrade": "websocket",
        "Connection": "Upgrade",
        "Sec-WebSocket-Accept": accept_token(KEY),
    }
    fields.update({name.replace("_", "-"): value for name, value in overrides.items()})
    return CIMultiDict((k, v) for k, v in fields.items() if v is not None)


def test_client_accepts_the_servers_answer() -> None:
    assert client_check_response(101, response(), KEY, [], 0) == (None, None)
    chosen = client_check_response(101, response(Sec_WebSocket_Protocol="b"), KEY, ["a", "b"], 0)
    assert chosen == ("b", None)
    ext = response(Sec_WebSocket_Extensions="permessage-deflate; client_no_context_takeover")
    protocol, deflate = client_check_response(101, ext, KEY, [], 15)
    assert protocol is None and deflate is not None
    assert not deflate.is_server and deflate.client_no_context_takeover


@pytest.mark.parametrize(
    ("status", "overrides", "protocols", "compress", "message"),
    [
        (200, {}, [], 0, "Invalid response status"),
        (101, {"Upgrade": "h2c"}, [], 0, "Invalid upgrade header"),
        (101, {"Upgrade": None}, [], 0, "Invalid upgrade header"),
        (101, {"Connection": "close"}, [], 0, "Invalid connection header"),
        (
            101,
            {"Sec_WebSocket_Accept": accept_token(new_key())},
            [],
            0,
            "Invalid challenge response",
        ),
        (101, {"Sec_WebSocket_Accept": None}, [], 0, "Invalid challenge response"),
        (101, {"Sec_WebSocket_Protocol": "c"}, ["a"], 0, "not offered"),
        (101, {"Sec_WebSocket_Protocol": "a"}, [], 0, "not offered"),
        (101, {"Sec_WebSocket_Protocol": "a, b"}, ["a", "b"], 0, "not offered"),
        (101, {"Sec_WebSocket_Extensions": "permessage-deflate"}, [], 0, "not offered"),
        (101, {"Sec_WebSocket_Extensions": "x-foo"}, [], 15, "not offered"),
        (101, {"Sec_WebSocket_Extensions": "permessage-deflate; bogus"}, [], 15, "Invalid"),
    ],
)
def test_client_refusals(
    status: int, overrides: dict[str, str | None], protocols: list[str], compress: int, message: str
) -> None:
    with pytest.raises(HandshakeError, match=message):
        client_check_response(status, response(**overrides), KEY, protocols, compress)


def test_client_and_server_agree_end_to_end() -> None:
    key = new_key()
    sent = CIMultiDict(client_request_headers(key, ["v2", "v1"], 15, None))
    hs = server_handshake("GET", sent, ["v1", "v2"], compress=True)
    protocol, deflate = client_check_response(
        101, CIMultiDict(hs.response_headers), key, ["v2", "v1"], 15
    )
    assert protocol == hs.protocol == "v2"
    assert deflate is not None and hs.deflate is not None
    assert hs.deflate.decompress(deflate.compress(b"round trip" * 10), 1000) == b"round trip" * 10
    assert deflate.decompress(hs.deflate.compress(b"and back"), 1000) == b"and back"

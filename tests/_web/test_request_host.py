"""request.host without a Host header: the local address the request arrived on, as aiohttp 3.14
reports it (bare IPv4, bracketed IPv6, a Unix socket's path, "" when unknown); the Host header
wins when there is one. Each case is compared with aiohttp's own make_mocked_request."""

from __future__ import annotations

from typing import Any
from unittest import mock

import aiohttp.test_utils
import pytest
from multidict import CIMultiDict

import wirehttp.test_utils


def _transport(sockname: Any) -> mock.Mock:
    transport = mock.Mock()
    transport.get_extra_info.side_effect = lambda name, default=None: (
        sockname if name == "sockname" else default
    )
    return transport


@pytest.mark.parametrize(
    ("sockname", "expected"),
    [
        (("127.0.0.1", 8080), "127.0.0.1"),
        (("::1", 8080, 0, 0), "[::1]"),
        ("/run/app.sock", "/run/app.sock"),
        (None, ""),
    ],
    ids=["ipv4", "ipv6", "unix", "unknown"],
)
def test_host_without_header_matches_aiohttp(sockname: Any, expected: str) -> None:
    ours = wirehttp.test_utils.make_mocked_request("GET", "/", transport=_transport(sockname))
    theirs = aiohttp.test_utils.make_mocked_request("GET", "/", transport=_transport(sockname))
    assert ours.host == theirs.host == expected


def test_host_header_wins() -> None:
    headers = CIMultiDict({"Host": "example.com:8443"})
    request = wirehttp.test_utils.make_mocked_request(
        "GET", "/", headers=headers, transport=_transport(("127.0.0.1", 80))
    )
    assert request.host == "example.com:8443"

"""curl against the server: GET, POST, HEAD, chunked upload, keep-alive reuse, Range."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from curl_run import run_curl

pytestmark = pytest.mark.interop


async def test_get(curl: str, served: Any) -> None:
    code, out, err = await run_curl(curl, "--http1.1", "-i", served.url + "/hello/1")
    assert code == 0, err
    head, _, body = out.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK")
    assert b"\r\nContent-Length: 14\r\n" in head
    assert body == b"hello /hello/1"


async def test_post_form_and_binary(curl: str, served: Any, tmp_path: Path) -> None:
    code, out, err = await run_curl(curl, "--http1.1", "-d", "a=1&b=2", served.url + "/echo")
    assert (code, out) == (0, b"a=1&b=2"), err
    payload = bytes(range(256)) * 4096
    path = tmp_path / "payload.bin"
    path.write_bytes(payload)
    code, out, err = await run_curl(
        curl, "--http1.1", "--data-binary", f"@{path}", served.url + "/echo"
    )
    assert code == 0, err
    assert out == payload


async def test_head(curl: str, served: Any) -> None:
    code, out, err = await run_curl(curl, "--http1.1", "-I", served.url + "/hello/2")
    assert code == 0, err
    assert out.startswith(b"HTTP/1.1 200 OK\r\n")
    assert b"X-Method: HEAD" in out
    assert b"Content-Length: 14" in out
    assert out.endswith(b"\r\n\r\n")  # headers only


async def test_chunked_upload(curl: str, served: Any, tmp_path: Path) -> None:
    payload = b"".join(i.to_bytes(4, "big") for i in range(300_000))  # 1.2 MB
    path = tmp_path / "upload.bin"
    path.write_bytes(payload)
    code, out, err = await run_curl(
        curl,
        "--http1.1",
        "-H",
        "Transfer-Encoding: chunked",
        "--data-binary",
        f"@{path}",
        "-D",
        "-",
        served.url + "/echo",
    )
    assert code == 0, err
    # curl sends `Expect: 100-continue` for a large upload: the interim answer comes first.
    interim, _, out = out.partition(b"\r\n\r\n")
    assert interim == b"HTTP/1.1 100 Continue"
    head, _, body = out.partition(b"\r\n\r\n")
    assert b"X-Chunked: True" in head
    assert f"X-Length: {len(payload)}".encode() in head
    assert body == payload


async def test_keep_alive_reuse(curl: str, served: Any) -> None:
    urls = [f"{served.url}/hello/{n}" for n in range(5)]
    code, out, err = await run_curl(curl, "--http1.1", "-v", "-w", "[%{num_connects}]", *urls)
    assert code == 0, err
    bodies = re.findall(rb"hello /hello/(\d)\[(\d)\]", out)
    assert bodies == [(b"0", b"1"), (b"1", b"0"), (b"2", b"0"), (b"3", b"0"), (b"4", b"0")]
    assert err.count(b"Re-using existing connection") == 4
    assert served.connections_seen() == 1


async def test_http10_request_closes(curl: str, served: Any) -> None:
    urls = [f"{served.url}/hello/{n}" for n in range(2)]
    code, out, err = await run_curl(curl, "--http1.0", "-w", "[%{num_connects}]", *urls)
    assert code == 0, err
    assert re.findall(rb"\[(\d)\]", out) == [b"1", b"1"]
    assert served.connections_seen() == 2


@pytest.mark.parametrize("path", ["/static/blob.bin", "/file"])
async def test_whole_file(curl: str, served: Any, path: str) -> None:
    code, out, err = await run_curl(curl, "--http1.1", served.url + path)
    assert code == 0, err
    assert out == served.data


@pytest.mark.parametrize("path", ["/static/blob.bin", "/file"])
async def test_single_range(curl: str, served: Any, path: str) -> None:
    data = served.data
    for spec, expected in (
        ("0-99", data[:100]),
        ("1000000-1999999", data[1000000:2000000]),
        ("-5000", data[-5000:]),
        (f"{len(data) - 10}-", data[-10:]),
    ):
        code, out, err = await run_curl(curl, "--http1.1", "-r", spec, "-D", "-", served.url + path)
        assert code == 0, err
        head, _, body = out.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 206"), (spec, head)
        assert body == expected, spec


@pytest.mark.parametrize("path", ["/static/blob.bin", "/file"])
async def test_multi_range(curl: str, served: Any, path: str) -> None:
    data = served.data
    code, out, err = await run_curl(
        curl, "--http1.1", "-r", "0-9,100000-199999,-20", "-D", "-", served.url + path
    )
    assert code == 0, err
    head, _, body = out.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 206")
    match = re.search(rb"Content-Type: multipart/byteranges; boundary=(\S+)", head)
    assert match, head
    parts = _split_byteranges(body, match.group(1))
    assert parts == [
        (f"bytes 0-9/{len(data)}", data[:10]),
        (f"bytes 100000-199999/{len(data)}", data[100000:200000]),
        (f"bytes {len(data) - 20}-{len(data) - 1}/{len(data)}", data[-20:]),
    ]


def _split_byteranges(body: bytes, boundary: bytes) -> list[tuple[str, bytes]]:
    """The (Content-Range, bytes) of each part of a multipart/byteranges body (RFC 9110 14.6)."""
    boundary = boundary.strip(b'"')
    delimiter = b"--" + boundary
    assert body.rstrip(b"\r\n").endswith(delimiter + b"--")
    found = []
    for chunk in body.split(delimiter)[1:-1]:
        chunk = chunk.removeprefix(b"\r\n")
        head, _, content = chunk.partition(b"\r\n\r\n")
        content_range = re.search(rb"Content-Range: (.+)", head)
        assert content_range, head
        found.append((content_range.group(1).strip().decode(), content.removesuffix(b"\r\n")))
    return found

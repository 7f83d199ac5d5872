"""FileResponse over a real loopback server, fetched with raw sockets and curl.

Each test serves files from a temporary directory (`/<name>` answers `FileResponse(root/name)`)
and compares what arrives byte for byte with the file: whole bodies, HEAD, single ranges,
multipart/byteranges, every 416 case, If-Range, the RFC 9110 13.2.2 preconditions, precompressed
siblings, a 5 MB file by sha256, and a client that disconnects mid-transfer.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import hashlib
import os
import socket
import struct
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from multidict import CIMultiDict

from wirehttp import web
from wirehttp._base.httpdate import format_http_date
from wirehttp._base.limits import MAX_RANGES
from wirehttp._web import file_response
from wirehttp._web.byteranges import new_boundary
from wirehttp.web import FileResponse

TIMEOUT = 15.0
MTIME_NS = 1_700_000_000_750_000_000  # a fractional second, so whole-second handling is tested
LAST_MODIFIED = format_http_date(1_700_000_000)
DATA = bytes(range(256)) * 40  # 10240 bytes, every offset distinguishable modulo 256
SIZE = len(DATA)
ETAG = f'"{MTIME_NS:x}-{SIZE:x}"'
HTML, HTML_BR, HTML_GZ = (
    b"<p>plain</p>" * 50,
    b"brotli-bytes" * 7,
    gzip.compress(b"<p>plain</p>" * 50),
)


@dataclass
class Reply:
    status: int
    headers: CIMultiDict[str]
    body: bytes


def _write(root: Path, name: str, content: bytes) -> Path:
    path = root / name
    path.write_bytes(content)
    os.utime(path, ns=(MTIME_NS, MTIME_NS))
    return path


@pytest.fixture
def root(tmp_path: Path) -> Path:
    _write(tmp_path, "data.bin", DATA)
    _write(tmp_path, "hello.txt", b"hello\n")
    _write(tmp_path, "empty.txt", b"")
    _write(tmp_path, "page.html", HTML)
    _write(tmp_path, "page.html.br", HTML_BR)
    _write(tmp_path, "page.html.gz", HTML_GZ)
    _write(tmp_path, "only.css.gz", b"zipped-only")
    _write(tmp_path, "archive.tar.gz", b"tarball")
    _write(tmp_path, "blob.unknownext", b"?")
    _write(tmp_path, "style.css", b"body{}")
    (tmp_path / "style.css.gz").symlink_to(tmp_path / "hello.txt")  # a symlinked sibling
    _write(tmp_path, "app.js", b"js();")
    (tmp_path / "app.js.br").mkdir()  # a sibling that is not a regular file
    (tmp_path / "sub").mkdir()
    os.mkfifo(tmp_path / "pipe")
    return tmp_path


Handler = Callable[[Any], Any]


def file_handler(root: Path, **options: Any) -> Handler:
    async def handler(request: Any) -> FileResponse:
        name = request.path.lstrip("/")
        path = Path("/dev/null") if name == "devnull" else root / name
        response = FileResponse(path, **options)
        if name.startswith("compress/"):
            response = FileResponse(root / name.removeprefix("compress/"), **options)
            response.enable_compression(force="gzip")
        return response

    return handler


@contextlib.asynccontextmanager
async def serve(handler: Handler) -> AsyncIterator[int]:
    """An Application routing every method and path to ``handler``, on 127.0.0.1:<free port>."""
    app = web.Application()
    app.router.add_route("*", "/{name:.*}", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    try:
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        yield runner.addresses[0][1]
    finally:
        await runner.cleanup()


@pytest.fixture
def port(root: Path, loop: asyncio.AbstractEventLoop) -> Iterator[int]:
    """A server for ``root`` on the test's own loop (started and stopped around the test)."""
    running = serve(file_handler(root))
    bound = loop.run_until_complete(running.__aenter__())
    try:
        yield bound
    finally:
        loop.run_until_complete(running.__aexit__(None, None, None))


def _request_bytes(method: str, target: str, headers: dict[str, str], version: str) -> bytes:
    lines = [f"{method} {target} HTTP/{version}", "Host: 127.0.0.1"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


async def read_reply(reader: asyncio.StreamReader, method: str) -> Reply:
    """One response, framed exactly as its head says (Content-Length or chunked)."""
    head = await reader.readuntil(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").rstrip("\r\n").split("\r\n")
    status = int(status_line.split(" ", 2)[1])
    headers: CIMultiDict[str] = CIMultiDict(line.split(": ", 1) for line in lines)
    if method == "HEAD" or status in (204, 304):
        return Reply(status, headers, b"")
    if headers.get("Transfer-Encoding") == "chunked":
        body = b""
        while size := int((await reader.readuntil(b"\r\n")).strip(), 16):
            body += await reader.readexactly(size + 2)
            body = body[:-2]
        await reader.readexactly(2)
        return Reply(status, headers, body)
    return Reply(status, headers, await reader.readexactly(int(headers["Content-Length"])))


async def fetch(
    port: int,
    target: str,
    headers: dict[str, str] | None = None,
    *,
    method: str = "GET",
    version: str = "1.1",
) -> Reply:
    """Send one request with Connection: close; check nothing follows the framed response."""

    async def run() -> Reply:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            all_headers = {"Connection": "close", **(headers or {})}
            writer.write(_request_bytes(method, target, all_headers, version))
            reply = await read_reply(reader, method)
            assert await reader.read() == b"", "bytes beyond the response framing"
            return reply
        finally:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()

    return await asyncio.wait_for(run(), TIMEOUT)


def parse_multipart(reply: Reply) -> list[tuple[CIMultiDict[str], bytes]]:
    media, _, param = reply.headers["Content-Type"].partition(";")
    assert media == "multipart/byteranges"
    key, _, boundary = param.strip().partition("=")
    assert key == "boundary" and boundary
    delimiter = b"\r\n--" + boundary.encode()
    pieces = (b"\r\n" + reply.body).split(delimiter)
    assert pieces[0] == b"" and pieces[-1] == b"--\r\n"
    parts = []
    for piece in pieces[1:-1]:
        head, _, data = piece.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        fields = CIMultiDict(line.split(": ", 1) for line in head.decode("latin-1").split("\r\n"))
        parts.append((fields, data))
    return parts


def open_fds(path: Path) -> list[str]:
    """This process's descriptors open on ``path`` (Linux /proc)."""
    found = []
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):
            if os.readlink(f"/proc/self/fd/{fd}") == str(path):
                found.append(fd)
    return found


async def wait_closed(path: Path) -> None:
    for _ in range(500):
        if not open_fds(path):
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"{path} is still open")


# -- whole files, HEAD, content types ----------------------------------------------------------


async def test_full_get(port: int, root: Path) -> None:
    reply = await fetch(port, "/data.bin")
    assert reply.status == 200
    assert reply.body == DATA
    assert reply.headers["Content-Length"] == str(SIZE)
    assert reply.headers["Accept-Ranges"] == "bytes"
    assert reply.headers["ETag"] == ETAG
    assert reply.headers["Last-Modified"] == LAST_MODIFIED
    assert "Transfer-Encoding" not in reply.headers
    await wait_closed(root / "data.bin")


async def test_http10_get(port: int) -> None:
    reply = await fetch(port, "/hello.txt", version="1.0")
    assert (reply.status, reply.body) == (200, b"hello\n")


async def test_head_sends_headers_only(port: int) -> None:
    reply = await fetch(port, "/data.bin", method="HEAD")
    assert reply.status == 200
    assert reply.headers["Content-Length"] == str(SIZE)
    assert reply.headers["ETag"] == ETAG


async def test_empty_file(port: int) -> None:
    reply = await fetch(port, "/empty.txt")
    assert (reply.status, reply.body, reply.headers["Content-Length"]) == (200, b"", "0")


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("hello.txt", "text/plain"),
        ("page.html", "text/html"),
        ("page.html.gz", "application/gzip"),  # asked for directly: a gzip file, no encoding
        ("archive.tar.gz", "application/gzip"),
        ("blob.unknownext", "application/octet-stream"),
    ],
)
async def test_content_type_from_name(port: int, name: str, content_type: str) -> None:
    reply = await fetch(port, f"/{name}")
    assert reply.status == 200
    assert reply.headers["Content-Type"] == content_type
    assert "Content-Encoding" not in reply.headers


async def test_user_headers_are_kept(root: Path) -> None:
    headers = {"Content-Type": "text/x-custom", "Cache-Control": "max-age=60"}
    async with serve(file_handler(root, headers=headers)) as bound:
        reply = await fetch(bound, "/data.bin", {"Range": "bytes=0-1,4-5"})
    assert reply.headers["Cache-Control"] == "max-age=60"
    assert [fields["Content-Type"] for fields, _ in parse_multipart(reply)] == ["text/x-custom"] * 2


# -- missing, forbidden, special files -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("missing.txt", 404),
        ("no/such/dir.txt", 404),
        ("hello.txt/x", 404),
        ("sub", 403),
        ("pipe", 403),
        ("devnull", 403),
    ],
)
async def test_not_a_servable_file(port: int, name: str, status: int) -> None:
    reply = await fetch(port, f"/{name}")
    assert reply.status == status
    assert reply.body == b""
    assert "ETag" not in reply.headers


# -- single ranges -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "start", "end"),
    [
        ("bytes=0-99", 0, 99),
        ("bytes=1000-1000", 1000, 1000),
        ("bytes=-100", SIZE - 100, SIZE - 1),  # suffix
        ("bytes=10000-", 10000, SIZE - 1),  # open
        ("bytes=10000-99999", 10000, SIZE - 1),  # clipped
        ("bytes=-99999", 0, SIZE - 1),  # suffix longer than the file
        ("bytes=0-9,999999-", 0, 9),  # one satisfiable range: not multipart
        ("Bytes= 5-6 ", 5, 6),
    ],
)
async def test_single_range(port: int, spec: str, start: int, end: int) -> None:
    reply = await fetch(port, "/data.bin", {"Range": spec})
    assert reply.status == 206
    assert reply.headers["Content-Range"] == f"bytes {start}-{end}/{SIZE}"
    assert reply.headers["Content-Type"] == "application/octet-stream"
    assert reply.body == DATA[start : end + 1]


async def test_range_with_curl(port: int, tmp_path: Path) -> None:
    out = tmp_path / "curl.out"
    proc = await asyncio.create_subprocess_exec(
        "curl",
        "-sS",
        "--max-time",
        "10",
        "-r",
        "300-599",
        "-o",
        str(out),
        "-w",
        "%{http_code}",
        f"http://127.0.0.1:{port}/data.bin",
        stdout=asyncio.subprocess.PIPE,
    )
    stdout, _ = await asyncio.wait_for(proc.communicate(), TIMEOUT)
    assert (proc.returncode, stdout) == (0, b"206")
    assert out.read_bytes() == DATA[300:600]


async def test_range_ignored_for_head_and_other_units(port: int) -> None:
    head = await fetch(port, "/data.bin", {"Range": "bytes=0-9"}, method="HEAD")
    assert (head.status, head.headers["Content-Length"]) == (200, str(SIZE))
    other = await fetch(port, "/data.bin", {"Range": "items=0-9"})
    assert (other.status, other.body) == (200, DATA)


# -- multipart/byteranges --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spec",
    [
        "bytes=0-9,100-199,-5",
        "bytes=5000-,0-0",
        "bytes=0-4,2-6",
        ",".join(["bytes=0-0"] + [f"{i * 100}-{i * 100 + 7}" for i in range(1, MAX_RANGES)]),
    ],
)
async def test_multi_range(port: int, spec: str) -> None:
    reply = await fetch(port, "/data.bin", {"Range": spec})
    assert reply.status == 206
    assert "Content-Range" not in reply.headers
    assert int(reply.headers["Content-Length"]) == len(reply.body)
    parts = parse_multipart(reply)
    wanted = spec.partition("=")[2].split(",")
    assert len(parts) == len(wanted)
    for (fields, data), item in zip(parts, wanted, strict=True):
        first, _, last = item.partition("-")
        start = SIZE - int(last) if not first else int(first)
        end = min(int(last), SIZE - 1) if first and last else SIZE - 1
        assert fields["Content-Type"] == "application/octet-stream"
        assert fields["Content-Range"] == f"bytes {start}-{end}/{SIZE}"
        assert data == DATA[start : end + 1]


async def test_multi_range_boundaries_are_random(port: int) -> None:
    first = await fetch(port, "/data.bin", {"Range": "bytes=0-1,3-4"})
    second = await fetch(port, "/data.bin", {"Range": "bytes=0-1,3-4"})
    assert first.headers["Content-Type"] != second.headers["Content-Type"]
    assert len(new_boundary()) == 32


async def test_keep_alive_after_ranges(port: int) -> None:
    """Exact Content-Length: three responses read back to back on one connection."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        for spec in ("bytes=0-9,20-29", "bytes=-3", None):
            headers = {"Range": spec} if spec else {}
            writer.write(_request_bytes("GET", "/data.bin", headers, "1.1"))
            reply = await asyncio.wait_for(read_reply(reader, "GET"), TIMEOUT)
            assert reply.status == (206 if spec else 200)
        assert reply.body == DATA
    finally:
        writer.close()
        await writer.wait_closed()


# -- 416 -------------------------------------------------------------------------------------------

NOT_SATISFIABLE = [
    "bytes=-0",
    f"bytes={SIZE}-",
    "bytes=999999-",
    "bytes=20-10",
    "bytes=99999999999999999999999-",
    "bytes=0-99999999999999999999999",
    "bytes=abc",
    "bytes=1-2-3",
    "bytes",
    "bytes=",
    "=0-1",
    "bytes=0-,0-",  # overlapping ranges asking for more than the file
    "bytes=" + ",".join(f"{i}-{i}" for i in range(MAX_RANGES + 1)),
]


@pytest.mark.parametrize("spec", NOT_SATISFIABLE)
async def test_range_not_satisfiable(port: int, spec: str) -> None:
    reply = await fetch(port, "/data.bin", {"Range": spec})
    assert reply.status == 416
    assert reply.headers["Content-Range"] == f"bytes */{SIZE}"
    assert (reply.headers["Content-Length"], reply.body) == ("0", b"")


async def test_empty_file_range_not_satisfiable(port: int) -> None:
    reply = await fetch(port, "/empty.txt", {"Range": "bytes=0-"})
    assert (reply.status, reply.headers["Content-Range"]) == (416, "bytes */0")


# -- If-Range --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("if_range", "status"),
    [
        (ETAG, 206),
        (f"W/{ETAG}", 200),  # strong comparison: a weak tag never matches
        ('"other"', 200),
        (LAST_MODIFIED, 206),  # the exact Last-Modified date
        (format_http_date(1_700_000_001), 200),  # any other date
        (format_http_date(1_699_999_999), 200),
        ("not a validator", 200),
    ],
)
async def test_if_range(port: int, if_range: str, status: int) -> None:
    reply = await fetch(port, "/data.bin", {"Range": "bytes=0-9", "If-Range": if_range})
    assert reply.status == status
    assert reply.body == (DATA[:10] if status == 206 else DATA)


async def test_if_range_mismatch_skips_416(port: int) -> None:
    reply = await fetch(port, "/data.bin", {"Range": "bytes=-0", "If-Range": '"old"'})
    assert (reply.status, reply.body) == (200, DATA)


# -- preconditions (RFC 9110 13.2.2) ----------------------------------------------------------------

OLDER = format_http_date(1_600_000_000)
NEWER = format_http_date(1_800_000_000)


@pytest.mark.parametrize(
    ("method", "headers", "status"),
    [
        ("GET", {"If-Match": ETAG}, 200),
        ("GET", {"If-Match": f'"x", {ETAG}'}, 200),
        ("GET", {"If-Match": "*"}, 200),
        ("GET", {"If-Match": '"nope"'}, 412),
        ("GET", {"If-Match": f"W/{ETAG}"}, 412),  # If-Match compares strongly
        ("GET", {"If-Unmodified-Since": OLDER}, 412),
        ("GET", {"If-Unmodified-Since": LAST_MODIFIED}, 200),
        ("GET", {"If-Unmodified-Since": "garbage"}, 200),
        ("GET", {"If-Match": ETAG, "If-Unmodified-Since": OLDER}, 200),  # If-Match wins
        ("GET", {"If-None-Match": ETAG}, 304),
        ("HEAD", {"If-None-Match": ETAG}, 304),
        ("GET", {"If-None-Match": f"W/{ETAG}"}, 304),  # If-None-Match compares weakly
        ("GET", {"If-None-Match": "*"}, 304),
        ("GET", {"If-None-Match": '"a", "b"'}, 200),
        ("POST", {"If-None-Match": ETAG}, 412),
        ("PUT", {"If-None-Match": "*"}, 412),
        ("GET", {"If-Modified-Since": LAST_MODIFIED}, 304),  # sub-second mtime still matches
        ("GET", {"If-Modified-Since": NEWER}, 304),
        ("GET", {"If-Modified-Since": OLDER}, 200),
        ("POST", {"If-Modified-Since": NEWER}, 200),  # only for GET and HEAD
        ("GET", {"If-None-Match": '"other"', "If-Modified-Since": NEWER}, 200),  # INM wins
        ("GET", {"If-Match": '"nope"', "If-None-Match": ETAG}, 412),  # If-Match first
        ("GET", {"If-Unmodified-Since": OLDER, "If-None-Match": ETAG}, 412),
        ("GET", {"If-None-Match": ETAG, "Range": "bytes=0-1"}, 304),  # before Range
        ("GET", {"If-Match": '"nope"', "Range": "bytes=-0"}, 412),  # before 416
    ],
)
async def test_preconditions(port: int, method: str, headers: dict[str, str], status: int) -> None:
    reply = await fetch(port, "/data.bin", headers, method=method)
    assert reply.status == status
    if status == 200:
        assert reply.body == (b"" if method == "HEAD" else DATA)
    elif status == 412:
        assert (reply.body, reply.headers["Content-Length"]) == (b"", "0")


async def test_not_modified_headers(port: int) -> None:
    reply = await fetch(port, "/hello.txt", {"If-Modified-Since": LAST_MODIFIED})
    assert reply.status == 304
    assert reply.headers["ETag"] == f'"{MTIME_NS:x}-6"'
    assert reply.headers["Last-Modified"] == LAST_MODIFIED
    assert "Content-Length" not in reply.headers
    assert "Content-Type" not in reply.headers  # a cache would copy it onto the stored response


async def test_preconditions_follow_a_changed_file(port: int, root: Path) -> None:
    _write(root, "data.bin", DATA[::-1])
    os.utime(root / "data.bin", ns=(MTIME_NS + 10**9, MTIME_NS + 10**9))
    reply = await fetch(port, "/data.bin", {"If-None-Match": ETAG})
    assert (reply.status, reply.body) == (200, DATA[::-1])
    assert reply.headers["ETag"] != ETAG


# -- precompressed siblings ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "body", "encoding"),
    [
        ("gzip, deflate, br", HTML_BR, "br"),
        ("br", HTML_BR, "br"),
        ("BR;q=0.5", HTML_BR, "br"),
        ("gzip", HTML_GZ, "gzip"),
        ("br;q=0, gzip", HTML_GZ, "gzip"),
        ("*", HTML_BR, "br"),
        ("*, br;q=0", HTML_GZ, "gzip"),
        ("identity", HTML, None),
        ("deflate", HTML, None),
        ("gzip;q=0, br;q=0", HTML, None),
        (None, HTML, None),
    ],
)
async def test_precompressed_selection(
    port: int, accept: str | None, body: bytes, encoding: str | None
) -> None:
    reply = await fetch(
        port, "/page.html", {"Accept-Encoding": accept} if accept is not None else {}
    )
    assert reply.status == 200
    assert reply.body == body
    assert reply.headers.get("Content-Encoding") == encoding
    assert reply.headers["Content-Type"] == "text/html"
    if encoding is not None:
        assert reply.headers["Vary"] == "Accept-Encoding"
        assert reply.headers["Content-Length"] == str(len(body))


async def test_precompressed_gzip_decodes_to_original(port: int) -> None:
    reply = await fetch(port, "/page.html", {"Accept-Encoding": "gzip"})
    assert gzip.decompress(reply.body) == HTML


async def test_precompressed_variants_have_their_own_etag(port: int) -> None:
    plain = await fetch(port, "/page.html")
    encoded = await fetch(port, "/page.html", {"Accept-Encoding": "br"})
    assert plain.headers["ETag"] != encoded.headers["ETag"]
    again = await fetch(
        port, "/page.html", {"Accept-Encoding": "br", "If-None-Match": encoded.headers["ETag"]}
    )
    assert (again.status, again.headers["Vary"]) == (304, "Accept-Encoding")


@pytest.mark.parametrize("name", ["style.css", "app.js"])  # symlinked / directory siblings
async def test_precompressed_needs_a_regular_sibling(port: int, name: str, root: Path) -> None:
    reply = await fetch(port, f"/{name}", {"Accept-Encoding": "gzip, br"})
    assert reply.body == (root / name).read_bytes()
    assert "Content-Encoding" not in reply.headers


async def test_sibling_served_when_original_missing(port: int) -> None:
    reply = await fetch(port, "/only.css", {"Accept-Encoding": "gzip"})
    assert (reply.status, reply.body, reply.headers["Content-Encoding"]) == (
        200,
        b"zipped-only",
        "gzip",
    )
    assert reply.headers["Content-Type"] == "text/css"
    missing = await fetch(port, "/only.css")
    assert missing.status == 404


async def test_range_on_precompressed(port: int) -> None:
    single = await fetch(port, "/page.html", {"Accept-Encoding": "br", "Range": "bytes=2-5"})
    assert (single.status, single.body) == (206, HTML_BR[2:6])
    assert single.headers["Content-Range"] == f"bytes 2-5/{len(HTML_BR)}"
    assert single.headers["Content-Encoding"] == "br"
    multi = await fetch(port, "/page.html", {"Accept-Encoding": "br", "Range": "bytes=0-1,4-5"})
    assert (multi.status, multi.body) == (200, HTML_BR)  # a multipart body cannot be "br"
    bad = await fetch(port, "/page.html", {"Accept-Encoding": "br", "Range": "bytes=9999-"})
    assert (bad.status, bad.headers["Content-Range"]) == (416, f"bytes */{len(HTML_BR)}")
    assert "Content-Encoding" not in bad.headers


async def test_on_the_fly_compression(port: int) -> None:
    reply = await fetch(port, "/compress/data.bin", {"Accept-Encoding": "gzip"})
    assert reply.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(reply.body) == DATA
    ranged = await fetch(port, "/compress/data.bin", {"Range": "bytes=0-9"})
    assert (ranged.status, ranged.body) == (206, DATA[:10])  # ranges are never re-encoded
    assert "Content-Encoding" not in ranged.headers


# -- large files, executor, disconnects ----------------------------------------------------------


@pytest.fixture
def big_file(root: Path) -> Path:
    path = root / "big.bin"
    block = hashlib.sha256(b"seed").digest() * 2048  # 64 KiB, not all one byte
    path.write_bytes(os.urandom(1000) + block * 80)  # about 5 MB
    return path


@pytest.mark.parametrize("chunk_size", [256 * 1024, 1000])
async def test_big_file_raw(root: Path, big_file: Path, chunk_size: int) -> None:
    async with serve(file_handler(root, chunk_size=chunk_size)) as bound:
        reply = await fetch(bound, "/big.bin")
        ranged = await fetch(bound, "/big.bin", {"Range": "bytes=1000000-,-5,7-7"})
    content = big_file.read_bytes()
    assert hashlib.sha256(reply.body).digest() == hashlib.sha256(content).digest()
    parts = parse_multipart(ranged)
    assert [data for _, data in parts] == [content[1000000:], content[-5:], content[7:8]]
    await wait_closed(big_file)


async def test_big_file_curl(port: int, big_file: Path) -> None:
    proc = await asyncio.create_subprocess_exec(
        "curl",
        "-sS",
        "--max-time",
        "20",
        f"http://127.0.0.1:{port}/big.bin",
        stdout=asyncio.subprocess.PIPE,
    )
    stdout, _ = await asyncio.wait_for(proc.communicate(), TIMEOUT)
    assert proc.returncode == 0
    assert hashlib.sha256(stdout).hexdigest() == hashlib.sha256(big_file.read_bytes()).hexdigest()


async def test_client_disconnects_mid_transfer(port: int, root: Path) -> None:
    huge = root / "huge.bin"
    with huge.open("wb") as out:
        for _ in range(32):
            out.write(b"z" * (1 << 20))  # 32 MiB: more than any loopback socket buffers hold
    loop = asyncio.get_running_loop()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.setblocking(False)
        await asyncio.wait_for(loop.sock_connect(sock, ("127.0.0.1", port)), TIMEOUT)
        await loop.sock_sendall(sock, _request_bytes("GET", "/huge.bin", {}, "1.1"))
        first = await asyncio.wait_for(loop.sock_recv(sock, 4096), TIMEOUT)
        assert first.startswith(b"HTTP/1.1 200 ")
        for _ in range(500):  # the handler holds the file while it is sending
            if open_fds(huge):
                break
            await asyncio.sleep(0.01)
        assert open_fds(huge), "the transfer should still be in progress"
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # RST
    finally:
        sock.close()
    await wait_closed(huge)
    reply = await fetch(port, "/hello.txt")
    assert (reply.status, reply.body) == (200, b"hello\n")


async def test_filesystem_calls_run_off_the_loop(
    port: int, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loop_thread = threading.get_ident()
    seen: list[tuple[str, bool]] = []

    def spy(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def call(path: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(path, (str, os.PathLike)) and str(root) in os.fspath(path):
                seen.append((name, threading.get_ident() == loop_thread))
            return real(path, *args, **kwargs)

        return call

    for name in ("open", "stat", "lstat"):
        monkeypatch.setattr(os, name, spy(name, getattr(os, name)))
    reply = await fetch(port, "/page.html", {"Accept-Encoding": "gzip, br", "Range": "bytes=0-3"})
    missing = await fetch(port, "/missing.txt")
    monkeypatch.undo()
    assert (reply.status, missing.status) == (206, 404)
    assert {name for name, _ in seen} >= {"open", "stat", "lstat"}
    assert not [name for name, on_loop in seen if on_loop], seen


async def test_fifo_never_hangs(port: int, root: Path) -> None:
    reply = await fetch(port, "/pipe")
    assert reply.status == 403
    assert (await fetch(port, "/hello.txt")).status == 200


def test_public_module_name() -> None:
    assert FileResponse.__module__ == "wirehttp.web"


async def test_file_shrinking_during_send_closes_connection(
    port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stat said 100 bytes more than the file holds: the body falls short of Content-Length,
    so the server must close the connection instead of waiting for the next request."""
    real = file_response._open_representation

    def stale_stat(path: Path, accept: str) -> Any:
        opened = real(path, accept)
        st = SimpleNamespace(st_size=opened.st.st_size + 100, st_mtime_ns=opened.st.st_mtime_ns)
        return opened._replace(st=st)

    monkeypatch.setattr(file_response, "_open_representation", stale_stat)
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(_request_bytes("GET", "/data.bin", {}, "1.1"))
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), TIMEOUT)
        assert f"Content-Length: {SIZE + 100}\r\n".encode() in head
        assert await asyncio.wait_for(reader.read(), TIMEOUT) == DATA  # then EOF
    finally:
        writer.close()
        await writer.wait_closed()


async def test_open_abandoned_by_cancellation_is_closed(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entered, release, done = threading.Event(), threading.Event(), threading.Event()
    results: list[Any] = []
    real = file_response._open_representation

    def slow(path: Path, accept: str) -> Any:
        entered.set()
        release.wait(TIMEOUT)
        results.append(real(path, accept))
        done.set()
        return results[-1]

    monkeypatch.setattr(file_response, "_open_representation", slow)
    loop = asyncio.get_running_loop()
    task = asyncio.ensure_future(file_response._open_in_executor(loop, root / "data.bin", ""))
    assert await loop.run_in_executor(None, entered.wait, TIMEOUT)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    release.set()
    assert await loop.run_in_executor(None, done.wait, TIMEOUT)
    for _ in range(500):
        if results[0].fobj.closed:
            break
        await asyncio.sleep(0.01)
    assert results[0].fobj.closed

"""nginx as a foreground, single-process child with a generated configuration.

Three loopback ports, all serving the same document root:
- `http_port`: static files with Range (nginx's default), gzip for text/plain, and `/chunked/`,
  where the SSI filter is switched on: it makes the body's length unknown in advance, so nginx
  sends `Transfer-Encoding: chunked` (no echo module or backend needed; nginx-light has SSI);
- `https_port`: the same over TLS, with a certificate for 127.0.0.1 and localhost from a
  trustme CA made at test time;
- `keepalive_port`: `keepalive_requests` KEEPALIVE_REQUESTS and `keepalive_timeout`
  KEEPALIVE_TIMEOUT (also sent as `Keep-Alive: timeout=...`), so a client's handling of a server
  that closes after N requests or after idling can be tested.
Everything nginx writes (pid, logs, temp files) stays in the fixture's directory. The access log
records nginx's connection serial number and the request's number on it, so a test can see
which requests shared a connection.
"""

from __future__ import annotations

import os
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import trustme

from .process import (
    PeerProcess,
    RunningPeer,
    free_port,
    port_accepts,
    require_program,
    start_with_retries,
)

KEEPALIVE_REQUESTS = 3
KEEPALIVE_TIMEOUT = 1  # seconds
RANDOM_SIZE = 1024 * 1024
TEXT_LINES = 4000  # about 180 KB of compressible text, several chunks on /chunked/

CONFIG = """\
daemon off;
master_process off;
worker_processes 1;
pid {d}/nginx.pid;
error_log {d}/error.log info;

events {{ worker_connections 256; }}

http {{
    types {{ text/plain txt; text/html html; application/octet-stream bin; }}
    default_type application/octet-stream;
    log_format peers '$connection $connection_requests $request_method $request_uri $status';
    access_log {d}/access.log peers;
    client_body_temp_path {d}/temp/body;
    proxy_temp_path {d}/temp/proxy;
    fastcgi_temp_path {d}/temp/fastcgi;
    uwsgi_temp_path {d}/temp/uwsgi;
    scgi_temp_path {d}/temp/scgi;
    sendfile on;
    gzip on;
    gzip_types text/plain;
    gzip_min_length 256;
    gzip_vary on;
    keepalive_timeout 30s;

    server {{
        listen 127.0.0.1:{http_port};
        listen 127.0.0.1:{https_port} ssl;
        ssl_certificate {d}/server-chain.pem;
        ssl_certificate_key {d}/server-key.pem;
        root {d}/www;
        location /chunked/ {{
            gzip off;
            ssi on;
            ssi_types text/plain;
        }}
    }}

    server {{
        listen 127.0.0.1:{keepalive_port};
        keepalive_requests {keepalive_requests};
        keepalive_timeout {keepalive_timeout}s {keepalive_timeout}s;
        root {d}/www;
    }}
}}
"""


@dataclass
class NginxServer(RunningPeer):
    """nginx on three loopback ports; files in `www` (random.bin, text.txt, chunked/text.txt)."""

    http_port: int
    https_port: int
    keepalive_port: int
    www: Path
    ca: trustme.CA
    ca_file: Path
    process: PeerProcess
    access_log: Path
    random_data: bytes = field(repr=False)
    text_data: bytes = field(repr=False)
    keepalive_requests: int = KEEPALIVE_REQUESTS
    keepalive_timeout: int = KEEPALIVE_TIMEOUT

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def https_url(self) -> str:
        return f"https://127.0.0.1:{self.https_port}"

    @property
    def keepalive_url(self) -> str:
        return f"http://127.0.0.1:{self.keepalive_port}"

    def client_ssl_context(self) -> ssl.SSLContext:
        """A verifying client context that trusts this server's CA (and nothing else)."""
        return ssl.create_default_context(cafile=str(self.ca_file))

    def requests_by_connection(self, marker: str) -> list[list[str]]:
        """Request URIs containing `marker`, grouped by the connection nginx served them on."""
        groups: dict[str, list[str]] = {}
        for line in self.access_log.read_text().splitlines():
            conn, _number, _method, uri, _status = line.split(" ")
            if marker in uri:
                groups.setdefault(conn, []).append(uri)
        return list(groups.values())


def _write_site(directory: Path) -> tuple[Path, bytes, bytes]:
    www = directory / "www"
    (www / "chunked").mkdir(parents=True)
    random_data = os.urandom(RANDOM_SIZE)
    text_data = "".join(
        f"line {n:05d}: the quick brown fox jumps over the lazy dog\n" for n in range(TEXT_LINES)
    ).encode()
    (www / "random.bin").write_bytes(random_data)
    (www / "text.txt").write_bytes(text_data)
    (www / "chunked" / "text.txt").write_bytes(text_data)
    return www, random_data, text_data


def _write_certificates(directory: Path) -> tuple[trustme.CA, Path]:
    ca = trustme.CA()
    server = ca.issue_cert("127.0.0.1", "localhost")
    server.private_key_pem.write_to_path(str(directory / "server-key.pem"))
    chain = directory / "server-chain.pem"
    for index, blob in enumerate(server.cert_chain_pems):
        blob.write_to_path(str(chain), append=index > 0)
    ca_file = directory / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    return ca, ca_file


def start_nginx(directory: Path) -> NginxServer:
    nginx = require_program("nginx", "install it with `make setup` (apt package nginx-light)")
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (directory / "temp" / sub).mkdir(parents=True)
    www, random_data, text_data = _write_site(directory)
    ca, ca_file = _write_certificates(directory)
    ports: list[tuple[int, int, int]] = []

    def launch() -> tuple[PeerProcess, Callable[[], bool]]:
        trio = (free_port(), free_port(), free_port())
        ports.append(trio)
        conf = directory / "nginx.conf"
        conf.write_text(
            CONFIG.format(
                d=directory,
                http_port=trio[0],
                https_port=trio[1],
                keepalive_port=trio[2],
                keepalive_requests=KEEPALIVE_REQUESTS,
                keepalive_timeout=KEEPALIVE_TIMEOUT,
            )
        )
        argv = [nginx, "-p", str(directory), "-c", str(conf), "-e", str(directory / "error.log")]
        process = PeerProcess(
            "nginx", argv, directory, logs=[directory / "error.log", directory / "access.log"]
        )
        return process, lambda: all(port_accepts(port) for port in trio)

    process = start_with_retries("nginx", launch)
    http_port, https_port, keepalive_port = ports[-1]
    return NginxServer(
        http_port=http_port,
        https_port=https_port,
        keepalive_port=keepalive_port,
        www=www,
        ca=ca,
        ca_file=ca_file,
        process=process,
        access_log=directory / "access.log",
        random_data=random_data,
        text_data=text_data,
    )

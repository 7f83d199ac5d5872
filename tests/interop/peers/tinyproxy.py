"""tinyproxy in the foreground (-d) with a generated configuration on a loopback port.

It forwards plain HTTP requests given in absolute form, and tunnels CONNECT only to the ports
it is given (ConnectPort; nginx's TLS port in the fixtures), so a CONNECT elsewhere is refused
with 403 and can be tested too. With credentials it requires Proxy-Authorization (BasicAuth,
in tinyproxy since 1.11) and answers 407 without it. tinyproxy adds `Via: 1.1 <hostname>
(tinyproxy/<version>)` to the responses it forwards (not to tunnelled ones), which shows that a
request really went through it. Its log (LogFile, written as it goes) names every request.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .process import (
    PeerProcess,
    RunningPeer,
    free_port,
    port_accepts,
    require_program,
    start_with_retries,
)

CONFIG = """\
Port {port}
Listen 127.0.0.1
Timeout 30
MaxClients 64
LogLevel Info
LogFile "{log}"
Allow 127.0.0.1
{connect_ports}
{auth}
"""


@dataclass
class TinyproxyServer(RunningPeer):
    """tinyproxy at `url`; `auth` is (user, password) when it requires credentials."""

    port: int
    connect_ports: tuple[int, ...]
    auth: tuple[str, str] | None
    process: PeerProcess

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def url_with_credentials(self) -> str:
        """The proxy URL with its user and password in it (the url itself when there are none)."""
        if self.auth is None:
            return self.url
        return f"http://{self.auth[0]}:{self.auth[1]}@127.0.0.1:{self.port}"


def start_tinyproxy(
    directory: Path, connect_ports: Sequence[int], auth: tuple[str, str] | None = None
) -> TinyproxyServer:
    tinyproxy = require_program("tinyproxy", "install it with `make setup` (apt package tinyproxy)")
    ports: list[int] = []

    def launch() -> tuple[PeerProcess, Callable[[], bool]]:
        port = free_port()
        ports.append(port)
        conf = directory / "tinyproxy.conf"
        conf.write_text(
            CONFIG.format(
                port=port,
                log=directory / "tinyproxy.log",
                connect_ports="\n".join(f"ConnectPort {p}" for p in connect_ports),
                auth="" if auth is None else f"BasicAuth {auth[0]} {auth[1]}",
            )
        )
        process = PeerProcess(
            "tinyproxy",
            [tinyproxy, "-d", "-c", str(conf)],
            directory,
            logs=[directory / "tinyproxy.log"],
        )
        return process, lambda: port_accepts(port)

    process = start_with_retries("tinyproxy", launch)
    return TinyproxyServer(ports[-1], tuple(connect_ports), auth, process)

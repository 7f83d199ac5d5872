"""wirehttp.web_runner: runners and sites for serving an application."""

from ._server.runner import AppRunner as AppRunner
from ._server.runner import BaseRunner as BaseRunner
from ._server.runner import GracefulExit as GracefulExit
from ._server.runner import ServerRunner as ServerRunner
from ._server.sites import BaseSite as BaseSite
from ._server.sites import SockSite as SockSite
from ._server.sites import TCPSite as TCPSite
from ._server.sites import UnixSite as UnixSite

__all__ = (
    "AppRunner",
    "BaseRunner",
    "BaseSite",
    "GracefulExit",
    "ServerRunner",
    "SockSite",
    "TCPSite",
    "UnixSite",
)

"""wirehttp.worker: gunicorn workers (importing this module needs gunicorn)."""

from ._server.worker import GunicornUVLoopWebWorker as GunicornUVLoopWebWorker
from ._server.worker import GunicornWebWorker as GunicornWebWorker

__all__ = (
    "GunicornUVLoopWebWorker",
    "GunicornWebWorker",
)

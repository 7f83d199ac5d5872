"""The always-empty body: `EmptyStreamReader` and its shared instance `EMPTY_PAYLOAD`.

Owns the reader handed out for requests and responses that have no body: at EOF from the
start, it ignores feeding and never becomes failed (it is shared). Must not import `_client`,
`_server` or `_web`.
"""

from __future__ import annotations

from typing import Final

from .streams import _UNSET, StreamReader, _Unset

__all__ = ("EMPTY_PAYLOAD", "EmptyStreamReader")


class _ClosedFlow:
    """The protocol stand-in behind `EMPTY_PAYLOAD`: never connected, never paused."""

    __slots__ = ()

    @property
    def connected(self) -> bool:
        return False

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass


class EmptyStreamReader(StreamReader):
    """A reader that is always at EOF and ignores feeding; `EMPTY_PAYLOAD` is the instance."""

    __slots__ = ()

    def __init__(self) -> None:
        super().__init__(_ClosedFlow(), 2**16)
        self._eof = True

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"

    def set_exception(self, exc: BaseException, exc_cause: BaseException | _Unset = _UNSET) -> None:
        pass  # shared singleton: never becomes failed

    def feed_data(self, data: bytes) -> None:
        pass

    def feed_eof(self) -> None:
        pass

    def begin_http_chunk_receiving(self) -> None:
        pass

    def end_http_chunk_receiving(self) -> None:
        pass


EMPTY_PAYLOAD: Final[StreamReader] = EmptyStreamReader()

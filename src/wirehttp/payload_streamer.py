"""wirehttp.payload_streamer: the deprecated `@streamer` decorator."""

from ._body.streamer import streamer as streamer

__all__ = ("streamer",)

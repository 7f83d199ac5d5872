"""`http.RESPONSES`: each HTTP status with its reason phrase and description. No I/O.

Built from the standard library's `http.HTTPStatus` (the IANA registry as Python ships it), so
the keys are `HTTPStatus` members, which compare and hash equal to plain ints.
"""

from __future__ import annotations

from http import HTTPStatus

__all__ = ("RESPONSES",)

RESPONSES: dict[HTTPStatus, tuple[str, str]] = {
    status: (status.phrase, status.description) for status in HTTPStatus
}

"""FormData: an HTML form body, urlencoded or multipart/form-data, decided as aiohttp decides.

Owns: `FormData(fields=(), quote_fields=True, charset=None, *, default_to_multipart=False)` with
`add_field` / `add_fields` / `is_multipart` / `__call__`, and `body_payload(data)`: what a
client request's `data=` becomes (a FormData is called; a registered type gets its payload,
with no Content-Disposition; anything else, a dict or a list of pairs, goes through FormData).
A form becomes multipart/form-data as soon as one field is a file object, has a filename, a
content type or a transfer encoding (or bytes: aiohttp 3.14 names those after the field, with a
DeprecationWarning); otherwise it is application/x-www-form-urlencoded. Field names, filenames
and content types holding CR, LF or NUL raise ValueError when added.
Must not import `_client`, `_server` or `_web`.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from multidict import MultiDict, MultiDictProxy

from .. import hdrs
from .disposition import check_header_value, guess_filename
from .io_payload import IOBasePayload
from .multipart_writer import MultipartWriter
from .payload import BytesPayload, Payload
from .registry import PAYLOAD_REGISTRY, LookupError, get_payload

__all__ = ("FormData", "body_payload")

_Field = tuple[dict[str, str], dict[str, str], Any]  # (disposition params, headers, value)


class FormData:
    """Fields of a form; calling it gives the body payload."""

    def __init__(
        self,
        fields: Iterable[Any] = (),
        quote_fields: bool = True,
        charset: str | None = None,
        *,
        default_to_multipart: bool = False,
    ) -> None:
        self._writer = MultipartWriter("form-data")
        self._fields: list[_Field] = []
        self._is_multipart = default_to_multipart
        self._quote_fields = quote_fields
        self._charset = charset
        if isinstance(fields, dict):
            fields = list(fields.items())
        elif not isinstance(fields, (list, tuple)):
            fields = (fields,)
        self.add_fields(*fields)

    def __repr__(self) -> str:
        kind = "multipart" if self._is_multipart else "urlencoded"
        return f"<FormData {kind} fields={len(self._fields)}>"

    @property
    def is_multipart(self) -> bool:
        return self._is_multipart

    def add_field(
        self,
        name: str,
        value: Any,
        *,
        content_type: str | None = None,
        filename: str | None = None,
        content_transfer_encoding: str | None = None,
    ) -> None:
        """Add one field; a file, a filename or a content type make the form multipart."""
        if isinstance(value, io.IOBase):
            self._is_multipart = True
        elif (
            isinstance(value, (bytes, bytearray, memoryview))
            and filename is None
            and content_transfer_encoding is None
        ):
            warnings.warn(
                "In v4, passing bytes will no longer create a file field. "
                "Please explicitly use the filename parameter or pass a BytesIO object.",
                DeprecationWarning,
                stacklevel=2,
            )
            filename = name
        check_header_value(name)
        params = {"name": name}
        if filename is not None and not isinstance(filename, str):
            raise TypeError(f"filename must be an instance of str. Got: {filename}")
        if filename is None and isinstance(value, io.IOBase):
            filename = guess_filename(value, name)
        if filename is not None:
            params["filename"] = check_header_value(filename)
            self._is_multipart = True
        headers: dict[str, str] = {}
        if content_type is not None:
            if not isinstance(content_type, str):
                raise TypeError(f"content_type must be an instance of str. Got: {content_type}")
            headers[hdrs.CONTENT_TYPE] = check_header_value(content_type)
            self._is_multipart = True
        if content_transfer_encoding is not None:
            if not isinstance(content_transfer_encoding, str):
                raise TypeError(
                    "content_transfer_encoding must be an instance of str. "
                    f"Got: {content_transfer_encoding}"
                )
            warnings.warn(
                "content_transfer_encoding is deprecated. "
                "To maintain compatibility with v4 please pass a BytesPayload.",
                DeprecationWarning,
                stacklevel=2,
            )
            self._is_multipart = True
        self._fields.append((params, headers, value))

    def add_fields(self, *fields: Any) -> None:
        """Add file objects, multidicts and (name, value) pairs."""
        pending = list(fields)
        while pending:
            item = pending.pop(0)
            if isinstance(item, io.IOBase):
                self.add_field(guess_filename(item, "unknown") or "unknown", item)
            elif isinstance(item, (MultiDictProxy, MultiDict)):
                pending.extend(item.items())
            elif isinstance(item, (list, tuple)) and len(item) == 2:
                name, value = item
                self.add_field(name, value)
            else:
                raise TypeError(
                    "Only io.IOBase, multidict and (name, file) pairs allowed, use "
                    f".add_field() for passing more complex parameters, got {item!r}"
                )

    def _urlencoded(self) -> BytesPayload:
        charset = self._charset if self._charset is not None else "utf-8"
        content_type = "application/x-www-form-urlencoded"
        if charset != "utf-8":
            content_type += f"; charset={charset}"
        pairs = [(params["name"], value) for params, _, value in self._fields]
        body = urlencode(pairs, doseq=True, encoding=charset).encode()
        return BytesPayload(body, content_type=content_type)

    def _multipart(self) -> MultipartWriter:
        for params, headers, value in self._fields:
            try:
                extra = {"content_type": headers[hdrs.CONTENT_TYPE]} if headers else {}
                part = get_payload(value, headers=headers, encoding=self._charset, **extra)
            except Exception as exc:
                raise TypeError(
                    f"Can not serialize value type: {type(value)!r}\n "
                    f"headers: {headers!r}\n value: {value!r}"
                ) from exc
            part.set_content_disposition("form-data", quote_fields=self._quote_fields, **params)
            part.headers.popall(hdrs.CONTENT_LENGTH, None)  # RFC 7578 4.8: parts carry none
            self._writer.append_payload(part)
        self._fields.clear()
        return self._writer

    def __call__(self) -> Payload:
        return self._multipart() if self._is_multipart else self._urlencoded()


def body_payload(data: Any) -> Payload:
    """What a client request's `data=` is sent as (aiohttp's choice of payload)."""
    if isinstance(data, FormData):
        return data()
    try:
        return PAYLOAD_REGISTRY.get(data, disposition=None)
    except LookupError:
        pass
    if hasattr(data, "read") and not isinstance(data, (list, tuple, dict)):
        return IOBasePayload(data, disposition=None)  # a file-like object without io.IOBase
    return FormData(data)()


FormData.__module__ = "wirehttp"  # documented as wirehttp.FormData

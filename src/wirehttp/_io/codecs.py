"""Content codings (RFC 9110 8.4.1): gzip, deflate, br and zstd, both directions.

Owns: `Decompressor` (decoded-size limit checked incrementally, so a decompression bomb is
never expanded past `max_size` in memory), `Compressor`, `SUPPORTED_ENCODINGS` and
`choose_encoding` (Accept-Encoding negotiation, RFC 9110 12.5.3). gzip and deflate are coded
with the module `_base/zlib_backend.py` names when the coder is made (zlib unless the user
called `wirehttp.set_zlib_backend`).

brotli and zstandard are optional imports: when one is missing its coding is left out of
`SUPPORTED_ENCODINGS` and asking for it raises ValueError.

Must not import: anything above L2 (`_body`, `_client`, `_server`, `_web`), nor aiohttp.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import IO, Any, Final, cast

from .._base.zlib_backend import zlib_backend
from .._sansio.errors import BodyTooLarge, DecodeError

try:
    import brotli as _brotli
except ImportError:  # pragma: no cover - exercised only where brotli is not installed
    _brotli = None

try:
    import zstandard as _zstd
except ImportError:  # pragma: no cover - exercised only where zstandard is not installed
    _zstd = None  # type: ignore[assignment]

__all__ = ("SUPPORTED_ENCODINGS", "Compressor", "Decompressor", "choose_encoding")

# Server preference when the client rates several codings equally: best ratio-for-speed first.
PREFERENCE: Final[tuple[str, ...]] = ("zstd", "br", "gzip", "deflate")

SUPPORTED_ENCODINGS: Final[frozenset[str]] = frozenset(
    name
    for name, available in (
        ("gzip", True),
        ("deflate", True),
        ("br", _brotli is not None),
        ("zstd", _zstd is not None),
    )
    if available
)

# RFC 9110 8.4.1.3: a recipient SHOULD treat "x-gzip" as "gzip" (and "x-compress" likewise).
_ALIASES: Final[dict[str, str]] = {"x-gzip": "gzip"}

# Decoded output is produced at most this many bytes at a time while a limit is being enforced.
_OUTPUT_STEP: Final = 64 * 1024
# RFC 9659 section 3: zstd windows above 8 MB need not be supported; refusing them caps the
# decoder's own memory no matter what the peer announces.
ZSTD_MAX_WINDOW: Final = 8 * 1024 * 1024
# On-the-fly defaults: br quality 11 (its default) is far too slow for live responses.
_DEFAULT_BR_QUALITY: Final = 4
_DEFAULT_ZSTD_LEVEL: Final = 3
# RFC 9110 12.4.2: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ), ASCII digits only.
_QVALUE: Final = re.compile(r"0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?")


def _normalise(encoding: str) -> str:
    name = encoding.strip().lower()
    name = _ALIASES.get(name, name)
    if name not in SUPPORTED_ENCODINGS:
        raise ValueError(f"unsupported content coding: {encoding[:64]!r}")
    return name


class _Budget:
    """Counts decoded bytes against an optional limit; raises BodyTooLarge past it."""

    __slots__ = ("limit", "total")

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.total = 0

    def remaining(self) -> int:
        """Bytes still allowed, plus one so an overflow is seen (0 means unlimited)."""
        if self.limit is None:
            return 0
        return max(self.limit - self.total, 0) + 1

    def add(self, size: int) -> None:
        self.total += size
        if self.limit is not None and self.total > self.limit:
            raise BodyTooLarge(f"decoded body exceeds {self.limit} bytes")


class _ZlibDecoder:
    """gzip (RFC 1952) and deflate: zlib-wrapped (RFC 1950), or raw as many servers send."""

    __slots__ = ("_gzip", "_head", "_obj", "_zlib")

    def __init__(self, gzip: bool) -> None:
        self._gzip = gzip
        self._zlib = zlib = zlib_backend()  # kept: a deflate stream picks its mode later
        self._obj: Any = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS) if gzip else None
        self._head = b""  # deflate only: bytes held until the 2-byte zlib header can be judged

    @property
    def eof(self) -> bool:
        return self._obj is not None and bool(self._obj.eof)

    def decompress(self, data: bytes, budget: _Budget) -> list[bytes]:
        if self._obj is None:
            data = self._head + data
            if len(data) < 2:
                self._head = data
                return []
            self._head = b""
            # RFC 1950 2.2: CM = 8 and the header, read big-endian, is a multiple of 31.
            wrapped = data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
            max_wbits = self._zlib.MAX_WBITS
            self._obj = self._zlib.decompressobj(wbits=max_wbits if wrapped else -max_wbits)
        obj = self._obj
        out: list[bytes] = []
        while data and not obj.eof:
            step = budget.remaining()
            chunk = obj.decompress(data, step)
            if chunk:
                out.append(chunk)
                budget.add(len(chunk))
            data = obj.unconsumed_tail
            if not chunk and data:
                break  # no progress: zlib wants nothing more from this input
        return out

    def flush(self, budget: _Budget) -> list[bytes]:
        if self._obj is None:
            return []
        chunk = self._obj.flush()
        budget.add(len(chunk))
        return [chunk] if chunk else []


class _BrotliDecoder:
    """br (RFC 7932), with bounded output steps where the brotli package supports them."""

    __slots__ = ("_bounded", "_obj")

    def __init__(self) -> None:
        assert _brotli is not None
        self._obj: Any = _brotli.Decompressor()
        try:
            self._obj.process(b"", output_buffer_limit=_OUTPUT_STEP)
            self._bounded = True
        except TypeError:  # brotli < 1.2: output comes out whole for each input
            self._bounded = False

    @property
    def eof(self) -> bool:
        return bool(self._obj.is_finished())

    def decompress(self, data: bytes, budget: _Budget) -> list[bytes]:
        obj = self._obj
        if not self._bounded:
            chunk = obj.process(data)
            budget.add(len(chunk))
            return [chunk] if chunk else []
        out: list[bytes] = []
        chunk = obj.process(data, output_buffer_limit=_OUTPUT_STEP)
        while chunk:
            out.append(chunk)
            budget.add(len(chunk))
            # A full step may leave decoded output pending even when more input is welcome.
            if obj.is_finished() or (len(chunk) < _OUTPUT_STEP and obj.can_accept_more_data()):
                break
            chunk = obj.process(b"", output_buffer_limit=_OUTPUT_STEP)
        return out

    def flush(self, budget: _Budget) -> list[bytes]:
        return []


class _Collector:
    """The zstd writer's sink: keeps decoded pieces and enforces the budget as they arrive."""

    __slots__ = ("budget", "parts")

    def __init__(self, budget: _Budget) -> None:
        self.parts: list[bytes] = []
        self.budget = budget

    def write(self, data: bytes) -> int:
        self.budget.add(len(data))
        self.parts.append(bytes(data))
        return len(data)


class _ZstdDecoder:
    """zstd (RFC 8878): the streaming writer hands over output in bounded pieces."""

    __slots__ = ("_frames", "_sink", "_writer")

    def __init__(self, budget: _Budget) -> None:
        assert _zstd is not None
        self._sink = _Collector(budget)
        dctx = _zstd.ZstdDecompressor(max_window_size=ZSTD_MAX_WINDOW)
        self._writer: Any = dctx.stream_writer(
            cast("IO[bytes]", self._sink), write_size=_OUTPUT_STEP
        )
        self._frames = _ZstdFrames()

    @property
    def eof(self) -> bool:
        return self._frames.complete

    def decompress(self, data: bytes, budget: _Budget) -> list[bytes]:
        self._frames.feed(data)
        self._writer.write(data)
        parts, self._sink.parts = self._sink.parts, []
        return parts

    def flush(self, budget: _Budget) -> list[bytes]:
        return []


class _ZstdFrames:
    """Follows zstd frame boundaries (RFC 8878 3.1) without decoding, to know where one ends.

    Only headers are read; block contents are skipped by their declared sizes.
    """

    __slots__ = ("_checksum", "_held", "_need", "_skip", "_state", "complete")

    def __init__(self) -> None:
        self._held = b""
        self._need = 4
        self._state = "magic"
        self._skip = 0
        self._checksum = False
        self.complete = False

    def feed(self, data: bytes) -> None:
        pos = 0
        while pos < len(data):
            if self._skip:
                step = min(self._skip, len(data) - pos)
                self._skip -= step
                pos += step
                if not self._skip and self._state == "end":
                    self.complete = True
                    self._state, self._need = "magic", 4
                continue
            self.complete = False
            take = min(self._need - len(self._held), len(data) - pos)
            self._held += data[pos : pos + take]
            pos += take
            if len(self._held) == self._need:
                field, self._held = self._held, b""
                self._step(field)

    def _step(self, field: bytes) -> None:
        state = self._state
        if state == "magic":
            magic = int.from_bytes(field, "little")
            skippable = magic & 0xFFFFFFF0 == 0x184D2A50
            self._state, self._need = ("skip_size", 4) if skippable else ("descriptor", 1)
        elif state == "skip_size":
            self._end_after(int.from_bytes(field, "little"))
        elif state == "descriptor":
            fhd = field[0]
            single = bool(fhd & 0x20)
            self._checksum = bool(fhd & 0x04)
            fcs = (0 if not single else 1, 2, 4, 8)[fhd >> 6]
            rest = (0 if single else 1) + (0, 1, 2, 4)[fhd & 0x03] + fcs
            self._state, self._need = "block", 3
            self._skip = rest
        elif state == "block":
            header = int.from_bytes(field, "little")
            size = 1 if (header >> 1) & 0x03 == 1 else header >> 3
            if header & 1:
                self._end_after(size + (4 if self._checksum else 0))
            else:
                self._skip = size
        if self._state == "end" and not self._skip:
            self.complete = True
            self._state, self._need = "magic", 4

    def _end_after(self, size: int) -> None:
        self._state = "end"
        self._skip = size


class Decompressor:
    """Decodes one content-coded body, refusing to produce more than `max_size` bytes.

    `decompress()` raises BodyTooLarge as soon as the decoded total would pass `max_size` (at
    most one 64 KiB step is held beyond it) and DecodeError on corrupt input; after either the
    object is dead. `flush()` returns what is still held; `eof` says the coded stream ended.
    """

    __slots__ = ("_budget", "_decoder", "_failed", "encoding", "max_size")

    def __init__(self, encoding: str, max_size: int | None = None) -> None:
        self.encoding = _normalise(encoding)
        self.max_size = max_size
        self._budget = _Budget(max_size)
        self._failed = False
        decoder: _ZlibDecoder | _BrotliDecoder | _ZstdDecoder
        if self.encoding == "br":
            decoder = _BrotliDecoder()
        elif self.encoding == "zstd":
            decoder = _ZstdDecoder(self._budget)
        else:
            decoder = _ZlibDecoder(gzip=self.encoding == "gzip")
        self._decoder = decoder

    def __repr__(self) -> str:
        return f"<Decompressor {self.encoding} decoded={self._budget.total} max_size={self.max_size} eof={self.eof}>"

    @property
    def eof(self) -> bool:
        return self._decoder.eof

    @property
    def decoded_size(self) -> int:
        """Decoded bytes produced so far."""
        return self._budget.total

    def decompress(self, data: bytes) -> bytes:
        return self._run(self._decoder.decompress, data)

    def flush(self) -> bytes:
        return self._run(lambda _data, budget: self._decoder.flush(budget), b"")

    def _run(self, step: Callable[[bytes, _Budget], list[bytes]], data: bytes) -> bytes:
        if self._failed:
            raise DecodeError(f"{self.encoding} decoder already failed")
        try:
            parts: list[bytes] = step(data, self._budget)
        except BodyTooLarge:
            self._failed = True
            raise
        except Exception as exc:
            self._failed = True
            raise DecodeError(f"cannot decode {self.encoding} body: {type(exc).__name__}") from exc
        if not parts:
            return b""
        return parts[0] if len(parts) == 1 else b"".join(parts)


class Compressor:
    """Encodes one body with a content coding; `flush()` ends the coded stream."""

    __slots__ = ("_obj", "encoding")

    def __init__(self, encoding: str, level: int | None = None) -> None:
        self.encoding = _normalise(encoding)
        name = self.encoding
        if name == "br":
            assert _brotli is not None
            quality = _DEFAULT_BR_QUALITY if level is None else level
            self._obj: Any = _brotli.Compressor(quality=quality)
        elif name == "zstd":
            assert _zstd is not None
            zlevel = _DEFAULT_ZSTD_LEVEL if level is None else level
            # The 4-byte frame checksum lets the receiver catch corruption (RFC 8878 3.1.1).
            cctx = _zstd.ZstdCompressor(level=zlevel, write_checksum=True)
            self._obj = cctx.compressobj()
        else:
            zlib = zlib_backend()
            wbits = 16 + zlib.MAX_WBITS if name == "gzip" else zlib.MAX_WBITS
            zlevel = zlib.Z_DEFAULT_COMPRESSION if level is None else level
            self._obj = zlib.compressobj(level=zlevel, wbits=wbits)

    def __repr__(self) -> str:
        return f"<Compressor {self.encoding}>"

    def compress(self, data: bytes) -> bytes:
        if self.encoding == "br":
            return bytes(self._obj.process(data))
        return bytes(self._obj.compress(data))

    def flush(self) -> bytes:
        if self.encoding == "br":
            return bytes(self._obj.finish())
        return bytes(self._obj.flush())


def _parse_qvalue(text: str) -> float | None:
    """RFC 9110 12.4.2 qvalue: "0" to "1" with up to three decimals; None if malformed."""
    if _QVALUE.fullmatch(text) is None:
        return None
    return float(text.rstrip("."))


def _parse_accept_encoding(header: str) -> dict[str, float]:
    weights: dict[str, float] = {}
    for element in header.split(","):
        name, _, params = element.partition(";")
        name = name.strip().lower()
        if not name:
            continue
        q: float | None = 1.0
        for param in params.split(";") if params else ():
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                q = _parse_qvalue(value.strip())
        name = _ALIASES.get(name, name)
        weights[name] = 0.0 if q is None else max(q, weights.get(name, 0.0))
    return weights


def choose_encoding(accept_encoding: str) -> str | None:
    """Pick the content coding for a response, or None to send it unencoded (identity).

    RFC 9110 12.5.3: each coding gets its own q, else the q of `*`, else it is not acceptable;
    q=0 forbids. Among codings with the same highest q the order is PREFERENCE (zstd, br,
    gzip, deflate). Identity wins only when the client rates it strictly higher; an empty or
    absent header asks for no coding. A malformed q counts as 0.
    """
    if not accept_encoding:
        return None
    weights = _parse_accept_encoding(accept_encoding)
    star = weights.get("*")
    best: str | None = None
    best_q = 0.0
    for name in PREFERENCE:
        if name not in SUPPORTED_ENCODINGS:
            continue
        q = weights.get(name, star if star is not None else 0.0)
        if q > best_q:
            best, best_q = name, q
    if best is None:
        return None
    identity_q = weights.get("identity", 0.0)  # unlisted identity is acceptable, not preferred
    return None if identity_q > best_q else best

"""File-system side of static routes: confining a requested name to the root, directory
listings, and content hashes for `append_version`.

Everything here is blocking and runs in an executor (or at URL-building time). The rule it
enforces: a request never reaches a file outside the root. A name is refused, before touching
the disk, if it has a dot or empty segment, a backslash, NUL, a drive or is absolute; after
resolving symlinks the file must lie inside the root unless follow_symlinks is set. Every
refusal looks exactly like a missing file to the caller (None). No asyncio, no HTTP objects.
"""

from __future__ import annotations

import base64
import hashlib
import html
from pathlib import Path, PureWindowsPath
from typing import Final

from .url_pattern import quote_path

_HASH_CHUNK: Final = 64 * 1024
# append_version hashes are cached per (path, mtime, size); the cap bounds memory if an
# application builds URLs for very many distinct files.
_HASH_CACHE_MAX: Final = 1024
_hash_cache: dict[tuple[str, int, int], str] = {}


def safe_parts(filename: str) -> tuple[str, ...] | None:
    """Split a requested name into path segments, or None if it could point outside the root."""
    if not filename:
        return ()
    if "\x00" in filename or "\\" in filename or filename.startswith("/"):
        return None
    if PureWindowsPath(filename).drive:
        return None
    parts = filename.split("/")
    if parts[-1] == "":  # "dir/" names the directory itself
        parts.pop()
    for part in parts:
        if part in ("", ".", ".."):
            return None
    return tuple(parts)


def locate(root: Path, filename: str, follow_symlinks: bool) -> Path | None:
    """The resolved path `filename` names under `root` (an already resolved directory), or None.

    None covers every refusal and every missing file alike, so callers answer them the same way.
    """
    parts = safe_parts(filename)
    if parts is None:
        return None
    try:
        resolved = root.joinpath(*parts).resolve(strict=True)
    except (OSError, RuntimeError):  # missing, symlink loop (RuntimeError before 3.13), too long
        return None
    if not follow_symlinks and not resolved.is_relative_to(root):
        return None
    return resolved


def directory_index(directory: Path, relative: tuple[str, ...], prefix: str) -> str:
    """An HTML page listing `directory`, reached at the URL segments `relative` under the
    (already encoded) `prefix`.

    Names are HTML-escaped; links are percent-encoded per segment, then HTML-escaped.
    """
    title = html.escape("Index of /" + "/".join(relative), quote=True)
    base = "/".join((prefix, *(quote_path(part) for part in relative)))
    items = []
    for entry in sorted(directory.iterdir()):
        href = html.escape(f"{base}/{quote_path(entry.name)}", quote=True)
        label = entry.name + "/" if entry.is_dir() else entry.name
        items.append(f'<li><a href="{href}">{html.escape(label, quote=True)}</a></li>')
    listing = "\n".join(items)
    return (
        f"<html>\n<head>\n<title>{title}</title>\n</head>\n<body>\n<h1>{title}</h1>\n"
        f"<ul>\n{listing}\n</ul>\n</body>\n</html>"
    )


def content_hash(path: Path) -> str:
    """URL-safe base64 SHA-256 of a file's bytes (the `v` query value of append_version)."""
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    cached = _hash_cache.get(key)
    if cached is not None:
        return cached
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(_HASH_CHUNK):
            digest.update(chunk)
    value = base64.urlsafe_b64encode(digest.digest()).decode("ascii")
    if len(_hash_cache) >= _HASH_CACHE_MAX:
        _hash_cache.clear()
    _hash_cache[key] = value
    return value

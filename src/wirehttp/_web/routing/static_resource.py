"""StaticResource: serves files under a directory at a URL prefix (`router.add_static`).

The resource claims every path under its prefix, so a traversal attempt is answered here with
the same 404 as a missing file instead of falling through to other routes. The file-system
rules live in static_files; the handler runs them in an executor and returns a FileResponse
(imported when first needed, so this module imports before the response modules exist).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Final

from yarl import URL

from .match_info import UrlMappingMatchInfo
from .resources import PrefixResource
from .routes import AbstractRoute, ResourceRoute
from .static_files import content_hash, directory_index, locate, safe_parts
from .url_pattern import unquote_kept

if TYPE_CHECKING:
    from ..request import Request
    from ..stream_response import StreamResponse
    from ._types import ExpectHandler, Handler, InfoDict, PathLike
    from .resources import ResolveResult

# aiohttp's default read size for static files (256 KiB).
DEFAULT_CHUNK_SIZE: Final = 256 * 1024


class StaticResource(PrefixResource):
    """Files under `directory` served at `prefix`; GET and HEAD (and OPTIONS once set)."""

    VERSION_KEY = "v"

    def __init__(
        self,
        prefix: str,
        directory: PathLike,
        *,
        name: str | None = None,
        expect_handler: ExpectHandler | None = None,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        show_index: bool = False,
        follow_symlinks: bool = False,
        append_version: bool = False,
    ) -> None:
        super().__init__(prefix, name=name)
        try:
            root = Path(directory).expanduser().resolve(strict=True)
        except FileNotFoundError as exc:
            raise ValueError(f"'{directory}' does not exist") from exc
        if not root.is_dir():
            raise ValueError(f"'{directory}' is not a directory")
        self._directory = root
        self._show_index = show_index
        self._chunk_size = chunk_size
        self._follow_symlinks = follow_symlinks
        self._expect_handler = expect_handler
        self._append_version = append_version
        self._routes: dict[str, ResourceRoute] = {
            method: ResourceRoute(method, self._handle, self, expect_handler=expect_handler)
            for method in ("GET", "HEAD")
        }
        self._allowed_methods = set(self._routes)

    def url_for(self, *, filename: PathLike, append_version: bool | None = None) -> URL:  # type: ignore[override]
        if append_version is None:
            append_version = self._append_version
        name = str(filename).lstrip("/")
        url = URL.build(path=self._prefix, encoded=True) / name
        if append_version:
            path = locate(self._directory, name, self._follow_symlinks)
            if path is not None and path.is_file():
                url = url.with_query({self.VERSION_KEY: content_hash(path)})
        return url

    def get_info(self) -> InfoDict:
        return {"directory": self._directory, "prefix": self._prefix, "routes": self._routes}

    def set_options_route(self, handler: Handler) -> None:
        if "OPTIONS" in self._routes:
            raise RuntimeError("OPTIONS route was set already")
        self._routes["OPTIONS"] = ResourceRoute(
            "OPTIONS", handler, self, expect_handler=self._expect_handler
        )
        self._allowed_methods.add("OPTIONS")

    def match_route(self, path: str, method: str) -> UrlMappingMatchInfo | set[str] | None:
        """Three outcomes, as Resource.match_route: match info, allowed methods, or None."""
        if path != self._match_prefix and not path.startswith(self._match_prefix2):
            return None
        route = self._routes.get(method)
        if route is None:
            return self._allowed_methods
        filename = unquote_kept(path[len(self._match_prefix) + 1 :])
        return UrlMappingMatchInfo({"filename": filename}, route)

    async def resolve(self, request: Request) -> ResolveResult:
        outcome = self.match_route(request.rel_url.path_safe, request.method)
        if outcome is None:
            return None, set()
        if isinstance(outcome, UrlMappingMatchInfo):
            return outcome, self._allowed_methods
        return None, outcome

    async def _handle(self, request: Request) -> StreamResponse:
        filename = request.match_info["filename"]
        loop = asyncio.get_running_loop()
        found = await loop.run_in_executor(None, self._find, filename)
        from .. import exceptions

        if found is None:
            raise exceptions.HTTPNotFound()
        path, listing = found
        if listing is not None:
            from ..response import Response

            return Response(text=listing, content_type="text/html")
        if path is None:
            raise exceptions.HTTPForbidden()
        from ..file_response import FileResponse

        return FileResponse(path, chunk_size=self._chunk_size)

    def _find(self, filename: str) -> tuple[Path | None, str | None] | None:
        """(file path, None) for a file, (None, html) for a listed directory, (None, None) for a
        directory that may not be listed, None for anything refused or missing."""
        path = locate(self._directory, filename, self._follow_symlinks)
        if path is None:
            return None
        try:
            if not path.is_dir():
                return path, None
            if not self._show_index:
                return None, None
            relative = safe_parts(filename) or ()
            return None, directory_index(path, relative, self._prefix)
        except PermissionError:
            return None, None

    def __len__(self) -> int:
        return len(self._routes)

    def __iter__(self) -> Iterator[AbstractRoute]:
        return iter(self._routes.values())

    def __repr__(self) -> str:
        name = f"'{self.name}'" if self.name is not None else ""
        return f"<StaticResource {name} {self._prefix} -> {self._directory!r}>"


StaticResource.__module__ = "wirehttp.web"

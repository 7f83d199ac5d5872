"""`ChainMapProxy`: a read-only view over several mappings, first match wins. No I/O."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

__all__ = ("ChainMapProxy",)


class ChainMapProxy(Mapping[Any, Any]):
    """Looks a key up in each mapping in turn (used for `request.config_dict`)."""

    __slots__ = ("_maps",)

    def __init__(self, maps: Sequence[Mapping[Any, Any]]) -> None:
        self._maps = tuple(maps)

    def __init_subclass__(cls) -> None:
        raise TypeError(f"Inheritance class {cls.__name__} from ChainMapProxy is forbidden")

    def __getitem__(self, key: Any) -> Any:
        for mapping in self._maps:
            try:
                return mapping[key]
            except KeyError:
                pass
        raise KeyError(key)

    def get(self, key: Any, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    def __len__(self) -> int:
        return len(set().union(*self._maps))

    def __iter__(self) -> Iterator[Any]:
        seen: dict[Any, None] = {}
        for mapping in reversed(self._maps):
            seen.update(dict.fromkeys(mapping))
        return iter(seen)

    def __contains__(self, key: object) -> bool:
        return any(key in mapping for mapping in self._maps)

    def __bool__(self) -> bool:
        return any(self._maps)

    def __repr__(self) -> str:
        return f"ChainMapProxy({', '.join(map(repr, self._maps))})"


ChainMapProxy.__module__ = "wirehttp"  # documented as wirehttp.ChainMapProxy

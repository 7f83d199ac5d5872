"""Which resources and routes have CORS, with which options: the bookkeeping behind add().

Owns: ResourceRegistry. No I/O and no handlers: it answers "which origin-to-options mapping
applies to this method of this resource", for a preflight and for an actual request.

The layering is aiohttp_cors's, kept so configurations behave the same:
- defaults (setup) < the resource's own config < the route's config; a later layer replaces
  an origin's options whole, it does not merge fields;
- a resource enabled only through its routes takes the first added route's config as its own;
- a preflight for a method is allowed when that method's route was added, or when the
  origin's resource-level options name it in `allow_methods`;
- an actual request on an enabled resource gets headers per the resource config layered with
  its method's route config, if any.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

from .options import ResourceOptions
from .rules import options_for

__all__ = ("ResourceRegistry",)

Config = dict[str, ResourceOptions]


def _layered(*layers: Mapping[str, ResourceOptions]) -> Config:
    merged: Config = {}
    for layer in layers:
        merged.update(layer)
    return merged


class _Entry:
    __slots__ = ("config", "methods")

    def __init__(self, config: Config) -> None:
        self.config = config
        self.methods: dict[str, Config] = {}


class ResourceRegistry:
    """CORS configs per resource (any hashable key) and per method of its routes."""

    def __init__(self, defaults: Config) -> None:
        self._defaults = defaults
        self._entries: dict[Hashable, _Entry] = {}

    def __contains__(self, resource: Hashable) -> bool:
        return resource in self._entries

    def add_resource(self, resource: Hashable, config: Config) -> None:
        if resource in self._entries:
            raise ValueError(f"CORS is already configured for {resource!r}")
        self._entries[resource] = _Entry(config)

    def add_route(self, resource: Hashable, method: str, config: Config) -> None:
        """Record a route's config; the resource must have been added (see CorsConfig.add)."""
        entry = self._entries[resource]
        if method in entry.methods:
            raise ValueError(f"CORS is already configured on {resource!r} for method {method}")
        entry.methods[method] = config

    def preflight_config(self, resource: Hashable, origin: str, method: str) -> Config | None:
        """What a preflight for `method` from `origin` is checked against; None: not allowed."""
        entry = self._entries[resource]
        resource_config = _layered(self._defaults, entry.config)
        options = options_for(resource_config, origin)
        route_config = entry.methods.get(method)
        if options is not None and options.is_method_allowed(method):
            return _layered(resource_config, route_config or {})
        if route_config is not None:
            return _layered(resource_config, route_config)
        return None

    def actual_config(self, resource: Hashable, method: str) -> Config | None:
        """The config for an actual request, or None when the resource has no CORS."""
        entry = self._entries.get(resource)
        if entry is None:
            return None
        return _layered(self._defaults, entry.config, entry.methods.get(method, {}))

    def __repr__(self) -> str:
        return f"<ResourceRegistry resources={len(self._entries)}>"

"""ResourceOptions: what one origin may do with a CORS-enabled resource.

Owns: ResourceOptions (an immutable, hashable tuple, checked when made), and `parse_config`,
which turns the `{origin: options-or-mapping}` form that setup() and add() take into
`{origin: ResourceOptions}`. Must not import: the web layer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

__all__ = ("ANY", "OriginConfig", "ResourceOptions", "parse_config")

ANY = "*"  # every header / method; as an origin key: every origin not listed by name


def _names(field: str, value: Any, *, upper: bool) -> str | frozenset[str]:
    if value == ANY:
        return ANY
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise ValueError(f"{field!r} must be '*' or a sequence of strings, got {value!r}")
    names = []
    for name in value:
        if not isinstance(name, str):
            raise ValueError(f"{field!r} must hold strings, got {name!r}")
        names.append(name.upper() if upper else name)
    return frozenset(names)


class _Fields(NamedTuple):
    allow_credentials: bool
    expose_headers: str | frozenset[str]
    allow_headers: str | frozenset[str]
    max_age: int | None
    allow_methods: str | frozenset[str] | None


class ResourceOptions(_Fields):
    """Options for one origin: credentials, exposed and allowed headers, max age, methods.

    `expose_headers="*"` exposes every response header but the CORS-safelisted ones;
    `allow_headers="*"` accepts any request header; `allow_methods=None` (the default) allows
    the methods of the routes added to the CorsConfig, `"*"` or a list allows those methods on
    the resource whether or not their routes were added. Header and method names are kept
    upper-case (allowed headers and methods) or as given (exposed headers).
    """

    __slots__ = ()

    def __new__(
        cls,
        *,
        allow_credentials: bool = False,
        expose_headers: str | Iterable[str] = (),
        allow_headers: str | Iterable[str] = (),
        max_age: int | None = None,
        allow_methods: str | Iterable[str] | None = None,
    ) -> ResourceOptions:
        if not isinstance(allow_credentials, bool):
            raise ValueError(f"'allow_credentials' must be a bool, got {allow_credentials!r}")
        if max_age is not None and (
            isinstance(max_age, bool) or not isinstance(max_age, int) or max_age < 0
        ):
            raise ValueError(f"'max_age' must be a non-negative int or None, got {max_age!r}")
        methods = None
        if allow_methods is not None:
            methods = _names("allow_methods", allow_methods, upper=True)
        return super().__new__(
            cls,
            allow_credentials,
            _names("expose_headers", expose_headers, upper=False),
            _names("allow_headers", allow_headers, upper=True),
            max_age,
            methods,
        )

    def is_method_allowed(self, method: str) -> bool:
        """True when `allow_methods` names `method` (or is "*"); None allows nothing here."""
        if self.allow_methods is None:
            return False
        return self.allow_methods == ANY or method in self.allow_methods


OriginConfig = Mapping[str, ResourceOptions]


def parse_config(config: Mapping[str, Any] | None) -> dict[str, ResourceOptions]:
    """`{origin: ResourceOptions | mapping of its keyword arguments}` checked and normalised."""
    if config is None:
        return {}
    if not isinstance(config, Mapping):
        raise ValueError(f"CORS config must be a mapping of origin to options, got {config!r}")
    parsed = {}
    for origin, options in config.items():
        if not isinstance(origin, str):
            raise ValueError(f"Origin must be a str, got {origin!r}")
        if isinstance(options, ResourceOptions):
            parsed[origin] = options
        elif isinstance(options, Mapping):
            parsed[origin] = ResourceOptions(**options)
        else:
            raise ValueError(
                f"Options for {origin!r} must be a ResourceOptions or a mapping, got {options!r}"
            )
    return parsed


ResourceOptions.__module__ = "wirehttp.cors"  # documented as wirehttp.cors.ResourceOptions

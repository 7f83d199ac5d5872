"""Sub-application resources: PrefixedSubAppResource (`add_subapp`) and MatchedSubAppResource
with its rules AbstractRuleMatching, Domain and MaskDomain (`add_domain`).

A sub-application resource answers with the nested router's match info (a 404/405 from the
nested router included), after pushing the nested application onto its app stack.
"""

from __future__ import annotations

import abc
import fnmatch
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from yarl import URL

from ..exceptions import HTTPMethodNotAllowed
from .resources import AbstractResource, PrefixResource

if TYPE_CHECKING:
    from ..app import Application
    from ..request import Request
    from ._types import InfoDict
    from .match_info import UrlMappingMatchInfo
    from .resources import ResolveResult
    from .routes import AbstractRoute


def _nested_result(match_info: UrlMappingMatchInfo, app: Application) -> ResolveResult:
    match_info.add_app(app)
    exc = match_info.http_exception
    methods = set(exc.allowed_methods) if isinstance(exc, HTTPMethodNotAllowed) else set()
    return match_info, methods


class PrefixedSubAppResource(PrefixResource):
    """Every path under `prefix` goes to the nested application's router."""

    def __init__(self, prefix: str, app: Application) -> None:
        super().__init__(prefix)
        self._app = app
        self._prefix_nested_resources(prefix)

    def add_prefix(self, prefix: str) -> None:
        super().add_prefix(prefix)
        self._prefix_nested_resources(prefix)

    def _prefix_nested_resources(self, prefix: str) -> None:
        router = self._app.router
        for resource in router.resources():
            # The index key is the canonical path, which the prefix changes: re-index.
            router.unindex_resource(resource)
            resource.add_prefix(prefix)
            router.index_resource(resource)

    def url_for(self, *args: str, **kwargs: str) -> URL:
        raise RuntimeError(".url_for() is not supported by sub-application root")

    def get_info(self) -> InfoDict:
        return {"app": self._app, "prefix": self._prefix}

    async def resolve(self, request: Request) -> ResolveResult:
        return _nested_result(await self._app.router.resolve(request), self._app)

    def __len__(self) -> int:
        return len(self._app.router.routes())

    def __iter__(self) -> Iterator[AbstractRoute]:
        return iter(self._app.router.routes())

    def __repr__(self) -> str:
        return f"<PrefixedSubAppResource {self._prefix} -> {self._app!r}>"


class AbstractRuleMatching(abc.ABC):
    """A rule a request must satisfy for a MatchedSubAppResource to try its application."""

    @abc.abstractmethod
    async def match(self, request: Request) -> bool:
        """Whether the request satisfies the rule."""

    @abc.abstractmethod
    def get_info(self) -> InfoDict:
        """Introspection data."""

    @property
    @abc.abstractmethod
    def canonical(self) -> str:
        """A string identifying the rule."""


class Domain(AbstractRuleMatching):
    """Matches the request's Host (case-insensitive; the port counts only if registered)."""

    _LABEL: ClassVar[re.Pattern[str]] = re.compile(r"(?!-)[a-z\d-]{1,63}(?<!-)")

    def __init__(self, domain: str) -> None:
        super().__init__()
        self._domain = self.validation(domain)

    @property
    def canonical(self) -> str:
        return self._domain

    def validation(self, domain: str) -> str:
        if not isinstance(domain, str):
            raise TypeError("Domain must be str")
        domain = domain.rstrip(".").lower()
        if not domain:
            raise ValueError("Domain cannot be empty")
        if "://" in domain:
            raise ValueError("Scheme not supported")
        url = URL("http://" + domain)
        host = url.raw_host
        if not host or not all(self._LABEL.fullmatch(label) for label in host.split(".")):
            raise ValueError("Domain not valid")
        return host if url.port == 80 else f"{host}:{url.port}"

    async def match(self, request: Request) -> bool:
        host = request.headers.get("Host")
        if not host:
            return False
        return self.match_domain(host)

    def match_domain(self, host: str) -> bool:
        host = host.lower()
        return host == self._domain or host.partition(":")[0] == self._domain

    def get_info(self) -> InfoDict:
        return {"domain": self._domain}


class MaskDomain(Domain):
    """A Domain with '*' wildcards in its labels, e.g. '*.example.com'."""

    _LABEL: ClassVar[re.Pattern[str]] = re.compile(r"(?!-)[a-z\d*-]{1,63}(?<!-)")

    def __init__(self, domain: str) -> None:
        super().__init__(domain)
        self._pattern = self._domain.replace(".", r"\.").replace("*", "[^:]*") + "(:.*)?"
        host_mask, _, self._port = self._domain.partition(":")
        self._mask = re.compile(fnmatch.translate(host_mask), re.IGNORECASE)

    @property
    def canonical(self) -> str:
        return self._pattern

    def match_domain(self, host: str) -> bool:
        hostname, _, port = host.partition(":")
        if self._port and port != self._port:
            return False
        return self._mask.match(hostname) is not None


class MatchedSubAppResource(PrefixedSubAppResource):
    """A nested application tried first, for requests its rule accepts (`add_domain`)."""

    def __init__(self, rule: AbstractRuleMatching, app: Application) -> None:
        AbstractResource.__init__(self)
        self._set_prefix("")
        self._app = app
        self._rule = rule

    @property
    def canonical(self) -> str:
        return self._rule.canonical

    def get_info(self) -> InfoDict:
        return {"app": self._app, "rule": self._rule}

    async def resolve(self, request: Request) -> ResolveResult:
        if not await self._rule.match(request):
            return None, set()
        return _nested_result(await self._app.router.resolve(request), self._app)

    def __repr__(self) -> str:
        return f"<MatchedSubAppResource -> {self._app!r}>"


for _cls in (
    PrefixedSubAppResource,
    AbstractRuleMatching,
    Domain,
    MaskDomain,
    MatchedSubAppResource,
):
    _cls.__module__ = "wirehttp.web"

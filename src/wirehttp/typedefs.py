"""wirehttp.typedefs: the type aliases of aiohttp.typedefs."""

from ._base.json_types import DEFAULT_JSON_DECODER as DEFAULT_JSON_DECODER
from ._base.json_types import DEFAULT_JSON_ENCODER as DEFAULT_JSON_ENCODER
from ._base.json_types import Byteish as Byteish
from ._base.json_types import JSONBytesEncoder as JSONBytesEncoder
from ._base.json_types import JSONDecoder as JSONDecoder
from ._base.json_types import JSONEncoder as JSONEncoder
from ._base.loose_types import LooseHeaders as LooseHeaders
from ._base.loose_types import Query as Query
from ._base.loose_types import StrOrURL as StrOrURL
from ._client.cookies.loose_types import LooseCookies as LooseCookies
from ._client.cookies.loose_types import LooseCookiesIterables as LooseCookiesIterables
from ._client.cookies.loose_types import LooseCookiesMappings as LooseCookiesMappings
from ._sansio.h1.events import RawHeaders as RawHeaders
from ._web.middlewares import Middleware as Middleware
from ._web.routing._types import Handler as Handler
from ._web.routing._types import PathLike as PathLike

__all__ = (
    "Byteish",
    "DEFAULT_JSON_DECODER",
    "DEFAULT_JSON_ENCODER",
    "Handler",
    "JSONBytesEncoder",
    "JSONDecoder",
    "JSONEncoder",
    "LooseCookies",
    "LooseCookiesIterables",
    "LooseCookiesMappings",
    "LooseHeaders",
    "Middleware",
    "PathLike",
    "Query",
    "RawHeaders",
    "StrOrURL",
)

"""wirehttp.web: the server API (aiohttp.web's names). Re-exports only; see docs/internals.md."""

from ._base.appkey import (
    AppKey as AppKey,
)
from ._base.appkey import (
    RequestKey as RequestKey,
)
from ._base.appkey import (
    ResponseKey as ResponseKey,
)
from ._sansio.ws.models import (
    WSMsgType as WSMsgType,
)
from ._server.access_log import (
    AbstractAccessLogger as AbstractAccessLogger,
)
from ._server.access_log import (
    AccessLogger as AccessLogger,  # an attribute of aiohttp.web too, left out of its __all__
)
from ._server.payload_errors import (
    PayloadAccessError as PayloadAccessError,
)
from ._server.payload_errors import (
    RequestPayloadError as RequestPayloadError,
)
from ._server.protocol import (
    RequestHandler as RequestHandler,
)
from ._server.run_app import (
    run_app as run_app,
)
from ._server.runner import (
    AppRunner as AppRunner,
)
from ._server.runner import (
    BaseRunner as BaseRunner,
)
from ._server.runner import (
    GracefulExit as GracefulExit,
)
from ._server.runner import (
    ServerRunner as ServerRunner,
)
from ._server.sites import (
    BaseSite as BaseSite,
)
from ._server.sites import (
    SockSite as SockSite,
)
from ._server.sites import (
    TCPSite as TCPSite,
)
from ._server.sites import (
    UnixSite as UnixSite,
)
from ._web.app import (
    Application as Application,
)
from ._web.cleanup import (
    CleanupError as CleanupError,
)
from ._web.exceptions import (
    HTTPAccepted as HTTPAccepted,
)
from ._web.exceptions import (
    HTTPBadGateway as HTTPBadGateway,
)
from ._web.exceptions import (
    HTTPBadRequest as HTTPBadRequest,
)
from ._web.exceptions import (
    HTTPClientError as HTTPClientError,
)
from ._web.exceptions import (
    HTTPConflict as HTTPConflict,
)
from ._web.exceptions import (
    HTTPCreated as HTTPCreated,
)
from ._web.exceptions import (
    HTTPError as HTTPError,
)
from ._web.exceptions import (
    HTTPException as HTTPException,
)
from ._web.exceptions import (
    HTTPExpectationFailed as HTTPExpectationFailed,
)
from ._web.exceptions import (
    HTTPFailedDependency as HTTPFailedDependency,
)
from ._web.exceptions import (
    HTTPForbidden as HTTPForbidden,
)
from ._web.exceptions import (
    HTTPFound as HTTPFound,
)
from ._web.exceptions import (
    HTTPGatewayTimeout as HTTPGatewayTimeout,
)
from ._web.exceptions import (
    HTTPGone as HTTPGone,
)
from ._web.exceptions import (
    HTTPInsufficientStorage as HTTPInsufficientStorage,
)
from ._web.exceptions import (
    HTTPInternalServerError as HTTPInternalServerError,
)
from ._web.exceptions import (
    HTTPLengthRequired as HTTPLengthRequired,
)
from ._web.exceptions import (
    HTTPMethodNotAllowed as HTTPMethodNotAllowed,
)
from ._web.exceptions import (
    HTTPMisdirectedRequest as HTTPMisdirectedRequest,
)
from ._web.exceptions import (
    HTTPMove as HTTPMove,
)
from ._web.exceptions import (
    HTTPMovedPermanently as HTTPMovedPermanently,
)
from ._web.exceptions import (
    HTTPMultipleChoices as HTTPMultipleChoices,
)
from ._web.exceptions import (
    HTTPNetworkAuthenticationRequired as HTTPNetworkAuthenticationRequired,
)
from ._web.exceptions import (
    HTTPNoContent as HTTPNoContent,
)
from ._web.exceptions import (
    HTTPNonAuthoritativeInformation as HTTPNonAuthoritativeInformation,
)
from ._web.exceptions import (
    HTTPNotAcceptable as HTTPNotAcceptable,
)
from ._web.exceptions import (
    HTTPNotExtended as HTTPNotExtended,
)
from ._web.exceptions import (
    HTTPNotFound as HTTPNotFound,
)
from ._web.exceptions import (
    HTTPNotImplemented as HTTPNotImplemented,
)
from ._web.exceptions import (
    HTTPNotModified as HTTPNotModified,
)
from ._web.exceptions import (
    HTTPOk as HTTPOk,
)
from ._web.exceptions import (
    HTTPPartialContent as HTTPPartialContent,
)
from ._web.exceptions import (
    HTTPPaymentRequired as HTTPPaymentRequired,
)
from ._web.exceptions import (
    HTTPPermanentRedirect as HTTPPermanentRedirect,
)
from ._web.exceptions import (
    HTTPPreconditionFailed as HTTPPreconditionFailed,
)
from ._web.exceptions import (
    HTTPPreconditionRequired as HTTPPreconditionRequired,
)
from ._web.exceptions import (
    HTTPProxyAuthenticationRequired as HTTPProxyAuthenticationRequired,
)
from ._web.exceptions import (
    HTTPRedirection as HTTPRedirection,
)
from ._web.exceptions import (
    HTTPRequestEntityTooLarge as HTTPRequestEntityTooLarge,
)
from ._web.exceptions import (
    HTTPRequestHeaderFieldsTooLarge as HTTPRequestHeaderFieldsTooLarge,
)
from ._web.exceptions import (
    HTTPRequestRangeNotSatisfiable as HTTPRequestRangeNotSatisfiable,
)
from ._web.exceptions import (
    HTTPRequestTimeout as HTTPRequestTimeout,
)
from ._web.exceptions import (
    HTTPRequestURITooLong as HTTPRequestURITooLong,
)
from ._web.exceptions import (
    HTTPResetContent as HTTPResetContent,
)
from ._web.exceptions import (
    HTTPSeeOther as HTTPSeeOther,
)
from ._web.exceptions import (
    HTTPServerError as HTTPServerError,
)
from ._web.exceptions import (
    HTTPServiceUnavailable as HTTPServiceUnavailable,
)
from ._web.exceptions import (
    HTTPSuccessful as HTTPSuccessful,
)
from ._web.exceptions import (
    HTTPTemporaryRedirect as HTTPTemporaryRedirect,
)
from ._web.exceptions import (
    HTTPTooManyRequests as HTTPTooManyRequests,
)
from ._web.exceptions import (
    HTTPUnauthorized as HTTPUnauthorized,
)
from ._web.exceptions import (
    HTTPUnavailableForLegalReasons as HTTPUnavailableForLegalReasons,
)
from ._web.exceptions import (
    HTTPUnprocessableEntity as HTTPUnprocessableEntity,
)
from ._web.exceptions import (
    HTTPUnsupportedMediaType as HTTPUnsupportedMediaType,
)
from ._web.exceptions import (
    HTTPUpgradeRequired as HTTPUpgradeRequired,
)
from ._web.exceptions import (
    HTTPUseProxy as HTTPUseProxy,
)
from ._web.exceptions import (
    HTTPVariantAlsoNegotiates as HTTPVariantAlsoNegotiates,
)
from ._web.exceptions import (
    HTTPVersionNotSupported as HTTPVersionNotSupported,
)
from ._web.exceptions import (
    NotAppKeyWarning as NotAppKeyWarning,
)
from ._web.file_response import (
    FileResponse as FileResponse,
)
from ._web.middlewares import (
    middleware as middleware,
)
from ._web.middlewares import (
    normalize_path_middleware as normalize_path_middleware,
)
from ._web.multipart_form import (
    FileField as FileField,
)
from ._web.request import (
    BaseRequest as BaseRequest,
)
from ._web.request import (
    Request as Request,
)
from ._web.response import (
    Response as Response,
)
from ._web.response import (
    json_bytes_response as json_bytes_response,
)
from ._web.response import (
    json_response as json_response,
)
from ._web.routing import (
    AbstractResource as AbstractResource,
)
from ._web.routing import (
    AbstractRoute as AbstractRoute,
)
from ._web.routing import (
    AbstractRouteDef as AbstractRouteDef,
)
from ._web.routing import (
    DynamicResource as DynamicResource,
)
from ._web.routing import (
    PlainResource as PlainResource,
)
from ._web.routing import (
    PrefixedSubAppResource as PrefixedSubAppResource,
)
from ._web.routing import (
    Resource as Resource,
)
from ._web.routing import (
    ResourceRoute as ResourceRoute,
)
from ._web.routing import (
    RouteDef as RouteDef,
)
from ._web.routing import (
    RouteTableDef as RouteTableDef,
)
from ._web.routing import (
    StaticDef as StaticDef,
)
from ._web.routing import (
    StaticResource as StaticResource,
)
from ._web.routing import (
    UrlDispatcher as UrlDispatcher,
)
from ._web.routing import (
    UrlMappingMatchInfo as UrlMappingMatchInfo,
)
from ._web.routing import (
    View as View,
)
from ._web.routing import (
    delete as delete,
)
from ._web.routing import (
    get as get,
)
from ._web.routing import (
    head as head,
)
from ._web.routing import (
    options as options,
)
from ._web.routing import (
    patch as patch,
)
from ._web.routing import (
    post as post,
)
from ._web.routing import (
    put as put,
)
from ._web.routing import (
    route as route,
)
from ._web.routing import (
    static as static,
)
from ._web.routing import (
    view as view,
)
from ._web.server import (
    Server as Server,
)
from ._web.stream_response import (
    ContentCoding as ContentCoding,
)
from ._web.stream_response import (
    StreamResponse as StreamResponse,
)
from ._web.websocket import (
    WebSocketReady as WebSocketReady,
)
from ._web.websocket import (
    WebSocketResponse as WebSocketResponse,
)

__all__ = (
    "AbstractAccessLogger",
    "AbstractResource",
    "AbstractRoute",
    "AbstractRouteDef",
    "AppKey",
    "AppRunner",
    "Application",
    "BaseRequest",
    "BaseRunner",
    "BaseSite",
    "CleanupError",
    "ContentCoding",
    "DynamicResource",
    "FileField",
    "FileResponse",
    "GracefulExit",
    "HTTPAccepted",
    "HTTPBadGateway",
    "HTTPBadRequest",
    "HTTPClientError",
    "HTTPConflict",
    "HTTPCreated",
    "HTTPError",
    "HTTPException",
    "HTTPExpectationFailed",
    "HTTPFailedDependency",
    "HTTPForbidden",
    "HTTPFound",
    "HTTPGatewayTimeout",
    "HTTPGone",
    "HTTPInsufficientStorage",
    "HTTPInternalServerError",
    "HTTPLengthRequired",
    "HTTPMethodNotAllowed",
    "HTTPMisdirectedRequest",
    "HTTPMove",
    "HTTPMovedPermanently",
    "HTTPMultipleChoices",
    "HTTPNetworkAuthenticationRequired",
    "HTTPNoContent",
    "HTTPNonAuthoritativeInformation",
    "HTTPNotAcceptable",
    "HTTPNotExtended",
    "HTTPNotFound",
    "HTTPNotImplemented",
    "HTTPNotModified",
    "HTTPOk",
    "HTTPPartialContent",
    "HTTPPaymentRequired",
    "HTTPPermanentRedirect",
    "HTTPPreconditionFailed",
    "HTTPPreconditionRequired",
    "HTTPProxyAuthenticationRequired",
    "HTTPRedirection",
    "HTTPRequestEntityTooLarge",
    "HTTPRequestHeaderFieldsTooLarge",
    "HTTPRequestRangeNotSatisfiable",
    "HTTPRequestTimeout",
    "HTTPRequestURITooLong",
    "HTTPResetContent",
    "HTTPSeeOther",
    "HTTPServerError",
    "HTTPServiceUnavailable",
    "HTTPSuccessful",
    "HTTPTemporaryRedirect",
    "HTTPTooManyRequests",
    "HTTPUnauthorized",
    "HTTPUnavailableForLegalReasons",
    "HTTPUnprocessableEntity",
    "HTTPUnsupportedMediaType",
    "HTTPUpgradeRequired",
    "HTTPUseProxy",
    "HTTPVariantAlsoNegotiates",
    "HTTPVersionNotSupported",
    "NotAppKeyWarning",
    "PayloadAccessError",
    "PlainResource",
    "PrefixedSubAppResource",
    "Request",
    "RequestHandler",
    "RequestKey",
    "RequestPayloadError",
    "Resource",
    "ResourceRoute",
    "Response",
    "ResponseKey",
    "RouteDef",
    "RouteTableDef",
    "Server",
    "ServerRunner",
    "SockSite",
    "StaticDef",
    "StaticResource",
    "StreamResponse",
    "TCPSite",
    "UnixSite",
    "UrlDispatcher",
    "UrlMappingMatchInfo",
    "View",
    "WSMsgType",
    "WebSocketReady",
    "WebSocketResponse",
    "delete",
    "get",
    "head",
    "json_bytes_response",
    "json_response",
    "middleware",
    "normalize_path_middleware",
    "options",
    "patch",
    "post",
    "put",
    "route",
    "run_app",
    "static",
    "view",
)

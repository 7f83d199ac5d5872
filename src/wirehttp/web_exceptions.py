"""wirehttp.web_exceptions: the HTTP exception classes (web.HTTPNotFound and friends)."""

from ._web.exceptions import HTTPAccepted as HTTPAccepted
from ._web.exceptions import HTTPBadGateway as HTTPBadGateway
from ._web.exceptions import HTTPBadRequest as HTTPBadRequest
from ._web.exceptions import HTTPClientError as HTTPClientError
from ._web.exceptions import HTTPConflict as HTTPConflict
from ._web.exceptions import HTTPCreated as HTTPCreated
from ._web.exceptions import HTTPError as HTTPError
from ._web.exceptions import HTTPException as HTTPException
from ._web.exceptions import HTTPExpectationFailed as HTTPExpectationFailed
from ._web.exceptions import HTTPFailedDependency as HTTPFailedDependency
from ._web.exceptions import HTTPForbidden as HTTPForbidden
from ._web.exceptions import HTTPFound as HTTPFound
from ._web.exceptions import HTTPGatewayTimeout as HTTPGatewayTimeout
from ._web.exceptions import HTTPGone as HTTPGone
from ._web.exceptions import HTTPInsufficientStorage as HTTPInsufficientStorage
from ._web.exceptions import HTTPInternalServerError as HTTPInternalServerError
from ._web.exceptions import HTTPLengthRequired as HTTPLengthRequired
from ._web.exceptions import HTTPMethodNotAllowed as HTTPMethodNotAllowed
from ._web.exceptions import HTTPMisdirectedRequest as HTTPMisdirectedRequest
from ._web.exceptions import HTTPMove as HTTPMove
from ._web.exceptions import HTTPMovedPermanently as HTTPMovedPermanently
from ._web.exceptions import HTTPMultipleChoices as HTTPMultipleChoices
from ._web.exceptions import HTTPNetworkAuthenticationRequired as HTTPNetworkAuthenticationRequired
from ._web.exceptions import HTTPNoContent as HTTPNoContent
from ._web.exceptions import HTTPNonAuthoritativeInformation as HTTPNonAuthoritativeInformation
from ._web.exceptions import HTTPNotAcceptable as HTTPNotAcceptable
from ._web.exceptions import HTTPNotExtended as HTTPNotExtended
from ._web.exceptions import HTTPNotFound as HTTPNotFound
from ._web.exceptions import HTTPNotImplemented as HTTPNotImplemented
from ._web.exceptions import HTTPNotModified as HTTPNotModified
from ._web.exceptions import HTTPOk as HTTPOk
from ._web.exceptions import HTTPPartialContent as HTTPPartialContent
from ._web.exceptions import HTTPPaymentRequired as HTTPPaymentRequired
from ._web.exceptions import HTTPPermanentRedirect as HTTPPermanentRedirect
from ._web.exceptions import HTTPPreconditionFailed as HTTPPreconditionFailed
from ._web.exceptions import HTTPPreconditionRequired as HTTPPreconditionRequired
from ._web.exceptions import HTTPProxyAuthenticationRequired as HTTPProxyAuthenticationRequired
from ._web.exceptions import HTTPRedirection as HTTPRedirection
from ._web.exceptions import HTTPRequestEntityTooLarge as HTTPRequestEntityTooLarge
from ._web.exceptions import HTTPRequestHeaderFieldsTooLarge as HTTPRequestHeaderFieldsTooLarge
from ._web.exceptions import HTTPRequestRangeNotSatisfiable as HTTPRequestRangeNotSatisfiable
from ._web.exceptions import HTTPRequestTimeout as HTTPRequestTimeout
from ._web.exceptions import HTTPRequestURITooLong as HTTPRequestURITooLong
from ._web.exceptions import HTTPResetContent as HTTPResetContent
from ._web.exceptions import HTTPSeeOther as HTTPSeeOther
from ._web.exceptions import HTTPServerError as HTTPServerError
from ._web.exceptions import HTTPServiceUnavailable as HTTPServiceUnavailable
from ._web.exceptions import HTTPSuccessful as HTTPSuccessful
from ._web.exceptions import HTTPTemporaryRedirect as HTTPTemporaryRedirect
from ._web.exceptions import HTTPTooManyRequests as HTTPTooManyRequests
from ._web.exceptions import HTTPUnauthorized as HTTPUnauthorized
from ._web.exceptions import HTTPUnavailableForLegalReasons as HTTPUnavailableForLegalReasons
from ._web.exceptions import HTTPUnprocessableEntity as HTTPUnprocessableEntity
from ._web.exceptions import HTTPUnsupportedMediaType as HTTPUnsupportedMediaType
from ._web.exceptions import HTTPUpgradeRequired as HTTPUpgradeRequired
from ._web.exceptions import HTTPUseProxy as HTTPUseProxy
from ._web.exceptions import HTTPVariantAlsoNegotiates as HTTPVariantAlsoNegotiates
from ._web.exceptions import HTTPVersionNotSupported as HTTPVersionNotSupported
from ._web.exceptions import NotAppKeyWarning as NotAppKeyWarning

__all__ = (
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
)

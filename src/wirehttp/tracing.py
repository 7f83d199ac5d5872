"""wirehttp.tracing: client tracing (TraceConfig and the Trace*Params; also at the top level)."""

from ._client.tracing import TraceConfig as TraceConfig
from ._client.tracing import TraceConnectionCreateEndParams as TraceConnectionCreateEndParams
from ._client.tracing import TraceConnectionCreateStartParams as TraceConnectionCreateStartParams
from ._client.tracing import TraceConnectionQueuedEndParams as TraceConnectionQueuedEndParams
from ._client.tracing import TraceConnectionQueuedStartParams as TraceConnectionQueuedStartParams
from ._client.tracing import TraceConnectionReuseconnParams as TraceConnectionReuseconnParams
from ._client.tracing import TraceDnsCacheHitParams as TraceDnsCacheHitParams
from ._client.tracing import TraceDnsCacheMissParams as TraceDnsCacheMissParams
from ._client.tracing import TraceDnsResolveHostEndParams as TraceDnsResolveHostEndParams
from ._client.tracing import TraceDnsResolveHostStartParams as TraceDnsResolveHostStartParams
from ._client.tracing import TraceRequestChunkSentParams as TraceRequestChunkSentParams
from ._client.tracing import TraceRequestEndParams as TraceRequestEndParams
from ._client.tracing import TraceRequestExceptionParams as TraceRequestExceptionParams
from ._client.tracing import TraceRequestHeadersSentParams as TraceRequestHeadersSentParams
from ._client.tracing import TraceRequestRedirectParams as TraceRequestRedirectParams
from ._client.tracing import TraceRequestStartParams as TraceRequestStartParams
from ._client.tracing import TraceResponseChunkReceivedParams as TraceResponseChunkReceivedParams

__all__ = (
    "TraceConfig",
    "TraceConnectionCreateEndParams",
    "TraceConnectionCreateStartParams",
    "TraceConnectionQueuedEndParams",
    "TraceConnectionQueuedStartParams",
    "TraceConnectionReuseconnParams",
    "TraceDnsCacheHitParams",
    "TraceDnsCacheMissParams",
    "TraceDnsResolveHostEndParams",
    "TraceDnsResolveHostStartParams",
    "TraceRequestChunkSentParams",
    "TraceRequestEndParams",
    "TraceRequestExceptionParams",
    "TraceRequestHeadersSentParams",
    "TraceRequestRedirectParams",
    "TraceRequestStartParams",
    "TraceResponseChunkReceivedParams",
)

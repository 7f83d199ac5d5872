"""wirehttp.jinja2: Jinja2 templates (aiohttp_jinja2's API). Re-exports only; see docs/internals.md.

Needs the `jinja2` extra (`pip install wirehttp[jinja2]`).
"""

from ._ext.templating.decorator import (
    template as template,
)
from ._ext.templating.environment import (
    get_env as get_env,
)
from ._ext.templating.environment import (
    setup as setup,
)
from ._ext.templating.keys import (
    APP_CONTEXT_PROCESSORS_KEY as APP_CONTEXT_PROCESSORS_KEY,
)
from ._ext.templating.keys import (
    APP_KEY as APP_KEY,
)
from ._ext.templating.keys import (
    REQUEST_CONTEXT_KEY as REQUEST_CONTEXT_KEY,
)
from ._ext.templating.keys import (
    static_root_key as static_root_key,
)
from ._ext.templating.processors import (
    context_processors_middleware as context_processors_middleware,
)
from ._ext.templating.processors import (
    request_processor as request_processor,
)
from ._ext.templating.render import (
    render_string as render_string,
)
from ._ext.templating.render import (
    render_string_async as render_string_async,
)
from ._ext.templating.render import (
    render_template as render_template,
)
from ._ext.templating.render import (
    render_template_async as render_template_async,
)
from ._ext.templating.url_helpers import (
    GLOBAL_HELPERS as GLOBAL_HELPERS,
)

# aiohttp_jinja2's __all__; the other names above are importable as they are there.
__all__ = (
    "get_env",
    "render_string",
    "render_template",
    "setup",
    "static_root_key",
    "template",
)

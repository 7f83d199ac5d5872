"""wirehttp._ext.templating: Jinja2 templates for web handlers, public as wirehttp.jinja2.

The API of aiohttp_jinja2: `setup()` builds a jinja2.Environment and stores it on the
Application, `template()` renders what a handler returns, `render_template()` and friends render
by hand, context processors add per-request variables. Imports jinja2 (the `jinja2` extra) and
the web layer; nothing below `_ext` imports this package.
"""

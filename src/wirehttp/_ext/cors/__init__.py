"""wirehttp._ext.cors: Cross-Origin Resource Sharing for web apps, public as wirehttp.cors.

The API of aiohttp_cors: `setup()` gives a CorsConfig, `CorsConfig.add()` enables CORS on a
resource or route with per-origin ResourceOptions, class-based views opt in with CorsViewMixin.
The rules themselves (Fetch standard, "CORS protocol") are plain functions in `rules.py`.
Imports the web layer only; nothing below `_ext` imports this package.
"""

"""wirehttp: an asyncio HTTP client and server, API-compatible with aiohttp 3.14."""

__version__ = "0.1.0"

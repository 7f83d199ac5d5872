"""Where setup() keeps the CorsConfig on the Application (views look their defaults up there)."""

from __future__ import annotations

from typing import Any

from ..._base.appkey import AppKey

__all__ = ("CONFIG_KEY",)

CONFIG_KEY = AppKey[Any]("CONFIG_KEY")  # holds the app's CorsConfig

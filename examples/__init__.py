"""Runnable examples of wirehttp applications."""

"""The package version, kept low so every layer can name it. No I/O."""

__version__ = "0.1.0"

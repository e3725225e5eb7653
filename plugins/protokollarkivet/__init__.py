"""Protokollarkivet: meeting minutes as a public, searchable, cross-linked archive."""

__version__ = "0.1.0"

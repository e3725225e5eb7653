"""Rendering: the index as HTML pages (Jinja templates), open data, feeds and search entries.

Stage 3 of 4 (format → index → render → publish). Nothing here knows about MkDocs.
"""

from .output import DataFile, Feed, GeneratedPage, RenderedPage, Site, TocEntry
from .pages import HeadingPermalink, Renderer
from .urls import UrlScheme

__all__ = ["DataFile", "Feed", "GeneratedPage", "HeadingPermalink", "RenderedPage", "Renderer", "Site", "TocEntry", "UrlScheme"]

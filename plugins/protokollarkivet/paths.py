"""Where every generated page lives. These are the archive's documented, stable URLs: change none."""

from __future__ import annotations

import functools
import posixpath

from .model import Protocol

START = "index.md"
DECISIONS = "beslut/index.md"
PEOPLE = "personer/index.md"
MUNICIPALITIES = "kommuner/index.md"
PROJECTS = "projekt/index.md"
API_DIR = "api/v1"
DOWNLOADS_DIR = "data"


def protocol(protocol: Protocol) -> str:
    return f"{protocol.body}/{protocol.date.isoformat()}.md"


def protocol_source(body_slug: str, date: object) -> str:
    """Where a protocol's file lives inside the archive directory; its page has the same path."""
    return f"{body_slug}/{date}.md"


def body(slug: str) -> str:
    return f"{slug}/index.md"


def year(body_slug: str, year: int) -> str:
    return f"{body_slug}/{year}.md"


def person(slug: str) -> str:
    return f"personer/{slug}.md"


def municipality(slug: str) -> str:
    return f"kommuner/{slug}.md"


def project(slug: str) -> str:
    return f"projekt/{slug}.md"


@functools.lru_cache(maxsize=65536)  # called for every link; an archive has far fewer pages than links
def url(src_uri: str, use_directory_urls: bool = True) -> str:
    """The URL MkDocs gives a page, relative to the site root ('kommundirektorsgruppen/2019-11-22/')."""
    stem, _ = posixpath.splitext(src_uri)
    if posixpath.basename(stem) == "index":
        directory = posixpath.dirname(stem)
        return f"{directory}/" if directory else ""
    return f"{stem}/" if use_directory_urls else f"{stem}.html"


def relative(from_src: str, to_src: str) -> str:
    """A Markdown link from one page's source to another's: MkDocs turns it into a URL and validates it."""
    if from_src == to_src:
        return posixpath.basename(to_src)
    from_dir, _, _ = from_src.rpartition("/")
    to_dir, _, name = to_src.rpartition("/")
    prefix = relative_folder(from_dir, to_dir)
    return f"{prefix}/{name}" if prefix else name


@functools.lru_cache(maxsize=4096)
def relative_folder(from_dir: str, to_dir: str) -> str:
    """'personer' -> 'kommundirektorsgruppen' gives '../kommundirektorsgruppen'; '' for the same folder.

    Cached: an archive has few folders and many links, and posixpath.relpath is slow."""
    relative = posixpath.relpath(to_dir or ".", from_dir or ".")
    return "" if relative == "." else relative


def item_anchor(ordinal: int) -> str:
    return f"punkt-{ordinal}"


def decision_anchor(item_ordinal: int, decision_ordinal: int) -> str:
    return f"beslut-{item_ordinal}-{decision_ordinal}"

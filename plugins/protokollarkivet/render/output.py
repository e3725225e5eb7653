"""What rendering produces: pages (rendered when asked for), data files and feeds, each at its place in the site."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO


@dataclass
class TocEntry:
    """A heading in a page's table of contents; `title` is HTML (escaped text)."""

    level: int
    anchor: str
    title: str
    children: list[TocEntry] = field(default_factory=list)


@dataclass
class RenderedPage:
    """A page's content as the theme shows it: HTML, its table of contents and the anchors in it."""

    html: str
    toc: list[TocEntry]
    anchors: frozenset[str]


@dataclass
class GeneratedPage:
    """A page of the site that the archive makes; `render` produces its content when MkDocs asks for it,
    so an archive's worth of pages is never in memory at once. `meta` is the page's front-matter."""

    src_uri: str
    title: str
    render: Callable[[], RenderedPage]
    in_nav: bool = False
    meta: dict[str, Any] = field(default_factory=dict)
    # The protocols (ids) whose content the page shows; None for a page that sums up the whole archive.
    # A `--dirty` rebuild renders the page again only when one of them changed (see render/changes.py).
    depends_on: frozenset[str] | None = None


@dataclass
class DataFile:
    """A file that writes itself when the site is written, and is not kept: open data and feeds grow
    with the archive."""

    src_uri: str
    write: Callable[[TextIO], object]
    depends_on: frozenset[str] | None = None  # as for GeneratedPage
    # False for a file no page links to (an OParl object, found from the endpoint's entry): MkDocs need
    # not know it, which saves it a File per object in every build.
    linked: bool = True

    @property
    def content(self) -> str:
        """The whole file as text (for tests and small files)."""
        buffer = io.StringIO()
        self.write(buffer)
        return buffer.getvalue()


@dataclass(frozen=True)
class Feed:
    """A feed or calendar, advertised in every page's head."""

    src_uri: str
    title: str
    media_type: str = "application/atom+xml"


@dataclass
class Site:
    """Everything rendering produced for one build."""

    pages: list[GeneratedPage] = field(default_factory=list)
    data: list[DataFile] = field(default_factory=list)
    feeds: list[Feed] = field(default_factory=list)
    # Data that no page shows, made only when it is written (OParl's endpoint: collecting it is a fifth of
    # a rebuild); `mkdocs serve` makes and writes it after the rebuild is served. `later_entries` are the
    # files of it that pages link to.
    later: list[Callable[[], list[DataFile]]] = field(default_factory=list)
    later_entries: list[str] = field(default_factory=list)

    def later_data(self) -> list[DataFile]:
        """The data files made only when they are written."""
        return [data for make in self.later for data in make()]

    def all_data(self) -> list[DataFile]:
        """Every data file, those made later included."""
        return [*self.data, *self.later_data()]


def write_json(out: TextIO, fields: dict[str, Any], default: Callable[[Any], Any] | None = None) -> None:
    """`json.dumps(fields)`, compact and with å, ä and ö as they are, written with each list or iterator
    among the fields an entry at a time: an archive's worth of entries need not be one string at once."""
    for number, (name, value) in enumerate(fields.items()):
        out.write(("{" if number == 0 else ",") + _compact(name, default) + ":")
        if isinstance(value, (list, Iterator)):
            out.write("[")
            for position, entry in enumerate(value):
                out.write(("," if position else "") + _compact(entry, default))
            out.write("]")
        else:
            out.write(_compact(value, default))
    out.write("}" if fields else "{}")


def _compact(value: Any, default: Callable[[Any], Any] | None) -> str:
    # Compact: json's fast C encoder works only without indentation, and the files are for programs.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=default)

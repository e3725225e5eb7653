"""What rendering produces: Markdown pages and data files, each at the path it takes in the site."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO


@dataclass
class GeneratedPage:
    src_uri: str
    markdown: str
    in_nav: bool = False
    title: str = ""


@dataclass
class DataFile:
    """A file that writes itself when the site is written, and is not kept: open data and feeds grow
    with the archive."""

    src_uri: str
    write: Callable[[TextIO], object]

    @property
    def content(self) -> str:
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
    pages: list[GeneratedPage] = field(default_factory=list)
    data: list[DataFile] = field(default_factory=list)
    feeds: list[Feed] = field(default_factory=list)

"""What rendering produces: Markdown pages and data files, each at the path it takes in the site."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class GeneratedPage:
    src_uri: str
    markdown: str
    in_nav: bool = False
    title: str = ""


@dataclass
class DataFile:
    """A file whose content is rendered when asked for, and not kept: open data and feeds grow with the
    archive, and are written once."""

    src_uri: str
    render: Callable[[], str]

    @property
    def content(self) -> str:
        return self.render()


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

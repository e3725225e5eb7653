"""Where every generated page and file lives, and every URL and link the project writes.

These are the archive's documented, stable addresses: change none. `UrlScheme` is the one place that
turns a page's source path into a URL, as MkDocs does for `use_directory_urls` true and false, and into
links relative to another page (so a site built with `use_directory_urls: false` opens from disk) or
absolute under `site_url` (permalinks, feeds, citations, open data).
"""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass

START = "index.md"
DECISIONS = "beslut/index.md"
ASSIGNMENTS = "uppdrag/index.md"
PEOPLE = "personer/index.md"
MUNICIPALITIES = "kommuner/index.md"
PROJECTS = "projekt/index.md"
SUBSCRIBE = "prenumerera/index.md"
ABOUT = "om/index.md"  # written by hand, in docs/
OPEN_DATA = "om/oppna-data.md"  # written by hand, in docs/
ACCESSIBILITY = "om/tillganglighet.md"
PRIVACY = "om/personuppgifter.md"
API_DIR = "api/v1"
CATALOGUE = "api/dcat.rdf"  # the DCAT-AP-SE catalogue of the open data
DOWNLOADS_DIR = "data"
# Feeds and the calendar live in the site's root: Material fetches `sitemap.xml` beside every
# <link rel="alternate"> in a page's head (meant for language versions; zensical/zensical#908), and only
# the root has one, so a feed in a folder would cost every page a failed request and a console error.
FEED = "feed.xml"
CALENDAR = "kalender.ics"


def protocol(body_slug: str, date: object) -> str:
    """A protocol's page; its file in the archive has the same path under `protocols/`."""
    return f"{body_slug}/{date}.md"


def body(slug: str) -> str:
    """A body's page: its meetings by year."""
    return f"{slug}/index.md"


def year(body_slug: str, year: int) -> str:
    """A body's meetings in one year."""
    return f"{body_slug}/{year}.md"


def decisions_year(year: int) -> str:
    """The decision register's page for one year."""
    return f"beslut/{year}.md"


def person(slug: str) -> str:
    """A person's page."""
    return f"personer/{slug}.md"


def municipality(slug: str) -> str:
    """A municipality's page."""
    return f"kommuner/{slug}.md"


def project(slug: str) -> str:
    """A project's page."""
    return f"projekt/{slug}.md"


def source(body_slug: str, date: object) -> str:
    """A protocol's file as the archive holds it (normalised: UTF-8, LF), whose SHA-256 is its fingerprint."""
    return f"{API_DIR}/sources/{body_slug}/{date}.md"


def body_feed(slug: str) -> str:
    """A body's Atom feed (in the root, as every feed: see FEED)."""
    return entity_feed("organ", slug)


def entity_feed(kind: str, slug: str) -> str:
    """The Atom feed of a project ('projekt'), person ('person') or municipality ('kommun'), in the root."""
    return f"feed-{kind}-{slug}.xml"


def item_anchor(number: int) -> str:
    """The anchor of an agenda item on its protocol page."""
    return f"punkt-{number}"


def decision_anchor(item_number: int, decision_ordinal: int) -> str:
    """The anchor of a decision on its protocol page."""
    return f"beslut-{item_number}-{decision_ordinal}"


@functools.lru_cache(maxsize=65536)  # called for every link; an archive has far fewer pages than links
def site_relative(src: str, use_directory_urls: bool) -> str:
    """The URL MkDocs gives a file, relative to the site root: 'kdg/2019-11-22/', 'kdg/2019-11-22.html',
    './' for the start page with directory URLs; a file that is not a page keeps its path."""
    if not src.endswith(".md"):
        return src
    stem = src[: -len(".md")]
    directory, _, name = stem.rpartition("/")
    if name == "index":
        return (directory + "/" if directory else "./") if use_directory_urls else f"{stem}.html"
    return f"{stem}/" if use_directory_urls else f"{stem}.html"


def _directory(url: str) -> str:
    """The folder a page's relative links start from: 'kdg/2019-11-22/' for directory URLs, 'kdg/' for
    'kdg/2019-11-22.html'; '' at the root."""
    directory = url if url.endswith("/") else posixpath.dirname(url) + "/"
    return "" if directory in ("./", "/") else directory


@functools.lru_cache(maxsize=65536)
def _relative(directory: str, target: str) -> str:
    """The shortest link from `directory` to the site-relative `target`, as MkDocs writes links (what
    posixpath.relpath gives, without its look at the working directory, which was most of its cost)."""
    here = [part for part in directory.split("/") if part not in ("", ".")]
    there = [part for part in target.split("/") if part not in ("", ".")]
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    relative = "/".join([".."] * (len(here) - common) + there[common:])
    if not relative:
        return "./"
    return relative + "/" if target.endswith("/") else relative


@dataclass(frozen=True)
class UrlScheme:
    """Every URL of the site, for one `site_url` and `use_directory_urls`."""

    site_url: str = ""  # absolute, ending in "/"; empty when unknown
    use_directory_urls: bool = True

    @classmethod
    def create(cls, site_url: str | None, use_directory_urls: bool) -> UrlScheme:
        """A scheme for `site_url` (any form, or none) and `use_directory_urls`."""
        url = (site_url or "").strip()
        return cls(url.rstrip("/") + "/" if url else "", use_directory_urls)

    def url(self, src: str, anchor: str = "") -> str:
        """Relative to the site root, as MkDocs writes it ('kdg/2019-11-22/#beslut-4-1')."""
        url = site_relative(src, self.use_directory_urls)
        return f"{url}#{anchor}" if anchor else url

    def href(self, from_src: str, to_src: str, anchor: str = "") -> str:
        """A link from the page (or file) at `from_src` to `to_src`, relative, so that it works from any
        address the site is served at and from disk."""
        if from_src == to_src and anchor:
            return f"#{anchor}"
        here = _directory(site_relative(from_src, self.use_directory_urls))
        link = _relative(here, site_relative(to_src, self.use_directory_urls))
        return f"{link}#{anchor}" if anchor else link

    def file_href(self, from_src: str, path: str) -> str:
        """A relative link from a page to a file that is not a page (a protocol's Markdown source)."""
        here = _directory(site_relative(from_src, self.use_directory_urls))
        return _relative(here, path)

    def absolute(self, src: str, anchor: str = "") -> str:
        """The address to cite and to publish in feeds and open data; site-relative without a site_url."""
        url = self.url(src, anchor)
        if url.startswith("./"):
            url = url[2:]
        return self.site_url + url if self.site_url else url

    def file(self, path: str) -> str:
        """The address of a file that is not a page (open data, a protocol's Markdown source), as written."""
        return self.site_url + path if self.site_url else path

    def site_path(self) -> str:
        """The path the site is served under ('/protokollarkivet/'), for pages served at any address (404)."""
        if not self.site_url:
            return "/"
        path = self.site_url.split("//", 1)[-1].partition("/")[2]
        return "/" + path if path else "/"

    def host(self) -> str:
        """The site's host name, for identifiers such as calendar UIDs."""
        return self.site_url.split("//", 1)[-1].split("/", 1)[0] if self.site_url else ""

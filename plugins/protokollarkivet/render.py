"""Rendering the index into Markdown pages (through Jinja templates) and open-data files.

The output is plain: a list of `GeneratedPage` and `DataFile`. The MkDocs plugin turns them into files; a
test or another site generator can use them directly.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from html import escape as _html_escape
from pathlib import Path
from typing import Any, TextIO

import jinja2
import markdown

from . import charts, opendata, paths
from .index import DecisionEntry, Index
from .matcher import Match, unprotected_segments
from .feeds import FeedWriter
from .model import Protocol
from .output import Feed, GeneratedPage, Site, Subheading
from .strings import Strings

HTML_BLOCK_PREFIX = "PAHTMLBLOCK"  # a block that search reads: put back as soon as Markdown is done
LATE_BLOCK_PREFIX = "PAHTMLLATE"  # a block search skips: put back after search has read the page
HTML_BLOCK_SUFFIX = "X"
SEARCHED_PLACEHOLDER = f"<p>{HTML_BLOCK_PREFIX}"
_PLACEHOLDER = re.compile(f"<p>({HTML_BLOCK_PREFIX}|{LATE_BLOCK_PREFIX})(\\d+){HTML_BLOCK_SUFFIX}</p>")
_LATE_PLACEHOLDER = re.compile(f"<!--{LATE_BLOCK_PREFIX}(\\d+)-->")


def _late_placeholder(number: int | str) -> str:
    """Where a block that search skips waits inside HTML: a comment, which search does not read."""
    return f"<!--{LATE_BLOCK_PREFIX}{number}-->"


def _template_fingerprint(template_dirs: Sequence[str | Path]) -> tuple[tuple[str, int], ...]:
    """Names and times of every template, so an edited template invalidates cached pages."""
    folders = [Path(d) for d in template_dirs] + [Path(__file__).parent / "templates"]
    return tuple(sorted((str(p), p.stat().st_mtime_ns) for folder in folders if folder.is_dir() for p in folder.rglob("*.j2")))


def restore_html(html: str, blocks: Sequence[str]) -> str:
    """Puts the stashed HTML that search reads back in place of its placeholder paragraphs.

    The other blocks become comments, which search does not read, until `restore_late_html`."""

    def replace(match: re.Match[str]) -> str:
        if match.group(1) == HTML_BLOCK_PREFIX:
            return blocks[int(match.group(2))]
        return _late_placeholder(match.group(2))

    return _PLACEHOLDER.sub(replace, html)


def write_late_html(out: TextIO, html: str, blocks: Iterable[str]) -> None:
    """`restore_late_html` into a file, taking the blocks one at a time (they come in placeholder order)."""
    pending = iter(blocks)
    number, block, position = -1, "", 0
    for match in _LATE_PLACEHOLDER.finditer(html):
        out.write(html[position : match.start()])
        while number < int(match.group(1)):
            block, number = next(pending), number + 1
        out.write(block)
        position = match.end()
    out.write(html[position:])


def restore_late_html(html: str, blocks: Iterable[str]) -> str:
    """Puts back the blocks search skips: attendance, citations, cards. Parsing them for search, only
    to drop them, was most of the search plugin's time on a protocol page."""
    buffer = io.StringIO()
    write_late_html(buffer, html, blocks)
    return buffer.getvalue()


class BlockWriter:
    """Collects one page's stashed HTML, compressed as it comes: an archive's decision register is tens
    of thousands of cards, which need not all be in memory at once."""

    def __init__(self) -> None:
        self._compressor = zlib.compressobj(1)
        self._chunks: list[bytes] = []
        self.count = 0
        self.size = 0  # characters before compression

    def append(self, html: str) -> int:
        # NUL ends each block; in HTML it is an error, which browsers show as U+FFFD anyway.
        self._chunks.append(self._compressor.compress(html.replace("\0", "\ufffd").encode("utf-8") + b"\0"))
        self.count += 1
        self.size += len(html)
        return self.count - 1

    def packed(self) -> PackedBlocks:
        return PackedBlocks(b"".join(self._chunks) + self._compressor.flush(), self.size)


@dataclass(frozen=True)
class PackedBlocks:
    data: bytes
    size: int

    def __iter__(self) -> Iterator[str]:
        """The blocks in order, decompressed a piece at a time."""
        decompressor = zlib.decompressobj()
        pending = b""
        for start in range(0, len(self.data), 1 << 16):
            pending += decompressor.decompress(self.data[start : start + (1 << 16)])
            *complete, pending = pending.split(b"\0")
            yield from (block.decode("utf-8") for block in complete)
        for block in (pending + decompressor.flush()).split(b"\0")[:-1]:
            yield block.decode("utf-8")


class HtmlBlocks(dict[str, PackedBlocks]):
    """Each page's stashed HTML, compressed. It waits in memory from rendering until its page is written:
    an archive's worth of attendance tables and decision cards, which compress to a tenth."""

    def blocks(self, src_uri: str) -> list[str] | None:
        packed = self.get(src_uri)
        return None if packed is None else list(packed)


TEMPLATE_PREFIX = "protokoll/"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")

# Text that Markdown would give back unchanged, in paragraphs: no character or line start with a meaning.
_NOT_PLAIN_TEXT = re.compile(r"[\\`*_\[\]<>&#!|{}~=+\r\t]|^[ -]|^\d+[.)]| $|\n\n\n", re.MULTILINE)


def escape(text: object) -> str:
    """Text shown as-is inside Markdown (names, titles): no accidental emphasis, links or table cells."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def display_time(value: str | None) -> str:
    """'09:20' -> '09.20', the Swedish way of writing a time of day."""
    return value.replace(":", ".") if value else ""


@dataclass(frozen=True)
class HeadingPermalink:
    """The link that Markdown's toc extension adds to each heading, to write headings as it would."""

    text: str = "&para;"
    title: str = ""
    css_class: str = "headerlink"
    leading: bool = False


# toc options that change nothing in a heading with an explicit id, or that HeadingPermalink mirrors
_MIRRORED_TOC_OPTIONS = {"permalink", "permalink_title", "permalink_class", "permalink_leading", "title", "title_class", "toc_class", "marker", "slugify", "separator"}  # fmt: skip


def _attribute(value: str) -> str:
    """An attribute value escaped as Markdown's serializer escapes it (quotes, not apostrophes)."""
    return _html_escape(value, quote=False).replace('"', "&quot;")


def heading_permalink(toc_options: dict[str, Any]) -> HeadingPermalink | None:
    """What the toc extension, configured with `toc_options`, adds to a heading; None when the options
    ask for more than `HeadingPermalink` mirrors (such headings are then left to Markdown)."""
    if set(toc_options) - _MIRRORED_TOC_OPTIONS:
        return None
    permalink = toc_options.get("permalink", False)
    if permalink in (False, None):
        return HeadingPermalink(text="")
    return HeadingPermalink(
        text="&para;" if permalink is True else str(permalink),
        title=str(toc_options.get("permalink_title", "Permanent link")),
        css_class=str(toc_options.get("permalink_class", "headerlink")),
        leading=bool(toc_options.get("permalink_leading", False)),
    )


class Renderer:
    def __init__(
        self,
        index: Index,
        strings: Strings,
        template_dirs: Sequence[str | Path] = (),
        use_directory_urls: bool = True,
        site_url: str = "",
        site_name: str = "",
        page_cache: dict[Any, Any] | None = None,
        heading_permalink: HeadingPermalink | None = None,
    ) -> None:
        self.index = index
        # Set: decision headings are written as HTML, as the toc extension would write them, past Markdown
        self.heading_permalink = heading_permalink
        # Rendered protocol pages and decision cards, by their inputs; `mkdocs serve` keeps it between rebuilds.
        # Without one, only the cards are kept, for this build: a page is rendered once anyway.
        self.page_cache = page_cache if page_cache is not None else {}
        self._cache_pages = page_cache is not None
        self._salt = (
            index.archive.register_digest, _template_fingerprint(template_dirs), site_url, site_name,
            use_directory_urls, id(strings), heading_permalink,
        )  # fmt: skip
        self.strings = strings
        self.use_directory_urls = use_directory_urls
        self.site_url = site_url
        self.site_name = site_name
        loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader([str(d) for d in template_dirs])]
        loaders.append(jinja2.PackageLoader("protokollarkivet", "templates"))
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=False,  # the templates write Markdown; `escape` is applied where text must stay literal
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            # Markdown's attribute lists ({#anchor}) would open Jinja comments; templates comment with {## ##}.
            comment_start_string="{##",
            comment_end_string="##}",
            auto_reload=False,  # a Renderer lives for one build; not checking every template's time is faster
        )
        self.env.filters.update(md=escape, time=display_time, iso=lambda d: d.isoformat() if d else "")
        self.env.globals["ui"] = strings.section("ui")  # also for macros imported without context
        self._card_template = self.env.get_template(TEMPLATE_PREFIX + "_decision.html.j2")
        self._current = ""
        self._blocks = BlockWriter()
        self.html_blocks = HtmlBlocks()  # page source -> its stashed HTML, in order
        self._decision_html: dict[tuple[str, str, str, tuple[str, str] | None], str] = {}
        self._match_cache: dict[str, list[tuple[int, int, Match]]] = {}
        self._heads: dict[tuple[Any, ...], str] = {}
        self._hrefs: dict[tuple[str, str, str], str] = {}
        self._person_links: dict[tuple[Any, ...], str] = {}
        self._markdown = markdown.Markdown()  # for the few texts rendered to HTML here; reused, since creating one is slow
        self._exclude: tuple[str, str] | None = None

    # --- helpers available in every template ---------------------------------------------------

    def link(self, target_src: str, anchor: str = "") -> str:
        if anchor and target_src == self._current:
            return f"#{anchor}"
        href = paths.relative(self._current, target_src)
        return f"{href}#{anchor}" if anchor else href

    def url(self, target_src: str, anchor: str = "") -> str:
        href = paths.url(target_src, self.use_directory_urls)
        return f"{href}#{anchor}" if anchor else href

    def href(self, target_src: str, anchor: str = "") -> str:
        """A URL for raw HTML, which MkDocs does not rewrite: relative to the current page's URL."""
        key = (self._current, target_src, anchor)
        found = self._hrefs.get(key)
        if found is None:
            found = self._hrefs[key] = self._href(target_src, anchor)
        return found

    def _href(self, target_src: str, anchor: str) -> str:
        here = paths.url(self._current, self.use_directory_urls)
        there = paths.url(target_src, self.use_directory_urls)
        here_dir = here.rstrip("/") if here.endswith("/") else posixpath.dirname(here)
        there_dir, _, there_name = there.rstrip("/").rpartition("/") if there.endswith("/") else there.rpartition("/")
        if there.endswith("/"):
            there_name += "/"
        folder = paths.relative_folder(here_dir, there_dir if there else "")
        href = (f"{folder}/{there_name}" if folder else there_name) if there else (folder + "/" if folder else "./")
        return f"{href or './'}#{anchor}" if anchor else (href or "./")

    def permalink(self, target_src: str, anchor: str = "") -> str:
        """The absolute URL to cite; relative when mkdocs.yml sets no site_url."""
        if not self.site_url:
            return self.href(target_src, anchor)
        return self.site_url.rstrip("/") + "/" + self.url(target_src, anchor)

    def citation(self, protocol: Protocol, entry: DecisionEntry | None = None) -> str:
        """A plain citation with the permalink, for a protocol or one of its decisions."""
        ui = self.strings.section("ui")
        body = self.index.body(protocol.body)
        date = protocol.date.isoformat()
        if protocol.number:
            meeting = ui["citation_meeting_number"].format(body=body.name, number=protocol.number, date=date)
        else:
            meeting = ui["citation_meeting"].format(body=body.name, date=date)
        src = paths.protocol(protocol)
        if entry is None:
            return ui["citation"].format(text=meeting, url=self.permalink(src))
        text = ui["citation_decision"].format(meeting=meeting, item=entry.item.ordinal, label=entry.label)
        return ui["citation"].format(text=text, url=self.permalink(src, entry.anchor))

    def _folder(self) -> str:
        """What relative links from the current page depend on: pages at the same depth under the same
        parent folder link alike ("../../projekt/x/")."""
        here = paths.url(self._current, self.use_directory_urls)
        here_dir = here.rstrip("/") if here.endswith("/") else posixpath.dirname(here)
        return f"{here_dir.rpartition('/')[0]}:{here_dir.count('/') + (1 if here_dir else 0)}"

    def decision_card(self, entry: DecisionEntry) -> str:
        """A decision as listed on register pages: rendered once per kind of page, stashed past Markdown."""
        key: tuple[Any, ...] = ()
        html = None
        if self._cache_pages:
            references = tuple(r.target.id if r.target else "" for r in self.index.references.get(entry.protocol.id, []))
            key = ("card", entry.id, entry.protocol.content_hash, self._folder(), self._exclude, references, self._salt)
            html = self.page_cache.get(key)
        if html is None:
            html = self._card_template.render(
                decision=entry,
                ui=self.strings.section("ui"),
                index=self.index,
                paths=paths,
                href=self.href,
                person_link=self.person_link,
                protocol_title=self.protocol_title,
                decision_html=self.decision_html,
            )
            if self._cache_pages:  # for the next rebuild; within one build, decision_html is the part worth keeping
                self.page_cache[key] = html
        return self.stash(lambda: html)

    def decision_html(self, entry: DecisionEntry) -> str:
        """The decision's text as HTML paragraphs, with links relative to the current page's URL.

        Cached per decision and folder: the same decision appears on many pages of a folder."""
        key = (entry.id, entry.decision.text, self._folder(), self._exclude)
        cached = self._decision_html.get(key)
        if cached is None:
            year = entry.protocol.date.year
            cached = self._plain_html(entry.decision.text, year)
            if cached is None:
                self._markdown.reset()
                cached = self._markdown.convert(self.linked(entry.decision.text, year, html_links=True))
            self._decision_html[key] = cached
        return cached

    def decision_paragraphs(self, entry: DecisionEntry) -> str | None:
        """The decision's text as its protocol page shows it, as HTML, when it has no Markdown in it (as
        most decisions have not): Markdown spent more on these paragraphs than on the rest of the page.
        None for text that Markdown must convert."""
        html = self._plain_html(entry.decision.text, entry.protocol.date.year)
        return None if html is None else html.replace("<p>", '<p class="pa-decision-text">')

    def _plain_html(self, text: str, year: int) -> str | None:
        """What Markdown makes of text without Markdown in it, as most decisions are, made without
        Markdown's cost (most of a decision card's); None for any other text."""
        if text != text.strip() or _NOT_PLAIN_TEXT.search(text):
            return None
        pieces: list[str] = ["<p>"]
        position = 0
        for start, end, match, target in self._links(text, year, html_links=True):
            pieces += [_html_escape(text[position:start], quote=False), f'<a href="{target}">{_html_escape(match.text, quote=False)}</a>']
            position = end
        pieces.append(_html_escape(text[position:], quote=False))
        return "".join(pieces).replace("\n\n", "</p>\n<p>") + "</p>"

    def _matches(self, markdown: str) -> list[tuple[int, int, Match]]:
        """Where registered names and meeting references occur outside protected spans; cached, since
        a decision's text is linked on its protocol page and on every register that lists it."""
        found = self._match_cache.get(markdown)
        if found is None:
            found = [
                (offset + match.start, offset + match.end, match)
                for offset, segment in unprotected_segments(markdown)
                for match in self.index.matcher.find(segment)
            ]
            self._match_cache[markdown] = found
        return found

    def linked(self, markdown: str, year: int | None = None, html_links: bool = False) -> str:
        """Protocol text with registered people, projects and resolved meeting references as links.

        `year` is the year of the protocol the text comes from; it places two-digit years (YYMMDD).
        `html_links` for Markdown converted here rather than by MkDocs: links to URLs, not to sources."""
        pieces: list[str] = []
        position = 0
        for start, end, match, target in self._links(markdown, year, html_links):
            pieces.append(markdown[position:start])
            pieces.append(f"[{match.text}]({target})")
            position = end
        pieces.append(markdown[position:])
        return "".join(pieces)

    def _links(self, text: str, year: int | None, html_links: bool) -> Iterator[tuple[int, int, Match, str]]:
        """(start, end, match, target) of each name or reference in `text` that links somewhere.

        `year` is the year of the protocol the text comes from; it places two-digit years (YYMMDD)."""
        year = year if year is not None else dt.date.today().year
        # Markdown that MkDocs converts links to sources; HTML, and Markdown we convert, links to URLs.
        to = self.href if html_links else self.link
        for start, end, match in self._matches(text):
            target = self._target(match, year, to)
            if target is not None:
                yield start, end, match, target

    def _target(self, match: Match, year: int, to: Callable[[str], str]) -> str | None:
        if self._exclude == (match.kind, match.slug):
            return None
        if match.kind == "person":
            return to(paths.person(match.slug))
        if match.kind == "project":
            return to(paths.project(match.slug))
        if match.kind == "reference":
            target = self.index.find_meeting(match.slug, match.reference_date(year), match.reference_number)
            return to(paths.protocol(target)) if target else None
        return None

    def person_slug(self, name: str) -> str:
        person = self.index.archive.registers.person_by_name(name)
        return person.slug if person else ""

    def place_link(self, municipality: str | None, organisation: str | None, html: bool = False) -> str:
        if municipality:
            found = self.index.archive.registers.municipality_by_name(municipality)
            if found:
                return self._anchor(municipality, paths.municipality(found.slug), html)
        return escape(municipality or organisation or "") if not html else _html_escape(municipality or organisation or "")

    def person_link(self, name: str, html: bool = False) -> str:
        """A link to the person's page; plain text on their own page. `html` for use inside raw HTML."""
        key = (self._current, self._exclude, name, html)
        found = self._person_links.get(key)
        if found is None:
            found = self._person_links[key] = self._person_link(name, html)
        return found

    def _person_link(self, name: str, html: bool) -> str:
        slug = self.person_slug(name)
        if not slug or self._exclude == ("person", slug):
            return _html_escape(name) if html else escape(name)
        return self._anchor(name, paths.person(slug), html)

    def _anchor(self, text: str, target_src: str, html: bool) -> str:
        if html:
            return f'<a href="{_html_escape(self.href(target_src))}">{_html_escape(text)}</a>'
        return f"[{escape(text)}]({self.link(target_src)})"

    def protocol_title(self, protocol: Protocol) -> str:
        body = self.index.body(protocol.body)
        return f"{body.name} {protocol.date.isoformat()}"

    # --- pages --------------------------------------------------------------------------------

    def stash(self, caller: Callable[[], str], search: bool = False) -> str:
        """`{% call stash() %}<html>{% endcall %}`: HTML that Markdown need not parse.

        The page gets a placeholder paragraph; the plugin puts the HTML back after conversion. Parsing
        raw HTML is most of what Markdown spends on a generated page, and this HTML is ours already.
        `stash(search=True)` for HTML with text that search should find; other stashed HTML is not indexed."""
        number = self._blocks.append(caller())
        prefix = HTML_BLOCK_PREFIX if search else LATE_BLOCK_PREFIX
        return f"\n\n{prefix}{number}{HTML_BLOCK_SUFFIX}\n\n"

    def html_heading(self, level: int, anchor: str, text: str, css_class: str = "") -> str | None:
        """A heading as Markdown's toc extension writes it (text escaped, permalink added), for a heading
        that skips Markdown with the block after it; None when the toc configuration is not mirrored."""
        permalink = self.heading_permalink
        if permalink is None:
            return None
        link = ""
        if permalink.text:
            title = f' title="{_attribute(permalink.title)}"' if permalink.title else ""
            link = f'<a class="{_attribute(permalink.css_class)}" href="#{_attribute(anchor)}"{title}>{permalink.text}</a>'
        classes = f' class="{_attribute(css_class)}"' if css_class else ""
        escaped = _html_escape(text, quote=False)
        inner = link + escaped if permalink.leading else escaped + link
        return f'<h{level}{classes} id="{_attribute(anchor)}">{inner}</h{level}>'

    def late_block(self, html: str) -> str:
        """HTML that search skips, inside a block stashed with `stash(search=True)`: a decision's
        citation beside its text. Put back with the other late blocks."""
        return _late_placeholder(self._blocks.append(html))

    def page(self, template: str, src_uri: str, exclude: tuple[str, str] | None = None, **context: Any) -> str:
        self._current, self._exclude = src_uri, exclude
        self._hrefs.clear()  # links are cached per page: a register links the same people many times
        self._person_links.clear()
        self._blocks = BlockWriter()
        try:
            return self.env.get_template(TEMPLATE_PREFIX + template).render(
                t=self.strings,
                ui=self.strings.section("ui"),
                index=self.index,
                paths=paths,
                link=self.link,
                url=self.url,
                href=self.href,
                permalink=self.permalink,
                citation=self.citation,
                decision_html=self.decision_html,
                decision_card=self.decision_card,
                decision_paragraphs=self.decision_paragraphs,
                late_block=self.late_block,
                html_heading=self.html_heading,
                decision_toc_label=self.decision_toc_label,
                linked=self.linked,
                person_link=self.person_link,
                place_link=self.place_link,
                protocol_title=self.protocol_title,
                src_uri=src_uri,
                stash=self.stash,
                **context,
            )
        finally:
            if self._blocks.count:
                self.html_blocks[src_uri] = self._blocks.packed()
            self._blocks = BlockWriter()
            self._current, self._exclude = "", None

    def render_site(self) -> Site:
        site = Site()
        self.html_blocks.clear()
        index = self.index
        registers = index.archive.registers
        site.pages.append(GeneratedPage(paths.START, self.page("start.md.j2", paths.START), in_nav=True))
        for slug, body in registers.bodies.items():
            years = index.years(slug)
            src = paths.body(slug)
            site.pages.append(GeneratedPage(src, self.page("body.md.j2", src, body=body, years=years), bool(years), body.name))
            for year, meetings in years.items():
                src = paths.year(slug, year)
                markdown = self.page("year.md.j2", src, body=body, year=year, meetings=meetings)
                site.pages.append(GeneratedPage(src, markdown, True, str(year)))
        for protocol in index.protocols:
            site.pages.append(self._protocol_page(protocol))
        site.pages.append(GeneratedPage(paths.DECISIONS, self.page("decisions.md.j2", paths.DECISIONS, years=self._decisions_by_year()), True))
        site.pages.append(GeneratedPage(paths.PEOPLE, self.page("people.md.j2", paths.PEOPLE), True))
        for slug, entry in index.people.items():
            src = paths.person(slug)
            site.pages.append(GeneratedPage(src, self.page("person.md.j2", src, exclude=("person", slug), entry=entry)))
        site.pages.append(GeneratedPage(paths.MUNICIPALITIES, self.page("municipalities.md.j2", paths.MUNICIPALITIES), True))
        for slug, entry in index.municipalities.items():
            src = paths.municipality(slug)
            chart = charts.attendance_svg(entry.by_year(), self.strings, entry.municipality.name)
            site.pages.append(GeneratedPage(src, self.page("municipality.md.j2", src, entry=entry, chart=chart)))
        site.pages.append(GeneratedPage(paths.PROJECTS, self.page("projects.md.j2", paths.PROJECTS), True))
        for slug, entry in index.projects.items():
            src = paths.project(slug)
            site.pages.append(GeneratedPage(src, self.page("project.md.j2", src, exclude=("project", slug), entry=entry)))
        site.data.extend(opendata.data_files(index, self.use_directory_urls))
        writer = FeedWriter(index, self.strings, self.site_url, self.site_name, self.use_directory_urls)
        site.data.extend(writer.files())
        site.feeds.extend(writer.feeds())
        self._decision_html.clear()  # only needed while rendering; the pages now hold the text
        self._match_cache.clear()
        return site

    def head(self, feeds: Sequence[Feed], page_url: str | None, pagefind: bool = False) -> str:
        """The <link> elements that advertise the feeds, for a page at `page_url` (site-relative).

        `page_url` None means a page served at any address (404): links then start at the site's path."""
        if page_url is None:
            root = "/" + self.site_url.split("//", 1)[-1].partition("/")[2] if self.site_url else "/"
            links = [(feed, root.rstrip("/") + "/" + feed.src_uri) for feed in feeds]
        else:
            base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
            links = [(feed, posixpath.relpath(feed.src_uri, base or ".")) for feed in feeds]
        key = (tuple(links), pagefind)  # the same for all pages of a body, a register, ...
        head = self._heads.get(key)
        if head is None:
            head = self.env.get_template(TEMPLATE_PREFIX + "_head.html.j2").render(links=links, ui=self.strings.section("ui"), pagefind=pagefind)
            self._heads[key] = head
        return head

    def _protocol_page(self, protocol: Protocol) -> GeneratedPage:
        """A protocol's page, re-rendered only when something it shows has changed (for `mkdocs serve`)."""
        index = self.index
        src = paths.protocol(protocol)
        previous, following = index.neighbours(protocol)
        references = index.references.get(protocol.id, [])
        referenced_by = index.referenced_by.get(protocol.id, [])
        inputs = (
            protocol.content_hash,
            previous.id if previous else "",
            following.id if following else "",
            tuple((r.text, r.target.id if r.target else "") for r in references),
            tuple((r.source.id, r.item.ordinal if r.item else 0) for r in referenced_by),
            self._salt,
        )
        cached = self.page_cache.get(src)
        if cached is not None and cached[0] == inputs:
            if cached[2] is not None:
                self.html_blocks[src] = cached[2]
            return GeneratedPage(src, cached[1], subheadings=self._decision_subheadings(protocol))
        markdown = self.page(
            "protocol.md.j2",
            src,
            protocol=protocol,
            body=index.archive.registers.bodies[protocol.body],
            previous=previous,
            following=following,
            decisions={(d.item.ordinal, d.decision.ordinal): d for d in index.decisions_by_protocol[protocol.id]},
            references=references,
            referenced_by=referenced_by,
        )
        if self._cache_pages:
            self.page_cache[src] = (inputs, markdown, self.html_blocks.get(src))
        return GeneratedPage(src, markdown, subheadings=self._decision_subheadings(protocol))

    def _decision_subheadings(self, protocol: Protocol) -> tuple[Subheading, ...]:
        """The decision headings of a protocol page (h3, under their item's h2), for its table of contents,
        when written as HTML; the title is HTML, as the toc extension makes it of `data-toc-label`."""
        if self.heading_permalink is None:
            return ()
        return tuple(
            Subheading(paths.item_anchor(d.item.ordinal), d.anchor, _html_escape(self.decision_toc_label(d), quote=False), level=3)
            for d in self.index.decisions_by_protocol[protocol.id]
        )

    def decision_toc_label(self, entry: DecisionEntry) -> str:
        """A decision's entry in its protocol page's table of contents ("Beslut 4:1")."""
        return self.strings.section("ui")["decision_toc_label"].format(item=entry.item.ordinal, decision=entry.decision.ordinal)

    def _decisions_by_year(self) -> dict[int, list[DecisionEntry]]:
        years: dict[int, list[DecisionEntry]] = {}
        for decision in self.index.decisions:
            years.setdefault(decision.protocol.date.year, []).append(decision)
        return years


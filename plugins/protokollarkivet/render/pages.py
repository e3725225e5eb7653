"""The archive's pages, rendered by Jinja templates straight to the HTML the theme shows.

Templates (in `templates/protokoll/`, overridable from a theme's `custom_dir`) hold the markup; they are
autoescaped, so every value from a protocol or a register lands as text. Protocol text is Markdown and
goes through `markup.ProseRenderer` (sanitised) before names are linked. Each page renders into a
`RenderedPage` that carries everything the theme needs: nothing is left for a later step to put back.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from markupsafe import Markup

from ..format.model import Item, Participant, Protocol
from ..format.spec import Status
from ..index import AssignmentEntry, DecisionEntry, Index, Match, assignments, attendance
from ..strings import Strings
from ..text import number_ranges
from . import changes, charts, dcat, feeds, oparl, opendata, searchindex, urls
from .markup import ProseRenderer, link_names
from .output import Feed, GeneratedPage, RenderedPage, Site, TocEntry
from .urls import UrlScheme

TEMPLATE_PREFIX = "protokoll/"
NOT_FOUND = "404.html"  # served at any address: its links start at the site's path
NOT_FOUND_ANCHOR = "sidan-finns-inte"
_PULL_NUMBER = re.compile(r"/pulls?/(\d+)(?:[/?#]|$)")  # a pull request's number in its address
DECISIONS_PER_PAGE = 1000  # a register of more decisions gets a page per year
GAP_DAYS = 92  # meetings further apart than about a quarter: the archive probably misses some between


def display_time(value: str | None) -> str:
    """'09:20' -> '09.20', the Swedish way of writing a time of day."""
    return value.replace(":", ".") if value else ""


@dataclass(frozen=True)
class HeadingPermalink:
    """The link the toc extension adds to headings, as mkdocs.yml configures it, for ours to match."""

    text: str = "&para;"
    title: str = ""
    css_class: str = "headerlink"
    leading: bool = False

    @classmethod
    def from_toc_options(cls, options: dict[str, Any]) -> HeadingPermalink:
        """From the options of Markdown's toc extension (`permalink`, `permalink_title`, ...)."""
        permalink = options.get("permalink", False)
        if permalink in (False, None):
            return cls(text="")
        return cls(
            text="&para;" if permalink is True else html.escape(str(permalink)),
            title=str(options.get("permalink_title", "Permanent link")),
            css_class=str(options.get("permalink_class", "headerlink")),
            leading=bool(options.get("permalink_leading", False)),
        )


class _Page:
    """The helpers a template gets, bound to the page being rendered (its links are relative to it)."""

    def __init__(self, renderer: Renderer, src: str, exclude: tuple[str, str] | None) -> None:
        self.renderer = renderer
        self.src = src
        self.exclude = exclude  # the page's own person or project, which is not linked on it
        self.toc: list[TocEntry] = []
        self.anchors: set[str] = set()

    def href(self, target: str, anchor: str = "") -> str:
        return self.renderer.urls.href(self.src, target, anchor)

    def file_href(self, path: str) -> str:
        return self.renderer.urls.file_href(self.src, path)

    def heading(self, level: int, anchor: str, text: object, css_class: str = "", link: str = "", toc_label: str = "") -> Markup:
        """A heading with the permalink the toc extension would add, recorded for the table of contents."""
        permalink = self.renderer.permalink
        escaped = html.escape(str(text), quote=False)
        inner = f'<a href="{html.escape(link)}">{escaped}</a>' if link else escaped
        if permalink.text:
            title = f' title="{html.escape(permalink.title)}"' if permalink.title else ""
            symbol = f'<a class="{html.escape(permalink.css_class)}" href="#{html.escape(anchor)}"{title}>{permalink.text}</a>'
            inner = symbol + inner if permalink.leading else inner + symbol
        classes = f' class="{html.escape(css_class)}"' if css_class else ""
        self._add_to_toc(TocEntry(level, anchor, html.escape(toc_label, quote=False) if toc_label else escaped))
        self.anchors.add(anchor)
        return Markup(f'<h{level}{classes} id="{html.escape(anchor)}">{inner}</h{level}>')

    def _add_to_toc(self, entry: TocEntry) -> None:
        siblings = self.toc
        while siblings and siblings[-1].level < entry.level:
            siblings = siblings[-1].children
        siblings.append(entry)

    def prose(self, text: str, year: int) -> Markup:
        """Protocol text as sanitised HTML with names and meeting references linked; `year` is the
        protocol's, which places two-digit years (YYMMDD)."""
        return self.renderer.prose(text, year, self.exclude, self.src)

    def person_link(self, name: str) -> Markup:
        person = self.renderer.index.archive.registers.person_by_name(name)
        if person is None or self.exclude == ("person", person.slug):
            return Markup.escape(name)
        return Markup('<a href="{}">{}</a>').format(self.href(urls.person(person.slug)), name)

    def place_link(self, municipality: str | None, organisation: str | None) -> Markup:
        found = self.renderer.index.archive.registers.municipality_by_name(municipality) if municipality else None
        if found is not None:
            return Markup('<a href="{}">{}</a>').format(self.href(urls.municipality(found.slug)), municipality)
        return Markup.escape(municipality or organisation or "")

    def decision_card(self, entry: DecisionEntry) -> Markup:
        return self.renderer.decision_card(entry, self)


class _RootPage(_Page):
    """A page served at any address (404): its links start at the site's path, not at the page."""

    def href(self, target: str, anchor: str = "") -> str:
        url = self.renderer.urls.site_path() + self.renderer.urls.url(target).removeprefix("./")
        return f"{url}#{anchor}" if anchor else url

    def file_href(self, path: str) -> str:
        return self.renderer.urls.site_path() + path


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the process, by the environment's compiling settings, the
    template's name and file, and its source's checksum: `mkdocs serve` makes a Renderer and MkDocs a theme
    environment for every rebuild, and compiling the templates was most of what one cost."""

    def __init__(self) -> None:
        self._store: dict[tuple[str, tuple[str, ...]], bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Gives the bucket what was compiled before under its key, if anything."""
        key = self._key(bucket)
        data = None if key is None else self._store.get(key)
        if data is not None:
            bucket.bytecode_from_string(data)  # Jinja compares the source's checksum, and recompiles on a change

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Keeps what was just compiled."""
        key = self._key(bucket)
        if key is not None:
            self._store[key] = bucket.bytecode_to_string()

    @staticmethod
    def _key(bucket: jinja2.bccache.Bucket) -> tuple[str, tuple[str, ...]] | None:
        # The same template compiles differently under other settings (ours trim blocks and escape; the
        # theme's translate), and both environments may load a theme override of the same name. A setting
        # that is a function may decide differently in each environment: then nothing is kept.
        env = bucket.environment
        if callable(env.autoescape) or env.finalize is not None:
            return None
        settings = (
            env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
            env.comment_start_string, env.comment_end_string, str(env.line_statement_prefix), str(env.line_comment_prefix),
            str(env.trim_blocks), str(env.lstrip_blocks), env.newline_sequence, str(env.keep_trailing_newline),
            str(env.optimized), str(env.is_async), str(env.autoescape), *sorted(env.extensions),
        )  # fmt: skip
        return bucket.key, settings


COMPILED_TEMPLATES = CompiledTemplates()


class Renderer:
    """Renders the index into the site's pages, open data and feeds."""

    def __init__(
        self,
        index: Index,
        strings: Strings,
        url_scheme: UrlScheme,
        template_dirs: Sequence[str | Path] = (),
        site_name: str = "",
        permalink: HeadingPermalink | None = None,
        decisions_per_page: int = DECISIONS_PER_PAGE,
    ) -> None:
        self.index = index
        self.decisions_per_page = decisions_per_page
        self.page_feeds: dict[str, Feed] = {}  # page src -> the feed that follows what the page is about
        self.strings = strings
        self.urls = url_scheme
        self.site_name = site_name
        self.permalink = permalink or HeadingPermalink()
        self.ui = strings.section("ui")
        self.prose_renderer = ProseRenderer()
        self._sanitised: dict[str, str] = {}
        loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader([str(d) for d in template_dirs])]
        loaders.append(jinja2.PackageLoader("protokollarkivet.render", "templates"))
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=True,  # every value from a protocol or a register is text
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,  # a Renderer lives for one build
            bytecode_cache=COMPILED_TEMPLATES,
        )
        self.env.filters.update(time=display_time, iso=lambda d: d.isoformat() if d else "")
        self.env.globals.update(
            ui=self.ui,
            urls=urls,
            index=index,
            plural=strings.plural,
            absolute=self.urls.absolute,
            protocol_title=self.protocol_title,
            protocol_heading=self.protocol_heading,
            item_heading=self.item_heading,
            item_title=self.item_title,
            attended_items=self.attended_items,
            citation=self.citation,
            review_label=self.review_label,
            deadline_text=self.deadline_text,
            Status=Status,
        )
        self._card_template = self.env.get_template(TEMPLATE_PREFIX + "_decision.html")

    # --- text helpers, the same on every page ------------------------------------------------------

    def protocol_title(self, protocol: Protocol) -> str:
        """Short, for lists: 'Kommundirektörsgruppen 2019-11-22'."""
        return str(self.ui["protocol_title"]).format(name=self.index.body(protocol.body).name, date=protocol.date.isoformat())

    def protocol_heading(self, protocol: Protocol) -> str:
        """The one form of a protocol's heading: 'Kommundirektörsgruppen, protokoll 8/2019, 2019-11-22'."""
        body = self.index.body(protocol.body).name
        key = "protocol_heading_number" if protocol.number else "protocol_heading"
        return str(self.ui[key]).format(name=body, number=protocol.number, date=protocol.date.isoformat())

    def deadline_text(self, entry: AssignmentEntry) -> str:
        """'senast nästa möte (2022-09-30)', 'senast nästa möte', 'senast 2023-01-31' or 'tills vidare'."""
        assignment = entry.assignment
        if assignment.next_meeting:
            due = entry.due
            return str(self.ui["deadline_next_meeting_on" if due else "deadline_next_meeting"]).format(date=due.isoformat() if due else "")
        if assignment.deadline is not None:
            return str(self.ui["deadline_date"]).format(date=assignment.deadline.isoformat())
        return str(self.ui["deadline_none"])

    def review_label(self, url: str) -> str:
        """'granskning #12' for a pull request's address; 'granskning' for another review's."""
        number = _PULL_NUMBER.search(url)
        return str(self.ui["review_number" if number else "review"]).format(number=number.group(1) if number else "")

    @staticmethod
    def item_heading(item: Item) -> str:
        """'§ 1 · 13.00 Mötets öppnande': number and time set apart from the title."""
        time = f" · {display_time(item.time)}" if item.time else ""
        return f"§ {item.number}{time} {item.title}"

    def attended_items(self, person: Participant) -> str:
        """'§ 2–4' for a member present for some items, 'ej § 5' for one who left an item; '' otherwise."""
        parts = []
        if person.items:
            parts.append(self.ui["attended_items"].format(items=number_ranges(person.items)))
        if person.not_items:
            parts.append(self.ui["not_attended_items"].format(items=number_ranges(person.not_items)))
        return ", ".join(parts)

    @staticmethod
    def item_title(protocol: Protocol, number: int) -> str:
        """The title of the protocol's item with this number."""
        return next((item.title for item in protocol.items if item.number == number), "")

    def citation(self, protocol: Protocol, entry: DecisionEntry | None = None) -> str:
        """A plain citation with the permalink, for a protocol or one of its decisions."""
        ui = self.ui
        body = self.index.body(protocol.body)
        date = protocol.date.isoformat()
        if protocol.number:
            meeting = ui["citation_meeting_number"].format(body=body.name, number=protocol.number, date=date)
        else:
            meeting = ui["citation_meeting"].format(body=body.name, date=date)
        src = urls.protocol(protocol.body, protocol.date)
        if entry is None:
            return str(ui["citation"]).format(text=meeting, url=self.urls.absolute(src))
        text = ui["citation_decision"].format(meeting=meeting, item=entry.item.number, label=entry.label)
        anchor = urls.decision_anchor(entry.item.number, entry.decision.ordinal)
        return str(ui["citation"]).format(text=text, url=self.urls.absolute(src, anchor))

    def gap_note(self, earlier: Protocol, later: Protocol) -> str:
        """What the archive misses between two consecutive meetings of a body, or ''."""
        if earlier.number and later.number:
            first, first_year = (int(part) for part in earlier.number.split("/"))
            last, last_year = (int(part) for part in later.number.split("/"))
            if first_year == last_year and last - first > 1:
                missing = f"{first + 1}/{first_year}" if last - first == 2 else f"{first + 1}–{last - 1}/{first_year}"
                return self.strings("ui.gap_numbers", numbers=missing)
        days = (later.date - earlier.date).days
        if days <= GAP_DAYS:
            return ""
        return self.strings("ui.gap_time", duration=self.strings.duration(round(days / 30.44)))

    # --- protocol text, sanitised once and linked for each page that shows it -------------------------

    def prose(self, text: str, year: int, exclude: tuple[str, str] | None, here: str) -> Markup:
        """Protocol text as sanitised HTML with its names linked from the page `here`."""
        sanitised = self._sanitised.get(text)
        if sanitised is None:
            sanitised = self._sanitised[text] = self.prose_renderer.html(text)
        return Markup(link_names(sanitised, self.index, self._link_target(year, here, exclude)))

    def _link_target(self, year: int, here: str, exclude: tuple[str, str] | None) -> Callable[[Match], str | None]:
        """Where a name or reference found in text on the page `here` links to; None for no link. A page
        never links to itself, so that text links alike on every page with the same link context."""

        def target(match: Match) -> str | None:
            if exclude == (match.kind, match.slug):
                return None
            if match.kind == "person":
                src = urls.person(match.slug)
            elif match.kind == "project":
                src = urls.project(match.slug)
            elif match.kind == "reference":
                meeting = self.index.find_meeting(match.slug, match.reference_date(year), match.reference_number)
                if meeting is None:
                    return None
                src = urls.protocol(meeting.body, meeting.date)
            else:
                return None
            return None if src == here else self.urls.href(here, src)

        return target

    def decision_card(self, entry: DecisionEntry, page: _Page) -> Markup:
        """A decision as listed on register pages."""
        return Markup(self._card_template.render(decision=entry, **self._helpers(page)))

    # --- pages ---------------------------------------------------------------------------------------

    @staticmethod
    def _helpers(page: _Page) -> dict[str, Any]:
        return {
            "href": page.href,
            "file_href": page.file_href,
            "heading": page.heading,
            "prose": page.prose,
            "person_link": page.person_link,
            "place_link": page.place_link,
            "decision_card": page.decision_card,
            "src_uri": page.src,
        }

    def render(self, template: str, src: str, exclude: tuple[str, str] | None = None, **context: Any) -> RenderedPage:
        """One page: its template rendered with the helpers bound to it."""
        page = _RootPage(self, src, exclude) if src == NOT_FOUND else _Page(self, src, exclude)
        content = self.env.get_template(TEMPLATE_PREFIX + template).render(**self._helpers(page), **context)
        return RenderedPage(content, page.toc, frozenset(page.anchors))

    def _generated(self, src: str, title: str, template: str, in_nav: bool = False, meta: dict[str, Any] | None = None,
                   exclude: tuple[str, str] | None = None, depends_on: Iterable[Protocol | str] | None = None,
                   **context: Any) -> GeneratedPage:  # fmt: skip
        def render() -> RenderedPage:
            return self.render(template, src, exclude, **context)

        shown = None if depends_on is None else changes.shown(depends_on)
        return GeneratedPage(src, title, render, in_nav, {"title": title, **(meta or {})}, shown)

    def render_site(self) -> Site:
        """Every page (rendered when asked for), the open data and the feeds."""
        index = self.index
        ui = self.ui
        registers = index.archive.registers
        excluded = {"search": {"exclude": True}}
        site = Site()
        # no title of its own in <title>: the start page is the site, and the theme then names the site alone
        start_meta = {**excluded, "hide": ["toc"], "title": ""}
        site.pages.append(self._generated(urls.START, ui["start_title"], "start.html", True, start_meta))
        for slug, body in registers.bodies.items():
            years = index.years(slug)
            trail = [(body.name, "")]
            site.pages.append(
                self._generated(
                    urls.body(slug), body.name, "body.html", bool(years), {"search": {"boost": 0.01}}, body=body, years=years, trail=trail
                )
            )
            for year, meetings in years.items():
                src = urls.year(slug, year)
                title = ui["year_title"].format(name=body.name, year=year)
                trail = [(body.name, self.urls.href(src, urls.body(slug))), (str(year), "")]
                site.pages.append(
                    self._generated(
                        src, title, "year.html", True, excluded, depends_on=meetings, body=body, year=year, meetings=meetings, trail=trail
                    )
                )
        for protocol in index.protocols:
            site.pages.append(self._protocol_page(protocol))
        site.pages += self._register_pages()
        site.pages.append(self._assignments_page())
        site.pages.append(self._generated(urls.PEOPLE, ui["people_title"], "people.html", True, excluded))
        for slug, person in index.people.items():
            site.pages.append(
                self._generated(
                    urls.person(slug),
                    person.person.name,
                    "person.html",
                    meta=excluded,
                    exclude=("person", slug),
                    depends_on=changes.of_person(person),
                    entry=person,
                    **self._term_context(attendance.person_terms(index, person), person.person.name),
                )
            )
        site.pages.append(self._generated(urls.MUNICIPALITIES, ui["municipalities_title"], "municipalities.html", True, excluded))
        for slug, municipality in index.municipalities.items():
            chart = Markup(charts.attendance_svg(municipality.by_year(), self.strings, municipality.municipality.name))
            site.pages.append(
                self._generated(
                    urls.municipality(slug),
                    municipality.municipality.name,
                    "municipality.html",
                    meta=excluded,
                    depends_on=changes.of_municipality(municipality),
                    entry=municipality,
                    chart=chart,
                    **self._term_context(attendance.municipality_terms(index, municipality), municipality.municipality.name),
                )
            )
        site.pages.append(self._generated(urls.PROJECTS, ui["projects_title"], "projects.html", True, excluded))
        for slug, project in index.projects.items():
            site.pages.append(
                self._generated(
                    urls.project(slug),
                    project.project.name,
                    "project.html",
                    meta=excluded,
                    exclude=("project", slug),
                    depends_on=changes.of_project(project),
                    entry=project,
                )
            )
        site.data.extend(opendata.data_files(index, self.urls))
        site.data.extend(oparl.source_files(index))
        site.later.append(lambda: oparl.OParlWriter(index, self.urls, self.site_name).files())
        site.later_entries.append(oparl.system_path())
        writer = feeds.FeedWriter(index, self.strings, self.urls, self.site_name)
        site.data.extend(writer.files())
        site.feeds.extend(writer.feeds())
        site.data.append(dcat.CatalogueWriter(index, self.strings, self.urls, site.feeds).file())
        about = {"search": {"boost": searchindex.ABOUT_BOOST}}
        self.page_feeds = writer.page_feeds()
        site.pages.append(
            self._generated(
                urls.SUBSCRIBE, ui["subscribe_title"], "subscribe.html", True, about, feeds=site.feeds, followed=writer.followed()
            )
        )
        publisher = registers.publisher
        if publisher is not None:
            site.pages.append(
                self._generated(urls.ACCESSIBILITY, ui["accessibility_title"], "accessibility.html", True, about, publisher=publisher)
            )
            site.pages.append(self._generated(urls.PRIVACY, ui["privacy_title"], "privacy.html", True, about, publisher=publisher))
        return site

    def _term_context(self, rows: list[attendance.TermAttendance], name: str) -> dict[str, Any]:
        """Attendance per term for a person's or municipality's page: the rows, their labels (the body's
        abbreviation added when more than one body met), and the chart."""
        several = len({row.body for row in rows}) > 1
        labels = [f"{row.term.name} ({self.index.body(row.body).short})" if several else row.term.name for row in rows]
        chart = charts.term_attendance_svg(
            [(label, r.attended, r.partly, r.absent) for label, r in zip(labels, rows, strict=True)], self.strings, name
        )
        return {"terms": list(zip(labels, rows, strict=True)), "term_chart": Markup(chart)}

    def _assignments_page(self) -> GeneratedPage:
        """The register of assignments, with the people and municipalities its filter offers."""
        index = self.index
        people = {slug for entry in index.assignments for slug in entry.people}
        places = {slug for entry in index.assignments for slug in entry.municipalities}
        return self._generated(
            urls.ASSIGNMENTS,
            self.ui["assignments_title"],
            "assignments.html",
            True,
            {"search": {"exclude": True}},
            statuses=assignments.STATUSES,
            people=sorted(((slug, index.people[slug].person.name) for slug in people), key=lambda pair: pair[1]),
            places=sorted(((slug, index.municipalities[slug].municipality.name) for slug in places), key=lambda pair: pair[1]),
        )

    def _register_pages(self) -> list[GeneratedPage]:
        """The decision register: one page, or for an archive of more decisions than `decisions_per_page`,
        a page per year (the start page showing the latest), so that no page grows with the archive."""
        by_year: dict[int, list[DecisionEntry]] = {}
        for decision in self.index.decisions:
            by_year.setdefault(decision.protocol.date.year, []).append(decision)
        counts = {year: len(decisions) for year, decisions in by_year.items()}
        total = len(self.index.decisions)
        paged = total > self.decisions_per_page
        excluded = {"search": {"exclude": True}}
        title = self.ui["decisions_title"]
        latest = next(iter(by_year), None)
        shown = {latest: by_year[latest]} if paged and latest is not None else by_year
        pages = [
            self._generated(
                urls.DECISIONS,
                title,
                "decisions.html",
                True,
                excluded,
                years=shown,
                all_years=counts,
                total=total,
                year_pages=paged,
                year=latest if paged else None,
                start=True,
            )
        ]
        if paged:
            for year, decisions in by_year.items():
                year_title = self.ui["decisions_year_title"].format(year=year)
                pages.append(
                    self._generated(
                        urls.decisions_year(year),
                        year_title,
                        "decisions.html",
                        meta=excluded,
                        depends_on=(decision.protocol for decision in decisions),
                        years={year: decisions},
                        all_years=counts,
                        total=total,
                        year_pages=True,
                        year=year,
                        start=False,
                    )
                )
        return pages

    def not_found(self) -> dict[str, str]:
        """The 404 page's title and content: the latest meetings and the ways into the archive."""
        content = self.render("not_found.html", NOT_FOUND, latest=self.index.latest(5), anchor=NOT_FOUND_ANCHOR).html
        return {"title": self.ui["not_found_title"], "html": content}

    def skip_link(self) -> str:
        """The 404 page's "skip to content" link, which Material draws only for pages with a table of contents."""
        return f'<a href="#{NOT_FOUND_ANCHOR}" class="md-skip">{html.escape(self.ui["skip_to_content"])}</a>'

    def footer(self) -> dict[str, Any]:
        """What every page's footer shows: the publisher and the links to the pages about the site."""
        ui = self.ui
        publisher = self.index.archive.registers.publisher
        links = [(ui["about_title"], urls.ABOUT)]
        if publisher is not None:
            links += [(ui["accessibility_title"], urls.ACCESSIBILITY), (ui["privacy_title"], urls.PRIVACY)]
        licence = publisher.licence if publisher else "CC0 1.0"
        links += [(ui["open_data_licence"].format(licence=licence), urls.OPEN_DATA), (ui["subscribe_title"], urls.SUBSCRIBE)]
        labels = {key: ui[key] for key in ("published_by", "organisation_number", "footer_links")}
        return {"publisher": publisher, "links": [(label, self.urls.url(src)) for label, src in links], "labels": labels}

    def _protocol_page(self, protocol: Protocol) -> GeneratedPage:
        index = self.index
        body = index.body(protocol.body)
        src = urls.protocol(protocol.body, protocol.date)
        previous, following = index.neighbours(protocol)
        trail = [
            (body.name, self.urls.href(src, urls.body(body.slug))),
            (str(protocol.date.year), self.urls.href(src, urls.year(body.slug, protocol.date.year))),
            (protocol.date.isoformat(), ""),
        ]
        description = self.strings(
            "ui.protocol_description", body=body.name, date=protocol.date.isoformat(), place=protocol.place or ""
        ).rstrip(", ")
        return self._generated(
            src,
            self.protocol_heading(protocol),
            "protocol.html",
            meta={"description": description},
            depends_on=changes.of_protocol(index, protocol),
            protocol=protocol,
            body=body,
            previous=previous,
            following=following,
            gap_before=self.gap_note(previous, protocol) if previous else "",
            gap_after=self.gap_note(protocol, following) if following else "",
            decisions={(d.item.number, d.decision.ordinal): d for d in index.decisions_by_protocol[protocol.id]},
            assignments={(a.assignment.item, a.assignment.ordinal): a for a in index.assignments_by_protocol.get(protocol.id, [])},
            references=index.references.get(protocol.id, []),
            referenced_by=index.referenced_by.get(protocol.id, []),
            trail=trail,
        )

    def head(self, feeds_: Sequence[Any], page_src: str | None, pagefind: bool = False) -> str:
        """The <link> elements that advertise the feeds, for the page at `page_src`; None for a page
        served at any address (404), whose links then start at the site's path."""
        if page_src is None:
            links = [(feed, self.urls.site_path() + feed.src_uri) for feed in feeds_]
            catalogue = self.urls.site_path() + urls.CATALOGUE
        else:
            own = self.page_feeds.get(page_src)  # a project's, person's or municipality's own feed
            links = [(feed, self.urls.href(page_src, feed.src_uri)) for feed in [*feeds_, *([own] if own else [])]]
            catalogue = self.urls.href(page_src, urls.CATALOGUE)
        return self.env.get_template(TEMPLATE_PREFIX + "_head.html").render(links=links, catalogue=catalogue, pagefind=pagefind)

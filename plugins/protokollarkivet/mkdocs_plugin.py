"""The MkDocs plugin: thin hooks that wire the stages (format → index → render) into a MkDocs build.

Stage 4 of 4: publish. `on_files` reads the archive, indexes it, adds the generated pages and starts
writing the data files (in a forked process during a full build: writing.py); each page renders itself
when MkDocs writes it (`on_page_context`), handing over its HTML and table of contents whole. Search
entries, the data files and Pagefind are finished after the build.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import os
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, cast

import jinja2
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils import get_markdown_title, nest_paths
from mkdocs.utils.meta import get_data

from .format import Finding, Level, Registers, load_archive
from .index import Index, Matcher, assignments, build_index
from .render import DataFile, GeneratedPage, HeadingPermalink, Renderer, Site, TocEntry, UrlScheme, changes, pagefind, searchindex, urls
from .render.changes import Changes, Snapshot
from .render.output import Feed
from .render.pages import COMPILED_TEMPLATES, DECISIONS_PER_PAGE, NOT_FOUND, TEMPLATE_PREFIX
from .serving import Background
from .strings import LANGUAGES, load_strings
from .writing import ForkedWrite, WriterError, log_unwritten, write_files

log = get_plugin_logger("protokoll")

ASSETS = ("protokoll.css", "protokoll.js")
PAGEFIND_ASSET = "protokoll-pagefind.js"
_SKIP_SLOT = '<div data-md-component="skip">'  # where Material's base.html puts a page's skip link
SITE_URL_VARIABLE = "PROTOKOLL_SITE_URL"  # overrides mkdocs.yml's site_url: how a fork publishes its own address
SEARCH_ENGINES = ("material", "pagefind")
ABOUT_PAGES = (urls.ACCESSIBILITY, urls.PRIVACY, urls.SUBSCRIBE)  # generated, but about the archive like docs/om/
SECRETARIAT_FOLDER = "sekretariatet/"  # the hand-written pages for the secretariat, a section of their own
MATERIAL_SEARCH_SETTINGS = ("lang", "separator", "pipeline", "fields")  # what its index file's "config" holds


PLACEHOLDER_HOSTS = ("example.org", "example.com", "example.net")  # RFC 2606: names for examples


def is_placeholder(site_url: str | None) -> bool:
    """Whether the site's address is still an example address (or none)."""
    host = (site_url or "").split("//", 1)[-1].split("/", 1)[0].lower()
    return not host or host in PLACEHOLDER_HOSTS or host.endswith(tuple("." + h for h in PLACEHOLDER_HOSTS))


class Flag(c.BaseConfigOption[bool]):
    """A yes/no option that also takes what an environment variable gives: 1, 0, "true", "false", ""."""

    def __init__(self, default: bool = False) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> bool:
        """The option's value as a bool."""
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("1", "true", "yes", "ja", "on"):
            return True
        if text in ("0", "false", "no", "nej", "off", "", "none"):
            return False
        raise c.ValidationError(f"expected yes or no (true/false, 1/0), got {value!r}")


class ProtokollConfig(base.Config):
    """The plugin's options in mkdocs.yml; a wrong value is a configuration error naming the option."""

    protocols_dir = c.Dir(exists=True, default="protocols")
    language = c.Choice(LANGUAGES, default="sv")
    drafts = Flag(default=False)
    # "pagefind" (fragments fetched per query, Swedish stemming) or "material" (one index file that every
    # visitor's browser loads whole: fine for a few hundred protocols)
    search = c.Choice(SEARCH_ENGINES, default="pagefind")
    # A decision register of more decisions than this is a page per year.
    decisions_per_page = c.Type(int, default=DECISIONS_PER_PAGE)


def _material_search(config: MkDocsConfig) -> Any:
    """Material's search plugin, which holds the index entries it has written; None if another is used."""
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        if isinstance(getattr(index, "entries", None), list) and all(k in plugin.config for k in MATERIAL_SEARCH_SETTINGS):
            return plugin
    return None


class _GeneratedFile(File):
    """A generated page, which `mkdocs build --dirty` / `serve --dirty` may skip when its content is unchanged."""

    unchanged = False

    def is_modified(self) -> bool:
        if self.unchanged and Path(self.abs_dest_path).is_file():
            return False
        return super().is_modified()


def _made_later(site: Site, site_dir: Path) -> list[tuple[Path, DataFile]]:
    """The data made only when it is written, each file with its place in the site."""
    return [(site_dir / data.src_uri, data) for data in site.later_data()]


class _DataFile(File):
    """Open data written straight into the site; a protocol's published Markdown source is data too, not a
    page for MkDocs to render."""

    def is_documentation_page(self) -> bool:
        return False

    # Already where it belongs, written by the plugin: nothing for MkDocs to compare or copy (for an
    # archive's 13,000 OParl objects, MkDocs' checks alone took a quarter of a second).
    def is_modified(self) -> bool:
        return False

    def copy_file(self, dirty: bool = False) -> None:
        pass


def _timed(hook: Callable[..., Any]) -> Callable[..., Any]:
    """Adds the hook's run time to the plugin's `seconds_in_hooks`, which the benchmarks report."""

    @functools.wraps(hook)
    def wrapper(self: ProtokollPlugin, *args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return hook(self, *args, **kwargs)
        finally:
            self.seconds_in_hooks += time.perf_counter() - start

    return wrapper


def _anchor_links(entries: list[TocEntry]) -> list[AnchorLink]:
    links = []
    for entry in entries:
        link = AnchorLink(entry.title, entry.anchor, entry.level)
        link.children = _anchor_links(entry.children)
        links.append(link)
    return links


def _written_title(files: Files, src: str) -> str:
    """A hand-written page's title as MkDocs finds it: its front-matter's, its first heading, its name."""
    file = files.get_file_from_path(src)
    markdown, meta = get_data(file.content_string) if file is not None else ("", {})
    title = meta.get("title") or get_markdown_title(markdown)
    return html.escape(str(title) if title else Path(src).stem.replace("-", " ").capitalize())


def _escaped_meta(meta: dict[str, Any]) -> dict[str, Any]:
    """The theme writes a page's title and description into HTML unescaped; ours come from registers."""
    return {key: html.escape(value) if isinstance(value, str) else value for key, value in meta.items()}


class ProtokollPlugin(BasePlugin[ProtokollConfig]):
    """Protokollarkivet's MkDocs plugin."""

    def __init__(self) -> None:
        self.serving = False
        self.dirty = False
        self._parse_cache: dict[str, Any] = {}
        self._changes = Changes()  # what a --dirty rebuild must write again
        self._matcher: Matcher | None = None  # serving: kept between rebuilds while the registers stay
        self._matcher_key = ""
        self.index: Index | None = None
        self.renderer: Renderer | None = None
        self.urls = UrlScheme()
        self.feeds: list[Feed] = []
        self.pages: dict[str, GeneratedPage] = {}
        self._search: Any = None  # Material's search plugin, when it is the one in use
        self._search_docs: list[dict] | None = None  # the shaped search index, between the two post-build steps
        self._search_entries: list[dict] = []  # serving --dirty: the entries of every page, for the next rebuild
        self._built_urls: set[str] = set()  # pages this build rendered
        self.protocol_pages: set[str] = set()
        self.register_pages: set[str] = set()
        self.project_pages: set[str] = set()
        self._about_pages: set[str] = set()  # hand-written pages for the public (Pagefind indexes them)
        self.seconds_in_hooks = 0.0
        self.pagefind_seconds = 0.0  # of the last build's indexing, which the benchmarks report
        self._background: Background | None = None  # serving: what is finished after a rebuild is served
        self._deferred: list[tuple[Path, DataFile]] = []  # serving: data files the background writes
        self._later: list[Callable[[], list[DataFile]]] = []  # serving: data the background makes and writes
        self._later_pending = False  # serving: a rebuild began before the last one's later data was written
        self._writing: ForkedWrite | None = None  # a full build: its data files, being written meanwhile
        self.writer_private_kb = 0  # the forked writer's own memory, which the benchmarks report

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether MkDocs serves and rebuilds dirty."""
        # Defining on_startup keeps this instance across `mkdocs serve` rebuilds, and with it the parse cache.
        self.dirty = dirty
        self.serving = command == "serve"

    @_timed
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Read the plugin's settings and the site's address; add the assets."""
        self.root = Path(self.config.protocols_dir)
        self.strings = load_strings(self.config.language)
        if self._background is None:
            self._background = Background(self.strings)
        self._background.stop()  # serving: a rebuild begins, and may clean the folder Pagefind writes in
        if self.serving and self.dirty and self.index is not None:  # a rebuild of the few pages an edit changed
            self._background.pause_collection()
        self.user_nav = config.nav
        override = os.environ.get(SITE_URL_VARIABLE, "").strip()
        if override:
            config.site_url = override.rstrip("/") + "/"
        self.urls = UrlScheme.create(config.site_url, config.use_directory_urls)
        if is_placeholder(config.site_url):
            # information, not a warning: a fresh clone must still build with --strict
            log.info(self.strings("messages.placeholder_site_url", url=config.site_url))
        # The theme's footer and 404 page are ours, after the site's own custom_dir and before Material's.
        theme_dir = str(resources.files("protokollarkivet").joinpath("render", "theme"))
        if theme_dir not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, theme_dir)
        for asset in self._assets():
            target = config.extra_css if asset.endswith(".css") else config.extra_javascript
            if f"assets/protokoll/{asset}" not in [str(x) for x in target]:
                target.append(f"assets/protokoll/{asset}")
        if self.config.search == "pagefind" and not pagefind.available():
            log.error(self.strings("messages.pagefind_missing"))
        self._search = _material_search(config)
        return config

    def _matcher_for(self, registers: Registers) -> Matcher | None:
        """Serving: the matcher of the last rebuild while the registers are the same (it remembers what it
        found in each text); a single build needs none kept."""
        if not self.serving:
            return None
        key = changes.digest(registers)
        if self._matcher is None or key != self._matcher_key:
            self._matcher, self._matcher_key = Matcher(registers, remember=True), key
        return self._matcher

    def _assets(self) -> tuple[str, ...]:
        return (*ASSETS, PAGEFIND_ASSET) if self.config.search == "pagefind" else ASSETS

    @_timed
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Read, check and index the archive; add its pages and data files to the site."""
        # Findings name files as the writer knows them: relative to mkdocs.yml ("protocols/kdg/….md").
        prefix = Path(os.path.relpath(self.root, Path(config.config_file_path or "mkdocs.yml").parent)).as_posix()
        archive = load_archive(self.root, self.strings, cache=self._parse_cache, prefix=prefix, drafts=self.config.drafts)
        self._log(archive.findings)
        self.index = build_index(archive, self._matcher_for(archive.registers))
        if self.dirty:
            self._changes.begin(Snapshot.of(self.index, dt.date.today()))
        self._log(assignments.problem_findings(self.index, self.strings))
        self.renderer = Renderer(
            self.index,
            self.strings,
            self.urls,
            [d for d in config.theme.dirs if Path(d).is_dir()],
            config.site_name,
            HeadingPermalink.from_toc_options(config.mdx_configs.get("toc") or {}),
            self.config.decisions_per_page,
        )
        site = self.renderer.render_site()
        config.extra["protokoll_footer"] = self.renderer.footer()
        config.extra["protokoll_not_found"] = self.renderer.not_found()
        if archive.registers.publisher is None:
            log.error(self.strings("messages.no_publisher"))
        self.feeds = site.feeds
        self.pages = {page.src_uri: page for page in site.pages}
        self.protocol_pages = {urls.protocol(p.body, p.date) for p in self.index.protocols}
        self.project_pages = {urls.project(slug) for slug in self.index.projects}
        self._about_pages = set()  # found again as the pages are rendered (a page may have left search)
        self.register_pages = {
            *(urls.person(slug) for slug in self.index.people),
            *(urls.municipality(slug) for slug in self.index.municipalities),
            *self.project_pages,
        }
        # Templates in a theme's custom_dir are ours to read, not assets to publish.
        for file in list(files):
            if file.src_uri.startswith(TEMPLATE_PREFIX) and file.src_uri.endswith(".html"):
                files.remove(file)
        self._add(files, config, site)
        config.nav = self._nav(files, site)
        return files

    @_timed
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A generated page's front-matter; it has no Markdown to convert."""
        generated = self.pages.get(page.file.src_uri)
        if generated is None or not isinstance(page.file, _GeneratedFile):
            return markdown
        page.meta = _escaped_meta(generated.meta)
        return ""  # the page renders itself in on_page_content; Markdown has nothing to do

    @_timed
    def on_page_content(self, html_content: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A generated page's source is released once converted; its HTML is rendered as it is written."""
        if page.file.src_uri in self.pages and isinstance(page.file, _GeneratedFile):
            page.file.content_string = ""  # an archive's worth of sources need not stay in memory
        return html_content

    @event_priority(100)  # before the search plugin reads the page
    @_timed
    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        """Render a generated page; index a protocol page for search from its own markup."""
        generated = self.pages.get(page.file.src_uri)
        if generated is not None and isinstance(page.file, _GeneratedFile):
            # Rendered as MkDocs writes the page, not as it converts it: MkDocs converts every page before
            # it writes the first, and would hold an archive's worth of HTML at once.
            rendered = generated.render()
            page.content = rendered.html
            page.toc = TableOfContents(_anchor_links(rendered.toc))
            page.present_anchor_ids = set(rendered.anchors)  # for MkDocs' check of links to them
        self._built_urls.add(page.url)
        if self.config.search == "pagefind":  # Pagefind reads the written pages; Material's index stays empty
            search_meta = page.meta.get("search") or {}
            written_by_hand = not isinstance(page.file, _GeneratedFile)
            if (written_by_hand or page.file.src_uri in ABOUT_PAGES) and not search_meta.get("exclude"):
                self._about_pages.add(page.file.src_uri)  # for the public, about the archive: found, after the records
            page.meta["search"] = {**search_meta, "exclude": True}
            return context
        search = self._search
        if search is not None and page.content and page.file.src_uri in self.protocol_pages:
            # Indexed here from the markup we generated, and so not parsed again by the search plugin:
            # its HTML parser was a tenth of the build.
            search.search_index.entries.extend(searchindex.protocol_entries(page.content, page.url, page.title or ""))
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        return context

    @_timed
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Add the feeds to the page's head, and mark what Pagefind indexes."""
        if isinstance(page.file, _GeneratedFile):
            page.content = ""  # written; MkDocs would keep it to the end of the build
        if self.config.search == "pagefind":
            output = self._pagefind_body(output, page.file.src_uri)
        return self._with_feeds(output, page.file.src_uri)

    def _pagefind_body(self, page_html: str, src_uri: str) -> str:
        """What Pagefind indexes: a protocol's whole text; a person, municipality or project by its name."""
        if src_uri in self.protocol_pages:
            return page_html.replace("<article ", "<article data-pagefind-body ", 1)
        if src_uri in self.project_pages:
            # A project's page lists the protocols that decided on it. Pagefind ranks a page of two words
            # above any protocol that uses them, whatever their weight, so the search script moves the best
            # record before such a listing (a person or a municipality is its own record).
            return page_html.replace("<h1 ", f'<h1 data-pagefind-body data-pagefind-meta="{pagefind.LISTING_META}:1" ', 1)
        if src_uri in self.register_pages:
            return page_html.replace("<h1 ", "<h1 data-pagefind-body ", 1)
        if src_uri in self._about_pages:
            return page_html.replace("<article ", f'<article data-pagefind-body data-pagefind-meta="{pagefind.ABOUT_META}:1" ', 1)
        return page_html

    @_timed
    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        """Add the feeds to static templates such as 404.html."""
        # Static templates such as 404.html are served at any address, so their links start at the root.
        if not template_name.endswith(".html"):
            return output_content
        if template_name == NOT_FOUND and self.renderer is not None:
            output_content = output_content.replace(_SKIP_SLOT, _SKIP_SLOT + self.renderer.skip_link(), 1)
        return self._with_feeds(output_content, None)

    def _with_feeds(self, page_html: str, page_src: str | None) -> str:
        if self.renderer is None or "</head>" not in page_html:
            return page_html
        head = self.renderer.head(self.feeds, page_src, pagefind=self.config.search == "pagefind")
        return page_html.replace("</head>", head + "</head>", 1)

    @event_priority(100)  # before the search plugin writes its index
    @_timed
    def _take_search_entries(self, *, config: MkDocsConfig) -> None:
        """Shapes the search plugin's entries and leaves it none to write: its JSON text of the whole index
        at once was the build's peak memory, and the file is written again here anyway. A --dirty rebuild
        keeps the entries of the pages it did not build from the build before (the search plugin's own
        merge assumes that one page was built)."""
        search = self._search
        if search is None:
            return
        entries = search.search_index.entries
        if self.dirty:
            built = self._built_urls
            kept = [entry for entry in self._search_entries if entry["location"].split("#", 1)[0] not in built]
            entries = self._search_entries = kept + entries
            search.search_index_prev = None
        self._search_docs = self._shaped_search_docs(entries)
        search.search_index.entries = []

    @event_priority(-50)  # after the search plugin has written its index
    @_timed
    def _finish_site(self, *, config: MkDocsConfig) -> None:
        index_file = Path(config.site_dir) / "search" / "search_index.json"
        pagefind_search = self.config.search == "pagefind"
        search = self._search
        self._built_urls = set()
        if search is not None and index_file.is_file() and self._search_docs is not None:
            settings = {key: search.config[key] for key in MATERIAL_SEARCH_SETTINGS}
            searchindex.write(index_file, settings, self._search_docs)
        elif pagefind_search:
            searchindex.empty_file(index_file)
        else:
            searchindex.shape_file(index_file, self._register_entries())
        self._search_docs = None
        site_dir = Path(config.site_dir)
        background = self._background
        assert background is not None  # made in on_config
        background.wait_for_files()
        start = time.perf_counter()
        if self.serving:
            background.write(self._deferred, self._later, functools.partial(self._to_write, site_dir), self._later_unfinished)
            if pagefind_search:
                background.index(site_dir, self.config.language)
        else:
            indexing = None
            if pagefind_search:  # indexes the pages while the data files are still being written
                try:
                    indexing = pagefind.start_indexing(site_dir, self.config.language, lowered=False)
                except pagefind.PagefindError as error:
                    log.error(self.strings("messages.pagefind_failed", detail=error))
            self._finish_writing(site_dir)
            if indexing is not None:
                try:
                    pagefind.finish_indexing(indexing, site_dir)
                except pagefind.PagefindError as error:
                    log.error(self.strings("messages.pagefind_failed", detail=error))
        self._deferred, self._later = [], []
        self.pagefind_seconds = time.perf_counter() - start

    def wait_for_background(self) -> None:
        """Serving: waits until the last rebuild's deferred data files and search index are written."""
        if self._background is not None:
            self._background.wait()

    def on_build_error(self, *, error: Exception) -> None:
        """A build that fails leaves no writer behind to write into the next one's site."""
        if self._writing is not None:
            self._writing.stop()
            self._writing = None
        if self._background is not None:
            self._background.resume_collection()

    def on_shutdown(self) -> None:
        """`mkdocs serve` stops: so does an indexing under way."""
        if self._background is not None:
            self._background.stop()
            self._background.resume_collection()

    on_post_build = CombinedEvent(_take_search_entries, _finish_site)

    def _shaped_search_docs(self, entries: list[dict]) -> list[dict]:
        """The index Material's search box downloads; none when Pagefind answers in it instead."""
        if self.config.search == "pagefind":
            return []
        return searchindex.shape_docs(entries, self._register_entries())

    def _register_entries(self) -> list[dict]:
        return searchindex.register_entries(self.index, self.urls) if self.index else []

    @_timed
    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        """While serving, the theme's templates are compiled once: MkDocs makes its environment anew for each
        rebuild."""
        if self.serving:
            env.bytecode_cache = COMPILED_TEMPLATES
        return env

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        """Rebuild when a protocol or a register changes."""
        server.watch(str(self.root))
        return server

    # --- helpers ------------------------------------------------------------------------------

    def _log(self, findings: list[Finding]) -> None:
        names = self.strings.section("levels")
        for finding in findings:
            text = finding.format(names)
            if finding.level is Level.ERROR:
                log.error(text)
            elif finding.level is Level.WARNING:
                log.warning(text)
            else:
                log.info(text)

    def _add(self, files: Files, config: MkDocsConfig, site: Site) -> None:
        for page in site.pages:
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                files.remove(existing)  # a generated page wins over a hand-written one at the same path
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            file = cast(_GeneratedFile, _GeneratedFile.generated(config, page.src_uri, content="", inclusion=inclusion))
            # A --dirty rebuild writes only what shows a protocol that changed (render/changes.py).
            file.unchanged = self.dirty and self._changes.unchanged(page.src_uri, page.depends_on)
            files.append(file)
        self._add_data(files, config, site)
        for asset in self._assets():
            content = resources.files("protokollarkivet").joinpath("assets", asset).read_text("utf-8")
            files.append(File.generated(config, f"assets/protokoll/{asset}", content=content))

    def _add_data(self, files: Files, config: MkDocsConfig, site: Site) -> None:
        site_dir = Path(config.site_dir)
        # What no page shows (OParl's endpoint) is made where it is written, off the pages' path: by a full
        # build's forked writer, and after a served rebuild is served. Pages link only to its entries.
        for src in site.later_entries:
            files.append(_DataFile.generated(config, src, abs_src_path=str(site_dir / src)))
        to_write: list[tuple[Path, DataFile]] = []
        for data in site.data:
            # Written now, while little else is in memory, straight into the site; MkDocs leaves a file
            # that is already where it belongs (its source is its destination) as it is.
            target = site_dir / data.src_uri
            if self._unchanged(target, data):
                pass
            elif self.serving and data.depends_on is None:
                # The whole archive's data, written again after any edit: after the rebuild is served.
                self._deferred.append((target, data))
            else:
                to_write.append((target, data))
            if data.linked:
                files.append(_DataFile.generated(config, data.src_uri, abs_src_path=str(target)))
        if self.serving:  # a rebuild while serving writes few now, and has threads of its own, which a fork would not copy
            self._later = site.later
            self._writing = None
            log_unwritten(write_files(to_write), self.strings)
            return
        later = functools.partial(_made_later, site, site_dir)
        # A full build writes them in a forked process while it renders the pages (writing.py).
        self._writing = ForkedWrite.start(to_write, later)
        if self._writing is None:
            log_unwritten(write_files(to_write + later()), self.strings)

    def _finish_writing(self, site_dir: Path) -> None:
        writing, self._writing = self._writing, None
        if writing is None:
            return
        try:
            log_unwritten(writing.finish(), self.strings)
        except WriterError as error:
            log.error(self.strings("messages.data_not_written", file=site_dir, detail=error))
        self.writer_private_kb = writing.private_kb

    def _to_write(self, site_dir: Path, made: list[DataFile]) -> list[tuple[Path, DataFile]]:
        """Of data made later, what a --dirty rebuild must write (render/changes.py): all of it when the
        last rebuild's was not all written."""
        write_all, self._later_pending = self._later_pending, False
        targets = [(site_dir / data.src_uri, data) for data in made]
        return [(target, data) for target, data in targets if not self._unchanged(target, data) or write_all]

    def _unchanged(self, target: Path, data: DataFile) -> bool:
        """Whether a --dirty rebuild may leave the file as the last build wrote it (render/changes.py)."""
        return self.dirty and self._changes.unchanged(data.src_uri, data.depends_on) and target.is_file()

    def _later_unfinished(self) -> None:
        self._later_pending = True

    def _nav(self, files: Files, site: Site) -> list[Any]:
        """Start, each body with its years, the registers, about the archive, for the secretariat: the
        hand-written pages under om/ join the generated pages about the site, and never a protocol."""
        assert self.index is not None
        ui = self.strings.section("ui")
        titles = {page.src_uri: html.escape(page.title) for page in site.pages}
        nav: list[Any] = [{titles[urls.START]: urls.START}]
        for slug in self.index.archive.registers.bodies:
            if not self.index.by_body.get(slug):
                continue
            years = [{str(year): urls.year(slug, year)} for year in self.index.years(slug)]
            nav.append({titles[urls.body(slug)]: [urls.body(slug), *years]})
        registers = [urls.DECISIONS, urls.ASSIGNMENTS, urls.PEOPLE, urls.MUNICIPALITIES, urls.PROJECTS]
        nav.append({html.escape(ui["nav_registers"]): [{titles[src]: src} for src in registers]})
        if self.user_nav is not None:
            return nav + list(self.user_nav)
        generated = set(titles)
        hand_written = sorted(f.src_uri for f in files.documentation_pages() if f.src_uri not in generated and f.inclusion.is_in_nav())
        about = [src for src in (urls.ABOUT, urls.OPEN_DATA) if src in hand_written]
        about += [src for src in hand_written if src.startswith("om/") and src not in about]
        about += [src for src in (urls.SUBSCRIBE, urls.ACCESSIBILITY, urls.PRIVACY) if src in titles]
        secretariat = [src for src in hand_written if src.startswith(SECRETARIAT_FOLDER)]
        secretariat.sort(key=lambda src: not src.endswith("index.md"))
        rest = [src for src in hand_written if src not in about and src not in secretariat]
        # A hand-written page is titled here as MkDocs would title it: a --dirty rebuild does not read the
        # pages it leaves alone, and the navigation would show "None" for them.
        titles |= {src: _written_title(files, src) for src in [*about, *secretariat] if src not in titles}
        nav.append({html.escape(ui["nav_about"]): [{titles[src]: src} for src in about]})
        if secretariat:
            nav.append({html.escape(ui["nav_secretariat"]): [{titles[src]: src} for src in secretariat]})
        return nav + list(nest_paths(rest))

"""The MkDocs plugin: thin hooks around the core (archive -> index -> render), which knows nothing of MkDocs."""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils import nest_paths

from . import pagefind, paths, searchindex
from .archive import load_archive
from .index import Index, build_index
from .model import Finding, Level
from .output import Feed, Site, Subheading
from .render import (
    SEARCHED_PLACEHOLDER,
    TEMPLATE_PREFIX,
    HtmlBlocks,
    Renderer,
    heading_permalink,
    restore_html,
    restore_late_html,
    write_late_html,
)
from .strings import load_strings

log = get_plugin_logger("protokoll")

# What the templates' Markdown uses. Not md_in_html: the templates hand their HTML over ready-made
# (Renderer.stash), because parsing raw HTML was most of Markdown's time on a generated page.
REQUIRED_EXTENSIONS = ("attr_list", "tables", "admonition", "toc")
ASSETS = ("protokoll.css", "protokoll.js")
STREAMED_SIZE = 1 << 20  # characters of stashed HTML from which a page gets it after being written
PAGEFIND_ASSET = "protokoll-pagefind.js"


class Flag(c.BaseConfigOption[bool]):
    """A yes/no option that also takes what an environment variable gives: 1, 0, "true", "false", ""."""

    def __init__(self, default: bool = False) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("1", "true", "yes", "ja", "on"):
            return True
        if text in ("0", "false", "no", "nej", "off", "", "none"):
            return False
        raise c.ValidationError(f"expected yes or no (true/false, 1/0), got {value!r}")


class ProtokollConfig(base.Config):
    protocols_dir = c.Type(str, default="protocols")
    language = c.Type(str, default="sv")
    drafts = Flag(default=False)
    # "material" (one index file, fine for a few thousand protocols) or "pagefind" (fragments fetched per query)
    search = c.Choice(("material", "pagefind"), default="material")


MATERIAL_SEARCH_SETTINGS = ("lang", "separator", "pipeline", "fields")  # what its index file's "config" holds


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
        if self.unchanged and os.path.isfile(self.abs_dest_path):
            return False
        return super().is_modified()


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


def _add_to_toc(toc: TableOfContents, subheadings: tuple[Subheading, ...]) -> None:
    """Puts headings that Markdown did not see into the table of contents, each under its parent."""
    parents: dict[str, AnchorLink] = {}
    pending = list(toc)
    while pending:
        link = pending.pop()
        parents[link.id] = link
        pending.extend(link.children)
    for heading in subheadings:
        parent = parents.get(heading.parent)
        if parent is not None:
            parent.children.append(AnchorLink(heading.title, heading.anchor, heading.level))


class ProtokollPlugin(BasePlugin[ProtokollConfig]):
    def __init__(self) -> None:
        self.serving = False
        self._parse_cache: dict[str, Any] = {}
        self._page_cache: dict[str, Any] = {}  # rendered protocol pages, reused while their inputs are unchanged
        self._content_hashes: dict[str, int] = {}  # generated file -> hash of the content last written
        self.index: Index | None = None
        self.renderer: Renderer | None = None
        self.feeds: list[Feed] = []
        self.html_blocks = HtmlBlocks()
        self._streamed: dict[str, str] = {}  # pages whose stashed HTML goes into their file after the build
        self._search: Any = None  # Material's search plugin, when it is the one in use
        self._search_docs: list[dict] | None = None  # the shaped search index, between the two post-build steps
        self.protocol_pages: set[str] = set()
        self.register_pages: set[str] = set()
        self.subheadings: dict[str, tuple[Subheading, ...]] = {}  # headings written past Markdown, per page
        self.seconds_in_hooks = 0.0

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance across `mkdocs serve` rebuilds, and with it the parse cache.
        self.dirty = dirty
        self.serving = command == "serve"  # rendered pages are then worth keeping for the next rebuild

    @_timed
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path or ".").parent / self.config.protocols_dir
        self.strings = load_strings(self.config.language)
        self.user_nav = config.nav
        for extension in REQUIRED_EXTENSIONS:
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        for asset in self._assets():
            target = config.extra_css if asset.endswith(".css") else config.extra_javascript
            if f"assets/protokoll/{asset}" not in [str(x) for x in target]:
                target.append(f"assets/protokoll/{asset}")
        if self.config.search == "pagefind" and not pagefind.available():
            log.error(self.strings("messages.pagefind_missing"))
        self._search = _material_search(config)
        return config

    def _assets(self) -> tuple[str, ...]:
        return ASSETS + (PAGEFIND_ASSET,) if self.config.search == "pagefind" else ASSETS

    @_timed
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        archive = load_archive(
            self.root, self.strings, cache=self._parse_cache, prefix=self.config.protocols_dir, drafts=self.config.drafts
        )
        self._log(archive.findings)
        self.index = build_index(archive)
        template_dirs = [d for d in config.theme.dirs if os.path.isdir(d)]
        self.renderer = Renderer(
            self.index,
            self.strings,
            template_dirs,
            config.use_directory_urls,
            config.site_url or "",
            config.site_name,
            page_cache=self._page_cache if self.serving else None,
            heading_permalink=heading_permalink(config.mdx_configs.get("toc") or {}),
        )
        site = self.renderer.render_site()
        self.subheadings = {page.src_uri: page.subheadings for page in site.pages if page.subheadings}
        self.feeds = site.feeds
        self.html_blocks = self.renderer.html_blocks
        self._streamed = {}
        self.protocol_pages = {paths.protocol(p) for p in self.index.protocols}
        self.register_pages = {
            *(paths.person(slug) for slug in self.index.people),
            *(paths.municipality(slug) for slug in self.index.municipalities),
            *(paths.project(slug) for slug in self.index.projects),
        }
        # Templates in a theme's custom_dir are ours to read, not assets to publish.
        for file in list(files):
            if file.src_uri.startswith(TEMPLATE_PREFIX) and file.src_uri.endswith(".j2"):
                files.remove(file)
        self._add(files, config, site)
        config.nav = self._nav(files, site)
        return files

    @_timed
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if isinstance(page.file, _GeneratedFile):
            # MkDocs keeps every page's source until the site is written; ours are converted and no
            # longer needed, and an archive's worth of them is memory that the plain build does not use.
            page.file.content_string = ""
            page.markdown = ""
        if page.file.src_uri in self.html_blocks:
            searched = self.html_blocks.blocks(page.file.src_uri) if SEARCHED_PLACEHOLDER in html else None
            html = restore_html(html, searched or [])
        subheadings = self.subheadings.get(page.file.src_uri)
        if subheadings and page.toc is not None:
            _add_to_toc(page.toc, subheadings)
            if page.present_anchor_ids is not None:  # for MkDocs' check of links to them
                page.present_anchor_ids.update(heading.anchor for heading in subheadings)
        return html

    @event_priority(100)  # before the search plugin reads the page
    @_timed
    def _index_protocol(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        search = self._search if self.config.search == "material" else None
        if search is not None and page.content and page.file.src_uri in self.protocol_pages:
            # Indexed here from the markup we generated, and so not parsed again by the search plugin:
            # its HTML parser was a tenth of the build.
            search.search_index.entries.extend(searchindex.protocol_entries(page.content, page.url, page.title or ""))
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        return context

    @event_priority(-100)  # after the search plugin has read the page
    @_timed
    def _restore_late_blocks(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        packed = self.html_blocks.get(page.file.src_uri)
        # The decision register grows with the whole archive; other pages rarely reach the size.
        streamed = page.file.src_uri == paths.DECISIONS or (packed is not None and packed.size >= STREAMED_SIZE)
        if packed is not None and not streamed and page.content:
            page.content = restore_late_html(page.content, packed)  # the page holds them from now on
            del self.html_blocks[page.file.src_uri]
        return context

    on_page_context = CombinedEvent(_index_protocol, _restore_late_blocks)

    @_timed
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if isinstance(page.file, _GeneratedFile):
            page.content = ""  # written; MkDocs would keep it to the end of the build
        if page.file.src_uri in self.html_blocks:
            self._streamed[page.file.src_uri] = page.file.abs_dest_path
        if self.config.search == "pagefind":
            output = self._pagefind_body(output, page.file.src_uri)
        return self._with_feeds(output, page.url)

    def _pagefind_body(self, html: str, src_uri: str) -> str:
        """What Pagefind indexes: a protocol's whole text; a person, municipality or project by its name."""
        if src_uri in self.protocol_pages:
            return html.replace("<article ", "<article data-pagefind-body ", 1)
        if src_uri in self.register_pages:
            return html.replace("<h1 ", "<h1 data-pagefind-body ", 1)
        return html

    @_timed
    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        # Static templates such as 404.html are served at any address, so their links start at the root.
        return self._with_feeds(output_content, None) if template_name.endswith(".html") else output_content

    def _with_feeds(self, html: str, page_url: str | None) -> str:
        if self.renderer is None or "</head>" not in html:
            return html
        head = self.renderer.head(self.feeds, page_url, pagefind=self.config.search == "pagefind")
        return html.replace("</head>", head + "</head>", 1)

    @event_priority(100)  # before the search plugin writes its index
    @_timed
    def _take_search_entries(self, *, config: MkDocsConfig) -> None:
        """Shapes the search plugin's entries and leaves it none to write: its JSON text of the whole index
        at once was the build's peak memory, and the file is written again here anyway. A --dirty rebuild,
        which merges its pages into the previous index, is left to the search plugin."""
        self._search_docs = None
        search = self._search
        if search is None or getattr(search, "search_index_prev", None) is not None:
            return
        self._search_docs = self._shaped_search_docs(search.search_index.entries, config)
        search.search_index.entries = []

    @event_priority(-50)  # after the search plugin has written its index
    @_timed
    def _finish_site(self, *, config: MkDocsConfig) -> None:
        index_file = Path(config.site_dir) / "search" / "search_index.json"
        pagefind_search = self.config.search == "pagefind"
        search = self._search
        if search is not None and index_file.is_file():
            docs = self._search_docs
            if docs is None:  # a --dirty rebuild: shaped from the entries the search plugin has merged
                docs = self._shaped_search_docs(search.search_index.entries, config)
            search.search_index.entries = docs  # a --dirty rebuild merges its pages into these
            settings = {key: search.config[key] for key in MATERIAL_SEARCH_SETTINGS}
            searchindex.write(index_file, settings, docs)
        elif pagefind_search:
            searchindex.empty_file(index_file)
        else:
            searchindex.shape_file(index_file, self._register_entries(config))
        self._search_docs = None
        self._write_streamed()
        if not pagefind_search:
            return
        try:
            pagefind.index_site(Path(config.site_dir), self.config.language)
        except pagefind.PagefindError as error:
            log.error(self.strings("messages.pagefind_failed", detail=error))

    on_post_build = CombinedEvent(_take_search_entries, _finish_site)

    def _shaped_search_docs(self, entries: list[dict], config: MkDocsConfig) -> list[dict]:
        """The index Material's search box downloads; none when Pagefind answers in it instead."""
        if self.config.search == "pagefind":
            return []
        return searchindex.shape_docs(entries, self._register_entries(config))

    def _register_entries(self, config: MkDocsConfig) -> list[dict]:
        return searchindex.register_entries(self.index, config.use_directory_urls) if self.index else []

    def _write_streamed(self) -> None:
        """Puts the stashed HTML of the largest pages (the decision register) into their written files a
        block at a time. Restored in memory, such a page was several copies of itself at once while
        MkDocs wrote it: most of the build's peak memory."""
        for src_uri, path in self._streamed.items():
            with open(path, encoding="utf-8", newline="") as file:
                written = file.read()
            with open(path, "w", encoding="utf-8", errors="xmlcharrefreplace", newline="") as file:
                write_late_html(file, written, self.html_blocks.pop(src_uri))
        self._streamed.clear()

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
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
            files.append(self._generated(config, page.src_uri, page.markdown, inclusion))
        for data in site.data:
            # Written now, while little else is in memory, straight into the site; MkDocs leaves a file
            # that is already where it belongs (its source is its destination) as it is.
            target = Path(config.site_dir) / data.src_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("w", encoding="utf-8", newline="") as out:
                data.write(out)
            files.append(File.generated(config, data.src_uri, abs_src_path=str(target)))
        for asset in self._assets():
            content = resources.files("protokollarkivet").joinpath("assets", asset).read_text("utf-8")
            files.append(File.generated(config, f"assets/protokoll/{asset}", content=content))

    def _generated(
        self, config: MkDocsConfig, src_uri: str, content: str, inclusion: InclusionLevel = InclusionLevel.UNDEFINED
    ) -> File:
        file = _GeneratedFile.generated(config, src_uri, content=content, inclusion=inclusion)
        # The page's HTML blocks are part of what it shows, though not of its Markdown.
        digest = hash((content, self.html_blocks.get(src_uri)))
        file.unchanged = self._content_hashes.get(src_uri) == digest
        self._content_hashes[src_uri] = digest
        return file

    def _nav(self, files: Files, site: Site) -> list[Any]:
        """Start, each body with its years, the registers, then the hand-written pages: never a protocol."""
        assert self.index is not None
        ui = self.strings.section("ui")
        nav: list[Any] = [{ui["start_title"]: paths.START}]
        for slug, body in self.index.archive.registers.bodies.items():
            if not self.index.by_body.get(slug):
                continue
            years = [{str(year): paths.year(slug, year)} for year in self.index.years(slug)]
            nav.append({body.name: [paths.body(slug), *years]})
        nav.append(
            {
                ui["nav_registers"]: [
                    {ui["decisions_title"]: paths.DECISIONS},
                    {ui["people_title"]: paths.PEOPLE},
                    {ui["municipalities_title"]: paths.MUNICIPALITIES},
                    {ui["projects_title"]: paths.PROJECTS},
                ]
            }
        )
        generated = {page.src_uri for page in site.pages}
        if self.user_nav is not None:
            return nav + list(self.user_nav)
        hand_written = sorted(
            f.src_uri for f in files.documentation_pages() if f.src_uri not in generated and f.inclusion.is_in_nav()
        )
        return nav + list(nest_paths(hand_written))


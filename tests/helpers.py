"""Reading built HTML the way a person or a crawler would, with the standard library's parser."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class Element:
    def __init__(self, tag: str, attrs: dict[str, str], parent: Element | None) -> None:
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        self.children: list[Element | str] = []

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Element]:
        return [
            e
            for e in self.iter()
            if (tag is None or e.tag == tag) and (cls is None or cls in e.classes) and all(e.attrs.get(k) == v for k, v in attrs.items())
        ]

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Element:
        found = self.find_all(tag, cls, **attrs)
        assert found, f"no <{tag} class={cls} {attrs}>"
        return found[0]

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "path", "rect", "line"}


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(element)
        if tag not in _VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, {k: v or "" for k, v in attrs}, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(html)
    return builder.root


def article(html: str) -> Element:
    """The page's main content, without navigation, header and footer."""
    return parse(html).find("article")


def squash(text: str) -> str:
    return " ".join(text.split())


def page_path(site: Path, url: str) -> Path:
    """The file MkDocs wrote for a site-relative URL such as `personer/herman-crespin/`."""
    path = site / url.split("#")[0]
    return path / "index.html" if url.split("#")[0].endswith("/") or not url.split("#")[0] else path


def ids(html: str) -> set[str]:
    return {e.attrs["id"] for e in parse(html).iter() if "id" in e.attrs}


def broken_links(site: Path, root_path: str = "/", from_disk: bool = False) -> list[str]:
    """Every internal link or anchor in the built site that does not resolve, as 'page -> href'.

    `root_path` is the path of mkdocs.yml's site_url: absolute links under it point into the site.
    `from_disk`: as a browser opening the files (file://) resolves links, where a folder is not its
    index.html and a link from the root of the disk leads nowhere. The 404 page is served at any address,
    so its links start at the root; it is skipped from disk."""
    id_cache: dict[Path, set[str]] = {}
    broken: list[str] = []
    for page in sorted(site.rglob("*.html")):
        if from_disk and page.name == "404.html" and page.parent == site:
            continue
        for anchor in parse(page.read_text("utf-8")).find_all("a"):
            href = anchor.attrs.get("href", "")
            parts = urlsplit(href)
            if not href or parts.scheme or parts.netloc or href.startswith("mailto:"):
                continue
            if parts.path.startswith("/") and from_disk:
                broken.append(f"{page.relative_to(site)} -> {href}")
                continue
            if parts.path.startswith("/"):
                if not parts.path.startswith(root_path):
                    broken.append(f"{page.relative_to(site)} -> {href}")
                    continue
                target = (site / unquote(parts.path[len(root_path) :])).resolve()
            else:
                target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                if from_disk:
                    broken.append(f"{page.relative_to(site)} -> {href}")
                    continue
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)} -> {href}")
                continue
            if parts.fragment and target.suffix == ".html":
                if target not in id_cache:
                    id_cache[target] = ids(target.read_text("utf-8"))
                if unquote(parts.fragment) not in id_cache[target]:
                    broken.append(f"{page.relative_to(site)} -> {href}")
    return broken


def decisions_on_protocol_page(page: Element) -> list[tuple[Element, str]]:
    """Each decision of a protocol page: its heading and its text (the paragraphs after the heading)."""
    found: list[tuple[Element, str]] = []
    for element in page.iter():
        if element.tag == "h3" and "pa-decision-id" in element.classes:
            found.append((element, ""))
        elif element.tag == "div" and "pa-decision-text" in element.classes and found:
            heading, text = found[-1]
            found[-1] = (heading, f"{text} {squash(element.text)}".strip())
    return found


def open_search(page, query: str) -> None:
    """Types into Material's search box; on a phone the box is behind the header's search button."""
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        page.locator('label.md-header__button[for="__search"]').click()
    box.press_sequentially(query, delay=15)
    page.wait_for_function(
        "() => { const m = document.querySelector('.md-search-result__meta'); return m && /\\d|Inga/.test(m.innerText); }"
    )

"""Shaping Material's search index, which every visitor's browser downloads whole.

- Person, municipality and project pages list meetings and decisions whose text the protocol pages
  already hold. Their sections would double the index and crowd the protocols out of the results, so
  Material does not index them (front-matter `search: exclude`); each gets one entry here instead, with
  its name and a short description, which also spares parsing their long pages.
- Paragraph tags are dropped from the text: they only space out the result preview.
- Sections left without text (a heading whose content is kept out of search, such as "Närvaro") only
  point at a place on a page; agenda items keep theirs, since an item's title is worth finding.
- A decision's text joins its agenda item's entry, and the protocol's header joins the page's entry:
  a separate entry each would repeat the page's address and a title ("§ 4:1") that nobody searches
  for, which made the index larger than the protocols' own text. The result opens the item, and the
  decision is right below its text.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from pathlib import Path

from ..index import Index
from . import urls
from .output import write_json
from .urls import UrlScheme

# "personer/", "kommuner/", "projekt/": the folders of the register pages
REGISTER_FOLDERS = tuple(posixpath.dirname(src("x")) + "/" for src in (urls.person, urls.municipality, urls.project))


ITEM_ANCHOR_PREFIX = urls.item_anchor(1).removesuffix("1")  # "punkt-"
DECISION_ANCHOR_PREFIX = urls.decision_anchor(1, 1).removesuffix("1-1")  # "beslut-"
HEADER_ANCHOR = "protokoll"  # the id of a protocol page's heading (templates/protokoll/protocol.html)


def _is_register_page(location: str) -> bool:
    return location.startswith(REGISTER_FOLDERS)


def _keep(doc: dict) -> bool:
    location = doc["location"]
    if "#" not in location:
        return True
    if _is_register_page(location):
        return False
    return bool(doc.get("text")) or location.split("#", 1)[1].startswith(ITEM_ANCHOR_PREFIX)


_PARAGRAPH_TAGS = re.compile(r"</?p>")


REGISTER_BOOST = 0.01  # below any protocol that names the same person or project
ABOUT_BOOST = 0.001  # pages about the archive (om/, prenumerera/): below the records they describe


_HEADING = re.compile(r'<h([1-6])\b[^>]*\bid="([^"]*)"[^>]*>(.*?)</h\1>', re.DOTALL)
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)
# Elements search leaves out. In a protocol page's own markup they hold no element of their own kind.
_EXCLUDED = re.compile(r"<(\w+)\b[^>]*\sdata-search-exclude\b[^>]*>.*?</\1>|<!--.*?-->", re.DOTALL)
# Material's search keeps these tags (without attributes) to shape the result preview; others go.
_KEPT_TAG = re.compile(r"<(/?)(code|pre|li|ol|ul|sub|sup)\b[^>]*>")
_BLOCK_TAG = re.compile(r"</?(?:p|div|dl|dt|dd|table|tr|td|th|br|hr|blockquote)\b[^>]*>")  # these separate words
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def _search_text(html: str) -> str:
    html = _KEPT_TAG.sub(lambda m: f"\0{m.group(1)}{m.group(2)}\1", _BLOCK_TAG.sub(" ", _EXCLUDED.sub(" ", html)))
    text = _SPACE.sub(" ", _TAG.sub("", html)).strip()  # inline tags (links) sit inside words' spacing
    return text.replace("\0", "<").replace("\1", ">")


def protocol_entries(html: str, url: str, title: str) -> list[dict]:
    """A protocol page's search entries, read from its HTML: the page (its heading section: number,
    date, time, place, preamble), then each section under an h2, with the decisions (h3) in their item.

    The shape is what `shape_docs` makes of the search plugin's own entries; read here with regular
    expressions over markup the plugin generates, it costs a fraction of the search plugin's parsing."""
    sections = [h for h in _HEADING.finditer(html) if h.group(1) in ("1", "2")]
    ends = [h.start() for h in sections[1:]] + [len(html)]
    entries: list[dict] = []
    for heading, end in zip(sections, ends, strict=False):
        body = _HEADING.sub(" ", html[heading.end() : end])  # decision headings: their text joins the item
        text = _search_text(body)
        if heading.group(1) == "1":
            entries.append({"location": url, "title": title, "text": text})
        else:
            section_title = _search_text(_HEADERLINK.sub("", heading.group(3)))
            entries.append({"location": f"{url}#{heading.group(2)}", "title": section_title, "text": text})
    return entries


def register_entries(index: Index, scheme: UrlScheme) -> list[dict]:
    """One search entry per person, municipality and project page: the name, and what tells it apart."""
    entries = []
    for slug, person in index.people.items():
        places = [*person.municipalities, person.person.organisation or "", person.person.title or ""]
        person_text = ", ".join(dict.fromkeys(filter(None, places)))  # each once, in order
        entries.append((urls.person(slug), person.person.name, person_text))
    for slug, municipality in index.municipalities.items():
        entries.append((urls.municipality(slug), municipality.municipality.name, ""))
    for slug, project in index.projects.items():
        project_text = " ".join(filter(None, [", ".join(project.project.aliases), project.project.description or ""]))
        entries.append((urls.project(slug), project.project.name, project_text))
    # Material's search shows titles and texts as HTML: names are text, so they are escaped.
    return [
        {
            "location": scheme.url(src),
            "title": html.escape(title, quote=False),
            "text": html.escape(text, quote=False),
            "boost": REGISTER_BOOST,
        }
        for src, title, text in entries
    ]


def _joins_previous(doc: dict, previous: dict | None) -> bool:
    """A decision after its item, or a protocol's header after its page's entry."""
    if previous is None:
        return False
    page, _, anchor = doc["location"].partition("#")
    previous_page, _, previous_anchor = previous["location"].partition("#")
    if page != previous_page:
        return False
    if anchor.startswith(DECISION_ANCHOR_PREFIX):
        return bool(previous_anchor.startswith(ITEM_ANCHOR_PREFIX))
    return bool(anchor == HEADER_ANCHOR and not previous_anchor)


def shape(index: dict, extra: list[dict] | None = None) -> dict:
    """A whole search index, shaped."""
    return {**index, "docs": shape_docs(index.get("docs", []), extra)}


def shape_docs(entries: list[dict], extra: list[dict] | None = None) -> list[dict]:
    """The search plugin's entries shaped as the module's docstring says, with `extra` entries added."""
    added = {doc["location"] for doc in extra or []}
    docs: list[dict] = []
    for doc in entries:
        if not _keep(doc) or doc["location"] in added:
            continue
        # Paragraph tags only space out the result preview; dropped, they save bytes on every entry.
        text = _PARAGRAPH_TAGS.sub(" ", doc.get("text", "")).strip()
        previous = docs[-1] if docs else None
        if _joins_previous(doc, previous):
            assert previous is not None
            previous["text"] = f"{previous['text']} {text}".strip()
        else:
            doc["text"] = text  # in place: the search plugin's entries are many, and it keeps these
            docs.append(doc)
    return docs + list(extra or [])


def write(path: Path, settings: dict, docs: list[dict]) -> None:
    """The index file as Material's search reads it; å, ä and ö as they are, not as \\u escapes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as file:
        write_json(file, {"config": settings, "docs": docs}, default=str)  # entry by entry: no peak at the end of the build


def shape_file(path: Path, extra: list[dict] | None = None) -> None:
    """Shape the search index file written by the search plugin, in place."""
    if not path.is_file():
        return
    index = json.loads(path.read_text("utf-8"))
    path.write_text(json.dumps(shape(index, extra), ensure_ascii=False, separators=(",", ":")), "utf-8")


def empty_file(path: Path) -> None:
    """Keeps Material's search box working but with nothing to download, when Pagefind answers instead."""
    if not path.is_file():
        return
    index = json.loads(path.read_text("utf-8"))
    path.write_text(json.dumps({**index, "docs": []}, ensure_ascii=False, separators=(",", ":")), "utf-8")

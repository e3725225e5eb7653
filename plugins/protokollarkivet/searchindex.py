"""Shaping Material's search index, which every visitor's browser downloads whole.

- Person, municipality and project pages list meetings and decisions whose text the protocol pages
  already hold. Their sections would double the index and crowd the protocols out of the results, so
  Material does not index them (front-matter `search: exclude`); each gets one entry here instead, with
  its name and a short description, which also spares parsing their long pages.
- Paragraph tags are dropped from the text: they only space out the result preview.
- Sections left without text (a heading whose content is kept out of search, such as "Närvaro") only
  point at a place on a page; agenda items keep theirs, since an item's title is worth finding.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

from . import paths
from .index import Index

# "personer/", "kommuner/", "projekt/": the folders of the register pages
REGISTER_FOLDERS = tuple(posixpath.dirname(src("x")) + "/" for src in (paths.person, paths.municipality, paths.project))


ITEM_ANCHOR_PREFIX = paths.item_anchor(1).removesuffix("1")  # "punkt-"


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


def register_entries(index: Index, use_directory_urls: bool = True) -> list[dict]:
    """One search entry per person, municipality and project page: the name, and what tells it apart."""
    entries = []
    for slug, person in index.people.items():
        places = [*person.municipalities, person.person.organisation or "", person.person.title or ""]
        person_text = ", ".join(dict.fromkeys(filter(None, places)))  # each once, in order
        entries.append((paths.person(slug), person.person.name, person_text))
    for slug, municipality in index.municipalities.items():
        entries.append((paths.municipality(slug), municipality.municipality.name, ""))
    for slug, project in index.projects.items():
        project_text = " ".join(filter(None, [", ".join(project.project.aliases), project.project.description or ""]))
        entries.append((paths.project(slug), project.project.name, project_text))
    return [
        {"location": paths.url(src, use_directory_urls), "title": title, "text": text, "boost": REGISTER_BOOST}
        for src, title, text in entries
    ]


def shape(index: dict, extra: list[dict] | None = None) -> dict:
    added = {doc["location"] for doc in extra or []}
    docs = []
    for doc in index.get("docs", []):
        if _keep(doc) and doc["location"] not in added:
            # Paragraph tags only space out the result preview; dropped, they save bytes on every entry.
            docs.append({**doc, "text": _PARAGRAPH_TAGS.sub(" ", doc.get("text", "")).strip()})
    return {**index, "docs": docs + list(extra or [])}


def shape_file(path: Path, extra: list[dict] | None = None) -> None:
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

"""Shaping Material's search index: register pages are found by their name, not by what they repeat.

Person, municipality and project pages list meetings and decisions whose text the protocol pages already
hold. Their sections would double the index (which every visitor's browser downloads) and crowd the
protocols out of the results, so only each page's first entry, its name and introduction, is kept.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path

from . import paths

# "personer/", "kommuner/", "projekt/": the folders of the register pages
REGISTER_FOLDERS = tuple(posixpath.dirname(src("x")) + "/" for src in (paths.person, paths.municipality, paths.project))


def _is_register_page(location: str) -> bool:
    return location.startswith(REGISTER_FOLDERS)


def shape(index: dict) -> dict:
    docs = [doc for doc in index.get("docs", []) if not ("#" in doc["location"] and _is_register_page(doc["location"]))]
    return {**index, "docs": docs}


def shape_file(path: Path) -> None:
    if not path.is_file():
        return
    index = json.loads(path.read_text("utf-8"))
    path.write_text(json.dumps(shape(index), ensure_ascii=False, separators=(",", ":")), "utf-8")

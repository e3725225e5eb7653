"""Finding registered names and meeting references in text, in one pass per text.

All names go into one regular expression shaped as a trie, so matching costs the same with ten names or
ten thousand, and the archive never loops over names per page.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..format.model import Registers

_MEETING_KEY = r"\d{6}|\d{1,3}/\d{4}"


@dataclass(frozen=True)
class Match:
    """A registered name or a meeting reference found in text."""

    start: int
    end: int
    text: str
    kind: str  # "person", "project", "municipality" or "reference"
    slug: str  # entity slug; for a reference, the body slug
    key: str = ""  # for a reference: "200117" or "8/2019"

    def reference_date(self, around: int) -> dt.date | None:
        """The date of a YYMMDD reference, in the century that puts it nearest the year `around`."""
        if self.kind != "reference" or "/" in self.key:
            return None
        two_digits = int(self.key[:2])
        year = min((1900 + two_digits, 2000 + two_digits), key=lambda candidate: abs(candidate - around))
        try:
            return dt.date(year, int(self.key[2:4]), int(self.key[4:6]))
        except ValueError:
            return None

    @property
    def reference_number(self) -> str | None:
        """The protocol number of a reference such as 'protokoll 8/2019'."""
        return self.key if self.kind == "reference" and "/" in self.key else None


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def _trie_pattern(words: Iterable[str]) -> str:
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in _normal(word):
            node = node.setdefault(char, {})
        node[""] = {}
    return _alternatives(trie) or "(?!)"


def _alternatives(node: dict[str, dict]) -> str:
    branches = [(r"\s+" if char == " " else re.escape(char)) + _alternatives(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # A word may end here or go on: try the longer name first, fall back to the shorter.
    return f"(?:{body})?" if "" in node else body


class Matcher:
    """Finds every registered name and meeting reference in a text, in one pass."""

    def __init__(self, registers: Registers, remember: bool = False) -> None:
        # Serving, one matcher finds in every rebuild while the registers stay the same: it remembers
        # what it found in each text, and a rebuild after an edit searches only the edited text again.
        self._found: dict[str, tuple[Match, ...]] | None = {} if remember else None
        self._entities: dict[str, tuple[str, str]] = {}
        for person in registers.people.values():
            for name in (person.name, *person.aliases):
                self._entities.setdefault(_normal(name), ("person", person.slug))
        for project in registers.projects.values():
            for name in (project.name, *project.aliases):
                self._entities.setdefault(_normal(name), ("project", project.slug))
        for municipality in registers.municipalities.values():
            # "Klippans kommun": the genitive names the municipality too.
            for name in (municipality.name, municipality.name + "s"):
                self._entities.setdefault(_normal(name), ("municipality", municipality.slug))
        self._reference_words: dict[str, str] = {}
        for body in registers.bodies.values():
            for word in body.reference_words:
                self._reference_words.setdefault(_normal(word), body.slug)
        pattern = (
            rf"(?<![\w/])(?:(?P<word>{_trie_pattern(self._reference_words)})\s+(?P<key>{_MEETING_KEY})"
            rf"|(?P<name>{_trie_pattern(self._entities)}))(?![\w/])"
        )
        self._pattern = re.compile(pattern, re.IGNORECASE)

    def find(self, text: str) -> Iterator[Match]:
        """The names and references in `text`, in order."""
        if self._found is None:
            return self._search(text)
        found = self._found.get(text)
        if found is None:
            found = self._found[text] = tuple(self._search(text))
        return iter(found)

    def _search(self, text: str) -> Iterator[Match]:
        for found in self._pattern.finditer(text):
            if found.group("word"):
                body = self._reference_words[_normal(found.group("word"))]
                yield Match(found.start(), found.end(), found.group(0), "reference", body, found.group("key"))
            else:
                kind, slug = self._entities[_normal(found.group("name"))]
                yield Match(found.start(), found.end(), found.group(0), kind, slug)


# Spans of Markdown where nothing may be linked: code, existing links and images, HTML tags, URLs, e-mail.
_PROTECTED = re.compile(r"`+[^`]*`+|!?\[[^\]]*\]\([^)]*\)|!?\[[^\]]*\]\[[^\]]*\]|<[^>]+>|https?://\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


_PROTECTION_MARKS = ("`", "[", "<", "://", "@")  # one of these starts or holds every protected span


def unprotected_segments(markdown: str) -> Iterator[tuple[int, str]]:
    """(offset, text) of the parts of `markdown` outside protected spans."""
    if not any(mark in markdown for mark in _PROTECTION_MARKS):
        # Most protocol text has none, and the e-mail pattern backtracks over every word.
        yield 0, markdown
        return
    position = 0
    for span in _PROTECTED.finditer(markdown):
        if span.start() > position:
            yield position, markdown[position : span.start()]
        position = span.end()
    if position < len(markdown):
        yield position, markdown[position:]

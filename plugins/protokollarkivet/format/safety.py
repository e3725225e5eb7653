"""What protocol text may not hold: raw HTML, links to anything but web pages and e-mail, and images.

Protocol text is Markdown for prose. Raw HTML in it could script the public site, and reviewers read
prose, not markup; a `javascript:` or `data:` link runs code when clicked; an image is fetched by every
visitor's browser from where it lies, which tells another site who reads the archive (the site loads
nothing from elsewhere), and the archive has no place for pictures of its own. The checker reports both at
file:line:column with what to write instead. The site does not rely on this alone: the HTML rendered
from protocol text is sanitised too (render/markup.py).
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

ALLOWED_SCHEMES = ("http", "https", "mailto")

# A tag, a comment, a doctype or a processing instruction: "<b>", "</p", "<img src=x", "<!--", "<?php".
# An autolink such as <https://example.org> or <namn@example.org> is not a tag.
_TAG = re.compile(r"<(?:/?[A-Za-z][A-Za-z0-9:.+-]*(?=[\s/>]|$)|!|\?)", re.MULTILINE)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.MULTILINE)
_BACKTICKS = re.compile(r"`+")
# Link and image targets: [text](target "title"), [id]: target, <scheme:...>
_INLINE_TARGET = re.compile(r"\]\(\s*(?:<(?P<angled>[^>\n]*)>|(?P<bare>[^\s)]*))")
_DEFINITION_TARGET = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*<?(?P<target>[^\s>]+)", re.MULTILINE)
_AUTOLINK = re.compile(r"<(?P<target>[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>")
_EMAIL_AUTOLINK = re.compile(r"<[^\s<>@]+@[^\s<>]+>")
# An image: ![alt](target), ![alt][label], or ![label] where [label]: target is defined
_IMAGE = re.compile(r"!\[(?P<alt>[^\]\n]*)\](?P<next>[(\[])?")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]")  # browsers drop these from a URL before reading its scheme


@dataclass(frozen=True)
class Unsafe:
    """Something unsafe at `offset` in the text: `kind` is "html", "link" or "image"; `text` is what was found."""

    offset: int
    kind: str
    text: str


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Fenced code blocks and inline code: what Markdown shows as code, never as markup."""
    spans = []
    position = 0
    while (opening := _FENCE.search(text, position)) is not None:
        fence = opening.group(1)
        closing = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$", re.MULTILINE)
        end_match = closing.search(text, opening.end())
        end = end_match.end() if end_match else len(text)
        spans.append((opening.start(), end))
        position = end
    spans += [span for span in _inline_code(text) if _outside(spans, span[0])]
    return sorted(spans)


def _inline_code(text: str) -> Iterator[tuple[int, int]]:
    """Code spans as CommonMark closes them: a run of backticks ends at the next run of the same length.
    Found with one pass over the runs, so that a text of many unclosed runs costs no more than others."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
    by_length: dict[int, list[int]] = {}
    for number, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(number)
    number = 0
    while number < len(runs):
        start, end = runs[number]
        same = by_length[end - start]
        later = bisect.bisect_right(same, number)
        if later < len(same):
            closing = same[later]
            yield start, runs[closing][1]
            number = closing + 1
        else:
            number += 1


def _outside(spans: list[tuple[int, int]], offset: int) -> bool:
    return not any(start <= offset < end for start, end in spans)


def scheme(target: str) -> str | None:
    """The scheme a browser would read from a link target, entities decoded ('java&#115;cript:' too)."""
    cleaned = _IGNORED_IN_URL.sub("", html.unescape(target))
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def find_html(text: str) -> Iterator[Unsafe]:
    """Raw HTML tags in plain text (front-matter, registers), where Markdown plays no part."""
    for match in _TAG.finditer(text):
        if _AUTOLINK.match(text, match.start()) or _EMAIL_AUTOLINK.match(text, match.start()):
            continue  # <https://…> and <namn@example.org> are links, checked as such
        yield Unsafe(match.start(), "html", _snippet(text, match.start()))


def find_unsafe_markdown(text: str) -> Iterator[Unsafe]:
    """Raw HTML and link targets with a scheme other than http, https and mailto, outside code."""
    protected = _code_spans(text) if "`" in text or "~~~" in text else []
    found: list[Unsafe] = []
    if "<" in text:
        found += [u for u in find_html(text) if _outside(protected, u.offset)]
    if "](" in text or "]:" in text or "<" in text:
        targets = [
            (m.start(), m.group("angled") if m.group("angled") is not None else m.group("bare")) for m in _INLINE_TARGET.finditer(text)
        ]
        targets += [(m.start("target"), m.group("target")) for m in _DEFINITION_TARGET.finditer(text)]
        targets += [(m.start(), m.group("target")) for m in _AUTOLINK.finditer(text)]
        for offset, target in targets:
            found_scheme = scheme(target)
            if found_scheme is not None and found_scheme not in ALLOWED_SCHEMES and _outside(protected, offset):
                found.append(Unsafe(offset, "link", f"{found_scheme}:"))
    if "![" in text:
        found += [image for image in _images(text) if _outside(protected, image.offset)]
    yield from sorted(found, key=lambda u: u.offset)


def _images(text: str) -> Iterator[Unsafe]:
    labels = {m.group(0).strip().split("]")[0].lstrip("[").casefold() for m in _DEFINITION_TARGET.finditer(text)}
    for match in _IMAGE.finditer(text):
        if match.group("next") or match.group("alt").casefold() in labels:
            rest = text[match.start() : match.start() + 80].split("\n")[0]
            closing = {"(": ")", "[": "]"}.get(match.group("next") or "")
            end = rest.find(closing, match.end() - match.start()) + 1 if closing else match.end() - match.start()
            yield Unsafe(match.start(), "image", rest[: end or len(rest)])


def _snippet(text: str, offset: int) -> str:
    end = text.find(">", offset)
    snippet = text[offset : end + 1 if 0 <= end < offset + 40 else offset + 40]
    return snippet.split("\n")[0]


def position(text: str, offset: int, first_line: int) -> tuple[int, int]:
    """(line, column), 1-based, of `offset` in `text` that starts on `first_line`."""
    line_start = text.rfind("\n", 0, offset) + 1
    return first_line + text.count("\n", 0, offset), offset - line_start + 1

"""Protocol text as safe HTML, with registered names and meeting references linked.

Protocol text is Markdown for prose: paragraphs, emphasis, lists, tables, links. A line break in the
text is a line break on the page, as in the original minutes. The checker rejects raw HTML and unsafe
links; as a second wall, the HTML made here is sanitised by nh3 (the Ammonia binding) against the tags
and attributes this Markdown produces, before any link of ours is added.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import markdown
import nh3

from ..index import Index, Match

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "del", "code", "pre", "blockquote", "ul", "ol", "li", "a", "hr", "sup", "sub",
     "table", "thead", "tbody", "tr", "th", "td", "h3", "h4", "h5", "h6"}
)  # fmt: skip
# No images: the checker refuses them (format/safety.py), and the site loads nothing from elsewhere.
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"style"}, "td": {"style"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
MARKDOWN_EXTENSIONS = ("tables", "sane_lists", "nl2br")

# Text that Markdown would give back unchanged but for paragraphs and line breaks: no character or line
# start with a meaning in Markdown.
_NOT_PLAIN = re.compile(r"[\\`*_\[\]<>&#!|{}~=+\t]|^[ \-]|^\d+[.)]|\n\n\n|\xa0", re.MULTILINE)
_TAG_OR_TEXT = re.compile(r'(<(?:[^>"]|"[^"]*")*>)')  # nh3 quotes every attribute value with "
_TAG_NAME = re.compile(r"<(/?)([a-z0-9]+)")
_NO_LINKS_INSIDE = frozenset({"a", "code", "pre"})

LinkTarget = Callable[[Match], str | None]  # a name or reference found in text -> the href to link it to


def escape_text(text: str) -> str:
    """Text in HTML, escaped as nh3 serialises it, so that both ways of rendering give the same bytes."""
    return html.escape(text, quote=False).replace("\xa0", "&nbsp;")


class ProseRenderer:
    """Markdown prose to sanitised HTML; one Markdown instance, reused, since making one is slow."""

    def __init__(self) -> None:
        self._markdown = markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS), output_format="html")
        self._cleaner = nh3.Cleaner(
            tags=set(ALLOWED_TAGS),
            attributes={tag: set(values) for tag, values in ALLOWED_ATTRIBUTES.items()},
            url_schemes=set(URL_SCHEMES),
            filter_style_properties={"text-align"},
            link_rel="noopener noreferrer",
        )

    def html(self, text: str) -> str:
        """The sanitised HTML of `text`."""
        fast = self._plain(text)
        if fast is not None:
            return fast
        self._markdown.reset()
        return self._cleaner.clean(self._markdown.convert(text))

    @staticmethod
    def _plain(text: str) -> str | None:
        """Text without Markdown in it (most protocol text) as HTML, without Markdown's cost; None otherwise."""
        if text != text.strip() or _NOT_PLAIN.search(text):
            return None
        paragraphs = [p.replace("\n", "<br>\n") for p in escape_text(text).split("\n\n")]
        return "<p>" + "</p>\n<p>".join(paragraphs) + "</p>"


def link_names(fragment: str, index: Index, target: LinkTarget) -> str:
    """Links every registered name and meeting reference in the text of an HTML fragment (not inside a
    link or code) to the href `target` gives it; names it gives None stay text."""
    if not fragment:
        return fragment
    pieces: list[str] = []
    closed_tags: list[str] = []
    for part in _TAG_OR_TEXT.split(fragment):
        if not part:
            continue
        if part.startswith("<"):
            tag = _TAG_NAME.match(part)
            if tag and tag.group(2) in _NO_LINKS_INSIDE:
                if tag.group(1):
                    if closed_tags and closed_tags[-1] == tag.group(2):
                        closed_tags.pop()
                elif not part.endswith("/>"):
                    closed_tags.append(tag.group(2))
            pieces.append(part)
        elif closed_tags:
            pieces.append(part)
        else:
            pieces.append(_linked_text(part, index, target))
    return "".join(pieces)


def _linked_text(escaped: str, index: Index, target: LinkTarget) -> str:
    text = html.unescape(escaped)
    found = [(match, href) for match in index.matcher.find(text) if (href := target(match)) is not None]
    if not found:
        return escaped
    pieces = []
    position = 0
    for match, href in found:
        pieces.append(escape_text(text[position : match.start]))
        pieces.append(f'<a href="{html.escape(href)}">{escape_text(match.text)}</a>')
        position = match.end
    pieces.append(escape_text(text[position:]))
    return "".join(pieces)

"""Reading an original's lines into an `Imported`: the head (title, date, time, place, attendance),
the items with their decisions, and the signatures.

The reading goes in steps, each with a reason a reader of Swedish minutes would give: page furniture
(page numbers, running headers) is not text; a word broken at a line end is one word; a line that goes
on in lower case continues the line before; a line as wide as the page was wrapped. Whatever is removed,
joined or guessed is a line in the report, with the source line, so that no word is lost unseen."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ...format.model import Level, Registers
from ...strings import Strings
from ...text import closest
from . import language
from .attendance import Attendee, ListReader, apply_remark, split_parts
from .imported import DraftItem, Imported, Note
from .language import Section
from .sources import PAGE_BREAK, NotImportableError

SPEAKING_VERBS = ("rapporterade", "deltog", "berättade", "presenterade", "redogjorde", "informerade", "föredrog", "visade", "redovisade")
_TERMINAL = re.compile(r"[.:;!?]$")
_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+\.?$")
_NUMBER_IN_TITLE = re.compile(r"(?:protokoll|nr\.?|nummer)\s*(?:nr\.?\s*)?(?P<number>\d{1,3}/\d{4})", re.IGNORECASE)
_BOLD = re.compile(r"^\*\*(?P<text>.+?)\*\*(?P<rest>.*)$")
# A letterhead or a signature's "Helsingborg 220826": a town (capitalised words) and a date
_PLACE_AND_DATE = re.compile(
    r"^(?P<place>[A-ZÅÄÖ][\wåäö-]+(?: [A-ZÅÄÖ][\wåäö-]+)?)[,\s]+(?:den\s+)?(?P<date>\d{6}|\d{4}-\d{2}-\d{2}|\d{1,2}\s+\w+\.?\s+\d{4})\.?$"
)
_WEEKDAY = re.compile(r"\b(?:måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag)(?:en)?\b\s*", re.IGNORECASE)
_PLACE_AFTER_PA = re.compile(r"(?:^|\s)på\s+(?P<place>[A-ZÅÄÖ].+?)\.?$")
_MEETING_PHRASE = re.compile(r"\b(?:mötet|sammanträdet)\s+(?:genomfördes|hölls|ägde rum)\b\s*", re.IGNORECASE)
_ATTACHMENT = re.compile(r"(?P<what>[A-ZÅÄÖ][\wåäö ]{0,120}?) bifogas protokollet")
_LEADER = re.compile(r"(?P<name>[A-ZÅÄÖÉ][a-zåäöéü]+(?:[ -][A-ZÅÄÖÉ][a-zåäöéü]+){1,3}) ledde mötet")
_SIGNATURE_LINE = re.compile(r"^[_.\s-]{5,}$")
_TITLE_WORD = re.compile(r"^[a-zåäö][\wåäö ,/-]{2,60}$")


MIN_WRAP_WIDTH = 40  # characters: the narrowest column minutes are wrapped at
# A heading's number on a line of its own ('§ 4', 'Punkt 4', 'Ärende 4'), its title on the next line
_NUMBER_ALONE = re.compile(r"^\**(?:§|punkt|ärende)\s*\d{1,3}[.:]?\**$", re.IGNORECASE)


@dataclass
class Line:
    """A line of the original: its number in the source, its text and the page it is on."""

    number: int
    text: str
    page: int = 1
    row: bool = False  # a row of a table (cells separated by tabs): complete on its own


def _shape(text: str) -> str:
    """A line with its numbers blanked: how a running header looks on every page."""
    return re.sub(r"\d+", "#", text)


def _agenda(lines: list[Line]) -> set[int]:
    """The indexes of the items an agenda lists below its label ('Dagordning' / '1. Incheckningsrunda' / …):
    headings in rising order, blank lines between them allowed, up to the first line that is not one or
    the first number that starts again (the protocol going through the items)."""
    listed: set[int] = set()
    for start, line in enumerate(lines):
        found = language.section(line.text) if line.text else None
        if found is None or found[0] is not Section.AGENDA or found[1]:
            continue
        block: list[int] = []
        last = 0  # the number of the last heading listed
        for index in range(start + 1, len(lines)):
            text = lines[index].text
            if not text:
                continue
            match = language.ITEM_HEADING.match(text)
            if match is None and block and block[-1] == index - 1:
                block = []  # text right below a heading: the label heads the items themselves, not a list of them
                break
            if match is None or language.heading_number(match) <= last:
                break
            block.append(index)
            last = language.heading_number(match)
        if len(block) >= 2:
            listed.update(block)
    return listed


def _content(lines: list[Line]) -> Iterator[Line]:
    return (line for line in lines if line.text)


def _wrap_width(lengths: list[int]) -> int:
    """The width a text was wrapped at, or 0 when its lines were not wrapped: in a wrapped text most long
    lines end close to one width; a text of a paragraph per line has lines of every length."""
    if len(lengths) < 20:
        return 0
    width = sorted(lengths)[int(len(lengths) * 0.95) - 1]
    if width < MIN_WRAP_WIDTH:
        return 0  # no page or text file wraps minutes that narrow: a text of short lines
    long_lines = [n for n in lengths if n > 0.5 * width]
    near_width = [n for n in long_lines if n >= 0.8 * width]
    return width if width <= 200 and len(near_width) >= 0.5 * len(long_lines) else 0


class Parser:
    """Reads one original."""

    def __init__(self, source: str, lines: list[str], registers: Registers, strings: Strings, body: str | None) -> None:
        self.result = Imported(source)
        self.registers = registers
        self.strings = strings
        self.body_hint = body
        self.raw = lines
        self._line = 1  # the source line notes are made about
        self.lists = ListReader(registers, self._list_note)
        self._date_text = ""
        self._undated: list[tuple[language.FoundDate, int]] = []  # "26 juni": placed once the year is known
        self._struck = False
        self._in_decision = False  # reading an item's decisions
        self._no_place_line: int | None = None  # a line of date and time that named no place

    def note(self, line: int, key: str, level: Level = Level.WARNING, /, **values: object) -> None:
        """A line of the report about source line `line`."""
        self.result.notes.append(Note(line, level, self.strings(f"messages.{key}", **values)))

    def _list_note(self, key: str, level: Level = Level.WARNING, **values: object) -> None:
        self.note(self._line, key, level, **values)

    def parse(self) -> Imported:
        """Everything the original says, and the report."""
        lines = self._numbered()
        lines = self._drop_page_furniture(lines)
        lines = self._join_broken_lines(lines)
        head, body, tail = self._regions(lines)
        self._title(head)
        self._head(head)
        self._items(body)
        self._signatures(tail)
        self._guests_and_roles()
        self._finish()
        return self.result

    # --- lines -------------------------------------------------------------------------------------------

    def _numbered(self) -> list[Line]:
        lines: list[Line] = []
        page = 1
        for number, text in enumerate(self.raw, start=1):
            if text == PAGE_BREAK:
                page += 1
                lines.append(Line(number, "", page))
            elif "\t" in text.strip():
                # Cells of a table (a Word table saved as text, columns typed with tabs): written as a list
                # entry writes name, place and remark, and never joined with the lines around.
                cells = [" ".join(cell.replace("\u00a0", " ").split()) for cell in text.split("\t")]
                lines.append(Line(number, self._row_text([cell for cell in cells if cell]), page, row=True))
            else:
                lines.append(Line(number, " ".join(text.replace("\u00a0", " ").split()), page))
        return lines

    def _row_text(self, cells: list[str]) -> str:
        """A table row as a line: '§ 4' or '13.15' in a cell of its own numbers the title beside it; a row
        starting with a person is that person, and a cell no attendance list reads (a title, a role) is a
        remark on them, in parentheses."""
        numbered = f"{cells[0]} {cells[1]}" if len(cells) >= 2 else ""
        if numbered and (language.ITEM_HEADING.match(numbered) or language.TIMED_HEADING.match(numbered)):
            return ", ".join([numbered, *cells[2:]])
        if len(cells) >= 2 and (found := language.section(cells[0])) is not None and not found[1]:
            return f"{cells[0].rstrip(':')}: {', '.join(cells[1:])}"  # "Plats och tid | Stadshuset, kl. 9–11": a label and its value
        if len(cells) >= 2 and self.lists.is_person(cells[0]):
            cells = [cells[0], *(cell if self._read_in_lists(cell) else f"({cell})" for cell in cells[1:])]
        return ", ".join(cells)

    def _read_in_lists(self, cell: str) -> bool:
        """A person, a place, a time or an item reference, or a remark already in parentheses."""
        return (
            cell.startswith("(")
            or self.lists.place(cell) is not None
            or apply_remark(Attendee("", 0), cell)
            or bool(self.registers.person_by_name(cell))
        )

    def _drop_page_furniture(self, lines: list[Line]) -> list[Line]:
        """Page numbers, the boxes for the adjusters' initials, and running headers: the title repeated, or
        lines heading more than one page. Lines are compared with their numbers blanked, so that 'PROTOKOLL
        1(3)' and 'PROTOKOLL 2(3)' are one header."""
        content = list(_content(lines))
        first_lines = {_shape(line.text) for line in content[:3]}
        page_starts: dict[str, int] = {}  # how many later pages begin with a line of this shape
        seen_pages: set[int] = set()
        for line in content:
            if line.page not in seen_pages and line.page > 1:
                seen_pages.add(line.page)
                page_starts[_shape(line.text)] = page_starts.get(_shape(line.text), 0) + 1
        headers = first_lines | {text for text, count in page_starts.items() if count >= 2}
        title = content[0] if content else None
        kept: list[Line] = []
        starts_page = True
        for line in lines:
            if not line.text:
                starts_page = starts_page or line.page != (kept[-1].page if kept else 1)
                kept.append(line)
                continue
            # A page number stands apart: a number right below a line of text ends that line ("punkt" / "7")
            if language.PAGE_NUMBER.match(line.text) and (not kept or not kept[-1].text or kept[-1].page != line.page):
                self.note(line.number, "import_page_number", Level.INFO, text=line.text)
                continue
            if language.PAGE_FOOTER.match(line.text):
                self.note(line.number, "import_running_header", Level.INFO, text=line.text)
                continue
            repeated_title = title is not None and line is not title and line.text == title.text
            header = _shape(line.text) in headers and line.page > 1 and starts_page and line is not title
            if repeated_title or (header and not self._begins_part(line.text)):
                self.note(line.number, "import_running_header", Level.INFO, text=line.text)
                continue
            starts_page = False
            kept.append(line)
        return kept

    @staticmethod
    def _begins_part(text: str) -> bool:
        """An item heading, a decision or a clause: content, even where a page's header stood on another page
        ('§ 3 Lägesrapport' and '§ 8 Lägesrapport' look alike with their numbers blanked)."""
        return bool(
            language.ITEM_HEADING.match(text)
            or language.TIMED_HEADING.match(text)
            or language.decision_intro(text) is not None
            or language.CLAUSE.match(text)
        )

    def _join_broken_lines(self, lines: list[Line]) -> list[Line]:
        """Words broken at a line end, lines going on in lower case, lines wrapped at the page's width."""
        width = _wrap_width([len(line.text) for line in _content(lines)])
        wrapped = width > 0
        joined: list[Line] = []
        for line in lines:
            previous = next((p for p in reversed(joined) if p.text), None)
            if previous is None or self._stands_alone(previous, line):
                joined.append(Line(line.number, line.text, line.page, line.row))
                continue
            gap = bool(joined) and not joined[-1].text  # blank lines between: the break was a page break, if any
            if self._goes_on(previous, line, gap):
                previous.text = f"{previous.text} {line.text}"
                continue
            if (hyphen := language.HYPHENATED.search(previous.text)) and line.text[:1].islower():
                self._join_hyphenated(previous, line, hyphen)
                self._drop_gap(joined)
                continue
            entries = self._is_list_entry(previous.text) and self._is_list_entry(line.text)  # a list, a person a line
            if (
                wrapped
                and not gap
                and not entries
                and self._wrapped_before(previous.text, line.text, width)
                and not _TERMINAL.search(previous.text)
            ):
                # the next line's first word did not fit on a line stopping mid-sentence: the text goes on,
                # whatever the next line starts with ("32. Frågan …" is not an item when a sentence runs into it)
                previous.text = f"{previous.text} {line.text}"
                continue
            open_sentence = not _TERMINAL.search(previous.text) and not self._ends_structure(previous.text)
            # a sentence running over a page break into "27. Frågan …" goes on: not item 27 when 12 is next
            over_page = open_sentence and line.page != previous.page and self._out_of_sequence(line.text, joined)
            if self._starts_structure(line.text) and not over_page:
                joined.append(Line(line.number, line.text, line.page))
                continue
            # a sentence going on in lower case, or going on over a page break whatever its next word
            continues = open_sentence and (line.text[:1].islower() or (line.page != previous.page and len(previous.text) > 40))
            if continues and len(previous.text) > 40 and not _EMAIL.match(line.text):
                previous.text = f"{previous.text} {line.text}"
                if gap:
                    self.note(line.number, "import_joined", Level.INFO, previous=previous.number)
                self._drop_gap(joined)
                continue
            if wrapped and not gap and self._wrapped_before(previous.text, line.text, width) and not self._ends_structure(previous.text):
                previous.text = f"{previous.text} {line.text}"
                continue
            joined.append(Line(line.number, line.text, line.page))
        return joined

    @staticmethod
    def _out_of_sequence(text: str, joined: list[Line]) -> bool:
        """Whether `text` looks like a numbered item heading but is not the next item after the last one."""
        match = language.ITEM_HEADING.match(text)
        if match is None:
            return False
        last = next((m for line in reversed(joined) if line.text and (m := language.ITEM_HEADING.match(line.text))), None)
        return last is not None and language.heading_number(match) != language.heading_number(last) + 1

    @staticmethod
    def _wrapped_before(previous: str, text: str, width: int) -> bool:
        """Whether a line was broken only because the next word did not fit within the width (give or take a
        tenth: in a PDF the width is the page's, and letters differ in width)."""
        last_line = previous.rsplit("\n", 1)[-1]
        return len(last_line) + 1 + len(text.split(" ", 1)[0]) > 0.9 * width and len(last_line) >= 0.4 * width

    def _join_hyphenated(self, previous: Line, line: Line, hyphen: re.Match[str]) -> None:
        """'utvecklings-' / 'projekt' is one word; 'test-' / 'och utveckling' keeps its hyphen."""
        word = line.text.split()[0]
        if word in ("och", "eller", "samt", "respektive"):
            previous.text = f"{previous.text} {line.text}"
            return
        previous.text = previous.text[: hyphen.end("stem")] + line.text
        self.note(line.number, "import_hyphen_joined", Level.INFO, text=f"{hyphen.group('stem')}-{word}", word=hyphen.group("stem") + word)

    @staticmethod
    def _drop_gap(joined: list[Line]) -> None:
        last = next(i for i in range(len(joined) - 1, -1, -1) if joined[i].text)
        del joined[last + 1 :]

    def _starts_structure(self, text: str) -> bool:
        """A line that begins something: an item, a decision, a clause, a section, a list entry."""
        bare = text.lstrip("~*")
        return bool(
            language.ITEM_HEADING.match(text)
            or language.TIMED_HEADING.match(text)
            or language.decision_intro(text) is not None
            or language.CLAUSE.match(text)
            or language.ADDENDUM.match(text)
            or language.section(text)
            or re.match(r"^[-–•*]\s", text)
            or (self.registers.person_by_name(split_parts(bare.replace("~~", ""))[0]) if bare else False)
        )

    def _stands_alone(self, previous: Line, line: Line) -> bool:
        """A line never joined to the one before: a blank line, a table row or one after it, a labelled field,
        and an att-clause after a line ending in a comma, 'samt' or 'och' ('att godkänna budgeten, samt' /
        'att ge …': each att-clause is a decision of its own)."""
        if not line.text or line.row or previous.row or self._labelled(line.text):
            return True
        return bool(language.CLAUSE.match(line.text)) and previous.text.endswith((",", ";", " samt", " och"))

    def _goes_on(self, previous: Line, line: Line, gap: bool) -> bool:
        """Whether `line` is the rest of `previous`: the title below a heading's number standing alone ('§ 4'),
        a list or a sentence going on after a comma, a remark in parentheses on it."""
        if gap:
            return False
        if _NUMBER_ALONE.match(previous.text):
            return bool(language.ITEM_HEADING.match(f"{previous.text} {line.text}"))
        return (previous.text.endswith((",", ";")) or line.text.startswith(("(", ",", ";"))) and not self._ends_structure(previous.text)

    @staticmethod
    def _labelled(text: str) -> bool:
        """A label alone or with a colon ('Närvarande', 'Plats: Stadshuset'): the start of a field of the head,
        never the rest of the line before it, however long that was."""
        section = language.section(text)
        return section is not None and (not section[1] or bool(re.match(r"^[^:]{1,40}:", text)))

    @staticmethod
    def _ends_structure(text: str) -> bool:
        """A line after which a new line is something new: a heading, a label without its content."""
        section = language.section(text)
        return bool(
            language.ITEM_HEADING.match(text) or language.TIMED_HEADING.match(text) or (section and not section[1]) or text.endswith("~~")
        )

    # --- regions -------------------------------------------------------------------------------------------

    def _is_heading(self, lines: list[Line], index: int, numbered: bool) -> DraftItem | None:
        text = lines[index].text
        if (match := language.ITEM_HEADING.match(text)) and not re.search(r"\d{6}", text[:12]):
            return DraftItem(match.group("title"), lines[index].number, number=language.heading_number(match))
        if match := language.TIMED_HEADING.match(text):
            return DraftItem(match.group("title"), lines[index].number, time=language.time_of_day(match.group("time")))
        if not numbered and self._looks_like_heading(lines, index):
            return DraftItem(text, lines[index].number)
        return None

    def _looks_like_heading(self, lines: list[Line], index: int) -> bool:
        """An unnumbered agenda item: a short line standing apart, without closing punctuation, followed by text."""
        text = lines[index].text
        if len(text) > 80 or re.search(r"[.:;,!?]\**$", text) or not re.match(r"^(?:\*\*)?[A-ZÅÄÖ]", text):
            return False
        if (
            language.decision_intro(text) is not None
            or language.CLAUSE.match(text)
            or language.ADDENDUM.match(text)
            or language.section(text)
        ):
            return False
        if self.lists.is_person(text) or _PLACE_AND_DATE.match(text):
            return False
        if language.dates(text) and language.time_range(text):
            return False  # when the meeting was: an agenda item's title does not carry it
        if index > 0 and lines[index - 1].text:
            return False  # a heading stands apart from the text before it
        following = next((line for line in lines[index + 1 :] if line.text), None)
        return following is not None and language.decision_intro(following.text) is None

    def _regions(self, lines: list[Line]) -> tuple[list[Line], list[Line], list[Line]]:
        """The head (before the first item), the items, and the signatures at the end."""
        numbered = sum(1 for line in lines if line.text and language.ITEM_HEADING.match(line.text)) >= 2
        self._numbered_document = numbered
        agenda = _agenda(lines)
        first = next(
            (i for i in range(len(lines)) if lines[i].text and i not in agenda and self._heading_in_head(lines, i, numbered)), len(lines)
        )
        tail_start = len(lines)
        for index in range(len(lines) - 1, first, -1):
            text = lines[index].text
            if not text:
                continue
            if self._is_signature_line(text):
                tail_start = index
            else:
                break
        return lines[:first], lines[first:tail_start], lines[tail_start:]

    def _heading_in_head(self, lines: list[Line], index: int, numbered: bool) -> bool:
        text = lines[index].text
        if index == next((i for i, line in enumerate(lines) if line.text), -1):
            return False  # the title
        if language.section(text) or self._is_list_entry(text):
            return False
        return self._is_heading(lines, index, numbered) is not None

    def _is_signature_line(self, text: str) -> bool:
        bare = text.strip("*").rstrip(":")
        found = language.section(text)
        signing = (Section.CHAIR, Section.SECRETARY, Section.ADJUSTERS, Section.SIGNATURES)
        if found and found[0] in signing and (not found[1] or self.lists.is_person(found[1])):
            return True  # 'Justeras', or 'Antecknat av: Johan Lindberg'
        if _SIGNATURE_LINE.match(text) or _PLACE_AND_DATE.match(text):
            return True
        if self.registers.person_by_name(bare) or (self.lists.is_person(bare) and len(bare.split()) in (2, 3)):
            return True
        if self._signers(text):
            return True  # names side by side under the signature lines
        return bool(_TITLE_WORD.match(text)) and len(text) <= 40 and not language.CLAUSE.match(text)

    # --- the head ------------------------------------------------------------------------------------------

    def _title(self, head: list[Line]) -> None:
        result = self.result
        title = next(_content(head), None)
        text = title.text if title else ""
        # The number is in the title, or on a line of the title's block ("KOMMUNDIREKTÖRSGRUPPEN" / "Protokoll nr 3/2021")
        if match := next(filter(None, (_NUMBER_IN_TITLE.search(line.text) for line in list(_content(head))[:3])), None):
            result.number = match.group("number")
        # The body is named in the title, or just below it ("PROTOKOLL" / "Kommundirektörsgruppen")
        opening = " ".join(line.text for line in list(_content(head))[:3])
        result.body = self.body_hint or self._body_from(text) or self._body_from(opening) or ""
        if self.body_hint and self.body_hint not in self.registers.bodies:
            suggestion = closest(self.body_hint, list(self.registers.bodies))
            raise NotImportableError(self.strings("messages.unknown_body_suggest", name=self.body_hint, suggestion=suggestion or "?"))
        if not result.body:
            raise NotImportableError(self.strings("messages.import_no_body", known=", ".join(self.registers.bodies)))
        if title is not None:
            self._dates_in(text, title.number)
            self.note(title.number, "import_title", Level.INFO, text=text)

    def _body_from(self, title: str) -> str | None:
        folded = title.casefold()
        for slug, body in self.registers.bodies.items():
            stems = [body.name.casefold().rstrip("n")[:-2], *(word.casefold() for word in body.reference_words if word != "protokoll")]
            if any(stem and stem in folded for stem in stems):
                return slug
        return None

    def _is_list_entry(self, text: str) -> bool:
        bare = text.replace("~~", "").strip()
        if len(bare) > 150 or language.CLAUSE.match(bare):
            return False
        first = split_parts(bare)[0] if split_parts(bare) else ""
        first = re.sub(r"\([^)]*\)", "", first).strip()
        return bool(first) and self.lists.is_person(first) and not re.search(r"\b(?:" + "|".join(SPEAKING_VERBS) + r")\b", bare)

    def _head(self, head: list[Line]) -> None:
        lines = list(_content(head))[1:]  # after the title
        index = 0
        while index < len(lines):
            line = lines[index]
            self._line = line.number
            found = language.section(line.text)
            if found:
                index = self._section(found[0], found[1], lines, index)
                continue
            title_block = self._body_from(line.text) == self.result.body or _NUMBER_IN_TITLE.search(line.text)
            if index < 2 and len(line.text) <= 60 and title_block and not language.dates(line.text):
                self.note(line.number, "import_title", Level.INFO, text=line.text)  # the body's name below the title
            elif (match := _PLACE_AND_DATE.match(line.text)) and language.dates(match.group("date")):
                self._dates_in(line.text, line.number)
                self.note(line.number, "import_header_line", Level.INFO, text=line.text)
            elif _EMAIL.match(line.text):
                self.result.contact = line.text.rstrip(".")
                self.note(line.number, "import_header_line", Level.INFO, text=line.text)
            elif language.time_range(line.text) and language.dates(line.text) and len(line.text) < 120:
                self._time_and_place(line.text, line.number)
                self.note(line.number, "import_header_line", Level.INFO, text=line.text)
            else:
                self.result.preamble.append(line.text)
            index += 1

    def _section(self, kind: Section, rest: str, lines: list[Line], index: int) -> int:
        """Reads a labelled section starting at `lines[index]`; returns the index after it."""
        line = lines[index]
        self.note(line.number, "import_header_line", Level.INFO, text=line.text)
        following: list[Line] = []
        next_index = index + 1
        listing = (Section.PRESENT, Section.ABSENT, Section.EXCUSED, Section.GUESTS, Section.ADJUSTERS, Section.SIGNATURES, Section.AGENDA)
        if kind in listing:
            while (
                next_index < len(lines)
                and not language.section(lines[next_index].text)
                and self._continues_list(lines[next_index].text, kind)
            ):
                following.append(lines[next_index])
                next_index += 1
        elif not rest and next_index < len(lines) and not language.section(lines[next_index].text):
            following.append(lines[next_index])
            next_index += 1
        for entry in following:
            self.note(entry.number, "import_header_line", Level.INFO, text=entry.text)
        self._read_section(kind, rest, line.number, following)
        return next_index

    def _continues_list(self, text: str, kind: Section) -> bool:
        if kind is Section.SIGNATURES:
            return self._is_signature_line(text)
        if kind is Section.AGENDA:
            return bool(language.ITEM_HEADING.match(text) or language.TIMED_HEADING.match(text))
        return self._is_list_entry(text)

    def _read_section(self, kind: Section, rest: str, number: int, following: list[Line]) -> None:
        if kind in (Section.PRESENT, Section.ABSENT, Section.EXCUSED, Section.GUESTS):
            if rest:
                self._read_list(kind, rest, number)
            for entry in following:
                self._line = entry.number
                self._read_list(kind, entry.text, entry.number)
        elif kind in (Section.CHAIR, Section.SECRETARY, Section.ADJUSTERS):
            self._read_roles(kind, [rest] if rest else [entry.text for entry in following])
        elif kind is Section.SIGNATURES:
            self._signature_pairs([entry.text for entry in following])
        else:
            self._read_when_and_where(kind, rest or (following[0].text if following else ""), number)

    def _read_roles(self, kind: Section, texts: list[str]) -> None:
        names = [self._name_of(part) for text in texts for part in re.split(r",\s*|\s+och\s+", text) if part.strip()]
        if kind is Section.ADJUSTERS:
            self.result.adjusters += [name for name in names if name and name not in self.result.adjusters]
        elif names and names[0]:
            setattr(self.result, "chair" if kind is Section.CHAIR else "secretary", names[0])

    def _read_when_and_where(self, kind: Section, text: str, number: int) -> None:
        if kind in (Section.PARAGRAPHS, Section.AGENDA):
            return  # the items give their numbers and titles themselves; the lines are in the report
        if kind is Section.DATE:
            self._dates_in(text, number)
        elif kind is Section.TIME:
            self._time(text, number)
        elif kind is Section.PLACE:
            self.result.place = text.strip().rstrip(".") or self.result.place
        else:
            self._time_and_place(text, number)

    def _name_of(self, text: str) -> str:
        name = re.sub(r"\([^)]*\)", "", text).strip().rstrip(".")
        name = name.split(",")[0].strip()
        person = self.registers.person_by_name(name)
        if person is None and name:
            self.lists.check_name(name)
        return person.name if person else name

    def _read_list(self, kind: Section, text: str, number: int) -> None:
        struck_line = text.startswith("~~") and text.endswith("~~") and text.count("~~") == 2
        for attendee in self.lists.read(text, number, struck_line=struck_line):
            for role in attendee.roles:  # "Palle Lundberg, Helsingborg, ordförande"
                self._read_roles(role, [attendee.name])
            lists = {Section.PRESENT: self.result.present, Section.ABSENT: self.result.absent, Section.EXCUSED: self.result.excused}
            target = lists.get(kind, self.result.guests)
            if attendee.struck and kind is Section.PRESENT:
                target = self.result.absent
                self._struck = True
                self.note(number, "import_struck", Level.INFO, text=attendee.name)
            if attendee.place is None and not self.registers.person_by_name(attendee.name):
                self.note(number, "import_no_place_for", name=attendee.name)
            target.append(attendee)
        for written, place in self.lists.spellings:
            note = self.strings("messages.import_note_spelling", text=written, place=place)
            if note not in self.result.editorial_notes:
                self.result.editorial_notes.append(note)

    # --- dates, times, places ---------------------------------------------------------------------------

    def _dates_in(self, text: str, number: int) -> None:
        around = self.result.date.year if self.result.date else None
        for found in language.dates(text, around):
            if not language.has_year(found):
                self._undated.append((found, number))
                continue
            if self.result.date is None:
                self.result.date = found.date
                self._date_text = found.text
            elif self.result.date != found.date:
                self.note(number, "import_date_conflict", text=found.text, date=self.result.date.isoformat())

    def _time(self, text: str, number: int) -> None:
        span = language.time_range(text)
        if span:
            self.result.start, self.result.end = span
        else:
            self.note(number, "import_no_time", text=text)

    def _time_and_place(self, text: str, number: int) -> None:
        result = self.result
        self._time(text, number)
        self._dates_in(text, number)
        rest = _WEEKDAY.sub("", _MEETING_PHRASE.sub("", text))
        if match := _PLACE_AFTER_PA.search(language.TIME_RANGE.sub(" ", rest)):
            place = match.group("place")
        else:
            place = language.TIME_RANGE.sub(" ", rest)
            for found in language.dates(place, result.date.year if result.date else None):
                place = place.replace(found.text, " ")
            place = re.sub(r"\bkl(?:ockan|\.)?\b|\bden\b", " ", place)
            place = re.sub(r"^[\s,.–-]+|[\s,.–-]+$", "", " ".join(place.split()))
        if place:
            result.place = place.rstrip(".")
        else:
            self._no_place_line = number  # said at the end, if no later line ('Plats: …') gives it

    # --- the items ------------------------------------------------------------------------------------------

    def _items(self, lines: list[Line]) -> None:
        """The items: each heading starts one; its text, its decisions after 'Beslut'."""
        item: DraftItem | None = None
        self._in_decision = False
        paragraph: list[str] | None = None  # the paragraph being read, continued by the next line
        for index, line in enumerate(lines):
            self._line = line.number
            if not line.text:
                paragraph = None
                continue
            heading = self._is_heading(lines, index, self._numbered_document)
            if heading is not None:
                self._heading_note(heading, line)
                item, paragraph, self._in_decision = self._begin_item(heading), None, False
            elif item is None:
                self.result.preamble.append(line.text)
            elif self._decision_line(item, line):
                paragraph = None
            else:
                if self._in_decision:
                    self.note(line.number, "import_text_after_decision", item=item.title)
                if paragraph is not None:
                    paragraph.append(line.text)
                    item.paragraphs[-1] = "\n".join(paragraph)
                else:
                    paragraph = [line.text]
                    item.paragraphs.append(line.text)

    def _heading_note(self, heading: DraftItem, line: Line) -> None:
        if heading.number is not None and not line.text.startswith(f"{heading.number}. "):
            self.note(line.number, "import_heading_read", Level.INFO, text=line.text, number=heading.number)

    def _decision_line(self, item: DraftItem, line: Line) -> bool:
        """Reads a line that introduces decisions, or is a clause or an addendum; False for other text."""
        intro = language.decision_intro(line.text)
        if intro is not None:
            if self._in_decision:
                self.note(line.number, "import_decision_twice", item=item.title)
            self._in_decision = item.has_decision_mark = True
            intro_words = line.text[: len(line.text) - len(intro)].strip("*:.–- ")
            if intro_words.casefold() != "beslut":
                self.note(line.number, "import_decision_read", Level.INFO, text=intro_words)
            if intro:
                self._decision_text(item, intro, line.number)
            return True
        if language.CLAUSE.match(line.text) or (self._in_decision and language.ADDENDUM.match(line.text)):
            if not self._in_decision:
                self.note(line.number, "import_clause_without_decision", item=item.title)
                self._in_decision = item.has_decision_mark = True
            self._decision_text(item, line.text, line.number)
            return True
        return False

    def _decision_text(self, item: DraftItem, text: str, number: int) -> None:
        if match := language.ADDENDUM.match(text):
            item.decisions.append(match.group("addendum"))
        elif found := language.clauses(text):
            item.decisions += found
        elif item.decisions:
            item.decisions[-1] += " " + text  # a clause going on over a line break
        else:
            self.note(number, "import_clause_without_att", item=item.title)
            item.paragraphs.append(text)

    def _begin_item(self, item: DraftItem) -> DraftItem:
        title = item.title
        if bold := _BOLD.match(title):
            item.title, rest = bold.group("text"), bold.group("rest").strip()
        elif item.time and (split := re.match(r"^(?P<title>[^.]{3,80}?)\.\s+(?P<rest>[A-ZÅÄÖ].*)$", title)):
            item.title, rest = split.group("title"), split.group("rest")
        else:
            item.title, rest = title.rstrip(".:").strip(), ""
        if rest:
            item.paragraphs.append(rest)
        self.result.items.append(item)
        return item

    # --- the signatures ------------------------------------------------------------------------------------

    def _signatures(self, tail: list[Line]) -> None:
        """The signatures at the end: a name with its title below it ('Palle Lundberg' / 'ordförande'), or a
        label with the name below it ('Justeras' / 'Palle Lundberg')."""
        role: Section | None = None
        texts: list[str] = []
        for line in _content(tail):
            self._line = line.number
            self.note(line.number, "import_signature_line", Level.INFO, text=line.text)
            found = language.section(line.text)
            follows_name = bool(texts) and not _TITLE_WORD.match(texts[-1])
            if found and not found[1] and not (follows_name and line.text[:1].islower()):
                role = found[0]  # a label: the name comes below it
                continue
            if found and found[0] in (Section.CHAIR, Section.SECRETARY, Section.ADJUSTERS) and self.lists.is_person(found[1]):
                self._read_section(found[0], found[1], line.number, [])  # the label and the name on one line
                continue
            if _SIGNATURE_LINE.match(line.text) or _PLACE_AND_DATE.match(line.text):
                continue
            signed = self.lists.is_person(line.text) or self._signers(line.text)
            if role in (Section.CHAIR, Section.SECRETARY, Section.ADJUSTERS) and signed:
                self._read_section(role, line.text, line.number, [])
                role = None
                continue
            texts.append(line.text)
        self._signature_pairs(texts)

    def _signers(self, text: str) -> bool:
        """Two or more registered people and nothing else on one line ('Palle Lundberg, Lilian Eriksson')."""
        parts = split_parts(text)
        return len(parts) >= 2 and all(self.registers.person_by_name(part) for part in parts)

    def _signature_pairs(self, texts: list[str]) -> None:
        """Name and title pairs ('Palle Lundberg' / 'ordförande'); a name alone signed without a title."""
        index = 0
        while index < len(texts):
            name = texts[index]
            title = texts[index + 1] if index + 1 < len(texts) and _TITLE_WORD.match(texts[index + 1]) else ""
            if "," in name and not title:
                name, _, title = name.partition(",")
            registered = self.registers.person_by_name(name.strip())
            if registered is None:
                self.lists.check_name(name.strip())
            self.result.signatures.append(((registered.name if registered else name.strip()), title.strip()))
            index += 2 if title and texts[index + 1 : index + 2] == [title] else 1

    # --- guests, roles and checks ------------------------------------------------------------------------------

    def _guests_and_roles(self) -> None:
        result = self.result
        listed = {p.name for p in result.present + result.absent + result.excused}
        speakers = re.compile(r"^(?P<names>.+?),?\s+(?:" + "|".join(SPEAKING_VERBS) + r")\b")
        for item in result.items:
            number = item.number if item.number is not None else result.items.index(item) + 1
            for paragraph in item.paragraphs:
                if match := speakers.match(paragraph):
                    self._speakers(match.group("names"), number, item.line, listed)
                if not result.meeting_leader and (leader := _LEADER.search(paragraph)):
                    result.meeting_leader = self._name_of(leader.group("name"))
                if attachment := _ATTACHMENT.search(paragraph):
                    result.attachments.append(f"{attachment.group('what')}, punkt {number}")
        for name, title in result.signatures:
            if title.casefold().startswith("ordförande") and not result.chair:
                result.chair = name
            if title.casefold().startswith(("sekreterare", "protokollförare")) and not result.secretary:
                result.secretary = name
        if self._struck:
            result.editorial_notes.append(self.strings("messages.import_note_struck"))

    def _speakers(self, text: str, item_number: int, line: int, listed: set[str]) -> None:
        """'Pia Radil, Ängelholm, deltog': guests at an item, when they are not on the attendance list."""
        parts = split_parts(text)
        if not parts or not self.lists.is_person(re.split(r"\s+(?:och|samt)\s+", parts[0])[0]):
            return
        self._line = line
        for attendee in self.lists.read(text, line):
            if attendee.name in listed or not self.lists.is_person(attendee.name):
                continue
            guest = next((g for g in self.result.guests if g.name == attendee.name), None)
            if guest is None:
                guest = Attendee(attendee.name, line, place=attendee.place)
                self.result.guests.append(guest)
                self.note(line, "import_guest", Level.INFO, name=attendee.name, item=item_number)
            if item_number not in guest.items:
                guest.items.append(item_number)

    def _check_undated(self) -> None:
        """Dates written without a year ('26 juni') that contradict the protocol's date."""
        result = self.result
        for found, number in self._undated:
            if result.date is None:
                continue
            date = found.date.replace(year=result.date.year) if found.date.year != result.date.year else found.date
            if date != result.date:
                values = {"text": found.text, "header": self._date_text, "date": result.date.isoformat()}
                self.note(number, "import_date_contradiction", **values)
                result.editorial_notes.append(self.strings("messages.import_note_date", **values))

    def _finish(self) -> None:
        result = self.result
        self._check_undated()
        if result.date is None:
            raise NotImportableError(self.strings("messages.import_no_date"))
        if not result.place and self._no_place_line is not None:
            self.note(self._no_place_line, "import_no_place")
        if not result.items:
            self.note(1, "import_no_items")
        if not result.present:
            self.note(1, "import_no_attendance")
        for item in result.items:
            if item.has_decision_mark and not item.decisions:
                self.note(item.line, "import_decision_not_found", item=item.title)
        if result.number and int(result.number.split("/")[1]) != result.date.year:
            self.note(1, "import_number_year", number=result.number, year=result.date.year)


def parse_source(source: str, lines: list[str], registers: Registers, strings: Strings, body: str | None = None) -> Imported:
    """Read an original's lines into an `Imported`; raises NotImportableError when it cannot be imported."""
    return Parser(source, lines, registers, strings, body).parse()

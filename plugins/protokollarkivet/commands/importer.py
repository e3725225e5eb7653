"""Import of existing protocols (text, Word, PDF) into the archive format, as drafts for a person to review.

Reading (`read_source`) turns a file into numbered lines; strike-through in Word becomes `~~…~~`. Parsing
(`parse_source`) recognises the layouts of the seeds and their variations and keeps, for everything it
was unsure of, a note with the line of the source. Writing (`render_draft`) produces the protocol file.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..format.model import Level, Registers
from ..format.spec import Status
from ..format.writer import protocol_text
from ..strings import Strings
from ..text import closest, normalise_time

# Inputs larger than any protocol: refused before reading, so that a wrong file or a zip bomb neither
# exhausts memory nor runs for hours. A protocol is tens of kilobytes of text.
MAX_TEXT_BYTES = 2_000_000  # a .txt file, and the text extracted from a .docx or a .pdf
MAX_DOCX_BYTES = 20_000_000  # a .docx file as stored
MAX_DOCX_UNPACKED_BYTES = 60_000_000  # what its parts unpack to
MAX_PDF_BYTES = 50_000_000

MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december")
SPEAKING_VERBS = ("rapporterade", "deltog", "berättade", "presenterade", "redogjorde", "informerade", "föredrog", "visade")

_NAME = r"[A-ZÅÄÖÉ][a-zåäöéü]+(?:[ -][A-ZÅÄÖÉ][a-zåäöéü]+){1,3}"  # a name has two to four parts; bounded so that a long run of capitalised words is not scanned again from every word
_NUMBER_IN_TITLE = re.compile(r"protokoll\s+(?P<number>\d{1,3}/\d{4})", re.IGNORECASE)
_PLACE_AND_DATE = re.compile(r"^(?P<place>[A-ZÅÄÖ][\wåäöÅÄÖ ]*?)\s+(?P<date>\d{6})$")
_TIME_PLACE = re.compile(r"^(?:Tid\s*/\s*[Pp]lats|Plats\s+och\s+tid|Tid\s+och\s+plats|Tid|Plats)\s*:\s*(?P<rest>.*)$")
_TIME_RANGE = re.compile(r"(?:kl(?:ockan|\.)?\s*)?(?P<start>\d{1,2}[.:]\d{2})\s*(?:-|–|—)\s*(?P<end>\d{1,2}[.:]\d{2})")
_SHORT_DATE = re.compile(r"(?<!\d)(?P<date>\d{6})(?!\d)")
_ISO_DATE = re.compile(r"(?<!\d)(?P<date>\d{4}-\d{2}-\d{2})(?!\d)")
_PROSE_DATE = re.compile(r"(?P<day>\d{1,2})\s+(?P<month>" + "|".join(MONTHS) + r")(?:\s+(?P<year>\d{4}))?", re.IGNORECASE)
_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")
_LIST_HEAD = re.compile(r"^(?P<label>[A-ZÅÄÖ][\wåäö ]*?)\s*:\s*(?P<rest>.*)$")
_NUMBERED_ITEM = re.compile(r"^(?P<number>\d{1,2})\.\s+(?P<title>\S.*)$")
_TIMED_ITEM = re.compile(r"^(?P<time>\d{1,2}[.:]\d{2})\s+(?P<title>\S.*)$")
_DECISION_MARK = re.compile(r"^(?:\*\*)?Beslut(?:\*\*)?:?$")
_CLAUSE = re.compile(r"^(att|Att)\s")
_PAGE_NUMBER = re.compile(r"^(?:[Ss]ida\s+)?\d{1,3}(?:\s*\(\d{1,3}\))?$")
_PRESENCE = re.compile(r"\((?P<kind>från|till)\s+(?:kl(?:ockan|\.)?\s*)?(?P<time>\d{1,2}[.:]\d{2})\)", re.IGNORECASE)
_STRUCK = re.compile(r"^~~(?P<text>.+)~~$")
_SPEAKERS = re.compile(
    rf"^(?P<names>{_NAME}(?:,\s*[A-ZÅÄÖ][\wåäö]+)?(?:(?:,\s*|\s+och\s+){_NAME}(?:,\s*[A-ZÅÄÖ][\wåäö]+)?)*),?\s+(?:{'|'.join(SPEAKING_VERBS)})\b"
)
_LEADER = re.compile(rf"(?P<name>{_NAME}) ledde mötet")
_ATTACHMENT = re.compile(r"(?P<what>[A-ZÅÄÖ][\wåäö ]{0,120}?) bifogas protokollet")  # bounded: searched from every capital letter


class NotImportableError(Exception):
    """A file that cannot be imported; the message says why and what to do."""


@dataclass
class Note:
    """What the importer was unsure of or did, by source line, for the report."""

    line: int
    level: Level
    message: str


@dataclass
class Person:
    """A person as the original lists them."""

    name: str
    place: str | None = None
    present_from: str | None = None
    present_until: str | None = None
    items: list[int] = field(default_factory=list)


@dataclass
class Clause:
    """An 'att' clause with its source line."""

    text: str
    line: int


@dataclass
class DraftItem:
    """An agenda item as read from the original."""

    title: str
    line: int
    number: str | None = None
    time: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)  # paragraphs after "Beslut": clauses and Medskick


@dataclass
class Imported:
    """Everything read from one original, ready to be written as a draft."""

    source: str
    body: str = ""
    number: str | None = None
    date: dt.date | None = None
    start: str | None = None
    end: str | None = None
    place: str | None = None
    contact: str | None = None
    chair: str | None = None
    meeting_leader: str | None = None
    secretary: str | None = None
    adjusters: list[str] = field(default_factory=list)
    present: list[Person] = field(default_factory=list)
    absent: list[Person] = field(default_factory=list)
    guests: list[Person] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    signatures: list[tuple[str, str]] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)
    items: list[DraftItem] = field(default_factory=list)
    editorial_notes: list[str] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


# --- reading ------------------------------------------------------------------------------------


def read_source(path: Path, strings: Strings) -> list[str]:
    """The file's text as lines. Raises NotImportableError for what cannot be read."""
    if not path.is_file():
        raise NotImportableError(strings("messages.import_missing", path=path))
    suffix = path.suffix.lower()
    limit = {".docx": MAX_DOCX_BYTES, ".pdf": MAX_PDF_BYTES}.get(suffix, MAX_TEXT_BYTES)
    if path.stat().st_size > limit:
        raise NotImportableError(strings("messages.import_too_large", size=_megabytes(path.stat().st_size), limit=_megabytes(limit)))
    if suffix == ".docx":
        lines = _read_docx(path, strings)
    elif suffix == ".pdf":
        lines = _read_pdf(path, strings)
    elif suffix in (".txt", ".md", ""):
        lines = _read_text(path, strings)
    else:
        raise NotImportableError(strings("messages.import_unknown_type", suffix=suffix or path.name))
    if not any(line.strip() for line in lines):
        raise NotImportableError(strings("messages.import_empty"))
    size = sum(len(line) + 1 for line in lines)
    if size > MAX_TEXT_BYTES:
        raise NotImportableError(strings("messages.import_text_too_large", size=_megabytes(size), limit=_megabytes(MAX_TEXT_BYTES)))
    return lines


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f}".replace(".", ",")


def _read_text(path: Path, strings: Strings) -> list[str]:
    raw = path.read_bytes()
    if b"\0" in raw[:8192]:
        raise NotImportableError(strings("messages.import_binary"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # older Word exports; the review will show oddities
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _read_docx(path: Path, strings: Strings) -> list[str]:
    import zipfile

    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_DOCX_UNPACKED_BYTES:
            raise NotImportableError(
                strings("messages.import_unpacks_too_large", size=_megabytes(unpacked), limit=_megabytes(MAX_DOCX_UNPACKED_BYTES))
            )
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError, OSError) as error:
        raise NotImportableError(strings("messages.import_bad_file", kind="Word", detail=error)) from None
    lines = []
    for paragraph in document.paragraphs:
        runs = [(run.text, bool(run.font.strike)) for run in paragraph.runs]
        text = "".join(t for t, _ in runs)
        struck = [t for t, s in runs if s and t.strip()]
        if struck and "".join(struck).strip() == text.strip():
            text = f"~~{text.strip()}~~"  # a struck-out attendee means absent
        lines.append(text)
    return lines


def _read_pdf(path: Path, strings: Strings) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text(extraction_mode="layout") for page in reader.pages]
    except (PdfReadError, ValueError, OSError) as error:
        raise NotImportableError(strings("messages.import_bad_file", kind="PDF", detail=error)) from None
    if not any(page.strip() for page in pages):
        raise NotImportableError(strings("messages.import_pdf_without_text"))
    lines: list[str] = []
    for page in pages:
        previous_blank = False
        for line in page.split("\n"):
            blank = not line.strip()
            if not (blank and previous_blank):  # layout mode repeats blank lines for vertical space
                lines.append(line.strip())
            previous_blank = blank
        lines.append("")
    return lines


# --- parsing ------------------------------------------------------------------------------------


@dataclass
class _Line:
    number: int
    text: str


class _Parser:
    def __init__(self, source: str, lines: list[str], registers: Registers, strings: Strings, body: str | None) -> None:
        self.result = Imported(source)
        self.registers = registers
        self.strings = strings
        self.body_hint = body
        self.lines = [_Line(n, line.strip()) for n, line in enumerate(lines, start=1)]
        self._date_text = ""
        self._pending_prose: tuple[re.Match[str], int] | None = None
        self._struck = False

    # reporting
    def note(self, line: int, key: str, level: Level = Level.WARNING, /, **values: object) -> None:
        self.result.notes.append(Note(line, level, self.strings(f"messages.{key}", **values)))

    def parse(self) -> Imported:
        lines = self._drop_page_artifacts(self.lines)
        lines = self._join_continuations(lines)
        lines, signatures = self._split_signatures(lines)
        self.result.signatures = signatures
        position = self._header(lines)
        self._body(lines[position:])
        self._guests_and_roles()
        self._check()
        return self.result

    def _drop_page_artifacts(self, lines: list[_Line]) -> list[_Line]:
        """Page numbers and running headers that the original's page breaks left in the text."""
        content = [line for line in lines if line.text and not _PAGE_NUMBER.match(line.text)]
        title = content[0].text if content else ""
        kept: list[_Line] = []
        for line in lines:
            if line.text and _PAGE_NUMBER.match(line.text):
                self.note(line.number, "import_page_number", Level.INFO, text=line.text)
                continue
            if line.text and line.text == title and content and line is not content[0]:
                self.note(line.number, "import_running_header", Level.INFO, text=line.text)
                continue
            kept.append(line)
        return kept

    def _is_name(self, text: str) -> bool:
        return bool(self.registers.person_by_name(text)) or bool(re.fullmatch(_NAME, text))

    def _join_continuations(self, lines: list[_Line]) -> list[_Line]:
        """A line that goes on in lower case continues the previous line (a clause broken by a page break)."""
        joined: list[_Line] = []
        for line in lines:
            if not line.text:
                joined.append(line)
                continue
            previous = next((p for p in reversed(joined) if p.text), None)
            starts_lower = bool(re.match(r"^[\"”'»]?[a-zåäö]", line.text)) and not _CLAUSE.match(line.text)
            if (
                previous is not None
                and starts_lower
                and not re.search(r"[.:!?]$", previous.text)
                and not self._is_name(previous.text)
                and len(previous.text) > 40
            ):
                previous.text = f"{previous.text} {line.text}"
                self.note(line.number, "import_joined", Level.INFO, previous=previous.number)
                # blank lines between the two parts are dropped with the join
                while joined and not joined[-1].text:
                    joined.pop()
                continue
            joined.append(_Line(line.number, line.text))
        return joined

    def _split_signatures(self, lines: list[_Line]) -> tuple[list[_Line], list[tuple[str, str]]]:
        """Name and title pairs at the very end ("Palle Lundberg" / "ordförande")."""
        content = [line for line in lines if line.text]
        signatures: list[tuple[str, str]] = []
        cut = len(content)
        while cut >= 2:
            name, title = content[cut - 2], content[cut - 1]
            if self._is_name(name.text) and re.fullmatch(r"[a-zåäö][\wåäö ,-]{2,60}", title.text):
                signatures.insert(0, (name.text, title.text))
                cut -= 2
            else:
                break
        if not signatures:
            return lines, []
        first_signature_line = content[cut].number
        return [line for line in lines if line.number < first_signature_line], signatures

    # header -------------------------------------------------------------------------------

    def _header(self, lines: list[_Line]) -> int:
        """Reads title, date, time, place and attendance; returns the index of the first item line."""
        result = self.result
        content = [(i, line) for i, line in enumerate(lines) if line.text]
        if not content:
            return len(lines)
        title = content[0][1]
        self._title(title)
        list_kind: str | None = None
        index = content[0][0] + 1
        while index < len(lines):
            line = lines[index]
            text = line.text
            if not text:
                index += 1
                continue
            if self._item_start(text, header=True):
                break
            if match := _PLACE_AND_DATE.match(text):
                self._set_date(self._short_date(match.group("date")), line.number, match.group("date"))
                list_kind = None
            elif match := _TIME_PLACE.match(text):
                self._time_and_place(match.group("rest"), line.number)
                list_kind = None
            elif _EMAIL.match(text):
                result.contact = text
                list_kind = None
            elif (match := _LIST_HEAD.match(text)) and (kind := self._list_kind(match.group("label"))):
                list_kind = kind
                if match.group("rest").strip():
                    self._inline_list(kind, match.group("rest"), line.number)
                    list_kind = None
            elif list_kind is not None and self._looks_like_entry(text):
                self._entry(list_kind, text, line.number)
            else:
                list_kind = None
                result.preamble.append(text)
            index += 1
        if self._pending_prose and self.result.date is not None:
            self._prose_date(*self._pending_prose)
        return index

    def _title(self, line: _Line) -> None:
        result = self.result
        if match := _NUMBER_IN_TITLE.search(line.text):
            result.number = match.group("number")
        result.body = self.body_hint or self._body_from(line.text) or ""
        if not result.body:
            raise NotImportableError(self.strings("messages.import_no_body", known=", ".join(self.registers.bodies)))
        if self.body_hint and self.body_hint not in self.registers.bodies:
            suggestion = closest(self.body_hint, list(self.registers.bodies))
            raise NotImportableError(self.strings("messages.unknown_body_suggest", name=self.body_hint, suggestion=suggestion or "?"))

    def _body_from(self, title: str) -> str | None:
        folded = title.casefold()
        for slug, body in self.registers.bodies.items():
            stems = [body.name.casefold().rstrip("n")[:-2], *(word.casefold() for word in body.reference_words if word != "protokoll")]
            if any(stem and stem in folded for stem in stems):
                return slug
        return None

    def _short_date(self, digits: str) -> dt.date | None:
        two = int(digits[:2])
        this_year = dt.date.today().year
        year = 2000 + two if 2000 + two <= this_year + 1 else 1900 + two
        try:
            return dt.date(year, int(digits[2:4]), int(digits[4:6]))
        except ValueError:
            return None

    def _set_date(self, date: dt.date | None, line: int, text: str) -> None:
        if date is None:
            self.note(line, "import_bad_date", text=text)
            return
        if self.result.date is None:
            self.result.date = date
            self._date_text = text
        elif self.result.date != date:
            self.note(line, "import_date_conflict", text=text, date=self.result.date.isoformat())

    def _time_and_place(self, rest: str, line: int) -> None:
        result = self.result
        if match := _TIME_RANGE.search(rest):
            result.start, result.end = normalise_time(match.group("start")), normalise_time(match.group("end"))
        date_match = _SHORT_DATE.search(rest) or _ISO_DATE.search(rest)
        if date_match:
            text = date_match.group("date")
            self._set_date(dt.date.fromisoformat(text) if "-" in text else self._short_date(text), line, text)
        prose = _PROSE_DATE.search(rest)
        if prose:
            self._prose_date(prose, line)
        # the place: after "på", or what remains once date and time are taken out
        place_match = re.search(r"\bpå\s+(?P<place>.+?)\.?$", rest)
        if place_match:
            place = place_match.group("place")
        else:
            place = _TIME_RANGE.sub("", rest)
            place = _SHORT_DATE.sub("", _ISO_DATE.sub("", place))
            place = re.sub(r"\bkl(?:ockan|\.)?\b", "", place)
            place = re.sub(r"^[\s,.]+|[\s,.]+$", "", re.sub(r"\s{2,}", " ", place))
        if place:
            result.place = place
        else:
            self.note(line, "import_no_place")

    def _prose_date(self, match: re.Match[str], line: int) -> None:
        day, month = int(match.group("day")), MONTHS.index(match.group("month").lower()) + 1
        result = self.result
        year = int(match.group("year")) if match.group("year") else (result.date.year if result.date else None)
        if year is None:
            self._pending_prose = (match, line)
            return
        try:
            date = dt.date(year, month, day)
        except ValueError:
            self.note(line, "import_bad_date", text=match.group(0))
            return
        if result.date is None:
            result.date = date
            self._date_text = match.group(0)
        elif result.date != date:
            self.note(line, "import_date_contradiction", text=match.group(0), header=self._date_text, date=result.date.isoformat())
            result.editorial_notes.append(
                self.strings("messages.import_note_date", text=match.group(0), header=self._date_text, date=result.date.isoformat())
            )

    def _list_kind(self, label: str) -> str | None:
        folded = label.casefold()
        if folded.startswith(("närvarande", "deltagare")):
            return "present"
        if folded.startswith(("anmält förhinder", "frånvarande", "förhinder")):
            return "absent"
        if folded.startswith(("övriga närvarande", "övriga deltagare", "gäster", "föredragande")):
            return "guests"
        if folded.startswith("justerare"):
            return "adjusters"
        if folded.startswith("ordförande"):
            return "chair"
        if folded.startswith(("sekreterare", "protokollförare")):
            return "secretary"
        return None

    def _looks_like_entry(self, text: str) -> bool:
        bare = _STRUCK.sub(r"\g<text>", text)
        return len(bare) <= 80 and not re.search(r"[.!?]$", bare) and bool(re.match(_NAME, bare))

    def _entry(self, kind: str, text: str, line: int) -> None:
        struck = _STRUCK.match(text)
        bare = struck.group("text") if struck else text
        if kind == "present" and struck:
            kind = "absent"
            self.note(line, "import_struck", Level.INFO, text=bare)
            self._struck = True
        parts = [part.strip() for part in bare.split(",") if part.strip()]
        person = self._person(parts[0], line)
        if len(parts) > 1:
            person.place = self._place(", ".join(parts[1:]), line)
        self._add(kind, person, line)

    def _inline_list(self, kind: str, text: str, line: int) -> None:
        """'Palle Lundberg (från klockan 09.20), Helsingborg, Christian Alexandersson, Landskrona, …'"""
        text = text.strip().rstrip(".")
        if kind in ("chair", "secretary", "adjusters"):
            for name in re.split(r",\s*|\s+och\s+", text):
                self._add(kind, self._person(name.strip(), line), line)
            return
        pending: Person | None = None
        for token in [t.strip() for t in text.split(",") if t.strip()]:
            presence = list(_PRESENCE.finditer(token))
            bare = _PRESENCE.sub("", token).strip()
            place = self._place_or_none(bare)
            if place and not presence and pending is not None and pending.place is None:
                pending.place = place
                if place != bare:
                    self._normalised_place(bare, place, line)
                continue
            if place and not presence:
                self.note(line, "import_list_unsplit", text=token)
                continue
            pending = self._person(bare, line)
            for match in presence:
                time = normalise_time(match.group("time"))
                if match.group("kind").lower() == "från":
                    pending.present_from = time
                else:
                    pending.present_until = time
            self._add(kind, pending, line)
        for person in self._list(kind):
            if person.place is None and not self.registers.person_by_name(person.name):
                self.note(line, "import_no_place_for", name=person.name)

    def _list(self, kind: str) -> list[Person]:
        return {"present": self.result.present, "absent": self.result.absent, "guests": self.result.guests}.get(kind, [])

    def _add(self, kind: str, person: Person, line: int) -> None:
        if kind in ("present", "absent", "guests"):
            self._list(kind).append(person)
        elif kind == "adjusters":
            self.result.adjusters.append(person.name)
        elif kind == "chair":
            self.result.chair = person.name
        elif kind == "secretary":
            self.result.secretary = person.name

    def _person(self, name: str, line: int) -> Person:
        name = re.sub(r"\s{2,}", " ", name.strip())
        if not self.registers.person_by_name(name):
            suggestion = closest(name, [p.name for p in self.registers.people.values()])
            if suggestion:
                self.note(line, "import_person_suggest", name=name, suggestion=suggestion)
            else:
                self.note(line, "import_new_person", name=name)
        return Person(name)

    def _place_or_none(self, text: str) -> str | None:
        """A municipality or organisation named by `text`, allowing a misspelling of a municipality."""
        registers = self.registers
        if municipality := registers.municipality_by_name(text):
            return municipality.name
        if registers.organisation_by_name(text):
            return text  # written as the source has it; the register's aliases resolve it
        if " " not in text:
            return closest(text, [m.name for m in registers.municipalities.values()])
        return None

    def _place(self, text: str, line: int) -> str:
        place = self._place_or_none(text)
        if place is None:
            self.note(line, "import_unknown_place", text=text)
            return text
        if place != text and self.registers.municipality_by_name(place) and not self.registers.organisation_by_name(text):
            self._normalised_place(text, place, line)
        return place

    def _normalised_place(self, original: str, place: str, line: int) -> None:
        self.note(line, "import_place_normalised", text=original, place=place)
        note = self.strings("messages.import_note_spelling", text=original, place=place)
        if note not in self.result.editorial_notes:
            self.result.editorial_notes.append(note)

    # body ---------------------------------------------------------------------------------

    def _item_start(self, text: str, header: bool = False) -> DraftItem | None:
        if (match := _NUMBERED_ITEM.match(text)) and not re.search(r"\d{6}", text[:10]):
            return DraftItem(_strip_bold(match.group("title")), 0, number=match.group("number"))
        if match := _TIMED_ITEM.match(text):
            title = match.group("title")
            return DraftItem(title, 0, time=match.group("time"))
        return None

    def _body(self, lines: list[_Line]) -> None:
        result = self.result
        numbered = any(_NUMBERED_ITEM.match(line.text) for line in lines if line.text)
        item: DraftItem | None = None
        in_decision = False
        marked: set[int] = set()  # items with a "Beslut" line
        # Lines of a paragraph that goes on over several lines, joined at the end: joining as they come
        # copies the paragraph once per line.
        continued: dict[tuple[int, int], list[str]] = {}
        for index, line in enumerate(lines):
            text = line.text
            if not text:
                continue
            start = self._item_start(text)
            if start is None and not numbered and item is not None and self._looks_like_heading(lines, index):
                start = DraftItem(text, 0)
            if start is not None:
                start.line = line.number
                item = self._begin_item(start)
                in_decision = False
                continue
            if item is None:
                result.preamble.append(text)
                continue
            if _DECISION_MARK.match(text):
                if in_decision:
                    self.note(line.number, "import_decision_twice", item=item.title)
                in_decision = True
                marked.add(id(item))
                continue
            if _CLAUSE.match(text):
                if not in_decision:
                    self.note(line.number, "import_clause_without_decision", item=item.title)
                    in_decision = True
                item.decisions.append(text)
                continue
            if in_decision and text.startswith("Medskick"):
                item.decisions.append(text)
                continue
            if in_decision:
                self.note(line.number, "import_text_after_decision", item=item.title)
                item.paragraphs.append(text)
                continue
            previous = lines[index - 1] if index else None
            if item.paragraphs and previous is not None and previous.text:
                # a line break inside a paragraph, kept as in the original
                continued.setdefault((id(item), len(item.paragraphs) - 1), [item.paragraphs[-1]]).append(text)
            else:
                item.paragraphs.append(text)
        for draft_item in result.items:
            for number in range(len(draft_item.paragraphs)):
                if (id(draft_item), number) in continued:
                    draft_item.paragraphs[number] = "\n".join(continued[(id(draft_item), number)])
            if not draft_item.decisions and id(draft_item) in marked:
                self.note(draft_item.line, "import_decision_not_found", item=draft_item.title)

    def _looks_like_heading(self, lines: list[_Line], index: int) -> bool:
        """An unnumbered agenda item: a short line without closing punctuation, followed by text."""
        text = lines[index].text
        if len(text) > 80 or re.search(r"[.:;,!?]$", text) or not re.match(r"^[A-ZÅÄÖ*]", text):
            return False
        if _DECISION_MARK.match(text) or _CLAUSE.match(text) or text.startswith("Medskick"):
            return False
        following = next((line for line in lines[index + 1 :] if line.text), None)
        return following is not None and not _DECISION_MARK.match(following.text)

    def _begin_item(self, item: DraftItem) -> DraftItem:
        title = item.title
        if bold := re.match(r"^\*\*(?P<title>.+?)\*\*\s*(?P<rest>.*)$", title):
            item.title, rest = bold.group("title"), bold.group("rest")
        elif item.time and ". " in title:
            item.title, rest = title.split(". ", 1)
        else:
            item.title, rest = title.rstrip("."), ""
        if rest:
            item.paragraphs.append(rest)
        self.result.items.append(item)
        return item

    # people who spoke, led or signed ------------------------------------------------------

    def _guests_and_roles(self) -> None:
        result = self.result
        listed = {p.name for p in result.present + result.absent}
        for ordinal, item in enumerate(result.items, start=1):
            for paragraph in item.paragraphs:
                if match := _SPEAKERS.match(paragraph):
                    for part in re.split(r"\s+och\s+|,\s*(?=[A-ZÅÄÖ][a-zåäö]+ [A-ZÅÄÖ])", match.group("names")):
                        pieces = [p.strip() for p in part.split(",") if p.strip()]
                        name = pieces[0]
                        if name in listed:
                            continue
                        guest = next((g for g in result.guests if g.name == name), None)
                        if guest is None:
                            guest = self._person(name, item.line)
                            if len(pieces) > 1:
                                guest.place = self._place_or_none(pieces[1])
                            result.guests.append(guest)
                            self.note(item.line, "import_guest", Level.INFO, name=name, item=ordinal)
                        if ordinal not in guest.items:
                            guest.items.append(ordinal)
                if not result.meeting_leader and (leader := _LEADER.search(paragraph)):
                    result.meeting_leader = leader.group("name")
                if attachment := _ATTACHMENT.search(paragraph):
                    result.attachments.append(f"{attachment.group('what')}, punkt {ordinal}")
        for name, title in result.signatures:
            if title.casefold().startswith("ordförande") and not result.chair:
                result.chair = name
            if title.casefold().startswith(("sekreterare", "protokollförare")) and not result.secretary:
                result.secretary = name
        if self._struck:
            result.editorial_notes.append(self.strings("messages.import_note_struck"))

    def _check(self) -> None:
        result = self.result
        if result.date is None:
            raise NotImportableError(self.strings("messages.import_no_date"))
        if not result.items:
            self.note(1, "import_no_items")
        if not result.present:
            self.note(1, "import_no_attendance")
        if result.number and int(result.number.split("/")[1]) != result.date.year:
            self.note(1, "import_number_year", number=result.number, year=result.date.year)


def _strip_bold(text: str) -> str:
    return re.sub(r"^\*\*(.+)\*\*$", r"\1", text.strip())


def parse_source(source: str, lines: list[str], registers: Registers, strings: Strings, body: str | None = None) -> Imported:
    """Read an original's lines into an `Imported`; raises NotImportableError when it cannot be imported."""
    return _Parser(source, lines, registers, strings, body).parse()


# --- writing ------------------------------------------------------------------------------------


def _person_line(person: Person, guest: bool = False) -> str:
    parts = [person.name]
    if person.place:
        parts.append(person.place)
    if person.present_from:
        parts.append(f"från {person.present_from.replace(':', '.')}")
    if person.present_until:
        parts.append(f"till {person.present_until.replace(':', '.')}")
    if guest and person.items:
        parts.append("punkt " + " och ".join(str(n) for n in person.items))
    return ", ".join(parts)


def render_draft(imported: Imported, strings: Strings, imported_on: dt.date) -> str:
    """The draft protocol file of an import, written by the format's writer."""
    result = imported
    assert result.date is not None
    fields: dict[str, object] = {"organ": result.body}
    if result.number:
        fields["nummer"] = result.number
    fields["datum"] = result.date
    if result.start and result.end:
        fields["tid"] = f"{result.start.replace(':', '.')}–{result.end.replace(':', '.')}"
    fields["plats"] = result.place or strings("ui.draft_fill_in")
    fields["status"] = Status.DRAFT.value
    for key, value in (
        ("ordförande", result.chair),
        ("mötesledare", result.meeting_leader),
        ("sekreterare", result.secretary),
        ("kontakt", result.contact),
    ):
        if value:
            fields[key] = value
    for key, people, guest in (
        ("närvarande", result.present, False),
        ("frånvarande", result.absent, False),
        ("gäster", result.guests, True),
    ):
        if people:
            fields[key] = [_person_line(p, guest) for p in people]
    if result.attachments:
        fields["bilagor"] = list(result.attachments)
    if result.signatures:
        fields["underskrifter"] = [f"{name}, {title}" for name, title in result.signatures]
    fields["anmärkningar"] = [
        strings("messages.import_note_source", source=Path(result.source).name, date=imported_on.isoformat()),
        *result.editorial_notes,
    ]
    blocks: list[str] = []
    if result.preamble:
        blocks.append("\n\n".join(result.preamble))
    for item in result.items:
        heading = f"{item.number}. {item.title}" if item.number else f"{item.time} {item.title}" if item.time else item.title
        blocks.append(f"## {heading}")
        blocks += item.paragraphs
        if item.decisions:
            blocks.append("Beslut")
            blocks += item.decisions
    return protocol_text(fields, "\n\n".join(blocks))

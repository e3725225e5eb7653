"""The language of Swedish minutes, as the importer reads it: section labels, dates, times of day,
item numbers and references to items, item headings and the words that introduce decisions.

Each pattern is a way secretaries write; none is tuned to one file. Everything here is pure text in,
values out, so the rules can be read (and tested) one at a time."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum

MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december")
_MONTH_NAMES = {name: number for number, name in enumerate(MONTHS, start=1)}
_MONTH_NAMES |= {name[:3]: number for name, number in list(_MONTH_NAMES.items())}
_MONTH_NAMES |= {"sept": 9}


class Section(Enum):
    """What a labelled part of a protocol's head holds."""

    PRESENT = "present"
    GUESTS = "guests"
    ABSENT = "absent"
    EXCUSED = "excused"  # absent having sent word
    CHAIR = "chair"
    SECRETARY = "secretary"
    ADJUSTERS = "adjusters"
    SIGNATURES = "signatures"
    TIME = "time"
    PLACE = "place"
    TIME_AND_PLACE = "time_and_place"
    DATE = "date"
    PARAGRAPHS = "paragraphs"  # "Paragrafer 1–3": the items' numbers, which the items themselves give
    AGENDA = "agenda"  # "Dagordning" and the items listed below it, which the protocol then goes through


# Longest first: "Övriga närvarande" before "Närvarande", "Tid och plats" before "Tid".
SECTION_LABELS: tuple[tuple[str, Section], ...] = (
    ("närvarande tjänstepersoner", Section.PRESENT),
    ("närvarande tjänstemän", Section.PRESENT),
    ("närvarande ledamöter", Section.PRESENT),
    ("närvarande kommundirektörer", Section.PRESENT),
    ("närvarande ersättare", Section.PRESENT),
    ("tjänstepersoner", Section.PRESENT),
    ("tjänstemän", Section.PRESENT),
    ("ersättare", Section.PRESENT),
    ("övriga närvarande", Section.GUESTS),
    ("övriga deltagare", Section.GUESTS),
    ("övriga deltagande", Section.GUESTS),
    ("beslutande ledamöter", Section.PRESENT),
    ("beslutande", Section.PRESENT),
    ("utses att justera", Section.ADJUSTERS),
    ("sammanträdesdatum", Section.DATE),
    ("mötesdatum", Section.DATE),
    ("paragrafer", Section.PARAGRAPHS),
    ("dagordning", Section.AGENDA),
    ("föredragningslista", Section.AGENDA),
    ("ärendelista", Section.AGENDA),
    ("anmält förhinder", Section.EXCUSED),
    ("ej närvarande", Section.ABSENT),
    ("frånvarande", Section.ABSENT),
    ("förhinder", Section.EXCUSED),
    ("närvarande", Section.PRESENT),
    ("deltagare", Section.PRESENT),
    ("adjungerade", Section.GUESTS),
    ("adjungerad", Section.GUESTS),
    ("föredragande", Section.GUESTS),
    ("gäster", Section.GUESTS),
    ("ordförande", Section.CHAIR),
    ("vid protokollet", Section.SECRETARY),
    ("protokollförare", Section.SECRETARY),
    ("antecknat av", Section.SECRETARY),
    ("antecknad av", Section.SECRETARY),
    ("antecknare", Section.SECRETARY),
    ("mötessekreterare", Section.SECRETARY),
    ("sekreterare", Section.SECRETARY),
    ("justerare", Section.ADJUSTERS),
    ("justeras", Section.ADJUSTERS),
    ("underskrifter", Section.SIGNATURES),
    ("tid och plats", Section.TIME_AND_PLACE),
    ("plats och tid", Section.TIME_AND_PLACE),
    ("tid/plats", Section.TIME_AND_PLACE),
    ("plats/tid", Section.TIME_AND_PLACE),
    ("tid", Section.TIME),
    ("plats", Section.PLACE),
    ("datum", Section.DATE),
)
# A role written beside a name in a list of attendees ("Palle Lundberg, Helsingborg, ordförande")
ROLE_WORDS = {
    "ordförande": Section.CHAIR,
    "ordf.": Section.CHAIR,
    "ordf": Section.CHAIR,
    "sekr.": Section.SECRETARY,
    "sekr": Section.SECRETARY,
    "sekreterare": Section.SECRETARY,
    "mötessekreterare": Section.SECRETARY,
    "protokollförare": Section.SECRETARY,
    "justerare": Section.ADJUSTERS,
}
_SECTION = re.compile(
    r"^\**(?P<label>" + "|".join(re.escape(label) for label, _ in SECTION_LABELS) + r")\**\s*(?::\s*(?P<rest>.*)|$)",
    re.IGNORECASE,
)
_SECTIONS = {label: section for label, section in SECTION_LABELS}


def section(line: str) -> tuple[Section, str] | None:
    """('Närvarande: Anna Berg, Bjuv' ->) the section and what follows the label on its line."""
    match = _SECTION.match(line.strip())
    if not match:
        return None
    return _SECTIONS[match.group("label").casefold()], (match.group("rest") or "").strip()


# --- times of day -------------------------------------------------------------------------------------

_TIME = r"(?:kl(?:ockan|\.)?\s*)?(?P<hour>[01]?\d|2[0-3])(?:[.:](?P<minute>[0-5]\d))?"
TIME = re.compile(rf"(?<![\d.:]){_TIME}(?![\d:]|\.\d)", re.IGNORECASE)
_CLOCK_WORD = re.compile(r"\bkl(?:ockan|\.)?\s*$|\bkl(?:ockan|\.)?\s+(?=\d)", re.IGNORECASE)
TIME_RANGE = re.compile(
    r"(?<![\d.:/-])(?:kl(?:ockan|\.)?\s*)?(?P<start>(?:[01]?\d|2[0-3])(?:[.:][0-5]\d)?)\s*(?:-|–|—|till)\s*(?:kl(?:ockan|\.)?\s*)?(?P<end>(?:[01]?\d|2[0-3])(?:[.:][0-5]\d)?)(?![\d])",
    re.IGNORECASE,
)


def time_of_day(text: str) -> str | None:
    """'9.20', '09:20', 'kl 9', 'klockan 09.20' -> '09:20'; None when `text` is not a time."""
    match = re.fullmatch(r"\s*" + _TIME + r"\s*", text, re.IGNORECASE)
    if not match:
        return None
    if match.group("minute") is None and not _CLOCK_WORD.search(text):
        return None  # a bare number is a time only after "kl"
    return f"{int(match.group('hour')):02d}:{match.group('minute') or '00'}"


def time_range(text: str) -> tuple[str, str] | None:
    """'kl. 08.35-11.40', '13.00–13.45', 'kl 10–11' -> ('08:35', '11:40'); a range needs minutes or 'kl'."""
    for match in TIME_RANGE.finditer(text):
        start, end = match.group("start"), match.group("end")
        clock = bool(re.match(r"kl", match.group(0), re.IGNORECASE))
        if not clock and not re.search(r"[.:]", start):
            continue  # "2021-03": numbers, not times
        start_time = time_of_day(("kl " if clock or not re.search(r"[.:]", start) else "") + start)
        end_time = time_of_day(("kl " if clock or not re.search(r"[.:]", end) else "") + end)
        if start_time and end_time and end_time > start_time:
            return start_time, end_time
    return None


# --- dates -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FoundDate:
    """A date found in text: the date, the text it was written as and where."""

    date: dt.date
    text: str
    start: int


_ISO = re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)")
_SHORT = re.compile(r"(?<![\d/.-])(?P<y>\d{2})(?P<m>\d{2})(?P<d>\d{2})(?![\d/.-])")
_SLASHED = re.compile(r"(?<![\d/])(?P<d>\d{1,2})/(?P<m>\d{1,2})(?:\s*|-)(?P<y>\d{4})(?!\d)")
_PROSE = re.compile(
    r"(?:\bden\s+)?(?<!\d)(?P<d>\d{1,2})(?::e|:a)?\s+(?P<month>"
    + "|".join(sorted(_MONTH_NAMES, key=len, reverse=True))
    + r")\.?(?:\s+(?P<y>\d{4}))?\b",
    re.IGNORECASE,
)


def _century(two_digits: int, around: int) -> int:
    return min((1900 + two_digits, 2000 + two_digits), key=lambda year: abs(year - around))


def dates(text: str, around: int | None = None) -> list[FoundDate]:
    """Every date in `text`: '200117' (YYMMDD, in the century nearest `around`), '2020-01-17',
    '17 januari 2020', '17 jan. 2020', '17/1 2020'. A date without a year ('26 juni') takes `around`."""
    around = around or dt.date.today().year
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []

    def add(match: re.Match[str], year: int, month: int, day: int) -> None:
        if any(start < match.end() and match.start() < end for start, end in taken):
            return
        try:
            found.append(FoundDate(dt.date(year, month, day), match.group(0).strip(), match.start()))
            taken.append(match.span())
        except ValueError:
            pass

    for match in _ISO.finditer(text):
        add(match, int(match.group("y")), int(match.group("m")), int(match.group("d")))
    for match in _PROSE.finditer(text):
        year = int(match.group("y")) if match.group("y") else around
        add(match, year, _MONTH_NAMES[match.group("month").casefold()], int(match.group("d")))
    for match in _SLASHED.finditer(text):
        add(match, int(match.group("y")), int(match.group("m")), int(match.group("d")))
    for match in _SHORT.finditer(text):
        add(match, _century(int(match.group("y")), around), int(match.group("m")), int(match.group("d")))
    return sorted(found, key=lambda f: f.start)


def has_year(found: FoundDate) -> bool:
    """Whether the date was written with its year (a '26 juni' takes the year of the protocol)."""
    return bool(re.search(r"\d{4}|^\d{6}$", found.text))


# --- items: headings and references ------------------------------------------------------------------

ITEM_HEADING = re.compile(
    r"^\**(?:§\s*(?P<paragraph>\d{1,3})[.:]?|(?:punkt|ärende|p\.?)\s+(?P<word>\d{1,3})[.:]?|(?P<plain>\d{1,3})[.)])\**\s+(?P<title>\S.*)$",
    re.IGNORECASE,
)


def heading_number(match: re.Match[str]) -> int:
    """The number of an item heading matched by ITEM_HEADING."""
    return int(match.group("paragraph") or match.group("word") or match.group("plain"))


TIMED_HEADING = re.compile(r"^(?:kl\.?\s*)?(?P<time>(?:[01]?\d|2[0-3])[.:][0-5]\d)\s+(?P<title>\S.*)$", re.IGNORECASE)

_ITEM_WORD = r"(?:§§?|punkt(?:erna)?|pkt\.?|p\.)"
_NUMBER_LIST = r"\d{1,3}(?:\s*(?:-|–|—)\s*\d{1,3})?(?:\s*(?:,|och|&|samt)\s*\d{1,3}(?:\s*(?:-|–|—)\s*\d{1,3})?)*"
ITEM_REFERENCE = re.compile(
    rf"(?P<not>\bej\s+|\binte\s+(?:vid\s+)?|\butom\s+)?(?P<from>\bfr(?:\.\s*o\.\s*m\.|ån\s+och\s+med|ån)\s+)?(?P<until>\bt(?:\.\s*o\.\s*m\.|ill\s+och\s+med)\s+)?{_ITEM_WORD}\s*(?P<numbers>{_NUMBER_LIST})",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ItemReference:
    """'§ 2–4' -> numbers (2, 3, 4); 'fr.o.m. punkt 3' -> from_number 3; 'ej § 5' -> excluded."""

    numbers: tuple[int, ...]
    excluded: bool = False
    from_number: int | None = None
    until_number: int | None = None


def item_numbers(text: str) -> tuple[int, ...]:
    """'2, 3 och 5' -> (2, 3, 5); '2–4' -> (2, 3, 4)."""
    numbers: list[int] = []
    for part in re.split(r"\s*(?:,|och|&|samt)\s*", text.strip()):
        bounds = [int(n) for n in re.split(r"\s*(?:-|–|—)\s*", part) if n]
        if len(bounds) == 2 and bounds[0] <= bounds[1] <= bounds[0] + 50:
            numbers += range(bounds[0], bounds[1] + 1)
        elif bounds:
            numbers.append(bounds[0])
    return tuple(dict.fromkeys(numbers))


def item_reference(text: str) -> ItemReference | None:
    """The items a remark such as '(§ 2–4)', '(ej § 5)' or '(fr.o.m. punkt 3)' names."""
    match = ITEM_REFERENCE.search(text)
    if not match:
        return None
    numbers = item_numbers(match.group("numbers"))
    if match.group("from"):
        return ItemReference((), from_number=numbers[0])
    if match.group("until"):
        return ItemReference((), until_number=numbers[-1])
    return ItemReference(numbers, excluded=bool(match.group("not")))


# --- decisions ------------------------------------------------------------------------------------------

DECISION_INTRO = re.compile(
    r"^\**(?:beslutades|beslöts|beslut|[A-ZÅÄÖa-zåäö][\wåäö-]+\s+(?:beslutar|beslutade|beslöt))\b\**"
    r"\s*(?:[:.–-]\s*)?(?P<rest>.*)$",
    re.IGNORECASE,
)
CLAUSE = re.compile(r"^(?:[-–•*]\s+)?(?P<clause>[Aa]tt\s+\S.*)$")
ADDENDUM = re.compile(r"^(?:[-–•*]\s+)?(?P<addendum>Medskick\b.*)$")
_CLAUSE_SPLIT = re.compile(r"(?<=[.;,])\s+(?=att\s)")


def decision_intro(line: str) -> str | None:
    """What follows 'Beslut', 'Beslut:', 'Beslutades', 'Gruppen beslutade' on its line ('' if nothing);
    None when the line does not introduce decisions."""
    match = DECISION_INTRO.match(line.strip())
    if not match:
        return None
    rest = match.group("rest").strip()
    if line.strip().lstrip("*")[:1].islower() and rest:
        return None  # "beslut om …" in lower case, going on from the line before, is text
    if rest and not CLAUSE.match(rest) and (inner := decision_intro(rest)) is not None:
        return inner  # "Beslut: Gruppen beslutade att …": the label, then who decided
    return rest


def clauses(text: str) -> list[str]:
    """'att A, att B.' -> ['att A,', 'att B.']: several clauses on one line are several decisions."""
    match = CLAUSE.match(text.strip())
    if not match:
        return []
    return [part.strip() for part in _CLAUSE_SPLIT.split(match.group("clause"))]


# --- page furniture ----------------------------------------------------------------------------------------

# The boxes at the foot of each page of a municipal protocol, where the adjusters initial it
PAGE_FOOTER = re.compile(
    r"^(?:(?:justerandes?|ordförandes|sekreterarens?)\s+(?:sign(?:atur)?|signaturer)\.?|utdragsbestyrkande)"
    r"(?:\s*,\s*(?:(?:justerandes?|ordförandes|sekreterarens?)\s+(?:sign(?:atur)?|signaturer)\.?|utdragsbestyrkande))*$",
    re.IGNORECASE,
)
PAGE_NUMBER = re.compile(
    r"^(?:[-–]\s*)?(?:sida\s+)?\d{1,3}(?:\s*(?:\(\s*\d{1,3}\s*\)|av\s+\d{1,3}|/\s*\d{1,3}))?(?:\s*[-–])?$", re.IGNORECASE
)
HYPHENATED = re.compile(r"(?P<stem>[A-Za-zÅÄÖåäöéü]{2,})-$")

"""The protocol format, in one place: file names, fields and their kinds, statuses and limits.

The parser validates against this table, the guard and `protokoll new`/`import` write with it, and the
format guide (docs/sekretariatet/skriva-protokoll.md) describes it. A field is added here, nowhere else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum, StrEnum


class Status(StrEnum):
    """Where a protocol is in its life: written, then approved (justerat) by the chair and the adjusters."""

    DRAFT = "utkast"
    APPROVED = "justerat"


class Kind(Enum):
    """What a front-matter field holds; the parser has one reader per kind."""

    TEXT = "text"  # one line of plain text
    BODY = "body"  # a body's slug or name from organ.yml
    NUMBER = "number"  # running number/year, "8/2019"
    DATE = "date"  # YYYY-MM-DD
    TIME_RANGE = "time_range"  # "08.35–11.40"
    STATUS = "status"
    APPROVAL = "approval"  # a mapping, see APPROVAL_KEYS
    PERSON = "person"  # a name in personer.yml
    EMAIL = "email"
    PARTICIPANTS = "participants"  # a list of "Name, Place, från 09.20" or mappings
    ATTACHMENTS = "attachments"  # a list of "Name, punkt 2"
    SIGNATURES = "signatures"  # a list of "Name, title"
    NOTES = "notes"  # a list of plain-text paragraphs
    CORRECTIONS = "corrections"  # a list of {datum, text}
    ASSIGNMENTS = "assignments"  # a list of {beslut, ansvarig, senast}


@dataclass(frozen=True)
class Field:
    """A front-matter field: its key, what it holds, whether every protocol has it."""

    key: str
    kind: Kind
    required: bool = False


FIELDS: tuple[Field, ...] = (
    Field("organ", Kind.BODY, required=True),
    Field("nummer", Kind.NUMBER),
    Field("datum", Kind.DATE, required=True),
    Field("tid", Kind.TIME_RANGE, required=True),
    Field("plats", Kind.TEXT, required=True),
    Field("status", Kind.STATUS, required=True),
    Field("justering", Kind.APPROVAL),
    Field("ordförande", Kind.PERSON),
    Field("mötesledare", Kind.PERSON),
    Field("sekreterare", Kind.PERSON),
    Field("kontakt", Kind.EMAIL),
    Field("närvarande", Kind.PARTICIPANTS),
    Field("frånvarande", Kind.PARTICIPANTS),
    Field("anmält förhinder", Kind.PARTICIPANTS),
    Field("gäster", Kind.PARTICIPANTS),
    Field("bilagor", Kind.ATTACHMENTS),
    Field("underskrifter", Kind.SIGNATURES),
    Field("anmärkningar", Kind.NOTES),
    Field("rättelser", Kind.CORRECTIONS),
    Field("uppdrag", Kind.ASSIGNMENTS),
)
FIELD_KEYS: tuple[str, ...] = tuple(f.key for f in FIELDS)
BY_KEY: dict[str, Field] = {f.key: f for f in FIELDS}

PRESENT, ABSENT, EXCUSED, GUESTS = "närvarande", "frånvarande", "anmält förhinder", "gäster"
ABSENCES = (ABSENT, EXCUSED)  # absent, and absent having sent word: the list says which the original said
APPROVAL, CORRECTIONS = "justering", "rättelser"
APPROVAL_KEYS = ("datum", "justerare", "granskning")
# Whose approval justering requires, by role (organ.yml: `justeras av`); by default the chair and the
# adjusters named in the protocol, as Swedish practice has it.
APPROVERS_KEY = "justeras av"
TERMS_KEY = "mandatperioder"  # organ.yml: a body's own terms of office, [{namn, från, till}]
APPROVER_ROLES = ("ordförande", "justerare", "sekreterare", "mötesledare")
DEFAULT_APPROVERS = ("ordförande", "justerare")
# A GitHub user name: letters, digits and single hyphens inside, at most 39 characters.
GITHUB_HANDLE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")
PARTICIPANT_KEYS = ("namn", "kommun", "organisation", "från", "till", "punkter", "ej punkter")
CORRECTION_KEYS = ("datum", "text")
# An assignment (uppdrag): a decision that gives someone a task. `beslut` names the decision as
# "6:2" (item and clause), `ansvarig` the people or municipalities responsible, `senast` the deadline:
# a date, "nästa möte" (the body's next meeting, once the archive has it) or "tills vidare" (none).
ASSIGNMENTS = "uppdrag"
ASSIGNMENT_KEYS = ("beslut", "ansvarig", "senast")
NEXT_MEETING, UNTIL_FURTHER_NOTICE = "nästa möte", "tills vidare"

# --- files -------------------------------------------------------------------------------------

PROTOCOL_SUFFIX = ".md"
BODIES_FILE = "organ.yml"
MUNICIPALITIES_FILE = "kommuner.yml"
ORGANISATIONS_FILE = "organisationer.yml"
PEOPLE_FILE = "personer.yml"
PROJECTS_FILE = "projekt.yml"
PUBLISHER_FILE = "utgivare.yml"
REGISTER_FILES = (BODIES_FILE, MUNICIPALITIES_FILE, ORGANISATIONS_FILE, PEOPLE_FILE, PROJECTS_FILE, PUBLISHER_FILE)
# The fields of an entry in each register written in long form; any other is a slip ("tittel")
BODY_KEYS = ("namn", "förkortning", "beskrivning", "referensord", "standardpunkter", APPROVERS_KEY, TERMS_KEY)
MUNICIPALITY_KEYS = ("namn",)
ORGANISATION_KEYS = ("namn", "alias")
PERSON_KEYS = ("namn", "kommun", "organisation", "titel", "alias", "github")
PROJECT_KEYS = ("namn", "alias", "beskrivning", "status", "kontaktpersoner", "kommuner")
PUBLISHER_KEYS = ("namn", "e-post", "organisationsnummer", "postadress", "telefon", "licens", "licensadress", "tillgänglighet")
ACCESSIBILITY_KEYS = ("bedömd", "metod", "brister")
PROJECT_STATUSES = ("idé", "prioriterad", "planerad", "pågående", "avslutad")

# --- limits: every number is bounded before it is converted ----------------------------------

MAX_FILE_BYTES = 1_000_000  # a protocol or register file
MAX_ITEM_NUMBER_DIGITS = 4  # § 1 to § 9999
MIN_YEAR, MAX_YEAR = 1900, 2199
MIN_CORRECTION_WORDS = 3  # a correction says what changed and why

# --- the Markdown body ---------------------------------------------------------------------------

# "## 4. Title", "## § 4 Title", "## 13.15 Title" (time-stamped) or "## Title" (unnumbered)
ITEM_HEADING = re.compile(r"^##\s+(?P<title>.+?)\s*$")
LEVEL_ONE_HEADING = re.compile(r"^ {0,3}#(?:\s|$)")
ANY_HEADING = re.compile(r"^ {0,3}#{1,6}(?:\s|$)")
SETEXT_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)\s*$")  # under a line of text, Markdown makes it a heading
_DIGITS = rf"\d{{1,{MAX_ITEM_NUMBER_DIGITS}}}"  # an item number: bounded before int() converts it
ITEM_NUMBER = re.compile(rf"^(?:(?P<number>{_DIGITS})\.|§\s*(?P<paragraph>{_DIGITS}))\s+(?P<title>\S.*)$")
ITEM_TIME = re.compile(r"^(?P<time>\d{1,2}[.:]\d{2})\s+(?P<title>\S.*)$")
DECISION_MARK = re.compile(r"^(#{3,6}\s*)?(\*\*)?Beslut(\*\*)?:?\s*$")
CLAUSE = re.compile(r"^(att|Att)\s")
ADDENDUM = re.compile(r"^Medskick\b")
FENCE = re.compile(r"^(```|~~~)")

# "punkt 2", "punkterna 2 och 3", "punkt 2–4", "§ 4": the items a guest took part in, a member attended
# (when not all), or an attachment belongs to. "från punkt 3", "till punkt 5": a member's first or last
# item; "ej punkt 5": an item a member left (for a conflict of interest, say).
_RANGE = rf"{_DIGITS}(?:\s*[-–]\s*{_DIGITS})?"
ITEM_LIST = re.compile(rf"^(?:punkt(?:erna)?|§)\s*(?P<list>{_RANGE}(?:\s*(?:och|,|&)\s*{_RANGE})*)$", re.IGNORECASE)
FROM_ITEM = re.compile(rf"^från\s+(?:punkt|§)\s*(?P<number>{_DIGITS})$", re.IGNORECASE)
UNTIL_ITEM = re.compile(rf"^till\s+(?:och\s+med\s+)?(?:punkt|§)\s*(?P<number>{_DIGITS})$", re.IGNORECASE)
NOT_ITEMS = re.compile(rf"^(?:ej|utom)\s+(?:punkt(?:erna)?|§)\s*(?P<list>{_RANGE}(?:\s*(?:och|,|&)\s*{_RANGE})*)$", re.IGNORECASE)
ITEM_LIST_NUMBER = re.compile(_DIGITS)
DECISION_REFERENCE = re.compile(rf"^(?:§\s*)?(?P<item>{_DIGITS})\s*:\s*(?P<ordinal>\d{{1,3}})$")
# "Redovisar: kdg-2022-08-26-6-2" on a line of its own in a later item: it reports back on that assignment.
REPORT_LINE = re.compile(r"^Redovisar\s*:\s*(?P<ids>\S.*)$", re.IGNORECASE)
DECISION_ID = re.compile(rf"^[^\s,/]+-\d{{4}}-\d{{2}}-\d{{2}}-{_DIGITS}-\d{{1,3}}$")
# Words with which a clause gives someone a task: candidates for `uppdrag`, suggested, never assumed.
ASSIGNMENT_CUES = re.compile(
    r"\b(återkoppla[rs]?|återrapportera[rs]?|redovisa[rs]?|senast|till nästa möte|får i uppdrag|ges i uppdrag|uppdras)\b",
    re.IGNORECASE,
)


def item_list(text: str) -> list[int]:
    """'2, 3 och 5' -> [2, 3, 5]; '2–4' -> [2, 3, 4] (bounded: a range is at most 100 items)."""
    numbers: list[int] = []
    for part in re.split(r"\s*(?:och|,|&)\s*", text.strip()):
        bounds = [int(n) for n in ITEM_LIST_NUMBER.findall(part)]
        if len(bounds) == 2 and bounds[0] <= bounds[1] <= bounds[0] + 100:
            numbers += range(bounds[0], bounds[1] + 1)
        else:
            numbers += bounds
    return list(dict.fromkeys(numbers))

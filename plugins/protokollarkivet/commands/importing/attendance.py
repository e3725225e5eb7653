"""Lists of attendees read with the registers, not by comma position.

'Palle Lundberg (från klockan 09.20), Helsingborg, Christian Alexandersson, Landskrona (till kl. 11.00)':
a comma separates parts; a part is a person, the place they represent (a municipality or organisation in
the registers, or a misspelling of one), or a remark about the person before it: a time ('från 9.20',
'kl 10–11') or items ('§ 3', 'fr.o.m. punkt 3', 'ej § 5'). A remark in parentheses belongs to the person
whose part it stands in, wherever it stands, and a place in parentheses is the person's place ('Anna Berg
(Bjuv)'); a name followed by a remark without a comma ('Anna Berg från punkt 3') is both. Whatever cannot
be placed is reported, never dropped."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ...format.model import Level, Registers
from ...text import closest
from . import language

_STRUCK = re.compile(r"~~(?P<text>.*?)~~")
_PARENTHESES = re.compile(r"\((?P<remark>[^()]*)\)")
# Two to five capitalised words ("Anna Berg", "Charlotte Rosenlund Sjövall"), with a particle ("von") between
_NAME = re.compile(r"^[A-ZÅÄÖÉÜ][\w'’.-]*(?:[ -](?:(?:von|af|de|van|der|la|du)\s)?[A-ZÅÄÖÉÜ][\w'’.-]*){1,4}$")
_FROM = re.compile(r"^(?:från|fr\.?|from|kom)\s+(?P<time>.+)$", re.IGNORECASE)
_UNTIL = re.compile(r"^(?:till|t\.|lämnade(?:\s+mötet)?|gick)\s+(?P<time>.+)$", re.IGNORECASE)
_AND = re.compile(r"\s+(?:och|samt|&)\s+")
# Where a remark may begin after a name written without a comma before it: 'Anna Berg från punkt 3'
_REMARK_START = re.compile(
    r"\s+(?=(?:från|fr\.|till|t\.|ej|inte|utom|kl\.?|klockan|§|punkt(?:erna)?|pkt\.?|p\.)(?:\s|\d|$))", re.IGNORECASE
)

Note = Callable[..., None]  # note(key, level=..., **values): the importer's report


@dataclass
class Attendee:
    """A person as a list in the original names them, with what it says about their attendance."""

    name: str
    line: int
    place: str | None = None
    present_from: str | None = None
    present_until: str | None = None
    items: list[int] = field(default_factory=list)
    not_items: list[int] = field(default_factory=list)
    from_item: int | None = None
    until_item: int | None = None
    struck: bool = False
    roles: list[language.Section] = field(default_factory=list)  # "ordförande" written beside the name


def split_parts(text: str) -> list[str]:
    """Comma- and semicolon-separated parts, not splitting inside parentheses."""
    parts: list[str] = []
    depth = 0
    current = ""
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char in ",;" and depth <= 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return [part.strip() for part in parts if part.strip()]


def apply_remark(attendee: Attendee, text: str) -> bool:
    """Applies a remark ('från kl 09.20', 'kl 10–11', '§ 2–4', 'ej § 5') to `attendee`; False if `text`
    says nothing about attendance."""
    text = text.strip().rstrip(".")
    if not text:
        return True
    parts = split_parts(text)
    if len(parts) > 1 and not re.fullmatch(r"[^,]*\d[\d\s,och&–-]*", text):  # "från 09.20, till 11.00", not "§ 2, 3"
        return all(apply_remark(attendee, part) for part in parts)
    if reference := language.item_reference(text):
        _apply_items(attendee, reference)
        return True
    return _apply_times(attendee, text)


def _apply_items(attendee: Attendee, reference: language.ItemReference) -> None:
    if reference.from_number is not None:
        attendee.from_item = reference.from_number
    elif reference.until_number is not None:
        attendee.until_item = reference.until_number
    elif reference.excluded:
        attendee.not_items += reference.numbers
    else:
        attendee.items += reference.numbers


def _apply_times(attendee: Attendee, text: str) -> bool:
    """'kl 10–11', 'från kl 09.20', 'till 11': the times a person came and left."""
    clocked = text if re.match(r"kl", text, re.IGNORECASE) or "." in text or ":" in text else "kl " + text
    span = language.time_range(clocked)
    if span and re.fullmatch(r"(?:kl(?:ockan|\.)?\s*)?[\d.:\s–—-]+", text, re.IGNORECASE):
        attendee.present_from, attendee.present_until = span
        return True
    for pattern, attribute in ((_FROM, "present_from"), (_UNTIL, "present_until")):
        if (match := pattern.match(text)) and (
            time := language.time_of_day(match.group("time")) or language.time_of_day("kl " + match.group("time"))
        ):
            setattr(attendee, attribute, time)
            return True
    return False


class ListReader:
    """Reads lists of attendees against the registers, reporting what it was unsure of."""

    def __init__(self, registers: Registers, note: Note) -> None:
        self.registers = registers
        self.note = note
        self.spellings: list[tuple[str, str]] = []  # (as written, as registered): for an editorial note
        self._people = [p.name for p in registers.people.values()] + [a for p in registers.people.values() for a in p.aliases]
        self._municipalities = [m.name for m in registers.municipalities.values()]

    def place(self, text: str) -> str | None:
        """A municipality or organisation named by `text` ('Örskällunga' too, a misspelling of one);
        None when `text` names none."""
        text = text.strip().rstrip(".")
        if municipality := self.registers.municipality_by_name(text):
            return municipality.name
        if self.registers.organisation_by_name(text):
            return text  # as the original has it: the register's aliases resolve it
        if " " not in text and text[:1].isupper() and not self.registers.person_by_name(text):
            return closest(text, self._municipalities)
        return None

    def is_person(self, text: str) -> bool:
        """Whether `text` is a registered person, or looks like a name (capitalised words)."""
        text = text.strip().rstrip(".")
        return bool(self.registers.person_by_name(text)) or (bool(_NAME.match(text)) and self.place(text) is None and len(text) <= 60)

    def read(self, text: str, line: int, struck_line: bool = False) -> list[Attendee]:
        """The attendees in one list (one line, or several lines joined with commas)."""
        people: list[Attendee] = []
        current: Attendee | None = None
        # A strike over several parts ("~~Anna Berg, Bjuv~~") strikes each of them
        text = _STRUCK.sub(lambda m: ", ".join(f"~~{part}~~" for part in split_parts(m.group("text"))), text)
        for raw_part in split_parts(text):
            struck = struck_line or bool(_STRUCK.search(raw_part))
            part = _STRUCK.sub(lambda m: m.group("text"), raw_part).strip()
            remarks = [m.group("remark") for m in _PARENTHESES.finditer(part)]
            bare = " ".join(_PARENTHESES.sub(" ", part).split()).strip(" .")
            name, remark = self._name_and_remark(bare)
            if name:  # "Anna Berg från punkt 3"
                current = self._person(name, line, struck)
                people.append(current)
                apply_remark(current, remark)
            elif bare and apply_remark(Attendee("", line), bare):  # a remark of its own: "från 9.20", "§ 3"
                if current is None or not apply_remark(current, bare):
                    self.note("import_remark_unread", text=bare, name="")
            elif bare:
                named = self._place_role_or_names(bare, current)
                for name in named:
                    current = self._person(name, line, struck)
                    people.append(current)
            for remark in remarks:
                self._apply_parenthesised(current, remark)
        return people

    def _place_role_or_names(self, bare: str, current: Attendee | None) -> list[str]:
        """A part that is not a remark: the place of the person before it, their role or title, or the
        names of people (returned)."""
        place = self.place(bare)
        if place is not None and current is not None and current.place is None:
            self._set_place(current, bare, place)
        elif place is not None:
            self.note("import_list_unsplit", text=bare)
        elif bare[:1].islower():  # "ordförande", "projektledare": a role or a title, never a name
            self._role_or_title(current, bare)
        else:
            return self._names(bare)
        return []

    def _role_or_title(self, attendee: Attendee | None, text: str) -> None:
        role = language.ROLE_WORDS.get(text.casefold())
        if attendee is not None and role is not None:
            attendee.roles.append(role)
        else:
            self.note("import_title_kept", Level.INFO, text=text, name=attendee.name if attendee else "")

    def _apply_parenthesised(self, attendee: Attendee | None, remark: str) -> None:
        """A remark in parentheses: the person's place ('Anna Berg (Bjuv)'), their role ('(ordf.)'), a time or
        items, or reported."""
        place = self.place(remark) if attendee is not None and attendee.place is None else None
        role = language.ROLE_WORDS.get(remark.strip().casefold())
        if attendee is not None and place is not None:
            self._set_place(attendee, remark, place)
        elif attendee is not None and role is not None:
            attendee.roles.append(role)
        elif attendee is None or not apply_remark(attendee, remark):
            self.note("import_remark_unread", text=f"({remark})", name=attendee.name if attendee else "")

    def _name_and_remark(self, text: str) -> tuple[str, str]:
        """('Anna Berg', 'från punkt 3') for a person followed by a remark about them; ('', '') otherwise."""
        for split in _REMARK_START.finditer(text):
            name, remark = text[: split.start()], text[split.end() :]
            named = self.registers.person_by_name(name) or (self.is_person(name) and len(name.split()) >= 2)
            if named and apply_remark(Attendee(name, 0), remark):
                return name, remark
        return "", ""

    def _names(self, text: str) -> list[str]:
        """'Anna Berg och Per Holm' -> both; 'Anna Berg Bjuv' -> the name (the place is taken apart)."""
        pieces = _AND.split(text)
        if len(pieces) > 1 and all(self.is_person(piece) for piece in pieces):
            return pieces
        return [text]

    def _person(self, name: str, line: int, struck: bool) -> Attendee:
        name = " ".join(name.split()).rstrip(".")
        attendee = Attendee(name, line, struck=struck)
        words = name.split()
        # "Anna Berg Bjuv": a name followed by a place, without the comma
        for cut in range(len(words) - 1, 0, -1):
            head, tail = " ".join(words[:cut]), " ".join(words[cut:])
            if self.registers.municipality_by_name(tail) and self.registers.person_by_name(head):
                attendee.name, attendee.place = head, self.registers.municipality_by_name(tail).name  # type: ignore[union-attr]
                break
        self.check_name(attendee.name)
        return attendee

    def check_name(self, name: str) -> None:
        """A name not in the register is reported: a close registered name as a suggestion, or as new."""
        if self.registers.person_by_name(name):
            return
        suggestion = closest(name, self._people)
        if suggestion:
            self.note("import_person_suggest", name=name, suggestion=suggestion)
        else:
            self.note("import_new_person", name=name)

    def _set_place(self, attendee: Attendee, written: str, place: str) -> None:
        attendee.place = place
        written = written.strip().rstrip(".")
        if place != written and not self.registers.organisation_by_name(written) and not self.registers.municipality_by_name(written):
            self.note("import_place_normalised", text=written, place=place)
            if (written, place) not in self.spellings:
                self.spellings.append((written, place))

"""Originals of many layouts rendered from protocols in the archive's format, to measure the importer on.

A `Layout` is a set of choices a secretary makes when writing minutes in Word: how the head is laid out,
where remarks on attendance stand and how times and items are written, how items are numbered and
decisions introduced, whether absentees are struck out or listed, how lines are wrapped and pages broken.
`render` writes a protocol in one layout as the lines of a text, `write_txt`, `write_docx` and
`write_pdf` save them; `expected` is what an import of it should give back. Deterministic: the same
seed gives the same original."""

from __future__ import annotations

import copy
import random
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from protokollarkivet.format.model import Participant, Protocol, Registers

MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december")
WEEKDAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")


@dataclass
class Line:
    """A line of an original; `struck` lines are struck through (in Word) or marked `~~` (in text)."""

    text: str
    struck: bool = False
    page_break: bool = False


@dataclass
class Layout:
    """The choices behind one original."""

    title: int
    head_date: int
    time_place: int
    time_format: int
    attendance_inline: bool
    present_label: str
    remark_position: int
    absent_style: int  # 0 a section, 1 struck out in the list of those present
    absent_label: str
    guest_label: str
    guest_items: int
    item_style: int
    decision_intro: str
    clause_style: int
    wrap: int  # 0: a paragraph per line; otherwise the width lines are wrapped at
    hyphenate: bool
    page_lines: int  # lines per page; 0: no page breaks
    page_furniture: int
    signatures: int
    partial_items: bool  # some members present for some items only
    head_order: tuple[int, ...] = (0, 1, 2)  # date, time and place, attendance
    label_colon: bool = True  # "Närvarande:" or "Närvarande" above a list
    roles: bool = False  # the chair and the secretary named in the head
    fmt: str = "txt"

    @classmethod
    def random(cls, rng: random.Random, fmt: str) -> Layout:
        return cls(
            title=rng.randrange(4),
            head_date=rng.randrange(5),
            time_place=rng.randrange(4),
            time_format=rng.randrange(3),
            attendance_inline=rng.random() < 0.5,
            present_label=rng.choice(["Närvarande", "Närvarande ledamöter", "Närvarande tjänstepersoner", "Deltagare"]),
            remark_position=rng.randrange(3),
            absent_style=0 if fmt == "pdf" else rng.randrange(2),
            absent_label=rng.choice(["Frånvarande", "Anmält förhinder", "Ej närvarande"]),
            guest_label=rng.choice(["Övriga närvarande", "Gäster", "Adjungerade"]),
            guest_items=rng.randrange(4),
            item_style=rng.randrange(6),
            decision_intro=rng.choice(["Beslut", "Beslut:", "Beslutades", "Beslöts", "Gruppen beslutade:", "BESLUT"]),
            clause_style=rng.randrange(3),
            wrap=rng.choice([0, 0, 72, 80, 90]),
            hyphenate=rng.random() < 0.5,
            page_lines=rng.choice([0, 35, 50]),
            page_furniture=rng.randrange(3),
            signatures=rng.randrange(2),
            partial_items=rng.random() < 0.3,
            head_order=tuple(rng.sample(range(3), 3)),
            label_colon=rng.random() < 0.6,
            roles=rng.random() < 0.4,
            fmt=fmt,
        )


@dataclass
class Original:
    """An original's lines and the protocol an import of it should give back."""

    lines: list[Line]
    expected: Protocol
    layout: Layout
    notes: list[str] = field(default_factory=list)


def _time(value: str, style: int) -> str:
    hours, minutes = value.split(":")
    return (f"{hours}.{minutes}", f"{int(hours)}.{minutes}", f"{hours}:{minutes}")[style]


def _clock(value: str, style: int) -> str:
    """A time after "kl": a full hour may be written without its minutes ("kl 9")."""
    hours, minutes = value.split(":")
    return str(int(hours)) if minutes == "00" and style == 1 else _time(value, style)


def _date_prose(protocol: Protocol) -> str:
    return f"{protocol.date.day} {MONTHS[protocol.date.month - 1]} {protocol.date.year}"


def _title(protocol: Protocol, registers: Registers, layout: Layout) -> list[str]:
    body = registers.bodies[protocol.body].name
    number = protocol.number
    forms = [
        f"{body}s protokoll {number}" if number else f"{body}s protokoll",
        f"Protokoll {number} – {body}" if number else f"Protokoll – {body}",
        f"{body}",
        f"Protokoll från sammanträde med {body}",
    ]
    return [forms[layout.title]]


def _head_date(protocol: Protocol, layout: Layout) -> list[str]:
    date = protocol.date
    return [
        [f"Helsingborg {date.strftime('%y%m%d')}"],
        [f"Datum: {date.isoformat()}"],
        [f"Datum: {_date_prose(protocol)}"],
        [
            f"Datum: {date.day}/{date.month} {date.year}"
            if date.month % 2
            else f"Datum: den {date.day} {MONTHS[date.month - 1][:3]}. {date.year}"
        ],
        [],  # the date is in the time-and-place line
    ][layout.head_date]


def _time_place(protocol: Protocol, layout: Layout) -> list[str]:
    start, end = _time(protocol.start or "09:00", layout.time_format), _time(protocol.end or "10:00", layout.time_format)
    place = protocol.place or ""
    date = protocol.date
    dated = layout.head_date == 4
    forms = [
        [f"Tid/Plats: {date.strftime('%y%m%d') + ' ' if dated else ''}kl. {start}-{end}, {place}"],
        [f"Tid och plats: {WEEKDAYS[date.weekday()]} {'den ' + _date_prose(protocol) + ' ' if dated else ''}kl {start}–{end} på {place}"],
        [*([f"Datum: {date.isoformat()}"] if dated else []), f"Tid: kl. {start}–{end}", f"Plats: {place}"],
        [f"Plats och tid: {place}, {date.isoformat() + ' ' if dated else ''}{start}–{end}"],
    ]
    return forms[layout.time_place]


def _place_of(person: Participant) -> str:
    return person.municipality or ("sekretariatet" if person.organisation else "") or ""


def _remarks(person: Participant, layout: Layout, rng: random.Random, item_numbers: list[int]) -> str:
    remarks = []
    if person.present_from and person.present_until and rng.random() < 0.5:
        remarks.append(f"kl. {_clock(person.present_from, layout.time_format)}–{_clock(person.present_until, layout.time_format)}")
    elif person.present_from:
        remarks.append(
            rng.choice(["från kl. {t}", "från klockan {t}", "från {t}"]).format(t=_time(person.present_from, layout.time_format))
        )
    if person.present_until and not (person.present_from and remarks and remarks[0].startswith("kl.")):
        remarks.append(
            rng.choice(["till kl. {t}", "till klockan {t}", "till {t}"]).format(t=_time(person.present_until, layout.time_format))
        )
    if person.items:
        run = person.items
        if len(run) > 1 and run == list(range(run[0], run[-1] + 1)) and run[-1] == item_numbers[-1] and rng.random() < 0.5:
            remarks.append(f"fr.o.m. punkt {run[0]}")
        else:
            written = f"{run[0]}–{run[-1]}" if len(run) > 1 and run == list(range(run[0], run[-1] + 1)) else " och ".join(map(str, run))
            remarks.append(rng.choice(["§ {n}", "punkt {n}", "p. {n}"]).format(n=written))
    if person.not_items:
        remarks.append(f"ej § {' och '.join(map(str, person.not_items))}")
    return ", ".join(remarks)


def _person_text(person: Participant, layout: Layout, rng: random.Random, item_numbers: list[int]) -> str:
    place = _place_of(person)
    remark = _remarks(person, layout, rng, item_numbers)
    if not remark:
        return f"{person.name}, {place}" if place else person.name
    position = layout.remark_position
    if position == 0:
        return f"{person.name} ({remark}), {place}" if place else f"{person.name} ({remark})"
    if position == 1:
        return f"{person.name}, {place} ({remark})" if place else f"{person.name} ({remark})"
    return f"{person.name}, {place}, {remark}" if place else f"{person.name}, {remark}"


def _attendance(protocol: Protocol, layout: Layout, rng: random.Random) -> list[Line]:
    numbers = [item.number for item in protocol.items]
    lines: list[Line] = []
    present = [Line(_person_text(p, layout, rng, numbers)) for p in protocol.present]
    absent = [Line(_person_text(p, layout, rng, numbers)) for p in protocol.absent]
    for person in protocol.absent:  # "Anmält förhinder" says they sent word; the other labels do not
        person.excused = layout.absent_style == 0 and layout.absent_label == "Anmält förhinder"
    if layout.absent_style == 1 and absent:
        struck = [Line(line.text, struck=True) for line in absent]
        everyone = present + struck
        rng.shuffle(everyone)
        present, absent = everyone, []
    for label, people in ((layout.present_label, present), (layout.absent_label, absent)):
        if not people:
            continue
        if layout.attendance_inline and not any(line.struck for line in people):
            lines += [Line(f"{label}: " + ", ".join(line.text for line in people) + "."), Line("")]
        else:
            lines += [Line(f"{label}:" if layout.label_colon else label), *people, Line("")]
    if protocol.guests:
        guests = []
        for guest in protocol.guests:
            text = f"{guest.name}, {_place_of(guest)}" if _place_of(guest) else guest.name
            if guest.items:
                numbers_text = " och ".join(map(str, guest.items))
                text += ["  (§ {n})", ", punkt {n}", " (p. {n})", ", § {n}"][layout.guest_items].format(n=numbers_text).replace("  (", " (")
            guests.append(text)
        label = f"{layout.guest_label}:" if layout.label_colon or layout.attendance_inline else layout.guest_label
        lines += [Line(f"{label} " + "; ".join(guests) if layout.attendance_inline else label)]
        if not layout.attendance_inline:
            lines += [Line(text) for text in guests]
        lines.append(Line(""))
    return lines


def _item_heading(number: int, time: str | None, title: str, layout: Layout, numbered: bool) -> str:
    if not numbered:
        return f"{_time(time, layout.time_format) if layout.time_format != 1 else _time(time, 0)} {title}" if time else title
    return [
        f"{number}. {title}",
        f"{number}) {title}",
        f"§ {number} {title}",
        f"§{number} {title}",
        f"Punkt {number}: {title}",
        f"Ärende {number}. {title}",
    ][layout.item_style]


def _clauses(decisions: list[str], layout: Layout) -> list[str]:
    clauses = [" ".join(text.split()) for text in decisions]
    if layout.clause_style == 1:
        return [f"- {clause}" for clause in clauses]
    if layout.clause_style == 2 and len(clauses) > 1 and all(c.startswith("att ") and c.endswith(".") for c in clauses):
        return [" ".join(clauses)]  # several clauses on one line
    return clauses


def _body(protocol: Protocol, layout: Layout) -> list[Line]:
    lines: list[Line] = []
    if protocol.preamble:
        lines += [Line(p) for p in protocol.preamble.split("\n\n")] + [Line("")]
    for item in protocol.items:
        lines += [Line(_item_heading(item.number, item.time, item.title, layout, not protocol.numbered_in_order)), Line("")]
        for paragraph in filter(None, item.text.split("\n\n")):
            lines += [Line(text) for text in paragraph.split("\n")] + [Line("")]
        if item.decisions:
            decisions = []
            for decision in item.decisions:
                clause, *addenda = decision.text.split("\n\n")
                decisions.append(clause)
                decisions += addenda
            clauses = _clauses(decisions, layout)
            intro = layout.decision_intro
            if layout.clause_style == 2 and len(clauses) == 1 and intro.endswith(":"):
                lines += [Line(f"{intro} {clauses[0]}"), Line("")]
            else:
                lines += [Line(intro), Line("")]
                for clause in clauses:
                    lines += [Line(clause), Line("")]
    return lines


def _signatures(protocol: Protocol, layout: Layout) -> list[Line]:
    if not protocol.signatures:
        return []
    if layout.signatures == 0:
        lines = [Line("")]
        for signature in protocol.signatures:
            lines += [Line(signature.name), Line(signature.title), Line("")]
        return lines
    lines = [Line(""), Line("Vid protokollet"), Line(protocol.secretary or protocol.signatures[-1].name), Line(""), Line("Justeras")]
    return lines + [Line(name) for name in protocol.adjusters]


def _wrap(lines: list[Line], layout: Layout, rng: random.Random) -> list[Line]:
    if not layout.wrap:
        return lines
    wrapped: list[Line] = []
    for line in lines:
        if len(line.text) <= layout.wrap or line.struck:
            wrapped.append(line)
            continue
        parts = textwrap.wrap(line.text, layout.wrap, break_long_words=False, break_on_hyphens=False)
        if layout.hyphenate:
            parts = _hyphenate(parts, rng)
        wrapped += [Line(part) for part in parts]
    return wrapped


def _hyphenate(parts: list[str], rng: random.Random) -> list[str]:
    """Now and then a long lower-case word at the start of a line is split across the line before."""
    result = list(parts)
    for index in range(1, len(result)):
        word, _, rest = result[index].partition(" ")
        if len(word) >= 10 and word.isalpha() and word.islower() and rng.random() < 0.4:
            cut = len(word) // 2
            result[index - 1] += f" {word[:cut]}-"
            result[index] = word[cut:] + (f" {rest}" if rest else "")
    return result


def _paginate(lines: list[Line], title: str, layout: Layout) -> list[Line]:
    if not layout.page_lines:
        return lines
    pages = [lines[start : start + layout.page_lines] for start in range(0, len(lines), layout.page_lines)]
    result: list[Line] = []
    for number, page in enumerate(pages, start=1):
        if number > 1:
            result.append(Line("", page_break=True))
            if layout.page_furniture in (1, 2):
                result += [Line(title), Line("")]
        result += page
        furniture = [f"{number}", f"Sida {number} ({len(pages)})", f"- {number} -"][layout.page_furniture]
        result += [Line(""), Line(furniture)]
    return result


def render(protocol: Protocol, registers: Registers, layout: Layout, rng: random.Random) -> Original:
    """The protocol written as an original in `layout`, and what an import of it should give back."""
    expected = copy.deepcopy(protocol)
    expected.notes, expected.corrections, expected.attachments = [], [], []
    if layout.partial_items and len(expected.items) >= 3:
        numbers = [item.number for item in expected.items]
        members = [p for p in expected.present if not p.present_from and not p.present_until]
        for member in rng.sample(members, min(2, len(members))):
            long_meeting = expected.start and expected.end and int(expected.end[:2]) - int(expected.start[:2]) >= 2
            if rng.random() < 0.3 and long_meeting:
                member.present_from = expected.start[:3] + "30" if expected.start[3:] < "30" else f"{int(expected.start[:2]) + 1:02d}:00"
                member.present_until = expected.end[:3] + "00" if expected.end[3:] > "00" else f"{int(expected.end[:2]) - 1:02d}:30"
            elif rng.random() < 0.5:
                member.items = numbers[1:] if rng.random() < 0.5 else numbers[1:3]
            else:
                member.not_items = [numbers[-1]]
    title = _title(expected, registers, layout)
    if layout.title in (2, 3):
        expected.number = None  # the original does not say
    blocks = [
        [Line(text) for text in [*_head_date(expected, layout), ""]],
        [Line(text) for text in [*_time_place(expected, layout), ""]],
        _attendance(expected, layout, rng),
    ]
    if layout.roles and expected.chair:
        blocks[2] = [
            Line(f"Ordförande: {expected.chair}"),
            *([Line(f"Sekreterare: {expected.secretary}")] if expected.secretary else []),
            Line(""),
            *blocks[2],
        ]
    lines = [Line(title[0]), Line("")] + [line for index in layout.head_order for line in blocks[index]]
    lines += _body(expected, layout) + _signatures(expected, layout)
    lines = _paginate(_wrap(lines, layout, rng), title[0], layout)
    if layout.signatures == 1:
        expected.signatures = []
    return Original(lines, expected, layout)


def write_txt(original: Original, path: Path) -> Path:
    text = "\n".join("\f" if line.page_break else (f"~~{line.text}~~" if line.struck else line.text) for line in original.lines)
    path.write_text(text + "\n", "utf-8")
    return path


def write_docx(original: Original, path: Path) -> Path:
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    paragraph = None
    for line in original.lines:
        if line.page_break:
            if paragraph is not None:
                paragraph.add_run().add_break(WD_BREAK.PAGE)
            continue
        paragraph = document.add_paragraph()
        run = paragraph.add_run(line.text)
        run.font.strike = line.struck
    document.save(str(path))
    return path


def write_pdf(original: Original, path: Path) -> Path:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=(595, 842))
    y = 800
    for line in original.lines:
        if line.page_break or y < 40:
            pdf.showPage()
            y = 800
            if line.page_break:
                continue
        pdf.setFont("Helvetica", 9)
        text = line.text
        while pdfmetrics.stringWidth(text, "Helvetica", 9) > 540:  # a line longer than the page: wrapped
            cut = text.rfind(" ", 0, int(len(text) * 540 / pdfmetrics.stringWidth(text, "Helvetica", 9)))
            pdf.drawString(30, y, text[:cut])
            y -= 13
            text = text[cut + 1 :]
        pdf.drawString(30, y, text)
        y -= 13
    pdf.save()
    return path


WRITERS = {"txt": write_txt, "docx": write_docx, "pdf": write_pdf}

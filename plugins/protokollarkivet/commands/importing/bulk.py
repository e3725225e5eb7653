"""Importing many originals at once: a folder of a back catalogue, in any of the formats, recursively.

Each original becomes a draft in the archive unless the archive already holds its meeting: importing the
same file twice never duplicates or overwrites a protocol. The outcome of every file is kept, for the
summary at the end and the machine-readable report (`--report FILE.json`)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ...format import Level, Registers, parse_protocol
from ...render import urls
from ...strings import Strings
from .draft import render_draft
from .parse import parse_source
from .sources import SUFFIXES, NotImportableError, read_source

IMPORTED, PRESENT, REVIEW, FAILED = "imported", "present", "review", "failed"
STATUSES = (IMPORTED, REVIEW, PRESENT, FAILED)


@dataclass
class Outcome:
    """What became of one original: its status, the draft written (or the file holding the meeting)."""

    source: str
    status: str
    target: str = ""
    reason: str = ""
    report: list[dict[str, object]] = field(default_factory=list)  # the importer's notes, by source line
    findings: list[str] = field(default_factory=list)  # what the checker says of the draft


def originals(paths: Iterable[Path]) -> list[Path]:
    """The files to import: each file named, and every original under each folder named, in order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith("."))
        else:
            found.append(path)
    return found


def import_one(source: Path, root: Path, registers: Registers, strings: Strings, body: str | None, claimed: dict[Path, str]) -> Outcome:
    """Import one original into the archive at `root`; `claimed` holds the drafts this run has written."""
    try:
        imported = parse_source(str(source), read_source(source, strings), registers, strings, body)
    except NotImportableError as error:
        return Outcome(str(source), FAILED, reason=str(error))
    assert imported.date is not None
    target = root / urls.protocol(imported.body, imported.date.isoformat())
    shown = f"{root.as_posix().rstrip('/')}/{target.relative_to(root).as_posix()}"
    report: list[dict[str, object]] = [
        {"line": note.line, "level": note.level.value, "message": note.message} for note in sorted(imported.notes, key=lambda n: n.line)
    ]
    if target in claimed or target.exists():
        held_by = claimed.get(target, shown)
        return Outcome(str(source), PRESENT, target=shown, reason=strings("messages.import_exists_meeting", path=held_by), report=report)
    text = render_draft(imported, strings, dt.date.today())
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, "utf-8")
    claimed[target] = f"{shown} ({source.name})"
    _, findings = parse_protocol(shown, text.encode("utf-8"), registers, strings)
    unsure = any(note.level is not Level.INFO for note in imported.notes) or any(
        f.level is not Level.INFO or "okänd" in f.message for f in findings
    )
    return Outcome(
        str(source),
        REVIEW if unsure else IMPORTED,
        target=shown,
        report=report,
        findings=[f.format(strings.section("levels")) for f in findings],
    )


def import_all(
    sources: list[Path], root: Path, registers: Registers, strings: Strings, body: str | None, advance: Callable[[], None] | None = None
) -> list[Outcome]:
    """Import every original; `advance` is called after each (a progress bar)."""
    claimed: dict[Path, str] = {}
    outcomes = []
    for source in sources:
        outcomes.append(import_one(source, root, registers, strings, body, claimed))
        if advance is not None:
            advance()
    return outcomes


def summary(outcomes: list[Outcome]) -> dict[str, int]:
    """How many originals ended how: the counts of the summary table."""
    counts = {"files": len(outcomes)}
    counts |= {status: sum(1 for o in outcomes if o.status == status) for status in STATUSES}
    return counts


def write_report(outcomes: list[Outcome], path: Path) -> None:
    """The machine-readable report: every file's outcome, notes and the checker's findings."""
    data = {"summary": summary(outcomes), "files": [asdict(outcome) for outcome in outcomes]}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", "utf-8")

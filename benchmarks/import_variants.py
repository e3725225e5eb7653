"""How exactly `protokoll import` reads originals it has never seen: layout variants, field by field.

    .venv/bin/python benchmarks/import_variants.py [--variants 600] [--results benchmarks/RESULTS.md]

Originals are rendered (benchmarks/originals.py) from the two seed protocols and from a generated archive
(benchmarks/generate.py) in random layouts and in three formats (.txt, .docx, .pdf). Each is imported,
written as a draft and read back by the checker; the draft's fields are compared with the protocol it
was rendered from: date, start and end, number, place, each person present (with from, until and items),
each absent, each guest (with items), each item (number, time, title), each decision word for word, each
reference to another meeting. Also counted: drafts that fail the checker, imports that raise, and source
words that are neither in the draft nor in the report ("never lose a word")."""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "plugins"))
sys.path.insert(0, str(REPO / "benchmarks"))

import generate  # noqa: E402
import originals  # noqa: E402
from protokollarkivet.commands import importing  # noqa: E402
from protokollarkivet.format import Level, Protocol, Registers, load_archive, parse_protocol  # noqa: E402
from protokollarkivet.index import Matcher  # noqa: E402
from protokollarkivet.strings import load_strings  # noqa: E402

FORMATS = ("txt",) * 6 + ("docx",) * 3 + ("pdf",) * 1
_WORD = re.compile(r"[\wåäöÅÄÖ]+")


def _sources(work: Path) -> list[tuple[Protocol, Registers]]:
    strings = load_strings("sv")
    sources = []
    for root in (REPO / "protocols", generate.generate(work / "generated", 40, seed=7)):
        archive = load_archive(root, strings)
        sources += [(protocol, archive.registers) for protocol in archive.protocols]
    return sources


def _normal(text: str) -> str:
    return " ".join(text.split())


def _references(protocol: Protocol, matcher: Matcher) -> list[str]:
    texts = [item.text for item in protocol.items] + [d.text for _, d in protocol.decisions] + [protocol.preamble]
    return [_normal(m.text) for text in texts for m in matcher.find(text) if m.kind == "reference"]


def compare(expected: Protocol, got: Protocol | None, matcher: Matcher) -> dict[str, tuple[int, int]]:
    """(exact, total) per kind of field."""
    scores: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])

    def field(kind: str, ok: bool) -> None:
        scores[kind][0] += int(ok)
        scores[kind][1] += 1

    def people(kind: str, wanted: list, found: list, key) -> None:
        found_keys = [key(p) for p in found]
        for person in wanted:
            field(kind, key(person) in found_keys)
        for _extra in {k[0] for k in found_keys} - {key(p)[0] for p in wanted}:
            field(kind, False)  # someone the original does not list

    field("datum", got is not None and got.date == expected.date)
    field("tid", got is not None and got.start == expected.start)
    field("tid", got is not None and got.end == expected.end)
    field("nummer", got is not None and got.number == expected.number)
    field("plats", got is not None and got.place == expected.place)
    present = lambda p: (p.name, p.municipality, p.organisation, p.present_from, p.present_until, tuple(p.items), tuple(p.not_items))  # noqa: E731
    people("närvarande", expected.present, got.present if got else [], present)
    people("frånvarande", expected.absent, got.absent if got else [], lambda p: (p.name, p.municipality, p.organisation, p.excused))
    people("gäster", expected.guests, got.guests if got else [], lambda p: (p.name, tuple(p.items)))
    got_items = [(i.number, i.time, i.title) for i in got.items] if got else []
    for item in expected.items:
        field("punkter", (item.number, item.time, item.title) in got_items)
    got_decisions = [_normal(d.text) for _, d in got.decisions] if got else []
    for _, decision in expected.decisions:
        field("beslut", _normal(decision.text) in got_decisions)
    got_references = _references(got, matcher) if got else []
    for reference in _references(expected, matcher):
        field("hänvisningar", reference in got_references)
    return {kind: (ok, total) for kind, (ok, total) in scores.items()}


def lost_words(source_text: str, draft: str, report: list[str]) -> set[str]:
    """Words of the original that are neither in the draft nor in the report."""
    kept = {w.casefold() for w in _WORD.findall(draft)} | {w.casefold() for line in report for w in _WORD.findall(line)}
    return {w for w in (w.casefold() for w in _WORD.findall(source_text)) if w not in kept}


def run(count: int, work: Path, seed: int = 1) -> dict:
    strings = load_strings("sv")
    sources = _sources(work)
    rng = random.Random(seed)
    totals: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    crashes: list[str] = []
    failed_checks = 0
    losing = 0
    per_format: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    started = time.perf_counter()
    for number in range(count):
        protocol, registers = sources[number % len(sources)]
        fmt = FORMATS[number % len(FORMATS)]
        layout = originals.Layout.random(rng, fmt)
        original = originals.render(protocol, registers, layout, rng)
        path = originals.WRITERS[fmt](original, work / f"variant-{number}.{fmt}")
        got: Protocol | None = None
        try:
            lines = importing.read_source(path, strings)
            imported = importing.parse_source(path.name, lines, registers, strings)
            draft = importing.render_draft(imported, strings, dt.date(2026, 1, 1))
            got, findings = parse_protocol(f"protocols/{protocol.body}/{protocol.date}.md", draft.encode("utf-8"), registers, strings)
            if got is None or any(f.level is Level.ERROR for f in findings):
                failed_checks += 1
            source_text = "\n".join(line.text for line in original.lines)
            if lost_words(source_text, draft, [note.message for note in imported.notes]):
                losing += 1
        except importing.NotImportableError as error:
            crashes.append(f"{path.name}: {error}")
        except Exception as error:
            crashes.append(f"{path.name}: {type(error).__name__}: {error}")
        for kind, (ok, total) in compare(original.expected, got, Matcher(registers)).items():
            totals[kind][0] += ok
            totals[kind][1] += total
            per_format[fmt][0] += ok
            per_format[fmt][1] += total
        path.unlink()
    seconds = time.perf_counter() - started
    return {
        "count": count,
        "totals": totals,
        "per_format": per_format,
        "crashes": crashes,
        "failed_checks": failed_checks,
        "losing": losing,
        "seconds": seconds,
    }


def report(result: dict) -> str:
    totals = result["totals"]
    ok = sum(v[0] for v in totals.values())
    total = sum(v[1] for v in totals.values())
    lines = [
        f"## Import of layout variants ({dt.date.today().isoformat()})",
        "",
        f"`python benchmarks/import_variants.py --variants {result['count']}`: {result['count']} originals rendered from the two seeds and a"
        " generated archive of 40 protocols, in random layouts, 60 % .txt, 30 % .docx, 10 % .pdf; imported, written as drafts and read back"
        f" by the checker ({result['seconds']:.0f} s in all).",
        "",
        "| fields | exact | of | share |",
        "|---|---|---|---|",
    ]
    for kind, (good, count) in sorted(totals.items()):
        lines.append(f"| {kind} | {good} | {count} | {100 * good / count:.2f} % |")
    lines.append(f"| **all** | **{ok}** | **{total}** | **{100 * ok / total:.2f} %** |")
    lines += ["", "| format | share of fields exact |", "|---|---|"]
    for fmt, (good, count) in sorted(result["per_format"].items()):
        lines.append(f"| .{fmt} | {100 * good / count:.2f} % |")
    lines += [
        "",
        f"Imports that raised or refused: {len(result['crashes'])}. Drafts that failed the checker: {result['failed_checks']}."
        f" Variants with a source word neither in the draft nor in the report: {result['losing']}.",
        "",
    ]
    lines += [f"- {crash}" for crash in result["crashes"][:10]]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, default=600)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--results", type=Path, help="append the table to this Markdown file")
    arguments = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="import-variants-"))
    try:
        result = run(arguments.variants, work, arguments.seed)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = report(result)
    print(text)
    if arguments.results:
        with arguments.results.open("a", encoding="utf-8") as out:
            out.write("\n" + text)


if __name__ == "__main__":
    main()

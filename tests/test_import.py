"""Issue 7: importing the seeds as text, Word and PDF gives the published data of the hand-made protocols."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, Build, copy_project, run_build, run_cli

SEEDS = {"2019-11-22": "seed-2019-11-22.txt", "2022-08-26": "seed-2022-08-26.txt"}
COMPARED = ("present", "absent", "guests", "items", "references", "number", "start", "end", "place", "body")


def _as_docx(text_file: Path, target: Path) -> Path:
    """A Word file with one paragraph per line; `~~struck~~` lines become real strike-through."""
    import docx

    document = docx.Document()
    for line in text_file.read_text("utf-8").split("\n"):
        paragraph = document.add_paragraph()
        if line.startswith("~~") and line.endswith("~~"):
            paragraph.add_run(line[2:-2]).font.strike = True
        else:
            paragraph.add_run(line)
    document.save(str(target))
    return target


def _as_pdf(text_file: Path, target: Path) -> Path:
    """A PDF with the lines on pages of 30, so the text runs over page breaks as the originals did."""
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(target), pagesize=(1500, 842))
    y = 800
    for number, line in enumerate(text_file.read_text("utf-8").split("\n")):
        if number and number % 30 == 0:
            pdf.showPage()
            y = 800
        pdf.setFont("Helvetica", 8)
        pdf.drawString(30, y, line)
        y -= 14
    pdf.save()
    return target


MAKERS = {"txt": lambda source, target: Path(shutil.copy(source, target)), "docx": _as_docx, "pdf": _as_pdf}


@pytest.fixture(scope="module", params=list(MAKERS))
def imported(request, tmp_path_factory: pytest.TempPathFactory):
    """The archive with both hand-made protocols replaced by imports of the seeds in one format."""
    kind = request.param
    project = copy_project(tmp_path_factory.mktemp(f"import-{kind}"))
    sources = []
    for date, seed in SEEDS.items():
        (project / f"protocols/kommundirektorsgruppen/{date}.md").unlink()
        sources.append(MAKERS[kind](FIXTURES / seed, project / f"{date}.{kind}").name)
    result = run_cli("import", *sources, cwd=project)
    build = run_build(project, env={"PROTOKOLL_DRAFTS": "1"})
    return kind, result, build


def _published(build: Build, date: str) -> dict:
    protocol = next(p for p in build.json("protocols.json")["protocols"] if p["date"] == date)
    return {key: protocol[key] for key in COMPARED}


def test_an_imported_draft_suggests_assignments_but_marks_none(imported) -> None:
    kind, result, build = imported
    assert "§ 6:2 låter som ett uppdrag ('återkopplar', 'senast')" in result.stdout, kind
    draft = build.project / "protocols/kommundirektorsgruppen/2022-08-26.md"
    assert "uppdrag:" not in draft.read_text("utf-8")
    assert build.json("uppdrag.json")["assignments"] == []


@pytest.mark.parametrize("date", list(SEEDS))
def test_imported_protocol_publishes_the_same_data_as_the_hand_made_one(imported, site: Build, date: str) -> None:
    kind, result, build = imported
    assert result.returncode == 0, result.stdout + result.stderr
    assert build.result.returncode == 0, build.output
    assert _published(build, date) == _published(site, date), kind
    protocol = next(p for p in build.json("protocols.json")["protocols"] if p["date"] == date)
    assert protocol["status"] == "utkast"


def test_the_report_names_what_the_importer_was_unsure_of_with_source_lines(imported) -> None:
    kind, result, _ = imported
    report = result.stdout
    for date in SEEDS:
        assert f"skrev protocols/kommundirektorsgruppen/{date}.md" in report
    source_2022 = f"2022-08-26.{kind}"
    date_line = next(line for line in report.splitlines() if "26 juni" in line and "220826" in line)
    assert date_line.startswith(f"{source_2022}:") and "220826" in date_line
    misspelt = next(line for line in report.splitlines() if "Örskällunga" in line and "Örkelljunga" in line)
    assert misspelt.startswith(f"{source_2022}:")
    if kind == "txt":  # line numbers are those of the source text
        assert date_line.startswith(f"{source_2022}:9:")
        assert misspelt.startswith(f"{source_2022}:33:")
        assert "2019-11-22.txt:46: info: raden fortsätter raden 44" in report


def test_imported_draft_keeps_the_editorial_notes_and_the_meeting_reference(imported) -> None:
    _, _, build = imported
    text = (build.project / "protocols/kommundirektorsgruppen/2022-08-26.md").read_text("utf-8")
    assert "status: utkast" in text and "Örskällunga" in text and "26 juni" in text
    protocol = next(p for p in build.json("protocols.json")["protocols"] if p["date"] == "2019-11-22")
    assert "kommundirektörmöte 200117" in [r["text"] for r in protocol["references"]]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tom.txt", b"", "filen är tom"),
        ("binar.txt", b"\x00\x01\x02\x03 ELF binary", "inte en textfil"),
        (
            "utan-datum.txt",
            "Kommundirektörsgruppens protokoll\n\nNärvarande: Palle Lundberg, Helsingborg\n\n1. Incheckningsrunda\n".encode(),
            "hittar inget datum",
        ),
        ("trasig.pdf", b"%PDF-1.4 not really a pdf", "kan inte läsa PDF-filen"),
        ("trasig.docx", b"PK not a zip", "kan inte läsa Word-filen"),
    ],
)
def test_malformed_input_gets_a_clear_message_and_writes_nothing(project: Path, name: str, content: bytes, message: str) -> None:
    before = sorted(p.relative_to(project) for p in (project / "protocols").rglob("*"))
    (project / name).write_bytes(content)
    result = run_cli("import", name, cwd=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert f"{name}: fel: " in result.stderr and message in result.stderr
    assert sorted(p.relative_to(project) for p in (project / "protocols").rglob("*")) == before


def test_new_people_are_suggestions_not_silent_additions(project: Path) -> None:
    text = (FIXTURES / "seed-2022-08-26.txt").read_text("utf-8")
    text = text.replace("Helsingborg 220826", "Helsingborg 220923").replace("Tomas Rikse, Klippan", "Tomas Rikze, Klippan")
    text = text.replace("Pia Radil, Ängelholm, deltog", "Sven Nyman, Ängelholm, deltog")
    (project / "ny.txt").write_text(text, "utf-8")
    registry = (project / "protocols/personer.yml").read_text("utf-8")
    result = run_cli("import", "ny.txt", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "'Tomas Rikze' finns inte i personregistret – menade du 'Tomas Rikse'?" in result.stdout
    assert "ny person 'Sven Nyman'" in result.stdout
    assert (project / "protocols/personer.yml").read_text("utf-8") == registry  # nothing added silently
    # the checker's own findings for the draft are in the report too
    assert "protocols/kommundirektorsgruppen/2022-09-23.md:" in result.stdout and "okänd person 'Sven Nyman'" in result.stdout


def test_control_characters_and_decomposed_letters_of_an_original_do_not_reach_the_draft(project: Path) -> None:
    import unicodedata

    text = (FIXTURES / "seed-2019-11-22.txt").read_text("utf-8")
    assert "att tacka för informationen." in text
    # as saved on a Mac, with a line break written by Word (a vertical tab) and a right-to-left override
    text = unicodedata.normalize("NFD", text.replace("att tacka för informationen.", "att tacka\u202e för\vinformationen.", 1))
    (project / "protocols/kommundirektorsgruppen/2019-11-22.md").unlink()
    (project / "original.txt").write_text(text, "utf-8")
    result = run_cli("import", "original.txt", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    draft = (project / "protocols/kommundirektorsgruppen/2019-11-22.md").read_text("utf-8")
    assert "\u202e" not in draft and "\v" not in draft and draft == unicodedata.normalize("NFC", draft)
    assert "att tacka för\ninformationen." in draft or "att tacka för informationen." in draft
    check = run_cli("check", "protocols/kommundirektorsgruppen/2019-11-22.md", cwd=project)
    assert "styrtecken" not in check.stdout + check.stderr and "okänt fält" not in check.stdout + check.stderr


VARIANT = """Kommundirektörsgruppens protokoll 3/2021

Plats och tid: 2021-03-12 kl 09.00-10.30, Stadshuset i Landskrona

Närvarande: Palle Lundberg, Helsingborg, Tomas Rikse, Klippan, Örkelljunga, Johan Lindberg, sekretariatet

Övriga närvarande: Pia Radil, Ängelholm

Justerare: Tomas Rikse

1. Ekonomi

Beslut

2. Övrigt

Inga övriga frågor.
"""


def test_variations_and_what_the_importer_could_not_resolve(project: Path) -> None:
    (project / "variant.txt").write_text(VARIANT, "utf-8")
    result = run_cli("import", "variant.txt", cwd=project)
    assert result.returncode == 0, result.stderr
    draft = (project / "protocols/kommundirektorsgruppen/2021-03-12.md").read_text("utf-8")
    import yaml

    front = yaml.safe_load(draft.split("---")[1])
    assert (front["tid"], front["plats"], front["nummer"]) == ("09.00–10.30", "Stadshuset i Landskrona", "3/2021")
    assert front["gäster"] == ["Pia Radil, Ängelholm"]
    report = result.stdout
    assert "variant.txt:5: varning: kunde inte dela upp listan vid 'Örkelljunga'" in report
    assert "variant.txt:11: varning: punkten 'Ekonomi' nämner beslut, men inga att-satser hittades" in report


def test_oversized_inputs_are_refused_before_they_are_read(tmp_path: Path) -> None:
    import time
    import zipfile

    from protokollarkivet.commands import importing as importer
    from protokollarkivet.strings import load_strings

    strings = load_strings("sv")
    big = tmp_path / "stor.txt"
    big.write_bytes("Kommundirektörsgruppens protokoll 1/2020\n".encode() + b"ord " * 600_000)
    with pytest.raises(importer.NotImportableError, match="mer än de 2,0 MB"):
        importer.read_source(big, strings)
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * 70_000_000)  # a few kilobytes that unpack to 70 MB
    assert bomb.stat().st_size < 1_000_000
    start = time.perf_counter()
    with pytest.raises(importer.NotImportableError, match="packas upp till 70,0 MB"):
        importer.read_source(bomb, strings)
    assert time.perf_counter() - start < 5  # refused from the zip's directory, without unpacking


VARIANTS = sorted(p.stem for p in (FIXTURES / "import-variants").glob("*.txt"))


def _import_and_check(source: Path, date: object, strings, registers):
    """An original imported as `protokoll import` does, its draft written and read back by the checker:
    (imported, draft, protocol, findings)."""
    import datetime as dt

    from protokollarkivet.commands import importing
    from protokollarkivet.format import parse_protocol

    imported = importing.parse_source(source.name, importing.read_source(source, strings), registers, strings)
    draft = importing.render_draft(imported, strings, dt.date(2026, 1, 1))
    protocol, findings = parse_protocol(f"protocols/kommundirektorsgruppen/{date}.md", draft.encode("utf-8"), registers, strings)
    return imported, draft, protocol, findings


@pytest.mark.parametrize("name", VARIANTS)
def test_hand_written_variants_import_field_by_field(tmp_path: Path, strings, registers, name: str) -> None:
    """Originals written by hand in layouts the seeds do not have, with what their import must give."""
    import yaml

    from protokollarkivet.format import Level

    expected = yaml.safe_load((FIXTURES / "import-variants" / f"{name}.yml").read_text("utf-8"))
    source = FIXTURES / "import-variants" / f"{name}.txt"
    imported, draft, protocol, findings = _import_and_check(source, expected["datum"], strings, registers)
    assert protocol is not None and not [f for f in findings if f.level is Level.ERROR], draft
    assert (protocol.date, protocol.number, [protocol.start, protocol.end], protocol.place) == (
        expected["datum"],
        expected["nummer"],
        expected["tid"],
        expected["plats"],
    )
    present = [[p.name, p.municipality, p.present_from, p.present_until, p.items, p.not_items] for p in protocol.present]
    assert present == expected["närvarande"]
    assert [p.name for p in protocol.absent] == expected["frånvarande"]
    assert [[p.name, p.items] for p in protocol.guests] == expected["gäster"]
    assert [item.title for item in protocol.items] == expected["punkter"]
    assert [" ".join(d.text.split()) for _, d in protocol.decisions] == expected["beslut"]
    if "sekreterare" in expected:
        assert protocol.secretary == expected["sekreterare"] and protocol.adjusters == expected["justerare"]
    # never lose a word: every word of the original is in the draft or in the report
    words = lambda text: {w.casefold() for w in re.findall(r"[\wåäöÅÄÖ]+", text)}  # noqa: E731
    report = " ".join(note.message for note in imported.notes)
    assert words(source.read_text("utf-8")) - words(draft) - words(report) == set()


def test_a_back_catalogue_imports_in_bulk_once(project: Path) -> None:
    import json

    catalogue = project / "arkiv"
    (catalogue / "2019").mkdir(parents=True)
    (catalogue / "2022" / "word").mkdir(parents=True)
    for date in SEEDS:
        (project / f"protocols/kommundirektorsgruppen/{date}.md").unlink()
    shutil.copy(FIXTURES / SEEDS["2019-11-22"], catalogue / "2019" / "kdg-191122.txt")
    _as_docx(FIXTURES / SEEDS["2022-08-26"], catalogue / "2022" / "word" / "kdg-220826.docx")
    shutil.copy(FIXTURES / "import-variants" / "paragraph-numbers.txt", catalogue / "2020-01-17.txt")
    (catalogue / "trasig.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    (catalogue / "anteckningar.odt").write_bytes(b"not an original")  # not a format the importer reads: left alone
    first = run_cli("import", "arkiv", "--report", "rapport.json", cwd=project)
    assert first.returncode == 1, first.stdout + first.stderr  # the broken PDF failed
    report = json.loads((project / "rapport.json").read_text("utf-8"))
    assert report["summary"] == {"files": 4, "imported": 2, "review": 1, "present": 0, "failed": 1}
    statuses = {Path(f["source"]).name: f["status"] for f in report["files"]}
    # the 2022 original misspells a municipality and strikes names out: the importer's guesses need a look
    assert statuses == {"kdg-191122.txt": "imported", "kdg-220826.docx": "review", "2020-01-17.txt": "imported", "trasig.pdf": "failed"}
    assert "Importerade" in first.stderr and "Misslyckades" in first.stderr and "trasig.pdf" in first.stderr
    written = sorted(p.name for p in (project / "protocols/kommundirektorsgruppen").iterdir())
    assert written == ["2019-11-22.md", "2020-01-17.md", "2022-08-26.md"]
    before = {p: p.read_bytes() for p in (project / "protocols").rglob("*.md")}
    again = run_cli("import", "arkiv", "--report", "igen.json", cwd=project)
    again_report = json.loads((project / "igen.json").read_text("utf-8"))
    assert again_report["summary"]["present"] == 3 and again_report["summary"]["imported"] == 0
    assert "mötet finns redan i arkivet i protocols/kommundirektorsgruppen/2019-11-22.md" in again.stderr
    assert {p: p.read_bytes() for p in (project / "protocols").rglob("*.md")} == before  # nothing duplicated or overwritten
    check = run_cli("check", cwd=project)
    assert check.returncode == 0, check.stdout  # the drafts pass the checker, unknown people as information
    build = run_build(project, env={"PROTOKOLL_DRAFTS": "1"})
    assert build.result.returncode == 0, build.output
    referring = next(p for p in build.json("protocols.json")["protocols"] if p["date"] == "2019-11-22")
    assert any(
        r["text"] == "kommundirektörmöte 200117" and r["url"] == "kommundirektorsgruppen/2020-01-17/" for r in referring["references"]
    )


def test_no_word_of_an_original_is_lost(imported) -> None:
    """Every word of each seed ends up in its draft or in the report as deliberately removed or read."""
    kind, result, build = imported
    words = lambda text: {w.casefold() for w in re.findall(r"[\wåäöÅÄÖ]+", text)}  # noqa: E731
    for date, seed in SEEDS.items():
        draft = (build.project / f"protocols/kommundirektorsgruppen/{date}.md").read_text("utf-8")
        source = (FIXTURES / seed).read_text("utf-8").replace("~~", "")
        report = "\n".join(line for line in result.stdout.splitlines() if line.startswith(f"{date}.{kind}:"))
        assert words(source) - words(draft) - words(report) == set(), (kind, date)


def test_a_word_protocol_laid_out_in_tables_imports_field_by_field(tmp_path: Path, strings, registers) -> None:
    """A case system's layout in Word: labels and values in a table, a person a paragraph in one cell."""

    import docx

    from protokollarkivet.format import Level

    document = docx.Document()
    document.add_paragraph("KOMMUNDIREKTÖRSGRUPPEN PROTOKOLL")
    document.add_paragraph("Sammanträdesdatum 2020-10-02")
    head = document.add_table(rows=3, cols=2)
    head.cell(0, 0).text, head.cell(0, 1).text = "Plats och tid", "Helsingborgs stadshus, kl. 09.00–11.30"
    head.cell(1, 0).text, head.cell(1, 1).text = "Beslutande", "Palle Lundberg, Helsingborg, ordförande"
    head.cell(1, 1).add_paragraph("Christian Alexandersson, Landskrona")
    head.cell(2, 0).text, head.cell(2, 1).text = "Övriga deltagande", "Johan Lindberg, sekretariatet, sekreterare"
    head.cell(2, 1).add_paragraph("Lena Åström, projektledare, § 1")
    item = document.add_table(rows=1, cols=2)
    item.cell(0, 0).text, item.cell(0, 1).text = "§ 1", "Projektet Smarta lokaler"
    for text in ("Lena Åström redovisade läget i projektet.", "Kommundirektörsgruppen beslutar", "att notera informationen."):
        document.add_paragraph(text)
    document.save(str(tmp_path / "original.docx"))

    _, draft, protocol, findings = _import_and_check(tmp_path / "original.docx", "2020-10-02", strings, registers)
    assert protocol is not None and not [f for f in findings if f.level is Level.ERROR], draft
    assert (protocol.place, protocol.start, protocol.end, protocol.chair, protocol.secretary) == (
        "Helsingborgs stadshus", "09:00", "11:30", "Palle Lundberg", "Johan Lindberg"
    )  # fmt: skip
    assert [(p.name, p.municipality) for p in protocol.present] == [
        ("Palle Lundberg", "Helsingborg"),
        ("Christian Alexandersson", "Landskrona"),
    ]
    assert [(p.name, p.items) for p in protocol.guests] == [("Johan Lindberg", []), ("Lena Åström", [1])]
    assert [i.title for i in protocol.items] == ["Projektet Smarta lokaler"]
    assert [d.text for _, d in protocol.decisions] == ["att notera informationen."]


def test_a_case_systems_protocol_as_pdf_reads_its_columns(tmp_path: Path, strings, registers) -> None:
    """The municipal layout of the hand-written variant, printed to PDF with its cells in columns."""

    import yaml
    from reportlab.pdfgen import canvas

    name = "municipal-boxes-and-page-headers"
    expected = yaml.safe_load((FIXTURES / "import-variants" / f"{name}.yml").read_text("utf-8"))
    pdf = canvas.Canvas(str(tmp_path / "original.pdf"), pagesize=(595, 842))
    for page in (FIXTURES / "import-variants" / f"{name}.txt").read_text("utf-8").split("\f"):
        for row, line in enumerate(page.split("\n")):
            pdf.setFont("Helvetica", 10)
            for x, cell in zip((40, 220, 420), line.split("\t"), strict=False):
                pdf.drawString(x, 800 - 14 * row, cell)
        pdf.showPage()
    pdf.save()
    _, draft, protocol, _ = _import_and_check(tmp_path / "original.pdf", expected["datum"], strings, registers)
    assert protocol is not None, draft
    assert (protocol.date, [protocol.start, protocol.end], protocol.place) == (expected["datum"], expected["tid"], expected["plats"])
    assert [[p.name, p.municipality] for p in protocol.present] == [entry[:2] for entry in expected["närvarande"]]
    assert [[p.name, p.items] for p in protocol.guests] == expected["gäster"]
    assert [item.title for item in protocol.items] == expected["punkter"]


def test_a_label_dagordning_over_the_items_themselves_keeps_them_items(strings, registers) -> None:
    """'Dagordning' above the items with their text (no list of them first) heads the items, not an agenda."""
    from protokollarkivet.commands import importing

    text = (FIXTURES / "import-variants" / "agenda-then-items.txt").read_text("utf-8")
    listed = "Dagordning\n1. Incheckningsrunda\n2. Budget 2022\n3. Övrigt\n\n"
    assert listed in text
    imported = importing.parse_source("original.txt", text.replace(listed, "Dagordning\n\n").split("\n"), registers, strings)
    assert [item.title for item in imported.items] == ["Incheckningsrunda", "Budget 2022", "Övrigt"]
    assert imported.items[0].paragraphs == ["Alla berättade kort om läget i kommunerna."]

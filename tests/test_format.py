"""The format's rules, called directly: parsing and validation of protocols and registers, in memory.

Each rule is checked on a seed protocol changed the way a writer or an attacker would change it: the
finding's message, its line and its level, and that nothing raises."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from conftest import REPO, seed_text
from protokollarkivet.format import Level, Status, load_archive, load_registers, parse_protocol, safety, source
from protokollarkivet.format.writer import protocol_text

P2019 = "protocols/kommundirektorsgruppen/2019-11-22.md"
P2022 = "protocols/kommundirektorsgruppen/2022-08-26.md"


def parse(text: str, registers, strings, path: str = P2022):
    return parse_protocol(path, text.encode("utf-8"), registers, strings)


def changed(date: str, old: str, new: str) -> str:
    text = seed_text(date)
    assert old in text, old
    return text.replace(old, new, 1)


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), start=1) if needle in line)


def test_both_seeds_parse_without_findings(registers, strings) -> None:
    for date, path in (("2019-11-22", P2019), ("2022-08-26", P2022)):
        protocol, findings = parse(seed_text(date), registers, strings, path)
        assert protocol is not None and findings == [], [f.format() for f in findings]
        assert protocol.status is Status.APPROVED


# (date, old, new, needle for the expected line, expected message, level)
CHECKS = [
    ("2022-08-26", "Ardiana Demjaha, Örkelljunga", "Ardiana Demjaha, Örskällunga", "Örskällunga", "okänd kommun 'Örskällunga' – menade du 'Örkelljunga'?", Level.ERROR),
    ("2022-08-26", "  - Tomas Rikse, Klippan", "  - Thomas Rikse, Klippan", "Thomas Rikse", "okänd person 'Thomas Rikse' – menade du 'Tomas Rikse'?", Level.ERROR),
    ("2022-08-26", "plats: Rusthållargården i Arild\n", "", None, "fältet 'plats' saknas", Level.ERROR),
    ("2022-08-26", "plats: Rusthållargården i Arild", 'plats: " "', "plats:", "fältet 'plats' är tomt", Level.ERROR),
    ("2022-08-26", 'tid: "13.00–13.45"', 'tid: "13.00–halv tre"', "tid:", "ska skrivas som start–slut", Level.ERROR),
    ("2022-08-26", 'tid: "13.00–13.45"', "tid: 13:00", "tid:", "'13:00' ska skrivas som start–slut", Level.ERROR),
    ("2022-08-26", 'tid: "13.00–13.45"', 'tid: "13.45–13.00"', "tid:", "sluttiden 13:00 ligger inte efter starttiden 13:45", Level.ERROR),
    ("2019-11-22", "Palle Lundberg, Helsingborg, från 09.20", "Palle Lundberg, Helsingborg, från 09.20, till 09.10", "Palle Lundberg, Helsingborg, från", "sluttiden 09:10 ligger inte efter starttiden 09:20", Level.ERROR),
    ("2019-11-22", "nummer: 8/2019", "nummer: 8/2018", "nummer:", "protokollnumret '8/2018' anger ett annat år än datumet (2019)", Level.ERROR),
    ("2019-11-22", "nummer: 8/2019", "nummer: " + "9" * 5000 + "/2019", "nummer:", "ska skrivas som löpnummer/år", Level.ERROR),
    ("2022-08-26", "justerare: [Johan Lindberg]", "justerare: [Palle Lundberg]", "justerare:", "justeraren Palle Lundberg står inte bland de närvarande", Level.ERROR),
    ("2022-08-26", "  datum: 2022-08-26\n  justerare: [Johan Lindberg]\n", "  justerare: [Johan Lindberg]\n", "justering:", "justeringsdatum saknas", Level.ERROR),
    ("2022-08-26", "  datum: 2022-08-26\n  justerare", "  datum: 2019-02-30\n  justerare", "datum: 2019-02-30", "'2019-02-30' i fältet 'justering.datum' är inget giltigt datum", Level.ERROR),
    ("2022-08-26", "  datum: 2022-08-26\n  justerare", "  datum: 2022-08-25\n  justerare", "datum: 2022-08-25", "justeringsdatumet 2022-08-25 ligger före mötet 2022-08-26", Level.ERROR),
    ("2022-08-26", "kontakt: johan.lindberg@familjenhelsingborg.se", "kontakt: 0x1F", "kontakt:", "'0x1F' i fältet 'kontakt' är ingen e-postadress", Level.ERROR),
    ("2022-08-26", "\natt Johan Lindberg tills vidare leder gruppens möten med stöd från två kommundirektörer.\n\natt Johan arbetar fram ett förslag på upplägg för roterande stöd från två kommundirektörer och återkopplar senast nästa möte.", "", None, "punkten '13.40 Övrigt' har 'Beslut' men ingen att-sats", Level.ERROR),
    ("2022-08-26", "\nBeslut\n\natt Johan Lindberg", "\natt Johan Lindberg", "att Johan Lindberg tills", "står utanför ett Beslut", Level.ERROR),
    ("2019-11-22", "## 8. Övrigt", "## 9. Övrigt", "## 9. Övrigt", "punkten '## 9. Övrigt' har nummer 9, men nästa nummer är 8", Level.ERROR),
    ("2019-11-22", "## 8. Övrigt", "## 7. Övrigt", "## 7. Övrigt", "punkten '## 7. Övrigt' har nummer 7, som redan använts", Level.ERROR),
    ("2019-11-22", "## 8. Övrigt", "## Övrigt", "## Övrigt", "punkten '## Övrigt' saknar nummer, men de andra punkterna är numrerade", Level.ERROR),
    ("2019-11-22", "  - Alfred Tilly, punkt 2", "  - Alfred Tilly, punkt " + "4" * 5000, "Alfred Tilly", "kan inte tolka", Level.ERROR),
    ("2019-11-22", "  - Alfred Tilly, punkt 2", "  - Alfred Tilly, punkt 12", "Alfred Tilly", "Alfred Tilly anges vid punkt 12", Level.ERROR),
    ("2022-08-26", "datum: 2022-08-26", "datum: 2022-08-27", "datum:", "byt namn på filen till 2022-08-27.md", Level.ERROR),
    ("2022-08-26", "plats: Rusthållargården i Arild", "plast: Rusthållargården i Arild", "plast:", "okänt fält 'plast' – menade du 'plats'?", Level.ERROR),
    ("2022-08-26", "status: justerat", "status: klart", "status:", "okänd status 'klart'", Level.ERROR),
    ("2022-08-26", "  - Christer Pålsson, Bjuv", "  - Christer\u00a0Pålsson, Bjuv", "Christer\u00a0Pålsson", "innehåller tecknet U+00A0 hårt mellanslag", Level.ERROR),
    ("2022-08-26", "  - Christer Pålsson, Bjuv", "  - Christer Pålsson, Bjuv\u200b", "Christer Pålsson, Bjuv\u200b", "innehåller tecknet U+200B osynligt mellanslag", Level.ERROR),
    ("2022-08-26", "  - Christer Pålsson, Bjuv", "  - Christer Pålsson, Вjuv", "Вjuv", "innehåller tecknet U+0412", Level.ERROR),
    ("2022-08-26", "anmärkningar:\n", "anmärkningar:\n  - Datum: rubriken anger 220826.\n", "  - Datum: rubriken", "anmärkningen som börjar med 'Datum:'", Level.ERROR),
    ("2022-08-26", "plats: Rusthållargården i Arild", "plats: 'Rum \\x22><script>alert(1)</script>'", "plats:", "HTML ('<script>') är inte tillåtet", Level.ERROR),
    ("2022-08-26", "Agendan diskuterades", "Agendan <img src=x onerror=alert(1)> diskuterades", "Agendan <img", "rå HTML ('<img src=x onerror=alert(1)>') är inte tillåten", Level.ERROR),
    ("2022-08-26", "Agendan diskuterades", "[Agendan](javascript:alert(1)) diskuterades", "[Agendan]", "länken går till 'javascript:'", Level.ERROR),
    ("2022-08-26", "    text: >-\n      Besluten i punkt 6", "    text: ''\n    x: >-\n      Besluten i punkt 6", "text: ''", "minst 3 ord", Level.ERROR),
    ("2022-08-26", "rättelser:\n", "rättelser:\n  - datum: 1900-01-01\n    text: Stavningen av ett namn rättad.\n", "- datum: 1900-01-01", "rättelsen är daterad 1900-01-01, före mötet", Level.ERROR),
    ("2019-11-22", "att tacka för informationen.", "att tacka för informationen.\n\nTack.", "Tack.", "står under Beslut men börjar inte med 'att'", Level.ERROR),
    ("2022-08-26", "  - Ardiana Demjaha, Örkelljunga", "  - ARDIANA DEMJAHA, Örkelljunga\n  - Ardiana Demjaha, Örkelljunga", "Ardiana Demjaha, Örkelljunga", "Ardiana Demjaha står två gånger", Level.ERROR),
    ("2022-08-26", "  - Christer Pålsson, Bjuv", "  - Christer Pålsson, Bjuv, från 12.00", "Christer Pålsson, Bjuv, från", "Christer Pålsson anges närvarande 12:00, utanför mötets tid", Level.WARNING),
    ("2022-08-26", "Agendan diskuterades", "Agendan ![karta](https://spårare.example/pixel.png) diskuterades", "Agendan ![karta]", "bilden '![karta](https://spårare.example/pixel.png)' kan inte visas", Level.ERROR),
    ("2019-11-22", "ordförande: Palle Lundberg", "ordförande: Herman Crespin", "ordförande:", "ordföranden Herman Crespin står bland de frånvarande", Level.ERROR),
    ("2019-11-22", "sekreterare: Johan Lindberg", "sekreterare: Stefan Larsson", "sekreterare:", "sekreteraren Stefan Larsson står bland de frånvarande", Level.ERROR),
    ("2019-11-22", "  - Alfred Tilly, punkt 2", "  - Ulf Bengtsson, punkt 2", "Ulf Bengtsson, punkt 2", "Ulf Bengtsson står två gånger i närvarolistan", Level.ERROR),
    ("2019-11-22", "## 1. Incheckningsrunda", "# 1. Incheckningsrunda", "# 1. Incheckningsrunda", "rubriken '# 1. Incheckningsrunda' har nivå 1", Level.ERROR),
    ("2019-11-22", "## 1. Incheckningsrunda", "### Inledning\n\n## 1. Incheckningsrunda", "### Inledning", "rubriken '### Inledning' står före första punkten", Level.ERROR),
    ("2019-11-22", "att tacka för informationen.", "att tacka för informationen.\n\nFika med Familjen\n===", "===", "raden '===' under 'Fika med Familjen' gör texten till en rubrik", Level.ERROR),
    ("2019-11-22", "## 8. Övrigt", "## 8. Övrigt\nNästa möte\n-----", "-----", "raden '-----' under 'Nästa möte'", Level.ERROR),
]  # fmt: skip


@pytest.mark.parametrize(("date", "old", "new", "needle", "message", "level"), CHECKS, ids=[c[4][:40] for c in CHECKS])
def test_each_rule_reports_its_problem_at_its_line(registers, strings, date, old, new, needle, message, level) -> None:
    text = changed(date, old, new)
    path = P2019 if date == "2019-11-22" else P2022
    protocol, findings = parse(text, registers, strings, path)
    found = [f for f in findings if message in f.message]
    assert found, [f.format() for f in findings]
    assert found[0].level is level and found[0].path == path
    if needle:
        assert found[0].line == line_of(text, needle), found[0].format()
    assert (protocol is None) == (level is Level.ERROR)


def test_a_byte_order_mark_and_crlf_change_neither_the_reading_nor_the_fingerprint(registers, strings) -> None:
    text = seed_text("2019-11-22")
    plain, _ = parse(text, registers, strings, P2019)
    variants = ["\ufeff" + text, text.replace("\n", "\r\n"), text.replace("\n", "\r"), text + "\n\n", text.rstrip("\n")]
    for variant in variants:
        protocol, findings = parse(variant, registers, strings, P2019)
        assert protocol is not None and findings == []
        assert protocol.fingerprint == plain.fingerprint
        assert [d.text for _, d in protocol.decisions] == [d.text for _, d in plain.decisions]


def test_a_file_saved_with_decomposed_letters_reads_as_written_with_composed_ones(registers, strings) -> None:
    import unicodedata

    text = seed_text("2019-11-22")
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text  # field names (ordförande, närvarande), places and names are all decomposed
    composed, _ = parse(text, registers, strings, P2019)
    protocol, findings = parse(decomposed, registers, strings, P2019)
    assert protocol is not None and findings == [], [f.format() for f in findings]
    assert protocol.fingerprint == composed.fingerprint and protocol.place == composed.place
    assert [d.text for _, d in protocol.decisions] == [d.text for _, d in composed.decisions]


def test_a_rule_under_a_paragraph_is_a_rule_not_a_heading(registers, strings) -> None:
    # Markdown makes a text with '---' on its next line a heading, but a '---' further down a paragraph a rule
    text = changed("2019-11-22", "Presentation bifogas protokollet.", "Presentation bifogas protokollet.\nAndra raden.\n---")
    protocol, findings = parse(text, registers, strings, P2019)
    assert protocol is not None and findings == [], [f.format() for f in findings]


def test_a_control_character_is_reported_at_its_line_and_column(registers, strings) -> None:
    text = changed("2019-11-22", "att tacka för informationen.", "att tacka för\u2067 informationen.")
    protocol, findings = parse(text, registers, strings, P2019)
    assert protocol is None
    found = [f for f in findings if "U+2067" in f.message]
    assert found and (found[0].line, found[0].column) == (line_of(text, "\u2067"), len("att tacka för") + 1)


def test_fingerprint_is_the_sha256_of_the_normalised_file() -> None:
    import hashlib

    raw = (REPO / P2019).read_bytes()
    assert source.fingerprint(source.read_text(raw)) == hashlib.sha256(raw).hexdigest()  # the seeds are normalised


def test_items_keep_their_written_numbers_and_unnumbered_ones_are_numbered_in_order(registers, strings) -> None:
    text = seed_text("2019-11-22")
    for number in range(8, 0, -1):
        text = text.replace(f"## {number}. ", f"## {number + 44}. ")
    text = text.replace("punkt 2", "punkt 46")
    protocol, findings = parse(text, registers, strings, P2019)
    assert protocol is not None, [f.format() for f in findings]
    assert [item.number for item in protocol.items] == list(range(45, 53))
    assert protocol.guests[0].items == [46] and protocol.attachments[0].item == 46
    assert not protocol.numbered_in_order
    paragraph = text.replace("## 45. ", "## § 45 ")
    assert parse(paragraph, registers, strings, P2019)[0] is not None
    unnumbered, _ = parse(seed_text("2022-08-26"), registers, strings)
    assert unnumbered.numbered_in_order and [i.number for i in unnumbered.items] == [1, 2, 3, 4, 5, 6]
    assert [i.time for i in unnumbered.items] == ["13:00", None, None, "13:15", "13:25", "13:40"]


def test_a_text_field_is_taken_as_written(registers, strings) -> None:
    text = changed("2022-08-26", "plats: Rusthållargården i Arild", "plats: 1_000")
    protocol, _ = parse(text, registers, strings)
    assert protocol is not None and protocol.place == "1_000"


def test_names_are_compared_after_unicode_normalisation(registers, strings) -> None:
    decomposed = "Christer Pa\u030alsson"  # å as a plus a combining ring, as some systems save it
    text = changed("2022-08-26", "Christer Pålsson, Bjuv", f"{decomposed}, Bjuv")
    protocol, findings = parse(text, registers, strings)
    assert protocol is not None, [f.format() for f in findings]
    assert protocol.present[0].name == "Christer Pålsson"


def test_markdown_safety_finds_html_and_unsafe_links_but_not_code_or_safe_links() -> None:
    def kinds(text: str) -> list[tuple[str, str]]:
        return [(u.kind, u.text) for u in safety.find_unsafe_markdown(text)]

    assert kinds("<script>alert(1)</script>") == [("html", "<script>"), ("html", "</script>")]
    assert kinds("a <svg/onload=alert(1)>") == [("html", "<svg/onload=alert(1)>")]
    assert kinds("[x]( JaVa&#115;cript:alert(1))") == [("link", "javascript:")]
    assert kinds("[x](data:text/html;base64,PHNjcmlwdD4=)") == [("link", "data:")]
    assert kinds("[id]: vbscript:msgbox") == [("link", "vbscript:")]
    assert kinds("<javascript:alert(1)>") == [("link", "javascript:")]
    assert kinds("`<b>` and\n```\n<script>\n```\n") == []
    assert kinds("<https://example.org> <namn@example.org> [a](https://a.se) [b](bilaga.pdf) [c](mailto:a@b.se) 1 < 2") == []
    assert safety.position("ab\ncd<x>", 5, 10) == (11, 3)


def test_code_spans_are_found_in_linear_time() -> None:
    import time

    start = time.perf_counter()
    list(safety.find_unsafe_markdown("`a" * 100_000 + "<b>"))
    assert time.perf_counter() - start < 5  # a quadratic scan of 100,000 unclosed spans takes minutes


# --- registers --------------------------------------------------------------------------------


def _registers_with(tmp_path: Path, name: str, old: str, new: str):
    from protokollarkivet.strings import load_strings

    root = tmp_path / "protocols"
    import shutil

    shutil.copytree(REPO / "protocols", root)
    text = (root / name).read_text("utf-8")
    assert old in text
    (root / name).write_text(text.replace(old, new, 1), "utf-8")
    return load_registers(root, load_strings("sv"), "protocols")


REGISTER_CHECKS = [
    ("projekt.yml", "- namn: Vägledningswebb", "- namn: Smarta Lokaler\n  status: idé\n- namn: Vägledningswebb", "'Smarta Lokaler' finns redan i registret på rad"),
    ("kommuner.yml", "- Bjuv\n", "- Bjuv\n- bjuv\n", "'bjuv' finns redan i registret på rad 2 ('Bjuv')"),
    ("organisationer.yml", "- namn: Sekretariatet", "- namn: Region Skåne\n  alias: [Sekretariatet]\n- namn: Sekretariatet", "'sekretariatet' finns redan i registret på rad 2 ('Sekretariatet')"),
    ("personer.yml", "- Pia Radil, Ängelholm", "- Pia Radil, Ängelholm\n- Pia  Radil, Ängelholm", "'Pia  Radil' finns redan"),
    ("personer.yml", "- Pia Radil, Ängelholm", "- Pia <img src=x onerror=alert(1)>, Ängelholm", "HTML ('<img src=x onerror=alert(1)>') är inte tillåtet i register"),
    ("personer.yml", "- Pia Radil, Ängelholm", "- Pia Radil, Ängelhom", "okänd kommun 'Ängelhom' – menade du 'Ängelholm'?"),
    ("organ.yml", "kommundirektorsgruppen:\n", "Kommundirektörsgruppen X:\n", "kortnamn 'Kommundirektörsgruppen X'"),
    ("personer.yml", "  titel: sekretariatschef", "  tittel: sekretariatschef", "okänt fält 'tittel' – menade du 'titel'?"),
    ("projekt.yml", "- namn: Vägledningswebb", "- namn: Vägledningswebb\n  kontakt: Johan Lindberg", "okänt fält 'kontakt' – menade du 'kontaktpersoner'?"),
    ("organ.yml", "  förkortning: KDG", "  förkortning: KDG\n  färg: blå", "okänt fält 'färg' – tillåtna fält är namn, förkortning"),
    ("personer.yml", "- Alfred Tilly", "- ''", "fältet 'namn' är tomt"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "old", "new", "message"), REGISTER_CHECKS)
def test_register_problems_are_errors_at_their_line(tmp_path: Path, name: str, old: str, new: str, message: str) -> None:
    _, findings = _registers_with(tmp_path, name, old, new)
    found = [f for f in findings if message in f.message]
    assert found, [f.format() for f in findings]
    assert found[0].path == f"protocols/{name}" and found[0].level is Level.ERROR and found[0].line > 1


def test_a_duplicate_project_does_not_replace_the_first(tmp_path: Path) -> None:
    registers, _ = _registers_with(
        tmp_path, "projekt.yml", "- namn: Vägledningswebb", "- namn: Smarta Lokaler\n  status: idé\n- namn: Vägledningswebb"
    )
    assert registers.projects["smarta-lokaler"].status == "planerad"


# --- the archive folder -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("kommundirektorsgruppen/2023-01-01.MD", "2023-01-01.md"),
        ("kommundirektorsgruppen/2023-01-01.markdown", "2023-01-01.md"),
        ("kommundirektorsgruppen/2023-01-01.md.txt", "2023-01-01.md"),
        ("kommundirektorsgruppen/.2023-01-01.md", "2023-01-01.md"),
        ("2023-01-01.md", "<organ>/2023-01-01.md"),
        ("kommundirektorsgruppen/anteckningar.docx", "ÅÅÅÅ-MM-DD.md"),
    ],
)
def test_every_file_is_a_protocol_a_register_or_reported(tmp_path: Path, strings, name: str, expected: str) -> None:
    import shutil

    root = tmp_path / "protocols"
    shutil.copytree(REPO / "protocols", root)
    (root / name).write_text(seed_text("2022-08-26"), "utf-8")
    archive = load_archive(root, strings, prefix="protocols")
    found = [f for f in archive.findings if f.path == f"protocols/{name}"]
    assert len(found) == 1 and found[0].level is Level.ERROR and f"ska heta {expected}" in found[0].message
    assert len(archive.protocols) == 2


def test_a_folder_where_a_protocol_should_be_is_reported(tmp_path: Path, strings) -> None:
    import shutil

    root = tmp_path / "protocols"
    shutil.copytree(REPO / "protocols", root)
    (root / "kommundirektorsgruppen" / "2023-01-01.md").mkdir()
    archive = load_archive(root, strings, prefix="protocols")
    assert any(f.path.startswith("protocols/kommundirektorsgruppen/2023-01-01.md") for f in archive.findings)


HOSTILE = [
    pytest.param(b"", 1, "filen är tom", id="empty"),
    pytest.param(b"\x00\x01\x02binary\xff", 1, "inte en textfil", id="binary"),
    pytest.param("---\nplats: Arild\n---\n".encode("latin-1") + "Möte i Höganäs".encode("latin-1"), 4, "inte kodad i UTF-8", id="latin-1"),
    pytest.param(b"---\norgan: a\norgan: b\n---\n", 3, "nyckeln 'organ' förekommer två gånger", id="duplicate-key"),
    pytest.param(b"---\nplats: [Arild\ndatum: 2023-01-01\n---\n", 2, "ogiltig YAML", id="malformed-yaml"),
    pytest.param(b"---\norgan: kommundirektorsgruppen\n", 1, "YAML-huvudet avslutas inte", id="unclosed"),
    pytest.param(b"Bara text utan huvud\n", 1, "saknar inledande YAML-huvud", id="no-front-matter"),
    pytest.param(
        ("---\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(9)) + "---\n").encode(),
        2, "YAML-ankare och alias", id="alias-bomb"),
    pytest.param(b"---\norgan: kommundirektorsgruppen\n---\n" + b"text " * 300_000, 1, "filen är större än", id="huge"),
    pytest.param(b"---\n" + b"[" * 5000 + b"\n---\n", 2, "ogiltig YAML", id="deep-nesting"),
    pytest.param(b"---\ndatum: 9" + b"9" * 5000 + b"\n---\n", 2, "inget giltigt datum", id="huge-number"),
    pytest.param("---\norgan: kommundirektorsgruppen\n---\n\nBeslut\n\natt \u202egodkänna budgeten.\n".encode(), 7,
                 "tecknet U+202E är ett osynligt styrtecken", id="right-to-left-override"),
    pytest.param("---\nplats: Arild \u0096 Höganäs\n---\n".encode(), 2, "tecknet U+0096 är ett osynligt styrtecken", id="c1-control"),
    pytest.param(b"---\nplats: Arild\x1b[31m\n---\n", 2, "tecknet U+001B", id="escape"),
]  # fmt: skip


@pytest.mark.parametrize(("content", "line", "message"), HOSTILE)
def test_hostile_files_give_one_clear_finding(registers, strings, content: bytes, line: int, message: str) -> None:
    path = "protocols/kommundirektorsgruppen/2023-01-01.md"
    protocol, findings = parse_protocol(path, content, registers, strings)
    assert protocol is None
    found = [f for f in findings if message in f.message]
    assert found and found[0].line == line, [f.format() for f in findings]


# --- writing ------------------------------------------------------------------------------------


def test_the_writer_round_trips_hostile_values(registers, strings) -> None:
    place = "Rum \"A\": \\ # 'x' - [1] {y} &z *w !v %u @t `s` ? | >"
    fields = {
        "organ": "kommundirektorsgruppen",
        "datum": dt.date(2023, 1, 1),
        "tid": "09.00–10.00",
        "plats": place,
        "status": "utkast",
        "närvarande": ["Palle Lundberg, Helsingborg"],
    }
    text = protocol_text(fields, "## 1. Punkt")
    front = yaml.safe_load(text.split("---")[1])
    assert front["plats"] == place and front["datum"] == dt.date(2023, 1, 1)
    protocol, findings = parse(text, registers, strings, "protocols/kommundirektorsgruppen/2023-01-01.md")
    assert protocol is not None and protocol.place == place, [f.format() for f in findings]


def test_a_member_present_for_some_items_only(registers, strings) -> None:
    text = changed("2019-11-22", "  - Ulf Bengtsson, Perstorp\n", "  - Ulf Bengtsson, Perstorp, punkt 2–4\n")
    text = text.replace("  - Tomas Rikse, Klippan\n", "  - Tomas Rikse, Klippan, från punkt 3, ej punkt 5\n")
    text = text.replace("  - Erik Lidberg, Båstad\n", "  - namn: Erik Lidberg\n    kommun: Båstad\n    ej punkter: [7]\n")
    protocol, findings = parse(text, registers, strings, P2019)
    assert protocol is not None, [f.format() for f in findings]
    people = {p.name: p for p in protocol.present}
    assert people["Ulf Bengtsson"].items == [2, 3, 4]
    assert people["Tomas Rikse"].items == [3, 4, 6, 7, 8] and people["Tomas Rikse"].not_items == [5]
    assert people["Erik Lidberg"].not_items == [7] and people["Erik Lidberg"].items == []
    for old, new, message in (
        ("  - Herman Crespin, Höganäs", "  - Herman Crespin, Höganäs, punkt 2", "punkter kan inte anges för Herman Crespin"),
        ("  - Alfred Tilly, punkt 2", "  - Alfred Tilly, från punkt 2", "gäller närvarande, inte gästen Alfred Tilly"),
        ("  - Ulf Bengtsson, Perstorp", "  - Ulf Bengtsson, Perstorp, från punkt 9", "Ulf Bengtsson anges vid punkt 9"),
    ):
        protocol, findings = parse(changed("2019-11-22", old, new), registers, strings, P2019)
        assert protocol is None and any(message in f.message for f in findings), [f.format() for f in findings]


def test_a_draft_may_name_people_and_places_not_yet_registered(registers, strings) -> None:
    text = changed("2022-08-26", "status: justerat\njustering:\n  datum: 2022-08-26\n  justerare: [Johan Lindberg]\n", "status: utkast\n")
    text = text.replace("  - Pia Radil, Ängelholm, punkt 4", "  - Sven Nyman, Ängelholm, punkt 4\n  - Eva Ny, Lunds kommun, punkt 5")
    protocol, findings = parse(text, registers, strings)
    assert protocol is not None, [f.format() for f in findings]
    assert {f.level for f in findings} == {Level.INFO}
    assert any("okänd person 'Sven Nyman'" in f.message and "innan protokollet justeras" in f.message for f in findings)
    approved = text.replace("status: utkast\n", "status: justerat\njustering:\n  datum: 2022-08-26\n  justerare: [Johan Lindberg]\n")
    assert parse(approved, registers, strings)[0] is None

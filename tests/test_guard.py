"""The approval guard (`protokoll check --base REF`) in a real git repository, attacked as a careless
editor or an attacker would: a BOM, other line endings, a made-up correction, a folder in place of a file."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from conftest import copy_project, run_cli
from protokollarkivet.commands.cli import main
from protokollarkivet.commands.guard import check_against_base

P2022 = "protocols/kommundirektorsgruppen/2022-08-26.md"
P2019 = "protocols/kommundirektorsgruppen/2019-11-22.md"
DECISION = "att projektplanen är godkänd för utskick till styrelsen inför ev beslut om finansiering 220902. Medskick att Ängelholm"
REWORDED = DECISION.replace("är godkänd", "godkänns")
TODAY = dt.date(2026, 11, 29)


def _git(cwd: Path, *args: str) -> str:
    command = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args]
    return subprocess.run(command, cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    project = copy_project(tmp_path / "project")
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "archive")
    return project


def _edit(project: Path, old: str, new: str, path: str = P2022) -> None:
    file = project / path
    text = file.read_text("utf-8")
    assert old in text, old
    file.write_text(text.replace(old, new, 1), "utf-8", newline="")


# The 2022 protocol already has a correction; a new one goes after it.
LAST_CORRECTION = "Protokollets text är oförändrad.\n"


def _correction(date: str, text: str) -> str:
    return f"{LAST_CORRECTION}  - datum: {date}\n    text: {text}\n"


def _findings(project: Path, strings) -> list[str]:
    return [f.format() for f in check_against_base(project / "protocols", "HEAD", "protocols", strings, today=TODAY)]


def _line_of(project: Path, needle: str, path: str = P2022) -> int:
    return next(n for n, line in enumerate((project / path).read_text("utf-8").splitlines(), start=1) if needle in line)


def test_rewording_an_approved_decision_fails_at_its_line(repository: Path, strings) -> None:
    _edit(repository, DECISION, REWORDED)
    line = _line_of(repository, "godkänns för utskick")
    assert _findings(repository, strings) == [
        f"{P2022}:{line}:1: error: protokollet är justerat och har ändrats sedan HEAD utan en ny rättelse – lägg till en post under "
        "'rättelser' med datum och vad som ändrats och varför"
    ]


def test_a_valid_correction_covers_the_change(repository: Path, strings) -> None:
    _edit(repository, DECISION, REWORDED)
    _edit(
        repository,
        LAST_CORRECTION,
        _correction("2022-09-01", "Ordalydelsen i beslutet under punkt 4 rättad efter justerarens påpekande."),
    )
    assert _findings(repository, strings) == []


def test_a_byte_order_mark_does_not_hide_a_reworded_decision(repository: Path, strings) -> None:
    file = repository / P2022
    file.write_bytes(b"\xef\xbb\xbf" + file.read_bytes().replace(DECISION.encode(), REWORDED.encode()))
    findings = _findings(repository, strings)
    assert len(findings) == 1 and "har ändrats sedan HEAD utan en ny rättelse" in findings[0]


def test_other_line_endings_are_no_change_and_keep_the_fingerprint(repository: Path, strings, registers) -> None:
    from protokollarkivet.format import parse_protocol

    file = repository / P2022
    before = parse_protocol(P2022, file.read_bytes(), registers, strings)[0]
    file.write_bytes(b"\xef\xbb\xbf" + file.read_bytes().replace(b"\n", b"\r\n") + b"\r\n")
    assert _findings(repository, strings) == []
    after = parse_protocol(P2022, file.read_bytes(), registers, strings)[0]
    assert after is not None and after.fingerprint == before.fingerprint


@pytest.mark.parametrize(
    ("date", "text", "message"),
    [
        ("1900-01-01", "Ordalydelsen i beslutet rättad.", "rättelsen är daterad 1900-01-01, före justeringen 2022-08-26"),
        ("2022-08-20", "Ordalydelsen i beslutet rättad.", "före justeringen 2022-08-26"),
        ("2031-01-01", "Ordalydelsen i beslutet rättad.", "rättelsen är daterad 2031-01-01, som inte har varit än"),
        ("2022-09-01", "''", "minst 3 ord"),
        ("2022-09-01", "Rättat.", "minst 3 ord"),
    ],
    ids=["1900", "before-approval", "future", "empty", "one-word"],
)
def test_a_made_up_correction_covers_nothing(repository: Path, strings, date: str, text: str, message: str) -> None:
    _edit(repository, DECISION, REWORDED)
    _edit(repository, LAST_CORRECTION, _correction(date, text))
    result = run_cli("check", "--base", "HEAD", cwd=repository)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "har ändrats sedan HEAD utan en ny rättelse" in result.stdout
    line = _line_of(repository, f"text: {text}" if "ord" in message else f"datum: {date}")
    assert any(f"{P2022}:{line}:" in row and message in row for row in result.stdout.splitlines()), result.stdout


def test_an_invalid_date_or_a_folder_in_place_of_a_file_is_a_finding(repository: Path, strings) -> None:
    _edit(repository, "  datum: 2022-08-26\n  justerare", "  datum: 2019-02-30\n  justerare")
    assert any("har ändrats sedan HEAD" in f for f in _findings(repository, strings))
    (repository / P2019).unlink()
    (repository / P2019).mkdir()
    findings = _findings(repository, strings)
    assert f"{P2019}:1:1: error: ett justerat protokoll har ersatts av en mapp sedan HEAD – lägg tillbaka filen" in findings
    result = run_cli("check", "--base", "HEAD", cwd=repository)
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr


def test_an_unreadable_approved_file_is_a_finding(repository: Path, strings) -> None:
    (repository / P2019).write_bytes(b"\x00binary")
    assert any("kan inte längre läsas" in f for f in _findings(repository, strings))


def test_removing_an_approved_protocol_or_an_old_correction_fails(repository: Path, strings) -> None:
    _edit(repository, DECISION, REWORDED)
    _edit(repository, LAST_CORRECTION, _correction("2022-09-01", "Ordalydelsen i beslutet under punkt 4 rättad."))
    _git(repository, "commit", "-qam", "corrected")
    _edit(repository, "Ordalydelsen i beslutet under punkt 4 rättad.", "Något annat helt och hållet.")
    assert any("rättelser som fanns i HEAD har ändrats" in f for f in _findings(repository, strings))
    (repository / P2019).unlink()
    assert (
        f"{P2019}:1:1: error: ett justerat protokoll har tagits bort sedan HEAD – justerade protokoll tas inte bort; rätta det med en rättelse i stället"
        in _findings(repository, strings)
    )


def test_drafts_may_change_freely_and_a_bad_base_is_reported(repository: Path, capsys) -> None:
    _edit(repository, "status: justerat", "status: utkast")
    _git(repository, "commit", "-qam", "draft")
    _edit(repository, "Agendan diskuterades", "Dagordningen diskuterades")
    assert main(["check", "--base", "HEAD", "--archive", str(repository / "protocols")]) == 0
    assert main(["check", "--base", "no-such-branch", "--archive", str(repository / "protocols")]) == 2
    assert "kunde inte jämföra med no-such-branch" in capsys.readouterr().err


def test_the_corrected_protocol_builds_and_shows_its_correction(repository: Path) -> None:
    from conftest import run_build
    from helpers import article, squash

    _edit(repository, DECISION, REWORDED)
    _edit(
        repository,
        LAST_CORRECTION,
        _correction("2022-09-01", "Ordalydelsen i beslutet under punkt 4 rättad efter justerarens påpekande."),
    )
    build = run_build(repository)
    assert build.result.returncode == 0, build.output
    page = squash(article(build.html("kommundirektorsgruppen/2022-08-26/")).text)
    assert "2022-09-01: Ordalydelsen i beslutet under punkt 4 rättad" in page
    protocol = next(p for p in build.json("protocols.json")["protocols"] if p["date"] == "2022-08-26")
    assert protocol["corrections"][-1] == {
        "date": "2022-09-01",
        "text": "Ordalydelsen i beslutet under punkt 4 rättad efter justerarens påpekande.",
    }

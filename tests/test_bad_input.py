"""Bad input: a clear message with file, line and what to do; never a traceback; nothing else lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_build, run_cli

PROTOCOL = "protocols/kommundirektorsgruppen/2022-08-26.md"


def _replace(project: Path, old: str, new: str, path: str = PROTOCOL) -> None:
    file = project / path
    text = file.read_text("utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), "utf-8")


def _line_of(project: Path, needle: str, path: str = PROTOCOL) -> int:
    lines = (project / path).read_text("utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if needle in line)


CASES = [
    pytest.param(
        ("Ardiana Demjaha, Örkelljunga", "Ardiana Demjaha, Örskällunga"),
        "Örskällunga",
        "okänd kommun 'Örskällunga' – menade du 'Örkelljunga'?",
        id="unknown-municipality",
    ),
    pytest.param(("datum: 2022-08-26\n", ""), None, "fältet 'datum' saknas", id="missing-date"),
    pytest.param(("plats: Rusthållargården i Arild", "plats: [Rusthållargården"), "plats:", "ogiltig YAML", id="bad-yaml"),
    pytest.param(("  - Pia Radil, Ängelholm", "  - Pia Radill, Ängelholm"), "Pia Radill", "menade du 'Pia Radil'?", id="misspelt-person"),
    pytest.param(("status: justerat", "status: klart"), "status: klart", "okänd status 'klart'", id="bad-status"),
    pytest.param(("tid: \"13.00–13.45\"", "tid: \"13.45–13.00\""), "tid:", "sluttiden 13:00 ligger inte efter starttiden 13:45", id="times-out-of-order"),
    pytest.param(("plats:", "plast:"), "plast:", "okänt fält 'plast' – menade du 'plats'?", id="misspelt-field"),
    pytest.param(("\nBeslut\n\natt Johan Lindberg", "\natt Johan Lindberg"), "att Johan Lindberg tills", "står utanför ett Beslut", id="clause-outside-decision"),
]


@pytest.mark.parametrize(("change", "line_needle", "message"), CASES)
def test_broken_protocol_fails_strict_build_with_file_line_and_hint(project: Path, change, line_needle, message) -> None:
    _replace(project, *change)
    build = run_build(project)
    assert build.result.returncode != 0
    assert "Traceback" not in build.output
    assert message in build.output, build.output
    if line_needle:
        assert f"{PROTOCOL}:{_line_of(project, line_needle)}:" in build.output, build.output
    # The rest of the archive is still checked: the 2019 protocol is fine and has no findings.
    check = run_cli("check", cwd=project)
    assert check.returncode == 1 and "Traceback" not in check.stdout + check.stderr
    assert message in check.stdout


def test_without_strict_the_rest_of_the_archive_is_still_built(project: Path) -> None:
    _replace(project, "Ardiana Demjaha, Örkelljunga", "Ardiana Demjaha, Örskällunga")
    (project / "mkdocs.yml").write_text((project / "mkdocs.yml").read_text("utf-8"), "utf-8")
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project, capture_output=True, text=True)
    assert result.returncode == 0
    assert "Traceback" not in result.stderr
    assert (project / "site/kommundirektorsgruppen/2019-11-22/index.html").exists()
    assert not (project / "site/kommundirektorsgruppen/2022-08-26/index.html").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "filen är tom"),
        (b"\xff\xfe\x00\x01binary", "inte en textfil"),
        ("---\norgan: kommundirektorsgruppen\n".encode(), "YAML-huvudet avslutas inte"),
        ("Bara text utan huvud\n".encode(), "saknar inledande YAML-huvud"),
        ("---\norgan: a\norgan: b\n---\n".encode(), "nyckeln 'organ' förekommer två gånger"),
        ("---\na: &a [1,2]\nb: *a\n---\n".encode(), "YAML-ankare och alias"),
        ("---\nplats: Arild\n---\n".encode("latin-1") + "Å".encode("latin-1"), "inte kodad i UTF-8"),
    ],
)
def test_hostile_files_get_a_message_and_the_archive_still_builds(project: Path, content: bytes, message: str) -> None:
    (project / "protocols/kommundirektorsgruppen/2023-01-01.md").write_bytes(content)
    build = run_build(project)
    assert build.result.returncode != 0
    assert "Traceback" not in build.output
    assert "protocols/kommundirektorsgruppen/2023-01-01.md:" in build.output
    assert message in build.output, build.output

"""`protokoll verifiera`: a copy of a protocol compared with the published archive, from a built site
folder, from its address (served here on localhost) and from the address mkdocs.yml names."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import REPO, Build, run_cli

SEED = REPO / "protocols" / "kommundirektorsgruppen" / "2019-11-22.md"


def _copy(tmp_path: Path, change=lambda text: text, name: str = "kopia.md", newline: str = "\n") -> Path:
    copy = tmp_path / name
    copy.write_text(change(SEED.read_text("utf-8")), "utf-8", newline=newline)
    return copy


def _verify(copy: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("verifiera", str(copy), *args, cwd=REPO)


def test_an_unchanged_copy_under_any_name_and_line_ending_is_confirmed(site: Build, tmp_path: Path) -> None:
    copy = _copy(tmp_path, lambda text: "\ufeff" + text, name="protokoll från mejlet.md", newline="\r\n")
    result = _verify(copy, "--site", str(site.site))
    assert result.returncode == 0, result.stderr
    published = site.json("protocols.json")["protocols"]
    digest = next(p["sha256"] for p in published if p["id"] == "kommundirektorsgruppen-2019-11-22")
    assert result.stdout.strip() == f"{copy}: oförändrad sedan justeringen – fingeravtrycket {digest} är det publicerade ({site.site})"


def test_a_reworded_decision_is_named_with_both_wordings(site: Build, tmp_path: Path) -> None:
    copy = _copy(tmp_path, lambda text: text.replace("att tacka för informationen.", "att inte tacka för informationen.", 1))
    result = _verify(copy, "--site", str(site.site))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{copy}: inte den publicerade versionen av kommundirektorsgruppen-2019-11-22")
    assert lines[1:] == ["  § 2:1 beslut: publicerat «att tacka för informationen.», kopian «att inte tacka för informationen.»"]


def test_changed_attendance_and_a_removed_item_are_named(site: Build, tmp_path: Path) -> None:
    def change(text: str) -> str:
        text = text.replace("  - Ulf Bengtsson, Perstorp\n", "  - Ulf Bengtsson, Perstorp, till 10.00\n")
        return text.replace("  - Stefan Larsson, Svalöv\n", "")

    result = _verify(_copy(tmp_path, change), "--site", str(site.site))
    assert result.returncode == 1
    assert "  närvarande: Ulf Bengtsson, till: publicerat «–», kopian «10:00»" in result.stdout.splitlines()
    assert "  frånvarande: publicerat «Stefan Larsson», kopian «–»" in result.stdout.splitlines()


def test_a_change_the_open_data_cannot_show_is_still_reported(site: Build, tmp_path: Path) -> None:
    result = _verify(_copy(tmp_path, lambda text: text.replace("\n\natt tacka", "\n\n\natt tacka", 1)), "--site", str(site.site))
    assert result.returncode == 1
    assert "skillnaden ligger utanför det som de öppna data redovisar" in result.stdout


def test_a_protocol_the_archive_never_published(site: Build, tmp_path: Path) -> None:
    copy = _copy(tmp_path, lambda text: text.replace("datum: 2019-11-22", "datum: 2019-11-29", 1))
    result = _verify(copy, "--site", str(site.site))
    assert result.returncode == 1
    assert "protokollet kommundirektorsgruppen-2019-11-29 finns inte i det publicerade arkivet" in result.stdout


def test_the_public_address_by_flag_and_from_mkdocs_yml(site: Build, serve, tmp_path: Path) -> None:
    address = serve(site.site)
    assert _verify(_copy(tmp_path), "--site", address).returncode == 0
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: Test\nsite_url: {address}\n", "utf-8")
    result = _verify(_copy(tmp_path), "--config", str(config))
    assert result.returncode == 0 and f"({address})" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--site", "/nonexistent/site"), "kunde inte läsa det publicerade arkivet i /nonexistent/site"),
        (("--site", "http://127.0.0.1:9/"), "kunde inte läsa det publicerade arkivet i http://127.0.0.1:9/"),
        (("--config", "/nonexistent/mkdocs.yml"), "kunde inte läsa site_url i /nonexistent/mkdocs.yml"),
    ],
)
def test_an_unreadable_publication_exits_2_with_a_message(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    result = _verify(_copy(tmp_path), *args)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_an_unreadable_copy_exits_2(site: Build, tmp_path: Path) -> None:
    copy = tmp_path / "kopia.md"
    copy.write_bytes(b"\x00\x01binary")
    result = _verify(copy, "--site", str(site.site))
    assert result.returncode == 2 and result.stderr.startswith(f"{copy}: kan inte läsas som ett protokoll:")


def test_the_protocol_page_says_how_to_verify(site: Build) -> None:
    assert "med kommandot protokoll verifiera" in site.html("kommundirektorsgruppen/2019-11-22/")

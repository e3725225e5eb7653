"""The `protokoll` command as the secretariat runs it: check, new, and the GitHub side of the flow."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import REPO, run_cli
from protokollarkivet.commands.cli import main

P2022 = "protocols/kommundirektorsgruppen/2022-08-26.md"
P2019 = "protocols/kommundirektorsgruppen/2019-11-22.md"


def _replace(project: Path, old: str, new: str, path: str = P2022) -> None:
    file = project / path
    text = file.read_text("utf-8")
    assert old in text, old
    file.write_text(text.replace(old, new, 1), "utf-8")


def _line_of(project: Path, needle: str, path: str = P2022) -> int:
    return next(n for n, line in enumerate((project / path).read_text("utf-8").splitlines(), start=1) if needle in line)


def test_check_prints_positioned_findings_a_summary_and_an_exit_status(project: Path) -> None:
    clean = run_cli("check", cwd=project)
    assert clean.returncode == 0 and "2 protokoll kontrollerade: 0 fel, 0 varningar" in clean.stderr
    assert "info: hänvisningen 'kommundirektörmöte 200117' pekar på ett möte som inte finns i arkivet ännu" in clean.stdout
    _replace(project, "kommundirektörmöte 200117", "kommundirektörmöte 201317", P2019)  # month 13: a slip, not a meeting
    slip = run_cli("check", cwd=project)
    assert slip.returncode == 0, slip.stdout
    assert "info: hänvisningen 'kommundirektörmöte 201317' anger inget datum som finns (ÅÅMMDD)" in slip.stdout
    _replace(project, "Ardiana Demjaha, Örkelljunga", "Ardiana Demjaha, Örskällunga")
    broken = run_cli("check", cwd=project)
    assert broken.returncode == 1 and "Traceback" not in broken.stdout + broken.stderr
    line = _line_of(project, "Örskällunga")
    assert f"{P2022}:{line}:1: fel: okänd kommun 'Örskällunga' – menade du 'Örkelljunga'?" in broken.stdout
    assert "2 protokoll kontrollerade: 1 fel, 0 varningar" in broken.stderr
    assert all(re.match(r"^protocols/\S+:\d+:\d+: (fel|varning|info): ", row) for row in broken.stdout.splitlines())
    assert f"{P2019}:" in broken.stdout  # the other protocol is still checked


def test_github_format_and_named_files(project: Path, capsys) -> None:
    _replace(project, "Ardiana Demjaha, Örkelljunga", "Ardiana Demjaha, Örskällunga")
    archive = str(project / "protocols")
    assert main(["check", "--archive", archive, "--format", "github"]) == 1
    out = capsys.readouterr().out
    line = _line_of(project, "Örskällunga")
    assert f"::error file={archive}/kommundirektorsgruppen/2022-08-26.md,line={line},col=1::okänd kommun" in out
    assert "::notice file=" in out  # unresolved references are information
    assert main(["check", "--archive", archive, f"{archive}/kommundirektorsgruppen/2019-11-22.md"]) == 0
    out = capsys.readouterr().out
    assert "2022-08-26" not in out and "2019-11-22" in out


def test_check_of_a_missing_archive_says_so(tmp_path: Path, capsys) -> None:
    assert main(["check", "--archive", str(tmp_path / "nowhere")]) == 2
    assert "finns inte" in capsys.readouterr().err


def test_duplicate_protocol_numbers_in_a_body_are_errors(project: Path, capsys) -> None:
    text = (project / P2019).read_text("utf-8").replace("datum: 2019-11-22", "datum: 2019-12-13")
    (project / "protocols/kommundirektorsgruppen/2019-12-13.md").write_text(text, "utf-8")
    assert main(["check", "--archive", str(project / "protocols")]) == 1
    assert "2019-12-13.md:3:1: fel: protokollnummer 8/2019 används redan av" in capsys.readouterr().out


# protokoll new


def test_new_writes_a_valid_draft_prefilled_from_the_latest_meeting(project: Path) -> None:
    result = run_cli("new", "--body", "kommundirektorsgruppen", "--date", "2022-09-23", cwd=project)
    assert result.returncode == 0, result.stderr
    draft = project / "protocols/kommundirektorsgruppen/2022-09-23.md"
    assert str(draft.relative_to(project)) in result.stdout
    text = draft.read_text("utf-8")
    front = yaml.safe_load(text.split("---")[1])
    assert front["status"] == "utkast" and front["organ"] == "kommundirektorsgruppen"
    assert front["nummer"] == "1/2022"  # 2022's only earlier protocol has no number
    members = [line.split(",")[0] for line in front["närvarande"]]
    assert "Kristina Magnusson" in members and "Ardiana Demjaha" in members and "Pia Radil" not in members
    assert "## 1. Incheckningsrunda" in text and "## 5. Övrigt" in text
    check = run_cli("check", str(draft.relative_to(project)), cwd=project)
    assert check.returncode == 0 and str(draft.relative_to(project)) not in check.stdout, check.stdout
    assert main(["new", "--archive", str(project / "protocols"), "--body", "kommundirektorsgruppen", "--date", "2019-12-13"]) == 0
    assert "nummer: 9/2019" in (project / "protocols/kommundirektorsgruppen/2019-12-13.md").read_text("utf-8")


@pytest.mark.parametrize("place", ['" "', "'Rum \"A\": \\\\ # x'", "'Mindpark \\'"])
def test_new_takes_any_place_the_checker_accepts(project: Path, place: str, capsys) -> None:
    _replace(project, "plats: Rusthållargården i Arild", f"plats: {place}")
    archive = str(project / "protocols")
    assert main(["new", "--archive", archive, "--body", "kommundirektorsgruppen", "--date", "2022-09-23"]) == 0
    capsys.readouterr()
    assert main(["check", "--archive", archive, f"{archive}/kommundirektorsgruppen/2022-09-23.md"]) == 0, capsys.readouterr().out


def test_new_refuses_to_overwrite_or_guess(project: Path) -> None:
    before = (project / P2022).read_bytes()
    existing = run_cli("new", "--body", "kommundirektorsgruppen", "--date", "2022-08-26", cwd=project)
    assert existing.returncode == 1 and "finns redan" in existing.stderr
    assert (project / P2022).read_bytes() == before
    unknown = run_cli("new", "--body", "kommundirektörsgrupen", "--date", "2022-09-23", cwd=project)
    assert unknown.returncode == 1 and "menade du 'kommundirektorsgruppen'?" in unknown.stderr
    bad_date = run_cli("new", "--body", "kommundirektorsgruppen", "--date", "23/9", cwd=project)
    assert bad_date.returncode == 1 and "inget giltigt datum" in bad_date.stderr
    assert sorted(p.name for p in (project / "protocols/kommundirektorsgruppen").iterdir()) == ["2019-11-22.md", "2022-08-26.md"]


# The GitHub side


def _workflow(name: str) -> dict:
    return yaml.safe_load((REPO / ".github/workflows" / name).read_text("utf-8"))


def test_pull_request_workflow_checks_annotates_and_previews_with_drafts() -> None:
    steps = _workflow("pull-request.yml")["jobs"]["check"]["steps"]
    commands = [step.get("run", "") for step in steps]
    assert any("protokoll check --format github --base" in command for command in commands)
    build = next(step for step in steps if "mkdocs build --strict" in step.get("run", ""))
    assert build["env"]["PROTOKOLL_DRAFTS"] == "1" and build["env"]["PROTOKOLL_DIRECTORY_URLS"] == "false"
    assert any(step.get("uses", "").startswith("actions/upload-artifact") for step in steps)
    assert steps[0]["with"]["fetch-depth"] == 0  # the base branch must be there to compare with


def test_justering_workflow_holds_protocols_to_their_approvers_reviews() -> None:
    workflow = _workflow("justering.yml")
    triggers = workflow[True]  # PyYAML reads the key `on` as True
    assert set(triggers) == {"pull_request", "pull_request_review"}
    assert {"submitted", "dismissed"} <= set(triggers["pull_request_review"]["types"])
    assert workflow["permissions"] == {"contents": "read", "pull-requests": "read"}
    steps = workflow["jobs"]["justering"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0
    fetch = next(step for step in steps if "gh api" in step.get("run", ""))
    assert "pulls/$PULL_REQUEST/reviews" in fetch["run"] and fetch["env"]["GH_TOKEN"] == "${{ github.token }}"
    check = next(step for step in steps if "protokoll justering" in step.get("run", ""))
    for flag in ("--format github", '--base "origin/$BASE_REF"', '--head "$HEAD_SHA"', "--reviews"):
        assert flag in check["run"], flag
    assert check["env"]["HEAD_SHA"] == "${{ github.event.pull_request.head.sha }}"
    # values from the event reach the shell as variables, never pasted into the script
    assert "${{" not in fetch["run"] + check["run"]


def test_publish_workflow_deploys_main_to_pages_without_drafts_at_its_own_address(tmp_path: Path) -> None:
    workflow = _workflow("publish.yml")
    assert workflow[True]["push"]["branches"] == ["main"]  # PyYAML reads the key `on` as True
    steps = workflow["jobs"]["build"]["steps"]
    build = next(step for step in steps if "mkdocs build --strict" in step.get("run", ""))
    assert build["env"]["PROTOKOLL_DRAFTS"] == "0"
    assert build["env"]["PROTOKOLL_SITE_URL"] == "${{ steps.pages.outputs.base_url }}"
    assert any(step.get("id") == "pages" and step["uses"].startswith("actions/configure-pages") for step in steps)
    # the refusal step fails on a site built with the placeholder, and passes on one with a real address
    refusal = next(step["run"] for step in steps if "platshållaradressen" in step.get("name", ""))
    for address, status in (("https://example.org/protokollarkivet/", 1), ("https://arkiv.familjenhelsingborg.se/", 0)):
        site = tmp_path / address.split("//")[1].split("/")[0] / "site"
        site.mkdir(parents=True)
        (site / "sitemap.xml").write_text(f"<urlset><url><loc>{address}</loc></url></urlset>", "utf-8")
        (site / "feed.xml").write_text(f"<feed><id>{address}</id></feed>", "utf-8")
        result = subprocess.run(["bash", "-c", refusal], cwd=site.parent, capture_output=True, text=True)
        assert result.returncode == status, (address, result.stdout)
    assert any(step.get("uses", "").startswith("actions/deploy-pages") for step in workflow["jobs"]["deploy"]["steps"])


def test_pull_request_template_and_codeowners_exist() -> None:
    template = (REPO / ".github/pull_request_template.md").read_text("utf-8")
    assert "justerat" in template and "rättelser" in template
    owners = [line for line in (REPO / ".github/CODEOWNERS").read_text("utf-8").splitlines() if line and not line.startswith("#")]
    assert any(line.startswith("/protocols/kommundirektorsgruppen/") for line in owners)

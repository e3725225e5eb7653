"""Issue 4: the checker, drafts, guarded approved text and `protokoll new`, run as the secretariat runs them."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, REPO, copy_project, run_build, run_cli
from helpers import article, squash

P2022 = "protocols/kommundirektorsgruppen/2022-08-26.md"
P2019 = "protocols/kommundirektorsgruppen/2019-11-22.md"


def _replace(project: Path, old: str, new: str, path: str = P2022) -> None:
    file = project / path
    text = file.read_text("utf-8")
    assert old in text, old
    file.write_text(text.replace(old, new, 1), "utf-8")


def _line_of(project: Path, needle: str, path: str = P2022) -> int:
    lines = (project / path).read_text("utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if needle in line)


# (path, old, new, needle for the expected line, expected message, expected exit status)
CHECKS = [
    pytest.param(P2022, "Ardiana Demjaha, Örkelljunga", "Ardiana Demjaha, Örskällunga", "Örskällunga",
                 "okänd kommun 'Örskällunga' – menade du 'Örkelljunga'?", 1, id="unknown-municipality"),
    pytest.param(P2022, "  - Tomas Rikse, Klippan", "  - Thomas Rikse, Klippan", "Thomas Rikse",
                 "okänd person 'Thomas Rikse' – menade du 'Tomas Rikse'?", 1, id="unknown-person"),
    pytest.param(P2022, "plats: Rusthållargården i Arild\n", "", None, "fältet 'plats' saknas", 1, id="missing-field"),
    pytest.param(P2022, 'tid: "13.00–13.45"', 'tid: "13.00–halv tre"', "tid:", "ska skrivas som start–slut", 1, id="invalid-time"),
    pytest.param(P2022, 'tid: "13.00–13.45"', 'tid: "13.45–13.00"', "tid:", "sluttiden 13:00 ligger inte efter starttiden 13:45", 1, id="times-out-of-order"),
    pytest.param(P2019, "  - Palle Lundberg, Helsingborg, från 09.20", "  - Palle Lundberg, Helsingborg, från 09.20, till 09.10", "Palle Lundberg, Helsingborg, från",
                 "sluttiden 09:10 ligger inte efter starttiden 09:20", 1, id="presence-out-of-order"),
    pytest.param(P2019, "nummer: 8/2019", "nummer: 8/2018", "nummer:", "protokollnumret '8/2018' anger ett annat år än datumet (2019)", 1, id="number-year"),
    pytest.param(P2022, "justerare: [Johan Lindberg]", "justerare: [Palle Lundberg]", "justerare:", "justeraren Palle Lundberg står inte bland de närvarande", 1, id="adjuster-absent"),
    pytest.param(P2022, "  datum: 2022-08-26\n  justerare: [Johan Lindberg]\n", "  justerare: [Johan Lindberg]\n", "justering:", "justeringsdatum saknas", 1, id="approval-without-date"),
    pytest.param(P2022, "\natt Johan Lindberg tills vidare leder gruppens möten med stöd från två kommundirektörer.\n\natt Johan arbetar fram ett förslag på upplägg för roterande stöd från två kommundirektörer och återkopplar senast nästa möte.", "",
                 None, "punkten '13.40 Övrigt' har 'Beslut' men ingen att-sats", 1, id="decision-without-clause"),
    pytest.param(P2022, "\nBeslut\n\natt Johan Lindberg", "\natt Johan Lindberg", "att Johan Lindberg tills", "står utanför ett Beslut", 1, id="clause-outside-decision"),
    pytest.param(P2019, "## 8. Övrigt", "## 9. Övrigt", "## 9. Övrigt", "punkterna hoppar: väntade 8, fann 9", 0, id="numbering-gap-warns"),
    pytest.param(P2022, "datum: 2022-08-26", "datum: 2022-08-27", "datum:", "byt namn på filen till 2022-08-27.md", 1, id="file-name-contradicts-date"),
]  # fmt: skip


def test_duplicate_protocol_numbers_in_a_body_are_errors(project: Path) -> None:
    text = (project / P2019).read_text("utf-8").replace("datum: 2019-11-22", "datum: 2019-12-13")
    (project / "protocols/kommundirektorsgruppen/2019-12-13.md").write_text(text, "utf-8")
    result = run_cli("check", cwd=project)
    assert result.returncode == 1
    assert "protocols/kommundirektorsgruppen/2019-12-13.md:3:1: fel: protokollnummer 8/2019 används redan av protocols/kommundirektorsgruppen/2019-11-22.md" in result.stdout


@pytest.mark.parametrize(("path", "old", "new", "needle", "message", "status"), CHECKS)
def test_checker_reports_each_problem_with_line_and_exit_status(project: Path, path, old, new, needle, message, status) -> None:
    _replace(project, old, new, path)
    result = run_cli("check", cwd=project)
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert result.returncode == status, output
    finding = next((line for line in result.stdout.splitlines() if message in line), None)
    assert finding, output
    if needle:
        assert finding.startswith(f"{path}:{_line_of(project, needle, path)}:"), finding
    assert re.match(r"^protocols/\S+\.md:\d+:\d+: (fel|varning|info): ", finding)
    # the other protocol is still checked: its unresolved references are reported as information
    other = P2019 if path == P2022 else P2022
    assert f"{other}:" in result.stdout
    assert "2 protokoll kontrollerade" in result.stderr


HOSTILE = [
    pytest.param(b"", 1, "filen är tom", id="empty"),
    pytest.param(b"\x00\x01\x02binary\xff", 1, "inte en textfil", id="binary"),
    pytest.param("---\nplats: Arild\n---\n".encode("latin-1") + "Möte i Höganäs".encode("latin-1"), 4, "inte kodad i UTF-8", id="latin-1"),
    pytest.param(b"---\norgan: a\norgan: b\n---\n", 3, "nyckeln 'organ' förekommer två gånger", id="duplicate-key"),
    pytest.param(b"---\nplats: [Arild\ndatum: 2023-01-01\n---\n", 2, "ogiltig YAML", id="malformed-yaml"),
    pytest.param(
        ("---\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(9)) + "---\n").encode(),
        2, "YAML-ankare och alias", id="alias-bomb"),
    pytest.param(b"---\norgan: kommundirektorsgruppen\n---\n" + b"text " * 300_000, 1, "filen är större än", id="huge"),
]  # fmt: skip


@pytest.mark.parametrize(("content", "line", "message"), HOSTILE)
def test_hostile_files_get_a_clear_error_and_the_rest_is_checked(project: Path, content: bytes, line: int, message: str) -> None:
    hostile = "protocols/kommundirektorsgruppen/2023-01-01.md"
    (project / hostile).write_bytes(content)
    result = run_cli("check", cwd=project)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1
    assert any(l.startswith(f"{hostile}:{line}:") and message in l for l in result.stdout.splitlines()), result.stdout
    assert "3 protokoll kontrollerade" in result.stderr
    assert f"{P2019}:" in result.stdout  # still checked
    build = run_build(project, env={})
    assert build.result.returncode == 1 and "Traceback" not in build.output and message in build.output


def test_github_format_prints_workflow_annotations(project: Path) -> None:
    _replace(project, "Ardiana Demjaha, Örkelljunga", "Ardiana Demjaha, Örskällunga")
    result = run_cli("check", "--format", "github", cwd=project)
    assert result.returncode == 1
    line = _line_of(project, "Örskällunga")
    assert f"::error file={P2022},line={line},col=" in result.stdout
    assert "::notice file=" in result.stdout  # unresolved references are information


def test_only_the_named_files_are_reported(project: Path) -> None:
    _replace(project, "Ardiana Demjaha, Örkelljunga", "Ardiana Demjaha, Örskällunga")
    result = run_cli("check", P2019, cwd=project)
    assert result.returncode == 0 and P2022 not in result.stdout and P2019 in result.stdout


# Hypothesis: random front-matter never makes the checker print a traceback.
_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30), st.dates(),
    st.sampled_from(["Örkelljunga", "13.00–13.45", "justerat", "utkast", "8/2019", "Palle Lundberg, Helsingborg, från 09.20", "punkt 4"]),
)  # fmt: skip
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=12)
_keys = st.sampled_from(["organ", "nummer", "datum", "tid", "plats", "status", "justering", "ordförande", "mötesledare", "sekreterare",
                         "kontakt", "närvarande", "frånvarande", "gäster", "bilagor", "underskrifter", "anmärkningar", "rättelser"]) | st.text(max_size=12)  # fmt: skip
_bodies = st.lists(st.sampled_from(["## 1. Punkt", "## 13.15 Punkt", "Beslut", "att göra något.", "Att", "Medskick", "text", "", "```", "## 3. X"]), max_size=12)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(front=st.dictionaries(_keys, _values, max_size=10), body=_bodies)
def test_random_front_matter_never_crashes_the_checker(front: dict, body: list[str]) -> None:
    from protokollarkivet.cli import main

    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "protocols"
        shutil.copytree(REPO / "protocols", archive)
        text = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + "\n\n".join(body)
        (archive / "kommundirektorsgruppen" / "2024-01-01.md").write_text(text, "utf-8")
        assert main(["check", "--archive", str(archive)]) in (0, 1)


# Guarded approved text


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repository(project: Path) -> Path:
    _git(project, "init", "-q", "-b", "main")
    _git(project, "-c", "user.name=Test", "-c", "user.email=test@example.org", "add", "-A")
    _git(project, "-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-q", "-m", "archive")
    return project


def test_changing_an_approved_decision_fails_without_a_correction(repository: Path) -> None:
    old = "att projektplanen är godkänd för utskick till styrelsen inför ev beslut om finansiering 220902. Medskick att Ängelholm"
    _replace(repository, old, old.replace("är godkänd", "godkänns"))
    result = run_cli("check", "--base", "HEAD", cwd=repository)
    assert result.returncode == 1, result.stdout + result.stderr
    line = _line_of(repository, "godkänns för utskick")
    assert f"{P2022}:{line}:1: fel: protokollet är justerat och har ändrats sedan HEAD utan en ny rättelse" in result.stdout


def test_the_same_change_with_a_correction_passes_and_is_shown(repository: Path) -> None:
    old = "att projektplanen är godkänd för utskick till styrelsen inför ev beslut om finansiering 220902. Medskick att Ängelholm"
    _replace(repository, old, old.replace("är godkänd", "godkänns"))
    _replace(repository, "anmärkningar:\n", "rättelser:\n  - datum: 2022-09-01\n    text: Ordalydelsen i beslutet under punkt 4 rättad efter justerarens påpekande.\nanmärkningar:\n")
    result = run_cli("check", "--base", "HEAD", cwd=repository)
    assert result.returncode == 0, result.stdout + result.stderr
    build = run_build(repository)
    assert build.result.returncode == 0, build.output
    page = squash(article(build.html("kommundirektorsgruppen/2022-08-26/")).text)
    assert "2022-09-01" in page and "Ordalydelsen i beslutet under punkt 4 rättad" in page
    protocol = next(p for p in build.json("protocols.json")["protocols"] if p["date"] == "2022-08-26")
    assert protocol["corrections"] == [{"date": "2022-09-01", "text": "Ordalydelsen i beslutet under punkt 4 rättad efter justerarens påpekande."}]


def test_removing_an_approved_protocol_or_an_old_correction_fails(repository: Path) -> None:
    (repository / P2019).unlink()
    result = run_cli("check", "--base", "HEAD", cwd=repository)
    assert result.returncode == 1 and f"{P2019}:1:1: fel: ett justerat protokoll har tagits bort" in result.stdout


def test_drafts_may_change_freely_and_a_bad_base_is_reported(repository: Path) -> None:
    _replace(repository, "status: justerat", "status: utkast")
    _git(repository, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qam", "draft")
    _replace(repository, "Agendan diskuterades", "Dagordningen diskuterades")
    assert run_cli("check", "--base", "HEAD", cwd=repository).returncode == 0
    bad = run_cli("check", "--base", "no-such-branch", cwd=repository)
    assert bad.returncode == 2 and "kunde inte jämföra med no-such-branch" in bad.stderr and "Traceback" not in bad.stderr


def test_fingerprint_on_page_and_in_json_is_the_sha256_of_the_file(site) -> None:
    import hashlib

    digest = hashlib.sha256((REPO / P2019).read_bytes()).hexdigest()
    protocol = next(p for p in site.json("protocols.json")["protocols"] if p["date"] == "2019-11-22")
    assert protocol["sha256"] == digest
    assert digest in site.html("kommundirektorsgruppen/2019-11-22/")


# Drafts

DRAFT_URL = "kommundirektorsgruppen/2020-01-17/"


@pytest.fixture(scope="module")
def with_draft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("draft"))
    text = (FIXTURES / "added-2020-01-17.md").read_text("utf-8")
    text = text.replace("status: justerat\njustering:\n  datum: 2020-01-20\n  justerare: [Tomas Rikse]\n", "status: utkast\n")
    assert "status: utkast" in text
    (project / "protocols/kommundirektorsgruppen/2020-01-17.md").write_text(text, "utf-8")
    return project


def test_a_production_build_lists_a_draft_nowhere(with_draft: Path) -> None:
    build = run_build(with_draft, "-d", "site-production")
    assert build.result.returncode == 0, build.output
    site = with_draft / "site-production"
    assert not (site / DRAFT_URL).exists()
    everything = "\n".join(p.read_text("utf-8", errors="replace") for p in site.rglob("*") if p.is_file() and p.suffix in {".html", ".json", ".xml", ".ics", ".csv"})
    # the 2019 protocol still names the meeting ("kommundirektörmöte 200117"), but nothing links to the draft
    assert DRAFT_URL not in everything and "1/2020" not in everything and "Lena Åström presenterade" not in everything
    search = json.loads((site / "search/search_index.json").read_text("utf-8"))
    assert not [d for d in search["docs"] if "2020-01-17" in d["location"]]


def test_with_drafts_enabled_the_draft_is_everywhere_with_its_banner(with_draft: Path) -> None:
    build = run_build(with_draft, "-d", "site-preview", env={"PROTOKOLL_DRAFTS": "1"})
    assert build.result.returncode == 0, build.output
    site = with_draft / "site-preview"
    page = article((site / DRAFT_URL / "index.html").read_text("utf-8"))
    banner = page.find("div", cls="pa-draft-banner")
    assert "Utkast – ej justerat" in squash(banner.text)
    protocols = json.loads((site / "api/v1/protocols.json").read_text("utf-8"))["protocols"]
    assert [p["status"] for p in protocols if p["date"] == "2020-01-17"] == ["utkast"]
    decisions = json.loads((site / "api/v1/decisions.json").read_text("utf-8"))["decisions"]
    assert any(d["date"] == "2020-01-17" for d in decisions)
    for listing in ("index.html", "kommundirektorsgruppen/2020/index.html", "beslut/index.html", "personer/tomas-rikse/index.html"):
        assert "2020-01-17" in (site / listing).read_text("utf-8"), listing
    search = json.loads((site / "search/search_index.json").read_text("utf-8"))
    assert [d for d in search["docs"] if d["location"].startswith(DRAFT_URL)]


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
    assert check.returncode == 0, check.stdout
    assert str(draft.relative_to(project)) not in check.stdout  # no findings at all for the draft
    after_2019 = run_cli("new", "--body", "kommundirektorsgruppen", "--date", "2019-12-13", cwd=project)
    assert after_2019.returncode == 0
    assert "nummer: 9/2019" in (project / "protocols/kommundirektorsgruppen/2019-12-13.md").read_text("utf-8")


def test_new_refuses_to_overwrite_or_guess(project: Path) -> None:
    before = (project / P2022).read_bytes()
    existing = run_cli("new", "--body", "kommundirektorsgruppen", "--date", "2022-08-26", cwd=project)
    assert existing.returncode == 1 and "finns redan" in existing.stderr
    assert (project / P2022).read_bytes() == before
    unknown = run_cli("new", "--body", "kommundirektörsgrupen", "--date", "2022-09-23", cwd=project)
    assert unknown.returncode == 1 and "menade du 'kommundirektorsgruppen'?" in unknown.stderr
    bad_date = run_cli("new", "--body", "kommundirektorsgruppen", "--date", "23/9", cwd=project)
    assert bad_date.returncode == 1 and "inget datum" in bad_date.stderr
    assert sorted(p.name for p in (project / "protocols/kommundirektorsgruppen").iterdir()) == ["2019-11-22.md", "2022-08-26.md"]


# The GitHub side


def _workflow(name: str) -> dict:
    return yaml.safe_load((REPO / ".github/workflows" / name).read_text("utf-8"))


def test_pull_request_workflow_checks_annotates_and_previews_with_drafts() -> None:
    workflow = _workflow("pull-request.yml")
    steps = workflow["jobs"]["check"]["steps"]
    commands = [step.get("run", "") for step in steps]
    assert any("protokoll check --format github --base" in command for command in commands)
    build = next(step for step in steps if "mkdocs build --strict" in step.get("run", ""))
    assert build["env"]["PROTOKOLL_DRAFTS"] == "1"
    assert any(step.get("uses", "").startswith("actions/upload-artifact") for step in steps)
    assert steps[0]["with"]["fetch-depth"] == 0  # the base branch must be there to compare with


def test_publish_workflow_deploys_main_to_pages_without_drafts() -> None:
    workflow = _workflow("publish.yml")
    assert workflow[True]["push"]["branches"] == ["main"]  # PyYAML reads the key `on` as True
    build_steps = workflow["jobs"]["build"]["steps"]
    build = next(step for step in build_steps if "mkdocs build --strict" in step.get("run", ""))
    assert build["env"]["PROTOKOLL_DRAFTS"] == "0"
    assert any(step.get("uses", "").startswith("actions/deploy-pages") for step in workflow["jobs"]["deploy"]["steps"])


def test_pull_request_template_and_codeowners_and_guide_exist(site) -> None:
    template = (REPO / ".github/pull_request_template.md").read_text("utf-8")
    assert "justerat" in template and "rättelser" in template
    owners = [line for line in (REPO / ".github/CODEOWNERS").read_text("utf-8").splitlines() if line and not line.startswith("#")]
    assert any(line.startswith("/protocols/kommundirektorsgruppen/") for line in owners)
    guide = squash(article(site.html("om/justering/")).text)
    assert "Så justeras ett protokoll" in guide and "protokoll check --base" in guide

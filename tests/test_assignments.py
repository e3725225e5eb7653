"""Assignments (uppdrag) followed across meetings: the seed's two assignments to Johan Lindberg, a later
meeting that reports back, one that does not, a dated deadline, and the mistakes a secretary can make."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from conftest import Build, run_build, run_cli
from helpers import article, parse, squash

P2022 = "protocols/kommundirektorsgruppen/2022-08-26.md"
ASSIGNMENT = "kdg-2022-08-26-6-2"


def _later_meeting(project: Path, date: str, report: str = "", status: str = "justerat") -> Path:
    """A later meeting of the body: the 2022 protocol's text on a new date, without its assignments, and
    with `report` as a line in its second item."""
    text = (project / P2022).read_text("utf-8")
    text = re.sub(r"\nuppdrag:\n(?:  .*\n)+", "\n", text)
    text = re.sub(r"\nrättelser:\n(?:  .*\n)+", "\n", text)
    text = text.replace("datum: 2022-08-26", f"datum: {date}")
    if status != "justerat":
        text = re.sub(r"status: justerat\njustering:\n(?:  .*\n)+", f"status: {status}\n", text)
    if report:
        text = text.replace("Johan Lindberg informerade om", f"{report}\n\nJohan Lindberg informerade om", 1)
    target = project / "protocols" / "kommundirektorsgruppen" / f"{date}.md"
    target.write_text(text, "utf-8")
    return target


def _status_of(build: Build, assignment_id: str) -> dict:
    return next(a for a in build.json("uppdrag.json")["assignments"] if a["id"] == assignment_id)


def test_the_seed_assigns_johan_lindberg_two_tasks_open_one_due_next_meeting(site: Build) -> None:
    data = {a["id"]: a for a in site.json("uppdrag.json")["assignments"]}
    assert set(data) == {"kdg-2022-08-26-6-1", ASSIGNMENT}
    task = data[ASSIGNMENT]
    assert task["responsible"] == ["Johan Lindberg"] and task["status"] == "öppet"
    assert task["next_meeting"] is True and task["due"] is None and task["reported"] == []
    assert data["kdg-2022-08-26-6-1"]["next_meeting"] is False and data["kdg-2022-08-26-6-1"]["deadline"] is None
    # on the protocol page, next to the decision
    notes = [squash(p.text) for p in article(site.html("kommundirektorsgruppen/2022-08-26/")).find_all("p", cls="pa-assignment")]
    assert notes == ["Uppdrag till Johan Lindberg · tills vidare · Öppet", "Uppdrag till Johan Lindberg · senast nästa möte · Öppet"]
    # on his page and in the register, open first
    person = squash(article(site.html("personer/johan-lindberg/")).text)
    assert "Uppdrag¶ KDG 2022-08-26 § 6:1: att Johan Lindberg tills vidare" in person and "senast nästa möte · Öppet" in person
    register = article(site.html("uppdrag/"))
    assert [squash(h.text).rstrip("¶") for h in register.find_all("h2")] == ["Öppna uppdrag"]
    assert register.find(id=ASSIGNMENT)
    rows = list(csv.reader(io.StringIO((site.site / "data" / "uppdrag.csv").read_text("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["id", "beslut", "datum"] and {row[0] for row in rows[1:]} == set(data)
    assert next(row for row in rows if row[0] == ASSIGNMENT)[7] == "nästa möte"


def test_a_later_meeting_that_reports_back_closes_it_with_links_both_ways(project: Path) -> None:
    _later_meeting(project, "2022-10-14", report=f"Redovisar: {ASSIGNMENT}")
    build = run_build(project)
    assert build.result.returncode == 0, build.output
    task = _status_of(build, ASSIGNMENT)
    assert task["status"] == "redovisat" and task["due"] == "2022-10-14"
    assert task["reported"] == [
        {
            "protocol": "kommundirektorsgruppen-2022-10-14",
            "date": "2022-10-14",
            "item": 2,
            "url": "kommundirektorsgruppen/2022-10-14/#punkt-2",
        }
    ]
    given = article(build.html("kommundirektorsgruppen/2022-08-26/"))
    note = given.find_all("p", cls="pa-assignment")[1]
    assert (
        squash(note.text)
        == "Uppdrag till Johan Lindberg · senast nästa möte (2022-10-14) · Redovisat – Kommundirektörsgruppen 2022-10-14 § 2"
    )
    assert note.find_all("a")[-1].attrs["href"] == "../2022-10-14/#punkt-2"
    reporting = article(build.html("kommundirektorsgruppen/2022-10-14/")).find("p", cls="pa-report")
    assert squash(reporting.text).startswith("Redovisar uppdraget KDG 2022-08-26 § 6:2: «att Johan arbetar fram")
    assert reporting.find("a").attrs["href"] == "../2022-08-26/#beslut-6-2"
    assert "Redovisar:" not in squash(article(build.html("kommundirektorsgruppen/2022-10-14/")).text)  # the line became the link
    # the other assignment, "tills vidare", stays open
    assert _status_of(build, "kdg-2022-08-26-6-1")["status"] == "öppet"


def test_a_next_meeting_without_a_report_makes_it_overdue(project: Path) -> None:
    _later_meeting(project, "2022-10-14")
    build = run_build(project)
    assert build.result.returncode == 0, build.output
    assert _status_of(build, ASSIGNMENT)["status"] == "försenat"
    assert _status_of(build, "kdg-2022-08-26-6-1")["status"] == "öppet"
    register = article(build.html("uppdrag/"))
    assert [squash(h.text).rstrip("¶") for h in register.find_all("h2")] == ["Öppna uppdrag", "Försenade uppdrag"]
    note = article(build.html("personer/johan-lindberg/")).find_all("p", cls="pa-assignment")
    assert any("senast nästa möte (2022-10-14) · Försenat" in squash(p.text) for p in note)


@pytest.mark.parametrize(("last_meeting", "status"), [("2022-11-18", "öppet"), ("2022-12-09", "försenat")])
def test_a_dated_deadline_is_judged_by_the_last_meeting_in_the_archive(project: Path, last_meeting: str, status: str) -> None:
    seed = project / P2022
    seed.write_text(seed.read_text("utf-8").replace("senast: nästa möte", "senast: 2022-12-01"), "utf-8")
    _later_meeting(project, last_meeting)
    build = run_build(project)
    assert build.result.returncode == 0, build.output
    task = _status_of(build, ASSIGNMENT)
    assert task["deadline"] == "2022-12-01" and task["status"] == status


@pytest.mark.parametrize(
    ("report", "message"),
    [
        (
            "Redovisar: kdg-2022-08-26-6-3",
            "'Redovisar: kdg-2022-08-26-6-3' – inget uppdrag i arkivet har det id:t – menade du kdg-2022-08-26-6-2?",
        ),
        ("Redovisar: kdg-2022-08-26-4-1", "'Redovisar: kdg-2022-08-26-4-1' – beslutet är inte markerat som uppdrag"),
        ("Redovisar: uppdraget från i somras", "'uppdraget från i somras' är inget beslutsid"),
    ],
)
def test_a_report_on_nothing_is_an_error_at_its_line(project: Path, report: str, message: str) -> None:
    later = _later_meeting(project, "2022-10-14", report=report)
    line = next(n for n, text in enumerate(later.read_text("utf-8").splitlines(), start=1) if text == report)
    check = run_cli("check", cwd=project)
    assert check.returncode == 1
    assert any(f"protocols/kommundirektorsgruppen/2022-10-14.md:{line}:1: fel: {message}" in out for out in check.stdout.splitlines())
    assert run_build(project).result.returncode == 1  # a strict build fails on it


@pytest.mark.parametrize(
    ("assignments", "message"),
    [
        ("  - beslut: 6:3\n    ansvarig: Johan Lindberg\n", "uppdraget gäller § 6:3, men punkt 6 har 2 att-satser"),
        ("  - beslut: sex\n    ansvarig: Johan Lindberg\n", "'sex' pekar inte ut ett beslut"),
        ("  - beslut: 6:2\n", "uppdraget saknar 'ansvarig'"),
        ("  - beslut: 6:2\n    ansvarig: Johan Lindbergh\n", "okänd person 'Johan Lindbergh'"),
        (
            "  - beslut: 6:2\n    ansvarig: Johan Lindberg\n    senast: 2022-08-01\n",
            "uppdragets sista dag 2022-08-01 ligger inte efter mötet",
        ),
    ],
)
def test_a_wrongly_marked_assignment_is_an_error(project: Path, assignments: str, message: str) -> None:
    seed = project / P2022
    text = re.sub(r"\nuppdrag:\n(?:  .*\n)+", f"\nuppdrag:\n{assignments}", seed.read_text("utf-8"))
    seed.write_text(text, "utf-8")
    check = run_cli("check", cwd=project)
    assert check.returncode == 1 and message in check.stdout, check.stdout


def test_a_municipality_can_be_responsible(project: Path) -> None:
    seed = project / P2022
    seed.write_text(
        seed.read_text("utf-8").replace("  - beslut: § 6:1\n    ansvarig: Johan Lindberg", "  - beslut: § 6:1\n    ansvarig: [Ängelholm]"),
        "utf-8",
    )
    build = run_build(project)
    assert build.result.returncode == 0, build.output
    assert _status_of(build, "kdg-2022-08-26-6-1")["municipalities"] == ["Ängelholm"]
    page = squash(article(build.html("kommuner/angelholm/")).text)
    assert "Kommunens uppdrag" in page and "Uppdrag till Ängelholm · tills vidare · Öppet" in page


def test_drafts_get_suggestions_and_new_lists_what_is_due(project: Path) -> None:
    draft = _later_meeting(project, "2022-10-14", status="utkast")
    text = draft.read_text("utf-8").replace(
        "att projektplanen är godkänd", "att Jörgen Fransson återkopplar senast nästa möte och att projektplanen är godkänd", 1
    )
    draft.write_text(text, "utf-8")
    check = run_cli("check", str(draft.relative_to(project)), cwd=project)
    assert "§ 4:1 låter som ett uppdrag ('återkopplar', 'senast') – om det är ett, markera det under 'uppdrag'" in check.stdout
    assert "uppdrag:" not in draft.read_text("utf-8")  # suggested, never marked
    draft.unlink()
    new = run_cli("new", "--body", "kommundirektorsgruppen", "--date", "2022-10-14", cwd=project)
    assert new.returncode == 0, new.stderr
    written = draft.read_text("utf-8")
    assert f"# - {ASSIGNMENT} (Johan Lindberg): att Johan arbetar fram" in written
    assert "kdg-2022-08-26-6-1" not in written  # "tills vidare": never due


def test_the_register_filters_by_status_and_person_without_scripts_a_list(site: Build) -> None:
    form = parse(site.html("uppdrag/")).find("form", cls="pa-filter")
    assert form.attrs["data-items"] == ".pa-assignments .pa-assignment-card"
    names = {select.attrs["name"] for select in form.find_all("select")}
    assert names == {"status", "person", "kommun", "organ"}
    options = [o.attrs["value"] for o in form.find("select", id="pa-filter-person").find_all("option")]
    assert options == ["", "johan-lindberg"]


def test_a_decision_written_without_the_section_sign_is_read_as_written(project: Path) -> None:
    """YAML 1.1 reads a plain 6:2 as the number 362 (base 60): the checker reads the text as written."""
    seed = project / P2022
    seed.write_text(seed.read_text("utf-8").replace("beslut: § 6:2", "beslut: 6:2"), "utf-8")
    assert "beslut: 6:2\n" in seed.read_text("utf-8")
    build = run_build(project)
    assert build.result.returncode == 0, build.output
    assert _status_of(build, ASSIGNMENT)["decision"] == "KDG 2022-08-26 § 6:2"

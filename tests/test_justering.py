"""Justering by the people a protocol names (`protokoll justering`), in a real git repository, against
review lists recorded in the form GitHub's REST API returns them (tests/fixtures/reviews/): approved
at the head commit; approved at an older commit; approved by someone else; changes requested after an
approval; a dismissed approval; and an approver without an account."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from conftest import FIXTURES, copy_project, run_cli

REVIEWS = FIXTURES / "reviews"
HEAD = (REVIEWS / "head-commit.txt").read_text("utf-8").strip()
NEW = "protocols/kommundirektorsgruppen/2023-01-20.md"
P2019 = "protocols/kommundirektorsgruppen/2019-11-22.md"
HANDLES = {"Palle Lundberg": "plundberg", "Christian Alexandersson": "calexandersson", "Lilian Eriksson": "leriksson"}


def _git(cwd: Path, *args: str) -> str:
    command = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args]
    return subprocess.run(command, cwd=cwd, check=True, capture_output=True, text=True).stdout


def _give_accounts(project: Path, handles: dict[str, str]) -> None:
    """Long-form entries with `github` for these people in personer.yml, in place of their short form."""
    register = project / "protocols" / "personer.yml"
    text = register.read_text("utf-8")
    for name, handle in handles.items():
        short = re.search(rf"^- {re.escape(name)}, (.+)$", text, re.MULTILINE)
        assert short, name
        text = text.replace(short.group(0), f"- namn: {name}\n  kommun: {short.group(1)}\n  github: {handle}")
    register.write_text(text, "utf-8")


def _new_protocol(project: Path, adjusters: str = "Christian Alexandersson, Lilian Eriksson") -> None:
    """A meeting of 2023 approved in this change: the 2019 protocol's text on a new date, chaired by
    Palle Lundberg with two adjusters."""
    text = (project / P2019).read_text("utf-8")
    text = text.replace("nummer: 8/2019", "nummer: 1/2023").replace("datum: 2019-11-22", "datum: 2023-01-20")
    text = text.replace("justerare: [Palle Lundberg]", f"justerare: [{adjusters}]")
    (project / NEW).write_text(text, "utf-8")


@pytest.fixture
def change(tmp_path: Path) -> Path:
    """A repository whose main branch holds the archive as it is, and a working tree that gives three
    people their accounts and adds a protocol that is justerat."""
    project = copy_project(tmp_path / "project")
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "archive")
    _give_accounts(project, HANDLES)
    _new_protocol(project)
    return project


def _justering(project: Path, reviews: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return run_cli("justering", "--base", "main", "--reviews", str(REVIEWS / reviews), "--head", HEAD, *extra, cwd=project)


def _approval_line(project: Path) -> int:
    return next(n for n, line in enumerate((project / NEW).read_text("utf-8").splitlines(), start=1) if line == "justering:")


@pytest.mark.parametrize("reviews", ["approved-at-head.json", "approved-at-head-paginated.json"])
def test_approval_by_the_chair_and_both_adjusters_on_the_head_commit_passes(change: Path, reviews: str) -> None:
    result = _justering(change, reviews)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "1 protokoll kräver justering: 0 fel" in result.stderr


@pytest.mark.parametrize(
    ("reviews", "message"),
    [
        (
            "approved-older-commit.json",
            "Palle Lundberg (@plundberg) har inte godkänt den senaste versionen – godkände 1a2b3c4, den senaste är 8f3c2a1",
        ),
        ("approved-by-someone-else.json", "Palle Lundberg (@plundberg) har inte godkänt protokollet i granskningen"),
        (
            "changes-requested-after-approval.json",
            "Lilian Eriksson (@leriksson) har begärt ändringar och inte godkänt den senaste versionen efter det",
        ),
        ("dismissed.json", "Christian Alexandersson (@calexandersson) har inte godkänt den senaste versionen – godkännandet har avfärdats"),
    ],
)
def test_a_missing_approval_is_an_error_at_the_justering_line_naming_who(change: Path, reviews: str, message: str) -> None:
    result = _justering(change, reviews)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [f"{NEW}:{_approval_line(change)}:1: fel: {message}"]
    github = _justering(change, reviews, "--format", "github")
    assert github.stdout.splitlines() == [f"::error file={NEW},line={_approval_line(change)},col=1::{message}"]


def test_an_approver_without_an_account_is_named_by_justering_and_by_check(change: Path) -> None:
    _git(change, "checkout", "-q", "--", "protocols/personer.yml")
    _give_accounts(change, {"Palle Lundberg": "plundberg", "Christian Alexandersson": "calexandersson"})
    result = _justering(change, "approved-at-head.json")
    assert result.returncode == 1
    expected = (
        f"{NEW}:{_approval_line(change)}:1: fel: Lilian Eriksson ska godkänna justeringen men har inget GitHub-konto i "
        "personer.yml – lägg till 'github: användarnamn' på personen, så kan godkännandet kontrolleras"
    )
    assert result.stdout.splitlines() == [expected]
    check = run_cli("check", "--base", "main", cwd=change)
    assert check.returncode == 1 and expected in check.stdout.splitlines()


def test_protocols_approved_before_need_no_accounts_and_no_review(change: Path) -> None:
    """The seeds were approved before accounts were kept: they stand as recorded, and nobody is invented."""
    _git(change, "checkout", "-q", "--", "protocols/personer.yml")
    (change / NEW).unlink()
    check = run_cli("check", "--base", "main", cwd=change)
    assert check.returncode == 0, check.stdout
    result = _justering(change, "approved-by-someone-else.json")
    assert result.returncode == 0 and "inget protokoll blir justerat eller får en rättelse sedan main" in result.stderr
    assert "github:" not in (change / "protocols" / "personer.yml").read_text("utf-8")


def test_a_correction_to_an_approved_protocol_needs_its_approvers_again(change: Path) -> None:
    (change / NEW).unlink()
    seed = change / P2019
    text = seed.read_text("utf-8").replace(
        "rättelser:\n", "rättelser:\n  - datum: 2026-11-29\n    text: Stavningen av en deltagares namn rättad i närvarolistan.\n", 1
    )
    seed.write_text(text, "utf-8")
    approved = _justering(change, "approved-at-head.json")
    assert approved.returncode == 0, approved.stdout  # Palle Lundberg, chair and adjuster, approved the head
    older = _justering(change, "approved-older-commit.json")
    assert older.returncode == 1 and older.stdout.startswith(f"{P2019}:")
    assert "Palle Lundberg (@plundberg)" in older.stdout


def test_a_body_may_require_more_roles(change: Path) -> None:
    bodies = change / "protocols" / "organ.yml"
    text = bodies.read_text("utf-8").replace(
        "  förkortning: KDG\n", "  förkortning: KDG\n  justeras av: [ordförande, justerare, sekreterare]\n"
    )
    bodies.write_text(text, "utf-8")
    result = _justering(change, "approved-at-head.json")
    assert result.returncode == 1
    assert "Johan Lindberg ska godkänna justeringen men har inget GitHub-konto" in result.stdout
    wrong = bodies.read_text("utf-8").replace("sekreterare]", "kassör]")
    bodies.write_text(wrong, "utf-8")
    check = run_cli("check", cwd=change)
    assert "okänd roll 'kassör' i 'justeras av' – använd ordförande, justerare, sekreterare, mötesledare" in check.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "kan inte läsas: ogiltig JSON"),
        (b'{"message": "Not Found"}', "det är ingen lista över granskningar"),
        (json.dumps([{"state": "APPROVED"}]).encode(), "en granskning saknar user.login eller state"),
    ],
)
def test_unreadable_reviews_exit_2_with_a_message(change: Path, tmp_path: Path, content: bytes, message: str) -> None:
    reviews = tmp_path / "reviews.json"
    reviews.write_bytes(content)
    result = run_cli("justering", "--base", "main", "--reviews", str(reviews), cwd=change)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_an_unknown_base_exits_2(change: Path) -> None:
    result = run_cli("justering", "--base", "no-such-branch", "--reviews", str(REVIEWS / "approved-at-head.json"), cwd=change)
    assert result.returncode == 2 and "kunde inte jämföra med no-such-branch" in result.stderr


def test_accounts_in_the_register_are_checked(change: Path) -> None:
    register = change / "protocols" / "personer.yml"
    text = register.read_text("utf-8")
    register.write_text(text.replace("github: leriksson", "github: plundberg").replace("github: calexandersson", "github: -bad-"), "utf-8")
    check = run_cli("check", cwd=change)
    assert "GitHub-kontot 'plundberg' står redan på Palle Lundberg" in check.stdout
    assert "'-bad-' är inget giltigt GitHub-användarnamn" in check.stdout


def test_the_review_is_shown_on_the_page_and_in_the_open_data(change: Path) -> None:
    from conftest import run_build
    from helpers import article, squash

    review = "https://github.com/familjen-helsingborg/protokollarkivet/pull/12"
    text = (change / NEW).read_text("utf-8").replace("  datum: 2023-01-20\n", f"  datum: 2023-01-20\n  granskning: {review}\n", 1)
    (change / NEW).write_text(text, "utf-8")
    build = run_build(change)
    assert build.result.returncode == 0, build.output
    head = article(build.html("kommundirektorsgruppen/2023-01-20/")).find("div", cls="pa-protocol-head")
    status = next(dd for dd in head.find_all("dd") if squash(dd.text).startswith("Justerat"))
    assert squash(status.text) == "Justerat 2023-01-20 av Christian Alexandersson och Lilian Eriksson · granskning #12"
    assert [a.attrs["href"] for a in status.find_all("a")][-1] == review
    record = next(p for p in build.json("protocols.json")["protocols"] if p["date"] == "2023-01-20")
    assert record["review"] == review
    seed = next(p for p in build.json("protocols.json")["protocols"] if p["date"] == "2019-11-22")
    assert seed["review"] is None  # approved before reviews were recorded


@pytest.mark.parametrize("review", ["javascript:alert(1)", "http://example.se/pull/1", "https://", "https://x.se/a b"])
def test_a_review_address_must_be_https(change: Path, review: str) -> None:
    text = (change / NEW).read_text("utf-8").replace("  datum: 2023-01-20\n", f"  datum: 2023-01-20\n  granskning: '{review}'\n", 1)
    (change / NEW).write_text(text, "utf-8")
    check = run_cli("check", cwd=change)
    assert check.returncode == 1 and "'justering.granskning' ska vara en https-adress" in check.stdout

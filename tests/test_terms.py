"""Attendance over terms of office (mandatperioder): the default Swedish municipal terms, a body's own,
and the counts on the seed site and across a term boundary."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
from pathlib import Path

import pytest

from conftest import Build, run_build, run_cli
from helpers import article, squash
from protokollarkivet.format.terms import municipal_terms, term_of

P2022 = "protocols/kommundirektorsgruppen/2022-08-26.md"


@pytest.mark.parametrize(
    ("day", "term"),
    [
        ("2022-10-14", "2018–2022"),  # the day before the new council takes office
        ("2022-10-15", "2022–2026"),
        ("2014-10-14", "2010–2014"),  # 1 November until the 2014 amendment, 15 October since
        ("2010-10-31", "2006–2010"),
        ("1994-10-31", "1991–1994"),  # three-year terms 1970–1994
        ("1993-06-01", "1991–1994"),
        ("1994-11-01", "1994–1998"),
        ("2026-11-29", "2026–2030"),
    ],
)
def test_the_default_terms_are_the_swedish_municipal_terms(day: str, term: str) -> None:
    date = dt.date.fromisoformat(day)
    terms = municipal_terms(dt.date(1980, 1, 1), dt.date(2030, 1, 1))
    found = term_of(date, terms)
    assert found is not None and found.name == term
    assert all(a.end + dt.timedelta(days=1) == b.start for a, b in itertools.pairwise(terms))  # no gap, no overlap


def test_the_seed_site_counts_attendance_per_term(site: Build) -> None:
    data = site.json("narvaro.json")
    assert data["terms"] == [{"body": "kommundirektorsgruppen", "name": "2018–2022", "start": "2018-10-15", "end": "2022-10-14"}]
    helsingborg = next(m for m in data["municipalities"] if m["name"] == "Helsingborg")
    # 2019: Palle Lundberg came at 09.20 to a meeting from 08.35 (45 minutes); 2022: struck out, absent
    assert helsingborg["terms"] == [
        {"body": "kommundirektorsgruppen", "term": "2018–2022", "held": 2, "attended": 0, "partly": 1, "absent": 1, "minutes_missed": 45}
    ]
    # Christian Alexandersson is listed at one meeting only, and left it at 11.00 of 11.40
    christian = next(p for p in data["people"] if p["name"] == "Christian Alexandersson")
    assert christian["terms"] == [
        {"body": "kommundirektorsgruppen", "term": "2018–2022", "held": 1, "attended": 0, "partly": 1, "absent": 0, "minutes_missed": 40}
    ]
    page = article(site.html("kommuner/helsingborg/"))
    table = page.find("table", cls="pa-term-table")
    assert [squash(cell.text) for cell in table.find("tbody").find_all("td")] == ["2", "0", "1", "45", "1"]
    chart = next(svg for svg in page.find_all("svg") if svg.attrs.get("aria-labelledby") == "pa-term-chart-title")
    assert chart.attrs["role"] == "img" and "2018–2022: 0 hela möten, 1 delvis, 1 frånvarande" in chart.find("title").text
    assert "Närvaro per mandatperiod" in squash(article(site.html("personer/herman-crespin/")).text)
    rows = list(csv.reader(io.StringIO((site.site / "data/narvaro-mandatperioder.csv").read_text("utf-8-sig")), delimiter=";"))
    assert ["kommun", "Helsingborg", "kommundirektorsgruppen", "2018–2022", "2", "0", "1", "45", "1"] in rows


def _later_meeting(project: Path, date: str) -> None:
    text = (project / P2022).read_text("utf-8")
    text = re.sub(r"\nuppdrag:\n(?:  .*\n)+", "\n", text)
    text = re.sub(r"\nrättelser:\n(?:  .*\n)+", "\n", text)
    (project / "protocols/kommundirektorsgruppen" / f"{date}.md").write_text(text.replace("datum: 2022-08-26", f"datum: {date}"), "utf-8")


def test_meetings_on_both_sides_of_an_election_fall_in_two_terms(project: Path) -> None:
    _later_meeting(project, "2022-10-21")
    build = run_build(project)
    assert build.result.returncode == 0, build.output
    names = [t["name"] for t in build.json("narvaro.json")["terms"]]
    assert names == ["2018–2022", "2022–2026"]
    page = article(build.html("kommuner/bjuv/"))
    assert [squash(th.text) for th in page.find("table", cls="pa-term-table").find("tbody").find_all("th")] == ["2018–2022", "2022–2026"]


def test_a_body_may_configure_its_own_terms(project: Path) -> None:
    bodies = project / "protocols/organ.yml"
    own = "  mandatperioder:\n    - namn: Första perioden\n      från: 2019-01-01\n      till: 2020-12-31\n    - från: 2021-01-01\n      till: 2024-12-31\n"
    bodies.write_text(bodies.read_text("utf-8").replace("  förkortning: KDG\n", "  förkortning: KDG\n" + own), "utf-8")
    build = run_build(project)
    assert build.result.returncode == 0, build.output
    assert [t["name"] for t in build.json("narvaro.json")["terms"]] == ["Första perioden", "2021–2024"]
    overlapping = own.replace("från: 2021-01-01", "från: 2020-06-01")
    bodies.write_text(bodies.read_text("utf-8").replace(own, overlapping), "utf-8")
    check = run_cli("check", cwd=project)
    assert check.returncode == 1 and "mandatperioden börjar innan Första perioden har slutat" in check.stdout

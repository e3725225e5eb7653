"""Issue 2: the two real protocols come through faithfully, in the HTML and the JSON of a real build."""

from __future__ import annotations

import re

import jsonschema
import pytest

from conftest import FIXTURES, REPO, Build
from helpers import article, decisions_on_protocol_page, parse, squash

P2019 = "kommundirektorsgruppen/2019-11-22/"
P2022 = "kommundirektorsgruppen/2022-08-26/"


def protocol(site: Build, url: str) -> dict:
    found = [p for p in site.json("protocols.json")["protocols"] if p["url"] == url]
    assert len(found) == 1, url
    return found[0]


def test_protocols_json_matches_its_published_schema(site: Build) -> None:
    for name in ("protocols", "decisions", "people", "municipalities", "projects"):
        schema = site.json(f"{name}.schema.json")
        jsonschema.Draft202012Validator.check_schema(schema)
        jsonschema.validate(site.json(f"{name}.json"), schema, format_checker=jsonschema.FormatChecker())


def test_2019_attendance_items_and_decisions_in_json(site: Build) -> None:
    data = protocol(site, P2019)
    assert (data["body"], data["number"], data["date"]) == ("kommundirektorsgruppen", "8/2019", "2019-11-22")
    assert (data["start"], data["end"], data["place"]) == ("08:35", "11:40", "Mindpark, Penthouse E7")
    present = {p["name"]: p for p in data["present"]}
    assert len(present) == 10
    assert (present["Palle Lundberg"]["from"], present["Palle Lundberg"]["until"]) == ("09:20", None)
    assert (present["Christian Alexandersson"]["from"], present["Christian Alexandersson"]["until"]) == (None, "11:00")
    assert present["Palle Lundberg"]["municipality"] == "Helsingborg"
    assert present["Johan Lindberg"]["municipality"] is None
    assert present["Johan Lindberg"]["organisation"] == "Sekretariatet, Familjen Helsingborg"
    assert [(p["name"], p["municipality"]) for p in data["absent"]] == [("Herman Crespin", "Höganäs"), ("Stefan Larsson", "Svalöv")]
    assert len(data["items"]) == 8
    assert sum(len(item["decisions"]) for item in data["items"]) == 8
    assert data["chair"] == "Palle Lundberg" and data["secretary"] == "Johan Lindberg"
    assert [g["name"] for g in data["guests"]] == ["Alfred Tilly", "Zuzanna Dzik"]
    assert all(g["items"] == [2] for g in data["guests"])
    assert [s["name"] for s in data["signatures"]] == ["Palle Lundberg", "Johan Lindberg"]
    assert data["attachments"] == [{"name": "Presentation om Familjen means Business", "item": 2}]


def test_2022_attendance_guests_and_decisions_in_json(site: Build) -> None:
    data = protocol(site, P2022)
    assert data["number"] is None and data["date"] == "2022-08-26"
    assert (data["start"], data["end"]) == ("13:00", "13:45")
    assert len(data["present"]) == 10
    assert {(p["name"], p["municipality"]) for p in data["absent"]} == {("Palle Lundberg", "Helsingborg"), ("Ardiana Demjaha", "Örkelljunga")}
    assert sum(len(item["decisions"]) for item in data["items"]) == 4
    assert [(g["name"], g["municipality"], g["items"]) for g in data["guests"]] == [
        ("Pia Radil", "Ängelholm", [4]),
        ("Jörgen Fransson", "Helsingborg", [5]),
    ]
    assert [i["time"] for i in data["items"]] == ["13:00", None, None, "13:15", "13:25", "13:40"]
    assert data["meeting_leader"] == "Johan Lindberg"


def test_protocol_page_shows_attendance_and_every_decision_with_an_anchor(site: Build) -> None:
    page = article(site.html(P2019))
    rows = page.find("div", "pa-attendance").find("tbody").find_all("tr")
    assert len(rows) == 10
    cells = {squash(r.find_all("td")[0].text): [squash(c.text) for c in r.find_all("td")] for r in rows}
    assert cells["Palle Lundberg"] == ["Palle Lundberg", "Helsingborg", "09.20", "–"]
    assert cells["Christian Alexandersson"][3] == "11.00"
    absent = [squash(li.text) for li in page.find("div", "pa-absent").find_all("li")]
    assert absent == ["Herman Crespin, Höganäs", "Stefan Larsson, Svalöv"]
    items = [h for h in page.find_all("h2") if h.attrs.get("id", "").startswith("punkt-")]
    assert [h.attrs["id"] for h in items] == [f"punkt-{n}" for n in range(1, 9)]
    decisions = decisions_on_protocol_page(page)
    assert len(decisions) == 8
    heading = decisions[0][0]
    assert heading.attrs["id"] == "beslut-2-1"
    assert squash(heading.text).rstrip("¶") == "KDG 2019-11-22 § 2:1"
    assert heading.find("a", "headerlink").attrs["href"] == "#beslut-2-1"
    # the page's table of contents lists each decision under its item
    toc = squash(parse(site.html(P2019)).find("nav", cls="md-nav--secondary").text)
    assert "Beslut 4:1" in toc


def test_2022_page_has_guests_and_editorial_notes_on_the_originals_flaws(site: Build) -> None:
    page = article(site.html(P2022))
    guests = [squash(li.text) for li in page.find("div", "pa-guests").find_all("li")]
    assert guests == ["Pia Radil, Ängelholm – punkt § 4", "Jörgen Fransson, Helsingborg – punkt § 5"]
    assert len(decisions_on_protocol_page(page)) == 4
    notes = squash(page.find("div", "note").text)
    assert "Örskällunga" in notes and "Örkelljunga" in notes
    assert "26 juni" in notes and "2022-08-26" in notes
    absent = [squash(li.text) for li in page.find("div", "pa-absent").find_all("li")]
    assert absent == ["Palle Lundberg, Helsingborg", "Ardiana Demjaha, Örkelljunga"]


def _seed_clauses(name: str) -> list[str]:
    """The 'att' clauses of an original, joined across the page breaks the text extraction left in them."""
    paragraphs: list[str] = []
    for paragraph in re.split(r"\n\s*\n", (FIXTURES / name).read_text("utf-8")):
        paragraph = paragraph.strip()
        # A clause broken by a page break goes on in lower case, in a paragraph of its own.
        if paragraphs and paragraph[:1].islower() and not paragraph.startswith("att "):
            paragraphs[-1] += " " + paragraph
        elif paragraph:
            paragraphs.append(paragraph)
    return [squash(p) for p in paragraphs if re.match(r"^(att|Att) ", p)]


@pytest.mark.parametrize(("seed", "url"), [("seed-2019-11-22.txt", P2019), ("seed-2022-08-26.txt", P2022)])
def test_every_decision_of_the_original_is_published_word_for_word(site: Build, seed: str, url: str) -> None:
    clauses = _seed_clauses(seed)
    published = [squash(d["text"]) for item in protocol(site, url)["items"] for d in item["decisions"]]
    html = [text for _, text in decisions_on_protocol_page(article(site.html(url)))]
    assert clauses, seed
    for clause in clauses:
        assert any(text.startswith(clause) for text in published), clause
        assert any(clause in text for text in html), clause
    assert len(published) == len(clauses)


@pytest.mark.parametrize(("seed", "url"), [("seed-2019-11-22.txt", P2019), ("seed-2022-08-26.txt", P2022)])
def test_every_name_in_the_original_attendance_is_published(site: Build, seed: str, url: str) -> None:
    text = (FIXTURES / seed).read_text("utf-8")
    data = protocol(site, url)
    listed = {p["name"] for p in data["present"] + data["absent"]}
    for person in site.json("people.json")["people"]:
        if person["name"] in text.split("Johan Lindberg\nsekretariatschef")[0]:
            assert person["name"] in listed or person["name"] in {g["name"] for g in data["guests"]} or person["name"] in squash(article(site.html(url)).text)


def test_protocol_pages_are_kept_out_of_the_navigation(site: Build) -> None:
    # navigation.prune renders only the open section, so look from inside the body's section.
    for url in ("kommundirektorsgruppen/", P2019, "beslut/"):
        nav = parse(site.html(url)).find("nav", "md-nav--primary")
        hrefs = [a.attrs.get("href", "") for a in nav.find_all("a")]
        assert not any(re.search(r"\d{4}-\d{2}-\d{2}", href) for href in hrefs), hrefs
    hrefs = [a.attrs.get("href", "") for a in parse(site.html("kommundirektorsgruppen/")).find("nav", "md-nav--primary").find_all("a")]
    assert "2019/" in hrefs and "2022/" in hrefs
    hrefs = [a.attrs.get("href", "") for a in parse(site.html("beslut/")).find("nav", "md-nav--primary").find_all("a")]
    assert {"../personer/", "../kommuner/", "../projekt/"} <= set(hrefs)


def test_body_and_year_pages_list_the_meetings(site: Build) -> None:
    body = article(site.html("kommundirektorsgruppen/"))
    links = [a.attrs["href"] for a in body.find_all("a")]
    assert "2019-11-22/" in links and "2022-08-26/" in links
    year = article(site.html("kommundirektorsgruppen/2019/"))
    assert [a.attrs["href"] for a in year.find("tbody").find_all("a")] == ["../2019-11-22/"]
    start = article(site.html(""))
    assert "kommundirektorsgruppen/2022-08-26/" in [a.attrs["href"] for a in start.find_all("a")]


def test_previous_and_next_meeting_links(site: Build) -> None:
    older = article(site.html(P2019)).find("nav", "pa-pager")
    newer = article(site.html(P2022)).find("nav", "pa-pager")
    assert [a.attrs["href"] for a in older.find_all("a")] == ["../2022-08-26/"]
    assert [a.attrs["href"] for a in newer.find_all("a")] == ["../2019-11-22/"]


def test_pages_are_swedish(site: Build) -> None:
    assert '<html lang="sv"' in site.html(P2019)


def test_a_theme_custom_dir_overrides_a_template(project, tmp_path) -> None:
    from conftest import run_build

    template = (REPO / "plugins/protokollarkivet/templates/protokoll/protocol.md.j2").read_text("utf-8")
    (project / "overrides/protokoll/protocol.md.j2").write_text(template + "\nEGEN-MALL-MARKERING\n", "utf-8")
    build = run_build(project)
    assert build.result.returncode == 0, build.output
    assert "EGEN-MALL-MARKERING" in build.html(P2019)
    assert not (build.site / "protokoll/protocol.md.j2").exists()

"""The archive as it stands, built once with `mkdocs build --strict`: what its HTML, JSON, CSV and feeds say.

Every test here only reads the shared build (the `site` fixture); tests that change the archive are in
test_builds.py."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import jsonschema
import pytest

from conftest import FIXTURES, REPO, Build, pagefind_texts
from helpers import article, broken_links, decisions_on_protocol_page, ids, page_path, parse, squash

P2019 = "kommundirektorsgruppen/2019-11-22/"
P2022 = "kommundirektorsgruppen/2022-08-26/"
ATOM = "{http://www.w3.org/2005/Atom}"
ELEVEN = {
    "Bjuv", "Båstad", "Helsingborg", "Höganäs", "Klippan", "Landskrona",
    "Perstorp", "Svalöv", "Åstorp", "Ängelholm", "Örkelljunga",
}  # fmt: skip


def protocol(site: Build, url: str) -> dict:
    found = [p for p in site.json("protocols.json")["protocols"] if p["url"] == url]
    assert len(found) == 1, url
    return found[0]


def page_text(site: Build, url: str) -> str:
    return squash(article(site.html(url)).text)


def section_text(site: Build, url: str, heading_id: str) -> str:
    """The text of a page from the heading with `heading_id` to the next heading of its level."""
    page = article(site.html(url))
    heading = page.find(id=heading_id)
    siblings = heading.parent.children
    text = []
    for node in siblings[siblings.index(heading) + 1 :]:
        if not isinstance(node, str) and node.tag == heading.tag:
            break
        text.append(node if isinstance(node, str) else node.text)
    return squash("".join(text))


def links_to(site: Build, page_url: str, target_url: str) -> list[str]:
    """Texts of the links in a page's content that point at `target_url` (site-relative)."""
    page = page_path(site.site, page_url)
    found = []
    for anchor in article(page.read_text("utf-8")).find_all("a"):
        href = anchor.attrs.get("href", "")
        if not href or href.startswith(("http", "#", "mailto:")) or "headerlink" in anchor.classes:
            continue
        resolved = (page.parent / href.split("#")[0]).resolve()
        if resolved in (page_path(site.site, target_url).parent.resolve(), page_path(site.site, target_url).resolve()):
            found.append(squash(anchor.text))
    return found


# --- the two seeds, faithfully ------------------------------------------------------------------


def test_open_data_matches_its_published_schemas(site: Build) -> None:
    for name in ("protocols", "decisions", "people", "municipalities", "projects", "uppdrag", "narvaro"):
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
    assert [(item["number"], item["original_number"]) for item in data["items"]] == [(n, str(n)) for n in range(1, 9)]
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
    assert {(p["name"], p["municipality"]) for p in data["absent"]} == {
        ("Palle Lundberg", "Helsingborg"),
        ("Ardiana Demjaha", "Örkelljunga"),
    }
    assert sum(len(item["decisions"]) for item in data["items"]) == 4
    assert [(g["name"], g["municipality"], g["items"]) for g in data["guests"]] == [
        ("Pia Radil", "Ängelholm", [4]),
        ("Jörgen Fransson", "Helsingborg", [5]),
    ]
    assert [i["time"] for i in data["items"]] == ["13:00", None, None, "13:15", "13:25", "13:40"]
    assert [i["original_number"] for i in data["items"]] == [None] * 6  # numbered here, not in the original
    assert data["meeting_leader"] == "Johan Lindberg"


def _original_attendance(seed: str) -> tuple[set[str], set[str]]:
    """(present, absent) as the original lists them, read from its text the way a person reads it:
    2019 names them in a 'Närvarande:' and an 'Anmält förhinder:' line, 2022 one per line with the absent
    struck out."""
    text = (FIXTURES / seed).read_text("utf-8")
    people = {
        line.lstrip("- ").split(",")[0]
        for line in (REPO / "protocols/personer.yml").read_text("utf-8").splitlines()
        if line.startswith("- ")
    }
    people |= {"Johan Lindberg"}
    if "Närvarande:" in text:
        present_line = re.search(r"^Närvarande: (.*)$", text, re.MULTILINE).group(1)
        absent_line = re.search(r"^Anmält förhinder: (.*)$", text, re.MULTILINE).group(1)
        named = lambda line: {p for p in people if p in re.sub(r"\([^)]*\)", "", line)}  # noqa: E731
        return named(present_line), named(absent_line)
    block = text.split("Närvarande tjänstemän:")[1].split("13.00 Mötets öppnande")[0]
    lines = [line.strip() for line in block.splitlines() if line.strip()]
    present = {line.split(",")[0] for line in lines if not line.startswith("~~")}
    absent = {line.strip("~").split(",")[0] for line in lines if line.startswith("~~")}
    return present, absent


@pytest.mark.parametrize(("seed", "url"), [("seed-2019-11-22.txt", P2019), ("seed-2022-08-26.txt", P2022)])
def test_everyone_in_the_original_attendance_is_published_as_present_or_absent(site: Build, seed: str, url: str) -> None:
    present, absent = _original_attendance(seed)
    data = protocol(site, url)
    assert present and absent
    assert {p["name"] for p in data["present"]} == present
    assert {p["name"] for p in data["absent"]} == absent
    page = article(site.html(url))
    shown_present = {squash(row.find_all("td")[0].text) for row in page.find("div", "pa-attendance").find("tbody").find_all("tr")}
    shown_absent = {squash(li.text).split(",")[0] for li in page.find("div", "pa-absent").find_all("li")}
    assert (shown_present, shown_absent) == (present, absent)


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
    assert clauses and len(published) == len(clauses) == len(html)
    for clause, json_text, html_text in zip(clauses, published, html, strict=False):
        assert json_text.startswith(clause) and html_text.startswith(clause), clause


def test_a_line_break_of_the_original_is_kept(site: Build) -> None:
    item = article(site.html(P2019)).find(id="punkt-8")
    paragraph = item.parent.children[item.parent.children.index(item) + 2]
    assert paragraph.tag == "p" and [c.tag for c in paragraph.children if not isinstance(c, str)] == ["br"]
    assert squash(paragraph.children[0]).endswith("i Skåne")


def test_protocol_page_shows_attendance_and_every_decision_with_an_anchor(site: Build) -> None:
    page = article(site.html(P2019))
    rows = page.find("div", "pa-attendance").find("tbody").find_all("tr")
    cells = {squash(r.find_all("td")[0].text): [squash(c.text) for c in r.find_all("td")] for r in rows}
    assert cells["Palle Lundberg"] == ["Palle Lundberg", "Helsingborg", "09.20", "–"]
    assert cells["Christian Alexandersson"][3] == "11.00"
    items = [h for h in page.find_all("h2") if h.attrs.get("id", "").startswith("punkt-")]
    assert [h.attrs["id"] for h in items] == [f"punkt-{n}" for n in range(1, 9)]
    decisions = decisions_on_protocol_page(page)
    assert len(decisions) == 8
    heading = decisions[0][0]
    assert heading.attrs["id"] == "beslut-2-1"
    assert squash(heading.text).rstrip("¶") == "KDG 2019-11-22 § 2:1"
    assert heading.find("a", "headerlink").attrs["href"] == "#beslut-2-1"
    assert squash(page.find("h1").text).rstrip("¶") == "Kommundirektörsgruppen, protokoll 8/2019, 2019-11-22"
    assert squash(article(site.html(P2022)).find("h1").text).rstrip("¶") == "Kommundirektörsgruppen, protokoll 2022-08-26"
    assert squash(article(site.html(P2022)).find(id="punkt-1").text).rstrip("¶") == "§ 1 · 13.00 Mötets öppnande"


def test_the_table_of_contents_lists_each_decision_under_its_item(site: Build) -> None:
    toc = parse(site.html(P2019)).find("nav", cls="md-nav--secondary")
    item = next(a for a in toc.find_all("a") if a.attrs.get("href") == "#punkt-2").parent
    assert [squash(a.text) for a in item.find_all("a") if a.attrs["href"].startswith("#beslut-")] == ["Beslut 2:1"]
    listed = [a.attrs["href"][1:] for a in toc.find_all("a") if a.attrs["href"].startswith("#beslut-")]
    assert listed == [h.attrs["id"] for h, _ in decisions_on_protocol_page(article(site.html(P2019)))]
    contents = article(site.html(P2019)).find("details", cls="pa-contents")  # the same, for narrow screens
    assert [a.attrs["href"] for a in contents.find_all("a")] == ["#narvaro", *[f"#punkt-{n}" for n in range(1, 9)]]


def test_2022_page_has_guests_and_editorial_notes_on_the_originals_flaws(site: Build) -> None:
    page = article(site.html(P2022))
    guests = [squash(li.text) for li in page.find("div", "pa-guests").find_all("li")]
    assert guests == ["Pia Radil, Ängelholm – punkt § 4", "Jörgen Fransson, Helsingborg – punkt § 5"]
    notes = squash(page.find("div", "note").text)
    assert "Örskällunga" in notes and "Örkelljunga" in notes and "26 juni" in notes
    assert "numrerade i ordning" in squash(page.find("p", cls="pa-numbering-note").text)


def test_protocol_pages_are_kept_out_of_the_navigation(site: Build) -> None:
    for url in ("kommundirektorsgruppen/", P2019, "beslut/"):
        nav = parse(site.html(url)).find("nav", "md-nav--primary")
        hrefs = [a.attrs.get("href", "") for a in nav.find_all("a")]
        assert not any(re.search(r"\d{4}-\d{2}-\d{2}", href) for href in hrefs), hrefs
    hrefs = [a.attrs.get("href", "") for a in parse(site.html("kommundirektorsgruppen/")).find("nav", "md-nav--primary").find_all("a")]
    assert "2019/" in hrefs and "2022/" in hrefs


def test_body_year_and_start_pages_list_the_meetings_and_the_breadcrumb_leads_back(site: Build) -> None:
    body = article(site.html("kommundirektorsgruppen/"))
    assert {"2019-11-22/", "2022-08-26/"} <= {a.attrs["href"] for a in body.find_all("a")}
    year = article(site.html("kommundirektorsgruppen/2019/"))
    assert [a.attrs["href"] for a in year.find("tbody").find_all("a")] == ["../2019-11-22/"]
    assert "1 möte" in squash(year.text) and "1 möten" not in squash(year.text)
    start = article(site.html(""))
    assert "kommundirektorsgruppen/2022-08-26/" in [a.attrs["href"] for a in start.find_all("a")]
    crumbs = article(site.html(P2019)).find("nav", cls="pa-breadcrumb")
    assert [squash(li.text) for li in crumbs.find_all("li")] == ["Kommundirektörsgruppen", "2019", "2019-11-22"]
    assert [page_path(site.site, P2019).parent.joinpath(a.attrs["href"]).resolve() for a in crumbs.find_all("a")] == [
        (site.site / "kommundirektorsgruppen").resolve(),
        (site.site / "kommundirektorsgruppen/2019").resolve(),
    ]


def test_previous_and_next_meeting_say_what_the_archive_misses_between(site: Build) -> None:
    older = article(site.html(P2019)).find("nav", "pa-pager")
    newer = article(site.html(P2022)).find("nav", "pa-pager")
    assert [a.attrs["href"] for a in older.find_all("a")] == ["../2022-08-26/"]
    assert [a.attrs["href"] for a in newer.find_all("a")] == ["../2019-11-22/"]
    assert "Nästa möte i arkivet: 2022-08-26" in squash(older.text)
    assert "inga protokoll från de 2 år och 9 månader" in squash(older.text)


def test_pages_speak_swedish(site: Build) -> None:
    for url in ("", P2019, "beslut/", "personer/herman-crespin/", "finns-inte"):
        html = site.html(url) if url != "finns-inte" else (site.site / "404.html").read_text("utf-8")
        assert '<html lang="sv"' in html
        visible = squash(parse(html).find("body").text)
        for english in ("Skip to content", "Table of contents", "Back to top", "Search", "Previous", "Next", "Home"):
            assert english not in visible, (url, english)


# --- registers and cross-links -------------------------------------------------------------------


def test_decision_register_lists_all_twelve_newest_first_grouped_by_year(site: Build) -> None:
    decisions = site.json("decisions.json")["decisions"]
    assert len(decisions) == 12
    assert [d["date"] for d in decisions] == sorted((d["date"] for d in decisions), reverse=True)
    register = article(site.html("beslut/"))
    entries = register.find_all("div", cls="pa-decision")
    assert len(entries) == 12
    assert [s.attrs["data-year"] for s in register.find_all("section", cls="pa-decision-year")] == ["2022", "2019"]
    shown = [squash(e.find("span", cls="pa-decision-id").text) for e in entries]
    assert shown[0] == "KDG 2022-08-26 § 4:1" and shown[-1].startswith("KDG 2019-11-22 § 7")
    assert [e.find("a").attrs["href"].split("/", 1)[1] for e in entries] == [d["url"] for d in decisions]
    # readable with scripts off: the filter is drawn only where the <head> script marks that scripts run
    assert register.find("form", cls="pa-filter")
    assert '<script>document.documentElement.classList.add("pa-js");' in site.html("beslut/")
    assert "html:not(.pa-js) .pa-filter { display: none; }" in (site.site / "assets/protokoll/protokoll.css").read_text("utf-8")


def test_every_decision_and_person_url_resolves_to_a_page_and_anchor(site: Build) -> None:
    for decision in site.json("decisions.json")["decisions"]:
        page, anchor = decision["url"].split("#")
        assert anchor in ids(site.html(page)), decision["id"]
        assert decision["text"].startswith(("att", "Att"))
    for person in site.json("people.json")["people"]:
        assert squash(parse(site.html(person["url"])).find("h1").text).rstrip("¶") == person["name"]


def test_no_internal_link_or_anchor_is_broken(site: Build) -> None:
    assert broken_links(site.site, "/protokollarkivet/") == []


def test_the_eleven_municipalities_and_no_misspelt_twelfth(site: Build) -> None:
    assert {m["name"] for m in site.json("municipalities.json")["municipalities"]} == ELEVEN
    assert all(name in page_text(site, "kommuner/") for name in ELEVEN)
    assert not (site.site / "kommuner" / "orskallunga").exists()
    for page in site.site.rglob("*.html"):
        if page.is_relative_to(site.site / "sekretariatet"):
            continue  # the hand-written guide quotes the misspelling in its example error message
        text = page.read_text("utf-8")
        for position in [m.start() for m in re.finditer("Örskällunga", text)]:
            assert "Stavning" in text[max(0, position - 300) : position], page


def test_the_municipalities_page_shows_who_represented_each(site: Build) -> None:
    rows = {
        squash(r.find_all("td")[0].text): squash(r.find_all("td")[1].text)
        for r in article(site.html("kommuner/")).find("tbody").find_all("tr")
    }
    assert rows["Ängelholm"] == "Kristina Magnusson, Lilian Eriksson"  # latest meeting first
    assert rows["Höganäs"] == "Herman Crespin" and rows["Örkelljunga"] == "Stefan Christensson"


def test_herman_crespin_present_2022_absent_2019(site: Build) -> None:
    person = next(p for p in site.json("people.json")["people"] if p["name"] == "Herman Crespin")
    assert person["present"] == ["2022-08-26"] and person["absent"] == ["2019-11-22"]
    assert person["municipalities"] == ["Höganäs"]
    assert "2022-08-26" in section_text(site, person["url"], "narvarande")
    assert "2019-11-22" in section_text(site, person["url"], "franvarande")
    assert "Närvarande vid 1 av 2 möten" in page_text(site, person["url"])


def test_person_page_shows_partial_presence_roles_and_contact_projects(site: Build) -> None:
    palle = page_text(site, "personer/palle-lundberg/")
    assert "09.20" in palle
    assert "Ordförande, justerare, undertecknare" in section_text(site, "personer/palle-lundberg/", "roller")
    assert "2022-08-26" in section_text(site, "personer/palle-lundberg/", "franvarande")
    for name, project in (
        ("dinah-abinger", "Offentliga Mikrotjänster"),
        ("maria-norrby", "YH accelerator"),
        ("lena-astrom", "Naturturism Rönneå"),
    ):
        assert project in section_text(site, f"personer/{name}/", "kontaktperson")
    people = {p["name"]: p for p in site.json("people.json")["people"]}
    assert people["Lena Åström"]["contact_for"] == ["Naturturism Rönneå"]
    assert "§ 7" in section_text(site, "personer/frida-beijer/", "omnamnd")
    assert "guest" in people["Pia Radil"]["roles"] and people["Pia Radil"]["guest"] == ["2022-08-26"]


def test_municipality_pages_show_representatives_chart_and_table(site: Build) -> None:
    representatives = {m["name"]: m["representatives"] for m in site.json("municipalities.json")["municipalities"]}
    angelholm = {r["date"]: r["present"] for r in representatives["Ängelholm"]}
    assert angelholm == {"2019-11-22": ["Lilian Eriksson"], "2022-08-26": ["Kristina Magnusson"]}
    assert {r["date"]: r["absent"] for r in representatives["Örkelljunga"]}["2022-08-26"] == ["Ardiana Demjaha"]
    page = article(site.html("kommuner/angelholm/"))
    svg = page.find("svg")
    assert svg.attrs.get("role") == "img" and "Ängelholm" in svg.find("title").text
    assert "2019: 1 av 1" in squash(page.find("figure", cls="pa-figure").text)
    assert "(från 09.20)" in page_text(site, "kommuner/helsingborg/")
    assert links_to(site, "kommuner/angelholm/", "personer/lilian-eriksson/")
    assert "Smarta lokaler" in section_text(site, "kommuner/angelholm/", "projekt")


def test_projects_with_aliases_contacts_and_unprioritised_ideas(site: Build) -> None:
    projects = {p["name"]: p for p in site.json("projects.json")["projects"]}
    for name in (
        "Familjen means Business",
        "Smarta lokaler",
        "Kommunalt Acceleratorprogram",
        "Offentliga Mikrotjänster",
        "YH accelerator",
        "Naturturism Rönneå",
    ):
        assert projects[name]["status"] != "idé", name
    assert projects["Familjen means Business"]["aliases"] == ["Fika med Familjen"]
    assert projects["Offentliga Mikrotjänster"]["contacts"] == ["Dinah Åbinger"]
    ideas = [name for name, p in projects.items() if p["status"] == "idé"]
    assert ideas and all(projects[name]["protocols"] == ["kommundirektorsgruppen-2019-11-22"] for name in ideas)
    shown_ideas = section_text(site, "projekt/", "ideer")
    assert all(name in shown_ideas for name in ideas) and "Smarta lokaler" not in shown_ideas
    assert "Fika med Familjen" in page_text(site, "projekt/familjen-means-business/")
    timeline = section_text(site, "projekt/naturturism-ronnea/", "tidslinje")
    assert "KDG 2019-11-22 § 4:1" in timeline
    assert next(p for p in projects.values() if p["name"] == "Offentliga Mikrotjänster")["decisions"] == ["kdg-2019-11-22-4-1"]


def test_names_and_aliases_in_protocol_text_link_to_their_pages(site: Build) -> None:
    assert "Fika med Familjen" in links_to(site, P2019, "projekt/familjen-means-business/")
    assert "Familjen means Business" in links_to(site, P2019, "projekt/familjen-means-business/")
    assert "Pia Radil" in links_to(site, P2022, "personer/pia-radil/")
    assert "Lena Åström" in links_to(site, P2019, "personer/lena-astrom/")
    for heading in article(site.html(P2019)).find_all("h2"):
        assert all("headerlink" in a.classes for a in heading.find_all("a")), squash(heading.text)
    assert links_to(site, "personer/johan-lindberg/", "personer/johan-lindberg/") == []  # not on their own page
    assert "Johan Lindberg" in page_text(site, "personer/johan-lindberg/")


def test_references_to_missing_meetings_are_listed_but_not_linked(site: Build) -> None:
    references = {r["text"]: r for p in site.json("protocols.json")["protocols"] for r in p["references"]}
    assert references["kommundirektörmöte 200117"]["url"] is None
    assert references["kommundirektörmöte 200117"]["date"] == "2020-01-17"
    assert references["styrelsemötet 191206"]["body"] == "styrelsen"
    assert references["styrelsemöte 220902"]["date"] == "2022-09-02"


def test_csv_downloads_for_spreadsheets(site: Build) -> None:
    decisions = list(csv.DictReader(io.StringIO((site.site / "data/beslut.csv").read_text("utf-8-sig")), delimiter=";"))
    assert len(decisions) == 12 and decisions[0]["id"] == "kdg-2022-08-26-4-1"
    attendance = list(csv.DictReader(io.StringIO((site.site / "data/narvaro.csv").read_text("utf-8-sig")), delimiter=";"))
    assert [row["närvaro"] for row in attendance if row["namn"] == "Herman Crespin"] == ["närvarande", "frånvarande"]


def test_fingerprint_on_page_and_in_json_is_the_sha256_of_the_file(site: Build) -> None:
    import hashlib

    digest = hashlib.sha256((REPO / "protocols" / P2019.rstrip("/")).with_suffix(".md").read_bytes()).hexdigest()
    assert protocol(site, P2019)["sha256"] == digest
    assert digest in squash(article(site.html(P2019)).find("p", cls="pa-fingerprint").text)


# --- search ----------------------------------------------------------------------------------------


def test_pagefind_indexes_protocols_and_registers_by_name_but_not_lists_that_repeat_them(site: Build) -> None:
    texts = pagefind_texts(site.site)
    urls = [json.loads(text.removeprefix("pagefind_dcd"))["url"] for text in texts]
    assert not [url for url in urls if url.startswith(("/kommundirektorsgruppen/2019/", "/beslut/", "/sekretariatet/"))]
    for indexed in (f"/{P2019}", f"/{P2022}", "/personer/herman-crespin/", "/projekt/smarta-lokaler/", "/kommuner/angelholm/"):
        assert indexed in urls, urls
    about = {json.loads(text.removeprefix("pagefind_dcd"))["url"] for text in texts if '"about":"1"' in text}
    assert about == {"/om/", "/om/oppna-data/", "/om/tillganglighet/", "/om/personuppgifter/", "/prenumerera/"}
    clause = "att projekten ska bjudas in till kommundirektörgruppen för muntliga lägesrapporter"
    assert sum(clause in text for text in texts) == 1  # in the protocol only, not on the pages that list it
    assert json.loads((site.site / "search/search_index.json").read_text("utf-8"))["docs"] == []  # Material's: unused


def test_year_lists_and_registers_that_repeat_protocols_are_not_indexed(material_site: Build) -> None:
    """With the option `search: material`."""
    site = material_site
    index = json.loads((site.site / "search/search_index.json").read_text("utf-8"))
    assert index["config"]["lang"] == ["sv"]
    locations = [doc["location"] for doc in index["docs"]]
    assert not [loc for loc in locations if loc.startswith(("kommundirektorsgruppen/2019/", "beslut/"))]
    for register_page in ("personer/herman-crespin/", "projekt/smarta-lokaler/", "kommuner/angelholm/"):
        assert register_page in locations
    clause = "att projekten ska bjudas in till kommundirektörgruppen för muntliga lägesrapporter"
    assert sum(clause in doc["text"] for doc in index["docs"]) == 1
    item = next(doc for doc in index["docs"] if doc["location"] == "kommundirektorsgruppen/2019-11-22/#punkt-4")
    assert 'Naturturism Rönneå" prioriteras' in item["text"], item
    assert not [loc for loc in locations if "#beslut-" in loc or loc.endswith("#protokoll")]
    page_entry = next(doc for doc in index["docs"] if doc["location"] == P2019)
    assert "Mindpark" in page_entry["text"] and "8/2019" in page_entry["text"] and "191122" in page_entry["text"], page_entry


# --- feeds -----------------------------------------------------------------------------------------


def _feed(site: Build, path: str) -> ET.Element:
    root = ET.fromstring((site.site / path).read_bytes())
    assert root.tag == f"{ATOM}feed"
    for element in (root, *root.findall(f"{ATOM}entry")):  # RFC 4287: one id, title and updated each
        for required in ("id", "title", "updated"):
            assert len(element.findall(f"{ATOM}{required}")) == 1 and element.find(f"{ATOM}{required}").text, required
        assert element.find(f"{ATOM}id").text.startswith(("https://", "urn:"))
    assert root.find(f"{ATOM}author/{ATOM}name").text and root.find(f"{ATOM}link[@rel='self']") is not None
    return root


def test_feed_is_valid_atom_with_one_entry_per_approved_protocol_newest_first(site: Build) -> None:
    entries = _feed(site, "feed.xml").findall(f"{ATOM}entry")
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert links == [
        "https://example.org/protokollarkivet/kommundirektorsgruppen/2022-08-26/",
        "https://example.org/protokollarkivet/kommundirektorsgruppen/2019-11-22/",
    ]
    assert entries[0].find(f"{ATOM}published").text.startswith("2022-08-26")
    summary = entries[0].find(f"{ATOM}summary").text
    assert "att projektplanen är godkänd för utskick till styrelsen" in summary and summary.count("§ ") == 4
    assert len(_feed(site, "feed-organ-kommundirektorsgruppen.xml").findall(f"{ATOM}entry")) == 2


def test_feeds_are_advertised_in_every_head(site: Build) -> None:
    head = parse(site.html("kommuner/angelholm/")).find("head")
    advertised = {link.attrs["href"]: link.attrs["type"] for link in head.find_all("link", rel="alternate")}
    assert advertised == {
        "../../feed.xml": "application/atom+xml",
        "../../feed-organ-kommundirektorsgruppen.xml": "application/atom+xml",
        "../../kalender.ics": "text/calendar",
        "../../feed-kommun-angelholm.xml": "application/atom+xml",  # the page's own
    }


@pytest.mark.parametrize("register", ["personer", "kommuner", "projekt"])
def test_every_project_person_and_municipality_has_a_valid_atom_feed_on_its_page(site: Build, register: str) -> None:
    pages = sorted(p for p in (site.site / register).iterdir() if (p / "index.html").is_file())
    assert pages
    for folder in pages:
        url = f"{register}/{folder.name}/"
        document = parse(site.html(url))
        own = [link.attrs["href"] for link in document.find("head").find_all("link", rel="alternate") if "feed-" in link.attrs["href"]]
        own = [href for href in own if not href.endswith(("feed-organ-kommundirektorsgruppen.xml", "feed.xml"))]
        assert len(own) == 1, url
        visible = document.find("article").find("p", cls="pa-follow").find("a").attrs["href"]
        assert visible == own[0]
        feed = ET.parse(folder / own[0]).getroot()
        assert feed.tag == f"{ATOM}feed"
        for required in ("id", "title", "updated"):
            assert (feed.findtext(f"{ATOM}{required}") or "").strip(), (url, required)
        assert feed.find(f"{ATOM}author/{ATOM}name") is not None
        links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
        assert links["self"].endswith(own[0].removeprefix("../../")) and links["alternate"].endswith(url)
        for entry in feed.findall(f"{ATOM}entry"):
            for required in ("id", "title", "updated", "summary"):
                assert (entry.findtext(f"{ATOM}{required}") or "").strip(), (url, required)


def test_a_followed_feed_holds_the_meetings_and_decisions_that_concern_it(site: Build) -> None:
    feed = ET.parse(site.site / "feed-projekt-smarta-lokaler.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}link").get("href").rsplit("/", 2)[1] for e in entries] == ["2022-08-26"]
    assert entries[0].findtext(f"{ATOM}summary").startswith("§ 4:1 att projektplanen är godkänd")
    herman = ET.parse(site.site / "feed-person-herman-crespin.xml").getroot()
    assert len(herman.findall(f"{ATOM}entry")) == 2  # present 2022, absent 2019: both concern him


def test_icalendar_has_one_event_per_meeting_in_swedish_time(site: Build) -> None:
    raw = (site.site / "kalender.ics").read_bytes()
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    lines = raw.decode("utf-8").replace("\r\n ", "").split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    assert lines.count("BEGIN:VEVENT") == 2
    assert "DTSTART;TZID=Europe/Stockholm:20191122T083500" in lines and "LOCATION:Mindpark\\, Penthouse E7" in lines

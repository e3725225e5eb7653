"""Issue 3: the cross-linked indexes, read from a real build of the archive as it stands."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, Build, run_build
from helpers import article, broken_links, decisions_on_protocol_page, ids, page_path, parse, squash

P2019 = "kommundirektorsgruppen/2019-11-22/"
P2022 = "kommundirektorsgruppen/2022-08-26/"
P2020 = "kommundirektorsgruppen/2020-01-17/"
ELEVEN = {
    "Bjuv", "Båstad", "Helsingborg", "Höganäs", "Klippan", "Landskrona",
    "Perstorp", "Svalöv", "Åstorp", "Ängelholm", "Örkelljunga",
}  # fmt: skip


def page_text(site: Build, url: str) -> str:
    return squash(article(site.html(url)).text)


def links_to(site: Build, page_url: str, target_url: str) -> list[str]:
    """Texts of the links in a page's content that point at `target_url` (site-relative)."""
    page = page_path(site.site, page_url)
    found = []
    for anchor in article(page.read_text("utf-8")).find_all("a"):
        href = anchor.attrs.get("href", "")
        if not href or href.startswith(("http", "#", "mailto:")) or "headerlink" in anchor.classes:
            continue
        resolved = (page.parent / href.split("#")[0]).resolve()
        if resolved == page_path(site.site, target_url).parent.resolve() or resolved == page_path(site.site, target_url).resolve():
            found.append(squash(anchor.text))
    return found


def test_decision_register_lists_all_twelve_newest_first_grouped_by_year(site: Build) -> None:
    decisions = site.json("decisions.json")["decisions"]
    assert len(decisions) == 12
    assert [d["date"] for d in decisions] == sorted((d["date"] for d in decisions), reverse=True)
    register = article(site.html("beslut/"))
    entries = register.find_all("div", cls="pa-decision")
    assert len(entries) == 12
    years = [section.attrs["data-year"] for section in register.find_all("section", cls="pa-decision-year")]
    assert years == ["2022", "2019"]
    shown = [squash(e.find("span", cls="pa-decision-id").text) for e in entries]
    assert shown[0] == "KDG 2022-08-26 § 4:1" and shown[-1].startswith("KDG 2019-11-22 § 7")
    assert [e.find("a").attrs["href"].split("/", 1)[1] for e in entries] == [d["url"] for d in decisions]
    assert "Visar" not in squash(register.text)  # the filter's status is empty until the script runs
    assert register.find("form", cls="pa-filter").attrs.get("hidden") is not None  # readable with scripts off


def test_every_decision_and_person_url_resolves_to_a_page_and_anchor(site: Build) -> None:
    for decision in site.json("decisions.json")["decisions"]:
        page, anchor = decision["url"].split("#")
        assert anchor in ids(site.html(page)), decision["id"]
        assert decision["text"].startswith(("att", "Att"))
    for person in site.json("people.json")["people"]:
        heading = parse(site.html(person["url"])).find("h1")
        assert squash(heading.text).rstrip("¶") == person["name"]


def test_no_internal_link_or_anchor_is_broken(site: Build) -> None:
    assert broken_links(site.site, "/protokollarkivet/") == []


def test_the_eleven_municipalities_and_no_misspelt_twelfth(site: Build) -> None:
    municipalities = site.json("municipalities.json")["municipalities"]
    assert {m["name"] for m in municipalities} == ELEVEN
    listing = page_text(site, "kommuner/")
    assert all(name in listing for name in ELEVEN)
    assert not (site.site / "kommuner" / "orskallunga").exists()
    for page in site.site.rglob("*.html"):
        if page.is_relative_to(site.site / "om"):
            continue  # the hand-written guide quotes the misspelling in its example error message
        text = page.read_text("utf-8")
        # The misspelling may appear only where an editorial note explains the correction.
        for position in [i for i in range(len(text)) if text.startswith("Örskällunga", i)]:
            assert "Stavning" in text[max(0, position - 300) : position], page


def test_herman_crespin_present_2022_absent_2019(site: Build) -> None:
    person = next(p for p in site.json("people.json")["people"] if p["name"] == "Herman Crespin")
    assert person["present"] == ["2022-08-26"] and person["absent"] == ["2019-11-22"]
    assert person["municipalities"] == ["Höganäs"]
    page = article(site.html(person["url"]))
    present = squash(page.find("h2", id="narvarande").parent.text)
    absent_list = [e for e in page.find_all("h2", id="franvarande")][0]
    assert "2022-08-26" in present
    following = absent_list.parent.children[absent_list.parent.children.index(absent_list) + 1 :]
    assert "2019-11-22" in squash("".join(c if isinstance(c, str) else c.text for c in following))
    assert "1 av 2 möten" in squash(page.text)


def test_person_page_shows_partial_presence_roles_and_contact_projects(site: Build) -> None:
    palle = page_text(site, "personer/palle-lundberg/")
    assert "09.20" in palle and "ordförande" in palle.lower() and "justerare" in palle.lower()
    assert "2022-08-26" in squash(article(site.html("personer/palle-lundberg/")).find("h2", id="franvarande").parent.text)
    for name, project in (("dinah-abinger", "Offentliga Mikrotjänster"), ("maria-norrby", "YH accelerator"), ("lena-astrom", "Naturturism Rönneå")):
        page = article(site.html(f"personer/{name}/"))
        assert project in squash(page.find("h2", id="kontaktperson").parent.text)
    people = {p["name"]: p for p in site.json("people.json")["people"]}
    assert people["Lena Åström"]["contact_for"] == ["Naturturism Rönneå"]
    # thanked for help with the consultation response, § 7 of 2019
    assert "§ 7" in page_text(site, "personer/frida-beijer/")
    assert "guest" in people["Pia Radil"]["roles"] and people["Pia Radil"]["guest"] == ["2022-08-26"]


def test_municipality_pages_show_representatives_chart_and_table(site: Build) -> None:
    representatives = {
        m["name"]: m["representatives"] for m in site.json("municipalities.json")["municipalities"]
    }
    angelholm = {r["date"]: r["present"] for r in representatives["Ängelholm"]}
    assert angelholm == {"2019-11-22": ["Lilian Eriksson"], "2022-08-26": ["Kristina Magnusson"]}
    orkelljunga = {r["date"]: r["absent"] for r in representatives["Örkelljunga"]}
    assert orkelljunga["2022-08-26"] == ["Ardiana Demjaha"]
    page = article(site.html("kommuner/angelholm/"))
    svg = page.find("svg")
    assert svg.attrs.get("role") == "img" and svg.find("title").text.strip()
    figure = page.find("figure", cls="pa-figure")
    assert "2019: 1 av 1" in squash(figure.text)
    section = page.find("h2", id="narvaro-over-tid").parent
    assert [squash(th.text) for th in section.find_all("table")[-1].find_all("th")] == ["År", "Närvarande vid", "Antal möten"]
    assert "(från 09.20)" in page_text(site, "kommuner/helsingborg/")
    assert links_to(site, "kommuner/angelholm/", "personer/lilian-eriksson/")
    assert links_to(site, "kommuner/angelholm/", "personer/kristina-magnusson/")
    assert "Smarta lokaler" in page_text(site, "kommuner/angelholm/")


def test_projects_with_aliases_contacts_and_unprioritised_ideas(site: Build) -> None:
    projects = {p["name"]: p for p in site.json("projects.json")["projects"]}
    for name in ("Familjen means Business", "Smarta lokaler", "Kommunalt Acceleratorprogram", "Offentliga Mikrotjänster", "YH accelerator", "Naturturism Rönneå"):
        assert name in projects and projects[name]["status"] != "idé", name
    assert projects["Familjen means Business"]["aliases"] == ["Fika med Familjen"]
    assert projects["Offentliga Mikrotjänster"]["contacts"] == ["Dinah Åbinger"]
    ideas = [name for name, p in projects.items() if p["status"] == "idé"]
    assert ideas and all(projects[name]["protocols"] == ["kommundirektorsgruppen-2019-11-22"] for name in ideas)
    listing = article(site.html("projekt/"))
    ideas_section = squash(listing.find("h2", id="ideer").parent.text.split("Idéer")[-1])
    assert all(name in ideas_section for name in ideas)
    assert "Smarta lokaler" not in ideas_section
    assert "Fika med Familjen" in page_text(site, "projekt/familjen-means-business/")


def test_project_timeline_collects_items_and_decisions_across_meetings(site: Build) -> None:
    timeline = page_text(site, "projekt/naturturism-ronnea/")
    assert "2019-11-22" in timeline and "KDG 2019-11-22 § 4:1" in timeline
    mikro = next(p for p in site.json("projects.json")["projects"] if p["name"] == "Offentliga Mikrotjänster")
    assert mikro["decisions"] == ["kdg-2019-11-22-4-1"]


def test_names_and_aliases_in_protocol_text_link_to_their_pages(site: Build) -> None:
    assert "Fika med Familjen" in links_to(site, P2019, "projekt/familjen-means-business/")
    assert "Familjen means Business" in links_to(site, P2019, "projekt/familjen-means-business/")
    assert "Pia Radil" in links_to(site, P2022, "personer/pia-radil/")
    assert "Lena Åström" in links_to(site, P2019, "personer/lena-astrom/")
    # headings carry no links beyond their own permalink
    for heading in article(site.html(P2019)).find_all("h2"):
        assert all("headerlink" in a.classes for a in heading.find_all("a")), squash(heading.text)


def test_a_person_is_not_linked_on_their_own_page(site: Build) -> None:
    assert "Johan Lindberg" in page_text(site, "personer/johan-lindberg/")
    assert links_to(site, "personer/johan-lindberg/", "personer/johan-lindberg/") == []


def test_references_to_missing_meetings_are_listed_but_not_linked(site: Build) -> None:
    references = {r["text"]: r for p in site.json("protocols.json")["protocols"] for r in p["references"]}
    assert references["kommundirektörmöte 200117"]["url"] is None
    assert references["kommundirektörmöte 200117"]["date"] == "2020-01-17"
    assert references["styrelsemötet 191206"]["body"] == "styrelsen"
    assert references["styrelsemöte 220902"]["date"] == "2022-09-02"


def test_csv_downloads_for_spreadsheets(site: Build) -> None:
    decisions = list(csv.DictReader(io.StringIO((site.site / "data/beslut.csv").read_text("utf-8-sig")), delimiter=";"))
    assert len(decisions) == 12
    attendance = list(csv.DictReader(io.StringIO((site.site / "data/narvaro.csv").read_text("utf-8-sig")), delimiter=";"))
    herman = [row for row in attendance if "Herman Crespin" in row.values()]
    assert len(herman) == 2


def test_unresolved_references_are_information_from_the_checker(tmp_path: Path) -> None:
    from conftest import REPO, run_cli

    result = run_cli("check", "--archive", str(REPO / "protocols"), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "info:" in result.stdout and "200117" in result.stdout
    assert "fel:" not in result.stdout


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The archive with one more protocol, 2020-01-17, which the 2019 protocol refers to."""
    from conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("grown"))
    shutil.copy(FIXTURES / "added-2020-01-17.md", project / "protocols/kommundirektorsgruppen/2020-01-17.md")
    build = run_build(project)
    assert build.result.returncode == 0, build.output
    return build


def test_an_added_protocol_turns_references_into_links_both_ways(grown: Build) -> None:
    assert "kommundirektörmöte 200117" in links_to(grown, P2019, P2020)
    assert links_to(grown, P2020, P2019)  # "protokoll 8/2019" and "Möten som hänvisar hit"
    referenced_by = squash(article(grown.html(P2020)).find("h2", id="hanvisningar").parent.text)
    assert "Möten som hänvisar hit" in referenced_by and "2019-11-22" in referenced_by
    references = {r["text"]: r for p in grown.json("protocols.json")["protocols"] for r in p["references"]}
    assert references["kommundirektörmöte 200117"]["url"] == P2020
    assert references["protokoll 8/2019"]["url"] == P2019


def test_an_added_protocol_appears_on_every_page_that_should_list_it(grown: Build) -> None:
    for page in ("", "kommundirektorsgruppen/", "kommundirektorsgruppen/2020/", "beslut/", "personer/tomas-rikse/",
                 "personer/herman-crespin/", "personer/lena-astrom/", "kommuner/klippan/", "projekt/naturturism-ronnea/"):
        assert links_to(grown, page, P2020), page
    assert len(grown.json("decisions.json")["decisions"]) == 13
    herman = next(p for p in grown.json("people.json")["people"] if p["name"] == "Herman Crespin")
    assert herman["absent"] == ["2019-11-22", "2020-01-17"]
    pager = squash(article(grown.html(P2019)).find("nav", cls="pa-pager").text)
    assert "2020-01-17" in pager
    assert broken_links(grown.site, "/protokollarkivet/") == []


REBUILD = """
import os, shutil, sys
os.environ["NO_MKDOCS_2_WARNING"] = "1"
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config("mkdocs.yml")
config.plugins.on_startup(command="serve", dirty=True)
build(config)
shutil.copy(sys.argv[1], "protocols/kommundirektorsgruppen/2020-01-17.md")
build(load_config("mkdocs.yml"), dirty=True)  # as `mkdocs serve --dirty` does after a change
"""


def test_a_serve_rebuild_updates_pages_whose_neighbours_changed(project: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", REBUILD, str(FIXTURES / "added-2020-01-17.md")], cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    build = Build(project, result)
    # the 2019 page was cached from the first build; its pager and reference must still follow the new meeting
    assert "kommundirektörmöte 200117" in links_to(build, P2019, P2020)
    assert "2020-01-17" in squash(article(build.html(P2019)).find("nav", cls="pa-pager").text)
    assert links_to(build, P2020, P2019)


def test_decision_cards_show_each_decision_as_markdown_renders_it(site: Build) -> None:
    """Cards take a shortcut past Markdown for text without Markdown in it: the result must not differ."""
    import markdown as python_markdown

    from protokollarkivet.archive import load_archive
    from protokollarkivet.index import build_index
    from protokollarkivet.render import Renderer
    from protokollarkivet.strings import load_strings

    strings = load_strings("sv")
    index = build_index(load_archive(site.project / "protocols", strings, prefix="protocols"))
    renderer = Renderer(index, strings)
    renderer._current = "beslut/index.md"
    converter = python_markdown.Markdown()
    shortcuts = 0
    for entry in index.decisions:
        shown = renderer.decision_html(entry)
        expected = converter.reset().convert(renderer.linked(entry.decision.text, entry.protocol.date.year, html_links=True))
        assert shown == expected, entry.id
        shortcuts += renderer._plain_html(entry.decision.text, entry.protocol.date.year) is not None
    assert 0 < shortcuts < len(index.decisions)  # the seeds have decisions of both kinds
    assert 'Naturturism Rönneå" prioriteras' in page_text(site, "beslut/")


def test_the_table_of_contents_lists_each_decision_under_its_item(site: Build) -> None:
    page = parse(site.html(P2019))
    toc = page.find("nav", cls="md-nav--secondary")
    item = next(a for a in toc.find_all("a") if a.attrs.get("href") == "#punkt-2").parent
    assert item is not None
    assert [squash(a.text) for a in item.find_all("a") if a.attrs["href"].startswith("#beslut-")] == ["Beslut 2:1"]
    listed = [a.attrs["href"][1:] for a in toc.find_all("a") if a.attrs["href"].startswith("#beslut-")]
    assert listed == [h.attrs["id"] for h, _ in decisions_on_protocol_page(article(site.html(P2019)))]
    assert len(listed) > 5


TOC_SETTINGS = "      permalink: true\n      permalink_title: Permanent länk till avsnittet\n"


@pytest.mark.parametrize(
    "toc",
    [
        TOC_SETTINGS,
        "      permalink: §\n      permalink_leading: true\n      permalink_class: ankare\n      permalink_title: Länk \"hit\" & dit'\n",
        "      permalink: true\n      permalink_title: ''\n",
        "      permalink: false\n",
    ],
    ids=["as configured", "leading symbol", "no title", "no permalink"],
)
def test_decision_headings_written_past_markdown_are_what_markdown_writes(project: Path, toc: str) -> None:
    """The plugin writes decision headings as HTML, mirroring the toc extension's permalink, and adds them
    to the table of contents; with a toc option it does not mirror (`baselevel`, here at its default),
    Markdown writes them. Both sites must be the same."""
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert TOC_SETTINGS in text
    config.write_text(text.replace(TOC_SETTINGS, toc), "utf-8")
    mirrored = run_build(project)
    assert mirrored.result.returncode == 0, mirrored.output
    shutil.move(mirrored.site, project / "mirrored")
    config.write_text(text.replace(TOC_SETTINGS, toc + "      baselevel: 1\n"), "utf-8")
    by_markdown = run_build(project)
    assert by_markdown.result.returncode == 0, by_markdown.output
    for url in (P2019, P2022):
        built = (project / "mirrored" / url / "index.html").read_text("utf-8")
        assert built == by_markdown.html(url), url
        headings = [h for h, _ in decisions_on_protocol_page(article(built))]
        assert headings and all(h.attrs["id"].startswith("beslut-") for h in headings)
    assert (project / "mirrored/search/search_index.json").read_text("utf-8") == (by_markdown.site / "search/search_index.json").read_text("utf-8")


def test_links_from_hand_written_pages_to_decisions_are_checked(project: Path) -> None:
    """Decision headings are written past Markdown; MkDocs must still know their anchors."""
    (project / "docs/lanktest.md").write_text(
        "# Länktest\n\n[Beslut 2:1](kommundirektorsgruppen/2019-11-22.md#beslut-2-1)\n", "utf-8"
    )
    assert run_build(project).result.returncode == 0
    (project / "docs/lanktest.md").write_text(
        "# Länktest\n\n[Beslut 99:1](kommundirektorsgruppen/2019-11-22.md#beslut-99-1)\n", "utf-8"
    )
    build = run_build(project)
    assert build.result.returncode != 0
    assert "does not contain an anchor '#beslut-99-1'" in build.output


def test_protocol_search_entries_match_what_the_search_plugin_reads(site: Build) -> None:
    """Protocol pages are indexed from their markup by the plugin, not by Material's HTML parser: the
    entries must be the ones Material's parser makes of the published page (decisions joined to their
    item, the heading's section to the page), whitespace aside."""
    import json
    import re

    from material.plugins.search.plugin import Parser

    from protokollarkivet import searchindex

    index = json.loads((site.site / "search/search_index.json").read_text("utf-8"))
    normal = lambda text: re.sub(r"\s+", " ", text).strip()  # noqa: E731
    for url in (P2019, P2022):
        html = site.html(url)
        content = html[html.index(">", html.index("<article")) + 1 : html.rindex("</article>")]
        # Material removes data-search-exclude="true" (an attribute with a value) once it has read a page
        content = content.replace('class="pa-decision-label"', 'class="pa-decision-label" data-search-exclude')
        parser = Parser()
        parser.feed(content)
        parser.close()
        material = []
        for section in parser.data:
            if section.is_excluded():
                continue
            location = url + (f"#{section.id}" if section.id else "")
            material.append({"location": location, "title": "".join(section.title).strip(), "text": "".join(section.text).strip()})
        expected = [(d["location"], normal(d["text"])) for d in searchindex.shape_docs(material)]
        # Material's parser loses track of data-search-exclude on a <div> holding <div>s (the signatures);
        # the plugin keeps them out, as the template asks
        expected = [entry for entry in expected if not entry[0].endswith("#underskrifter")]
        built = [(d["location"], normal(d["text"])) for d in index["docs"] if d["location"].startswith(url)]
        assert built == expected

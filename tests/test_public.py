"""An official public archive: its own address everywhere, a named publisher on every page, the legally
required pages, nothing fetched from another host, a Swedish 404 with ways on.

Read from real builds: the shared one (the placeholder address of mkdocs.yml) and one with the address
set the way the publishing workflow sets it, through PROTOKOLL_SITE_URL."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import REPO, Build, copy_project, run_build
from helpers import article, broken_links, page_path, parse, squash

ADDRESS = "https://protokoll.familjenhelsingborg.se/kdg/"
TEXT_SUFFIXES = {".html", ".xml", ".json", ".csv", ".ics", ".js", ".txt", ".rdf", ".css"}
FOOTER_PAGES = {"om/": "Om arkivet", "om/tillganglighet/": "Tillgänglighetsredogörelse", "om/personuppgifter/": "Personuppgifter"}


@pytest.fixture(scope="module")
def addressed(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The archive built as the publishing workflow builds it: with the address GitHub Pages gives."""
    build = run_build(copy_project(tmp_path_factory.mktemp("addressed")), env={"PROTOKOLL_SITE_URL": ADDRESS.rstrip("/")})
    assert build.result.returncode == 0, build.output
    return build


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


# --- the address in one place ---------------------------------------------------------------------


def test_the_address_from_the_environment_is_in_every_permalink_citation_feed_and_sitemap(addressed: Build) -> None:
    site = addressed.site
    leftovers = [
        str(path.relative_to(site))
        for path in site.rglob("*")
        # Pagefind's library builds URLs on https://example.com internally; it holds no address of ours
        if path.suffix in TEXT_SUFFIXES
        and "pagefind" not in path.relative_to(site).parts
        and re.search(r"example\.(org|com|net)", path.read_text("utf-8", errors="replace"))
    ]
    assert leftovers == []
    protocol = addressed.html("kommundirektorsgruppen/2019-11-22/")
    assert f"{ADDRESS}kommundirektorsgruppen/2019-11-22/#beslut-4-1" in protocol  # the decision's citation
    assert f'<link rel="canonical" href="{ADDRESS}kommundirektorsgruppen/2019-11-22/">' in protocol
    sitemap = ET.parse(site / "sitemap.xml").getroot()
    locations = [loc.text or "" for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locations and all(loc.startswith(ADDRESS) for loc in locations)
    assert f"{ADDRESS}kommundirektorsgruppen/2022-08-26/" in locations
    feed = ET.parse(site / "feed.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    assert feed.findtext(f"{atom}id") == f"{ADDRESS}feed.xml"
    assert {e.findtext(f"{atom}id") for e in feed.iter(f"{atom}entry")} >= {f"{ADDRESS}kommundirektorsgruppen/2019-11-22/"}
    calendar = (site / "kalender.ics").read_text("utf-8")
    assert f"URL:{ADDRESS}kommundirektorsgruppen/2019-11-22/" in calendar.replace("\n ", "")
    assert "adressen är fortfarande" not in addressed.output  # no warning once the address is set


def test_the_placeholder_address_is_announced_with_how_to_set_it(site: Build) -> None:
    # information, not a warning: the README's strict build of a fresh clone must pass
    assert site.result.returncode == 0
    message = next(line for line in site.output.splitlines() if "example.org" in line)
    assert "PROTOKOLL_SITE_URL" in message and "site_url" in message, message


# --- publisher and legal pages ---------------------------------------------------------------------


def test_every_page_names_the_publisher_and_links_the_pages_about_the_site(site: Build, registers) -> None:
    publisher = registers.publisher
    assert publisher is not None
    pages = _pages(site.site)
    assert len(pages) > 40
    for path in pages:
        footer = parse(path.read_text("utf-8")).find("footer")
        text = squash(footer.text)
        assert publisher.name in text and publisher.email in text, path
        links = {squash(a.text): a.attrs["href"] for a in footer.find_all("a")}
        for url, label in FOOTER_PAGES.items():
            href = links[label]
            # the 404 page is served at any address: its links start at the site's root
            target = site.site / href.removeprefix("/protokollarkivet/") if href.startswith("/") else path.parent / href
            assert target.resolve() == (site.site / url).resolve(), (path, label)
        assert any(label.startswith("Öppna data") and "CC0 1.0" in label for label in links), path
        assert links[publisher.email] == f"mailto:{publisher.email}"
    assert broken_links(site.site, "/protokollarkivet/") == []


def test_the_accessibility_statement_follows_diggs_model(site: Build, registers) -> None:
    publisher = registers.publisher
    page = article(site.html("om/tillganglighet/"))
    text = squash(page.text)
    assert page.find("h1").text.startswith("Tillgänglighetsredogörelse")
    assert "lagen (2018:1937) om tillgänglighet till digital offentlig service" in text
    # compliance status: partly compliant exactly while known shortcomings are listed
    assert ("delvis förenlig" in text) == bool(publisher.shortcomings)
    for shortcoming in publisher.shortcomings:
        assert squash(shortcoming.text) in text
        if shortcoming.criterion:
            assert f"framgångskriterium {shortcoming.criterion}" in text
    assert publisher.email in text  # how to report a problem
    digg = [a.attrs["href"] for a in page.find_all("a") if "digg.se" in a.attrs.get("href", "")]
    assert digg and all(href.startswith("https://www.digg.se/") for href in digg)  # the right to complain
    assert f"bedömdes senast {publisher.assessed.isoformat()}" in text


def test_the_privacy_page_says_what_is_published_why_and_whom_to_ask(site: Build, registers) -> None:
    text = squash(article(site.html("om/personuppgifter/")).text)
    for what in ("Namn på de som deltagit i mötena", "offentlighetsprincipen", "allmänt intresse", "artikel 6.1 e"):
        assert what in text, what
    assert f"kontakta {registers.publisher.email}" in text
    assert "hämtar ingenting från andra webbplatser" in text


def test_the_subscribe_page_explains_and_links_every_feed_and_the_calendar(site: Build) -> None:
    page = article(site.html("prenumerera/"))
    text = squash(page.text)
    assert "Atom" in text and "iCalendar" in text and "flödesläsare" in text
    targets = {a.attrs["href"] for a in page.find_all("a")}
    for name in ("feed.xml", "feed-organ-kommundirektorsgruppen.xml", "kalender.ics"):
        assert (site.site / name).is_file()
        assert any(href.endswith(name) for href in targets), name
    # reachable from the start page
    assert any("prenumerera" in a.attrs.get("href", "") for a in parse(site.html("")).find("footer").find_all("a"))


# --- nothing from another host ---------------------------------------------------------------------


def test_no_page_refers_to_anything_on_another_host(site: Build) -> None:
    """Everything a browser loads by itself (styles, scripts, fonts, images, frames) is the site's own;
    links a visitor may follow (a licence, DIGG) are not loads."""
    loads = []
    for path in _pages(site.site):
        document = parse(path.read_text("utf-8"))
        for element in document.iter():
            if element.tag == "a" or (element.tag == "link" and element.attrs.get("rel") in ("canonical", "alternate")):
                continue
            for attribute in ("src", "href", "srcset", "data", "poster"):
                value = element.attrs.get(attribute, "")
                if urlsplit(value).netloc:
                    loads.append(f"{path.relative_to(site.site)}: <{element.tag} {attribute}={value}>")
        assert "fonts.googleapis" not in path.read_text("utf-8") and "fonts.gstatic" not in path.read_text("utf-8")
    assert loads == []
    for stylesheet in site.site.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", stylesheet.read_text("utf-8")), stylesheet


# --- a Swedish 404 -------------------------------------------------------------------------------------


def test_the_404_page_is_swedish_with_search_the_latest_meetings_and_ways_in(site: Build) -> None:
    document = parse((site.site / "404.html").read_text("utf-8"))
    assert document.find("html").attrs["lang"] == "sv"
    assert document.find("title").text.startswith("Sidan finns inte")
    content = document.find("article")
    text = squash(content.text)
    assert "Not found" not in text and "404 -" not in text
    assert text.startswith("Sidan finns inte")
    skip = document.find("a", cls="md-skip")
    assert skip.attrs["href"] == "#sidan-finns-inte" and content.find(id="sidan-finns-inte")
    assert content.find("label", **{"for": "__search"})  # opens the search box
    hrefs = [a.attrs["href"] for a in content.find_all("a")]
    # served at any address: every link starts at the site's root
    assert hrefs and all(href.startswith("/protokollarkivet/") for href in hrefs), hrefs
    for target in ("kommundirektorsgruppen/2022-08-26/", "kommundirektorsgruppen/2019-11-22/", "beslut/", "kommundirektorsgruppen/2019/"):
        assert f"/protokollarkivet/{target}" in hrefs, target
        assert page_path(site.site, target).is_file()


# --- the guides as displayed ---------------------------------------------------------------------------

_FENCE = re.compile(r"^ *```\w+\n.*?^ *```", re.MULTILINE | re.DOTALL)


@pytest.mark.parametrize("guide", sorted(p.relative_to(REPO / "docs").as_posix() for p in (REPO / "docs").rglob("*.md")))
def test_every_code_block_of_the_guides_is_shown_as_a_block(site: Build, guide: str) -> None:
    """Fenced code, also inside list items, renders as a block of its own, not as inline code."""
    fences = len(_FENCE.findall((REPO / "docs" / guide).read_text("utf-8")))
    url = guide.removesuffix(".md").removesuffix("index") + ("/" if not guide.endswith("index.md") else "")
    content = article(site.html(url))
    blocks = content.find_all("pre")
    assert len(blocks) == fences, url
    inline = [squash(c.text) for c in content.find_all("code") if not any(a.tag == "pre" for a in c.ancestors())]
    assert not [text for text in inline if re.match(r"^(sh|yaml|markdown|text|console)\s+\S", text)], inline

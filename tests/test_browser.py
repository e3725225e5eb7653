"""The public site in a real browser (Debian's chromium through Playwright): search, the decision
filter, accessibility with axe-core on every page type, a phone-sized viewport, print and citing.

Screenshots of each page type are saved under test-artifacts/screenshots/ for people to look at."""

from __future__ import annotations

import re
import shutil

import pytest

from conftest import REPO, Build

ARTIFACTS = REPO / "test-artifacts" / "screenshots"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

PAGE_TYPES = {
    "start": "",
    "organ": "kommundirektorsgruppen/",
    "ar": "kommundirektorsgruppen/2019/",
    "protokoll": "kommundirektorsgruppen/2019-11-22/",
    "protokoll-2022": "kommundirektorsgruppen/2022-08-26/",
    "beslutsregister": "beslut/",
    "personer": "personer/",
    "person": "personer/herman-crespin/",
    "kommuner": "kommuner/",
    "kommun": "kommuner/angelholm/",
    "projekt": "projekt/",
    "ett-projekt": "projekt/smarta-lokaler/",
    "skriva-protokoll": "sekretariatet/skriva-protokoll/",
    "om-arkivet": "om/",
    "tillganglighet": "om/tillganglighet/",
    "personuppgifter": "om/personuppgifter/",
    "prenumerera": "prenumerera/",
    "saknas-404": "finns-inte/",
}


@pytest.fixture(scope="module")
def base_url(site: Build, serve) -> str:
    return serve(site.site)


def _search(page, base_url: str, query: str) -> list[str]:
    page.goto(base_url)
    page.locator("input.md-search__input").press_sequentially(query, delay=15)
    page.wait_for_function(
        "() => { const m = document.querySelector('.md-search-result__meta'); return m && /\\d|Inga/.test(m.innerText); }"
    )
    return page.locator(".md-search-result__item > a").evaluate_all("links => links.map(a => a.href)")


def test_search_finds_a_decision_by_a_word_and_opens_its_agenda_item(page, base_url: str) -> None:
    results = _search(page, base_url, "Naturturism")
    protocol = base_url + "kommundirektorsgruppen/2019-11-22/"
    assert results[0].startswith(protocol), results  # the protocol outranks the project page that lists it
    section = next(href for href in results if href.startswith(protocol) and "#" in href)
    assert section.endswith(("#beslut-4-1", "#punkt-4")), section
    page.locator(".md-search-result__item > a").nth(results.index(section)).click()
    page.wait_for_url(lambda url: url.split("?")[0].startswith(protocol) and url.endswith(section.split("#")[1]))
    target = page.locator("#" + section.split("#")[1])
    assert target.is_visible() and target.evaluate("el => el.getBoundingClientRect().top < window.innerHeight")
    # the agenda item's section, down to the next item, holds the decision with the words searched for
    section_text = target.evaluate(
        "el => { let text = ''; for (let n = el.nextElementSibling; n && n.tagName !== 'H2'; n = n.nextElementSibling)"
        " text += n.innerText + ' '; return text; }"
    )
    assert "Naturturism Rönneå" in section_text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Naturturism Rönneå", "kommundirektorsgruppen/2019-11-22/"),
        ("Smarta lokaler", "kommundirektorsgruppen/2022-08-26/"),
        ("Mindpark", "kommundirektorsgruppen/2019-11-22/"),
        ("Örkelljunga", "kommuner/orkelljunga/"),  # å, ä, ö stay whole words
        ("8/2019", "kommundirektorsgruppen/2019-11-22/"),  # digits are not trimmed away
        ("test-", "kommundirektorsgruppen/2022-08-26/"),  # a hyphenated word stays whole
    ],
)
def test_swedish_search_finds_words_names_and_numbers(page, base_url: str, query: str, expected: str) -> None:
    results = _search(page, base_url, query)
    assert any(href.startswith(base_url + expected) for href in results), results


def test_decision_filter_narrows_the_list_by_keyboard(page, base_url: str) -> None:
    page.goto(base_url + "beslut/")
    visible = ".pa-decisions .pa-decision:visible"
    assert page.locator("#pa-filter").is_visible()
    assert page.locator(visible).count() == 12
    page.locator("#pa-filter-words").focus()
    page.keyboard.press("Tab")  # the body select
    page.keyboard.press("Tab")  # the year select
    assert page.evaluate("document.activeElement.id") == "pa-filter-year"
    page.locator("#pa-filter-year").select_option("2022")
    assert page.locator(visible).count() == 4
    assert page.locator(".pa-filter-status").inner_text() == "Visar 4 av 12 beslut."
    page.locator("#pa-filter-year").select_option("")
    page.locator("#pa-filter-words").fill("mikrotjänster")
    assert page.locator(visible).count() == 1
    page.locator("#pa-filter-words").fill("")
    page.locator("#pa-filter-project").select_option("smarta-lokaler")
    assert page.locator(visible).count() == 1
    page.locator("#pa-filter-project").select_option("")
    page.locator("#pa-filter-municipality").select_option("angelholm")
    assert page.locator(visible).count() == 1
    page.locator("#pa-filter button[type=reset]").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('.pa-decisions .pa-decision:not([hidden])').length === 12")


def test_the_register_is_complete_without_scripts(browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "beslut/")
    assert page.locator(".pa-decisions .pa-decision:visible").count() == 12
    assert not page.locator("#pa-filter").is_visible()
    context.close()


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_every_page_type_passes_axe_wcag_21_aa_and_is_photographed(page, base_url: str, name: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    response = page.goto(base_url + PAGE_TYPES[name])
    assert response is not None and response.status == (404 if name == "saknas-404" else 200)
    assert page.locator("html").get_attribute("lang") == "sv"
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations"]})
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    assert results.violations_count == 0, results.generate_report()


def test_search_results_pass_axe(page, base_url: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    _search(page, base_url, "Smarta lokaler")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations"]})
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "sokresultat.png"))
    assert results.violations_count == 0, results.generate_report()


def test_phone_shows_protocol_header_and_attendance_without_sideways_scrolling(browser, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    for url in ("kommundirektorsgruppen/2019-11-22/", "kommundirektorsgruppen/2022-08-26/"):
        page.goto(base_url + url)
        width = page.evaluate("window.innerWidth")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        for selector in (".pa-protocol-head", ".pa-attendance"):
            box = page.locator(selector).bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, selector
            assert page.locator(selector).evaluate("el => el.scrollWidth <= el.clientWidth"), selector
        assert page.locator("h1").is_visible()
        rows = page.locator(".pa-attendance tbody tr")
        assert rows.count() == 10
        assert "Palle Lundberg" in page.locator(".pa-attendance").inner_text() or url.endswith("2022-08-26/")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.goto(base_url + "kommundirektorsgruppen/2019-11-22/")
    page.screenshot(path=str(ARTIFACTS / "protokoll-mobil.png"), full_page=True)
    context.close()


def test_printed_protocol_looks_like_a_formal_protocol(page, base_url: str) -> None:
    page.goto(base_url + "kommundirektorsgruppen/2019-11-22/")
    page.emulate_media(media="print")
    for hidden in (".md-header", ".md-sidebar--primary", ".md-footer", ".md-search", ".pa-pager", ".pa-cite"):
        assert all(not el.is_visible() for el in page.locator(hidden).all()), hidden
    for shown in ("h1", ".pa-protocol-head", ".pa-attendance", "#beslut-4-1", ".pa-signatures", ".pa-fingerprint"):
        assert page.locator(shown).first.is_visible(), shown
    footer = page.locator(".pa-fingerprint").inner_text()
    assert "https://example.org/protokollarkivet/kommundirektorsgruppen/2019-11-22/" in footer
    assert re.search(r"SHA-256\): [0-9a-f]{64}$", footer.strip()), footer
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = page.pdf(format="A4")
    (ARTIFACTS / "protokoll-utskrift.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF")


def test_cite_gives_a_plain_citation_with_the_permalink(page, base_url: str) -> None:
    page.goto(base_url + "kommundirektorsgruppen/2019-11-22/")
    decision = page.locator("xpath=//h3[@id='beslut-4-1']/following-sibling::details[1]")
    decision.locator("summary").click()
    citation = decision.locator(".pa-citation").evaluate("el => el.firstChild.textContent")
    assert citation == (
        "Kommundirektörsgruppen, protokoll 8/2019 (2019-11-22), § 4, beslut KDG 2019-11-22 § 4:1. "
        "https://example.org/protokollarkivet/kommundirektorsgruppen/2019-11-22/#beslut-4-1"
    )
    page.locator("summary").last.focus()
    page.keyboard.press("Enter")
    protocol_citation = page.locator(".pa-cite").last.locator(".pa-citation")
    assert protocol_citation.is_visible()
    assert protocol_citation.evaluate("el => el.firstChild.textContent").endswith("kommundirektorsgruppen/2019-11-22/")
    assert decision.locator("button.pa-copy").inner_text() == "Kopiera"  # added by the script, words from the locale


def test_feeds_are_advertised_on_every_page(page, base_url: str) -> None:
    for url in PAGE_TYPES.values():
        page.goto(base_url + url)
        hrefs = page.locator('head link[rel="alternate"][type="application/atom+xml"]').evaluate_all("ls => ls.map(l => l.href)")
        assert base_url + "feed.xml" in hrefs, url
        response = page.request.get(hrefs[0])
        assert response.ok and b"<feed" in response.body()


@pytest.fixture(scope="session", autouse=True)
def _clean_artifacts() -> None:
    shutil.rmtree(ARTIFACTS, ignore_errors=True)


# The optional Pagefind search (plugin option `search: pagefind`)


@pytest.fixture(scope="module")
def pagefind_url(tmp_path_factory: pytest.TempPathFactory, serve) -> str:
    from conftest import copy_project, run_build

    build = run_build(copy_project(tmp_path_factory.mktemp("pagefind")), env={"PROTOKOLL_SEARCH": "pagefind"})
    assert build.result.returncode == 0, build.output
    assert (build.site / "pagefind" / "pagefind.js").is_file()
    import json

    assert json.loads((build.site / "search/search_index.json").read_text("utf-8"))["docs"] == []
    return serve(build.site)


def _pagefind_results(page) -> list[str]:
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 0")
    return page.locator(".md-search-result__item > a").evaluate_all("links => links.map(a => a.href)")


def test_pagefind_answers_in_materials_search_box_with_filters(page, pagefind_url: str) -> None:
    page.goto(pagefind_url + "kommuner/")
    box = page.locator("input.md-search__input")
    box.press_sequentially("Naturturism", delay=15)
    results = _pagefind_results(page)
    assert any(href.startswith(pagefind_url + "kommundirektorsgruppen/2019-11-22/") for href in results), results
    assert "1 sökresultat" in page.locator(".md-search-result__meta").inner_text() or results
    # filters for year, body and municipality, filled from the index
    assert page.locator(".pa-search-filters select").count() == 3
    box.fill("")
    box.press_sequentially("projektplan", delay=15)
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 0")
    page.locator("#pa-search-year").select_option("2022")
    page.wait_for_function("() => [...document.querySelectorAll('.md-search-result__item > a')].every(a => a.href.includes('2022-08-26'))")
    page.locator("#pa-search-year").select_option("2019")
    page.wait_for_function(  # 2019 has a project plan too
        "() => [...document.querySelectorAll('.md-search-result__item > a')].every(a => a.href.includes('2019-11-22'))"
    )
    page.locator("#pa-search-municipality").select_option("Höganäs")  # Höganäs was absent in 2019
    page.wait_for_function(
        "() => { const m = document.querySelector('.md-search-result__meta'); return m && m.innerText === 'Inga sökresultat'; }"
    )
    page.locator("#pa-search-municipality").select_option("")
    from axe_playwright_python.sync_playwright import Axe

    page.locator("#pa-search-year").select_option("")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations"]})
    assert results.violations_count == 0, results.generate_report()

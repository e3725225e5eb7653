"""The public site in a real browser (Debian's chromium through Playwright): search, the decision
filter, a phone-sized viewport, print and citing, requests and layout shifts, the register's address.

Screenshots of each page type are saved under test-artifacts/screenshots/ for people to look at."""

from __future__ import annotations

import re

import pytest

from conftest import ARTIFACTS, PAGE_TYPES, WCAG, WIDTHS
from helpers import open_search


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


# --- an official public archive: own origin, phones, shareable views, the record first in search ------


@pytest.mark.parametrize("width", list(WIDTHS))
def test_every_page_type_loads_only_from_the_site_logs_nothing_and_never_shifts(browser, base_url: str, width: str) -> None:
    """Every request of every page type goes to the site's own origin; the console stays quiet; the
    cumulative layout shift, as Lighthouse measures it, is nil: scripts (ours, Material's) move nothing; and
    every page advertises the archive's feed, as the page's scripts leave its head."""
    context = browser.new_context(viewport=WIDTHS[width], locale="sv-SE", is_mobile=width == "mobil")
    context.add_init_script(
        "window.__shift = 0; new PerformanceObserver(list => { for (const e of list.getEntries())"
        " if (!e.hadRecentInput) window.__shift += e.value; }).observe({type: 'layout-shift', buffered: true});"
    )
    page = context.new_page()
    requests: list[str] = []
    logged: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: logged.append(f"{page.url}: {message.text}") if message.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: logged.append(f"{page.url}: {error}"))
    origin = base_url.split("/protokollarkivet/")[0]
    shifted = {}
    unadvertised = []
    for name, url in [*PAGE_TYPES.items(), ("beslut-filtrerat", "beslut/?år=2022")]:
        page.goto(base_url + url)
        page.wait_for_timeout(150)  # the requests scripts make after the load (search index, sitemap) are local
        feeds = page.locator('head link[rel~="alternate"][type="application/atom+xml"]').evaluate_all("ls => ls.map(l => l.href)")
        if base_url + "feed.xml" not in feeds:
            unadvertised.append(url)
        if name == "saknas-404":  # the page's own status is the only thing it may report
            logged = [line for line in logged if "404" not in line]
        if shift := page.evaluate("window.__shift"):
            shifted[url] = shift
    open_search(page, "Höganäs")
    page.wait_for_load_state("networkidle")
    feed = page.request.get(base_url + "feed.xml")
    assert feed.ok and b"<feed" in feed.body()
    context.close()
    assert unadvertised == []
    elsewhere = [url for url in requests if not url.startswith(origin + "/") and not url.startswith("data:")]
    assert elsewhere == []
    assert logged == []
    assert shifted == {}
    assert len(requests) > 3 * len(PAGE_TYPES)  # the recording saw the pages' styles and scripts too


def test_a_phone_gets_the_protocols_contents_and_the_breadcrumb(browser, base_url: str) -> None:
    context = browser.new_context(viewport=WIDTHS["mobil"], locale="sv-SE", is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(base_url + "kommundirektorsgruppen/2019-11-22/")
    assert not page.locator(".md-sidebar--secondary").is_visible()  # Material's own contents: not on a phone
    breadcrumb = page.locator("nav.pa-breadcrumb")
    assert breadcrumb.is_visible()
    assert breadcrumb.locator("li").all_inner_texts() == ["Kommundirektörsgruppen", "2019", "2019-11-22"]
    assert breadcrumb.locator("a").nth(1).get_attribute("href") == "../2019/"
    contents = page.locator("details.pa-contents")
    assert contents.is_visible()
    box = contents.bounding_box()
    assert box is not None and box["y"] < 740 * 2  # near the top: reachable without scrolling through the meeting
    contents.locator("summary").click()
    item = contents.locator('a[href="#punkt-4"]')
    assert item.is_visible() and item.inner_text().startswith("§ 4 Workshop")
    item.click()
    page.wait_for_function("() => location.hash === '#punkt-4'")
    assert page.locator("#punkt-4").evaluate("el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }")
    context.close()
    # on a wide screen the sidebar shows the contents, and the disclosure steps aside
    wide = browser.new_context(viewport={"width": 1400, "height": 900}, locale="sv-SE")
    wide_page = wide.new_page()
    wide_page.goto(base_url + "kommundirektorsgruppen/2019-11-22/")
    assert wide_page.locator(".md-sidebar--secondary").is_visible() and not wide_page.locator("details.pa-contents").is_visible()
    wide.close()


def test_the_registers_filters_live_in_the_address(page, base_url: str) -> None:
    visible = ".pa-decisions .pa-decision:visible"
    page.goto(base_url + "beslut/?år=2022&kommun=angelholm")
    assert page.locator("#pa-filter-year").input_value() == "2022"
    assert page.locator("#pa-filter-municipality").input_value() == "angelholm"
    assert page.locator(visible).count() == 1  # of 2022's four, the one that names Ängelholm
    assert page.locator(".pa-filter-status").inner_text() == "Visar 1 av 12 beslut."
    page.locator("#pa-filter-municipality").select_option("")
    assert page.locator(visible).count() == 4
    assert page.evaluate("decodeURIComponent(location.search)") == "?år=2022"
    page.locator("#pa-filter-words").fill("mikrotjänster")
    page.locator("#pa-filter-year").select_option("")
    assert page.evaluate("decodeURIComponent(location.search)") == "?ord=mikrotjänster"
    page.reload()
    assert page.locator("#pa-filter-words").input_value() == "mikrotjänster"
    assert page.locator(visible).count() == 1
    page.locator("#pa-filter button[type=reset]").click()
    page.wait_for_function("() => location.search === ''")
    assert page.locator(visible).count() == 12
    # a value the register does not offer is ignored rather than hiding everything
    page.goto(base_url + "beslut/?år=1850&kommun=hoganas&organ=<script>")
    assert page.locator(visible).count() == 12 and page.locator("#pa-filter-year").input_value() == ""


def test_the_assignment_register_filters_by_status_and_person_in_the_address(page, base_url: str) -> None:
    cards = ".pa-assignments .pa-assignment-card:visible"
    page.goto(base_url + "uppdrag/?person=johan-lindberg")
    assert page.locator("#pa-filter-person").input_value() == "johan-lindberg"
    assert page.locator(cards).count() == 2
    page.locator("#pa-filter-status").select_option("forsenat")
    assert page.locator(cards).count() == 0
    assert page.locator(".pa-filter-status").inner_text() == "Visar 0 av 2 uppdrag."
    assert page.evaluate("decodeURIComponent(location.search)") == "?status=forsenat&person=johan-lindberg"
    page.locator("#pa-filter-status").select_option("oppet")
    assert page.locator(cards).count() == 2


@pytest.mark.parametrize(
    ("query", "record"),
    [
        ("Höganäs", "kommuner/hoganas/"),
        ("Herman Crespin", "personer/herman-crespin/"),
        ("Smarta lokaler", "kommundirektorsgruppen/2022-08-26/"),
        ("200117", "kommundirektorsgruppen/2019-11-22/"),  # a meeting date as the protocols write it
    ],
)
def test_search_puts_the_record_first(page, base_url: str, query: str, record: str) -> None:
    page.goto(base_url)
    open_search(page, query)
    results = page.locator(".md-search-result__item > a").evaluate_all("links => links.map(a => a.href)")
    assert results and results[0].startswith(base_url + record), results
    about_pages = tuple(base_url + path for path in ("om/", "sekretariatet/", "prenumerera/"))
    about = [i for i, href in enumerate(results) if href.startswith(about_pages)]
    records = [i for i, href in enumerate(results) if not href.startswith(about_pages)]
    assert not about or min(about) > max(records), results  # pages about the archive come after the record
    assert not any(href.startswith(base_url + "sekretariatet/") for href in results)


def test_a_large_register_is_paged_by_year(browser, tmp_path_factory: pytest.TempPathFactory, serve) -> None:
    from conftest import copy_project, run_build

    project = copy_project(tmp_path_factory.mktemp("paged"))
    config = (project / "mkdocs.yml").read_text("utf-8")
    (project / "mkdocs.yml").write_text(re.sub(r"(\n  - protokoll:\n)", r"\1      decisions_per_page: 5\n", config), "utf-8")
    build = run_build(project)
    assert build.result.returncode == 0, build.output
    assert (build.site / "beslut" / "2019" / "index.html").is_file()
    base = serve(build.site)
    context = browser.new_context(viewport=WIDTHS["dator"], locale="sv-SE")
    page = context.new_page()
    visible = ".pa-decisions .pa-decision:visible"
    page.goto(base + "beslut/")
    assert page.locator(visible).count() == 4  # the latest year, 2022
    years = page.locator("nav.pa-register-years")
    assert years.locator("a").all_inner_texts() == ["2019"] and "12 beslut" not in years.inner_text()
    page.locator("#pa-filter-words").fill("projektplan")
    page.locator("#pa-filter-year").select_option("2019")  # opens 2019's page, keeping the words
    page.wait_for_url(re.compile(r"/beslut/2019/\?ord=projektplan$"))
    assert page.locator("#pa-filter-words").input_value() == "projektplan"
    assert 0 < page.locator(visible).count() < 8
    assert page.locator("h1").inner_text().startswith("Beslutsregister 2019")
    page.goto(base + "beslut/?år=2019&ord=projektplan")  # a shared address names a year the start page does not show
    page.wait_for_url(re.compile(r"/beslut/2019/\?ord=projektplan$"))
    context.close()
    scriptless = browser.new_context(java_script_enabled=False)
    plain = scriptless.new_page()
    plain.goto(base + "beslut/2019/")
    assert plain.locator(visible).count() == 8 and not plain.locator("#pa-filter").is_visible()
    scriptless.close()


# Search with the default (Pagefind) answers in Material's box; Material's own search stays an option


@pytest.fixture(scope="module")
def material_url(material_site, serve) -> str:
    return serve(material_site.site)


def _results(page) -> list[str]:
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 0")
    return page.locator(".md-search-result__item > a").evaluate_all("links => links.map(a => a.href)")


def test_the_default_search_loads_no_index_of_materials_and_answers_only_the_whole_query(page, base_url: str) -> None:
    """Typed at ten keys a second: Pagefind waits for the pause and answers "Naturturism" only, and
    Material's own search neither fetches its index nor answers at all."""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(base_url)
    assert page.locator(".md-search-result__meta").inner_text() == "Skriv sökord"  # not "Initialiserar sök"
    page.evaluate(
        """() => { window.paRenders = [];
        new MutationObserver(() => window.paRenders.push(document.querySelector(".md-search-result__meta").textContent + " @" + document.querySelector(".md-search__input").value))
          .observe(document.querySelector('.md-search-result__meta'), {childList: true, characterData: true, subtree: true}); }"""
    )
    page.locator("input.md-search__input").press_sequentially("Naturturism", delay=100)
    results = _results(page)
    assert any(href.startswith(base_url + "kommundirektorsgruppen/2019-11-22/") for href in results), results
    page.wait_for_timeout(500)
    answers = page.evaluate("window.paRenders")
    assert answers and all(text.endswith(" @Naturturism") for text in answers), answers  # no answer to "N", "Na", …
    assert not [url for url in requests if "search_index" in url or url.endswith("sitemap.xml")], requests
    assert any("/pagefind/" in url for url in requests)


@pytest.mark.parametrize(
    ("query", "about"), [("tillgänglighetsredogörelse", "om/tillganglighet/"), ("personuppgifter", "om/personuppgifter/")]
)
def test_search_finds_the_pages_about_the_archive(page, base_url: str, query: str, about: str) -> None:
    results = _search(page, base_url, query)
    assert base_url + about in results, results


def test_search_filters_by_year_body_and_municipality(page, base_url: str) -> None:
    page.goto(base_url + "kommuner/")
    box = page.locator("input.md-search__input")
    box.press_sequentially("Naturturism", delay=15)
    results = _results(page)
    assert any(href.startswith(base_url + "kommundirektorsgruppen/2019-11-22/") for href in results), results
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


def test_search_is_used_by_keyboard_alone(page, base_url: str) -> None:
    """Material's keys work on Pagefind's answers: "s" opens the search, Down moves to the results and
    Enter opens the one in focus."""
    page.goto(base_url + "kommuner/")
    page.keyboard.press("s")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.type("Mindpark", delay=15)
    results = _results(page)
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.href") == results[0]
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: url.startswith(base_url + "kommundirektorsgruppen/2019-11-22/"))


@pytest.mark.parametrize(("query", "expected"), [("Naturturism", "kommundirektorsgruppen/2019-11-22/"), ("Höganäs", "kommuner/hoganas/")])
def test_the_option_search_material_still_answers_from_its_own_index(page, material_url: str, query: str, expected: str) -> None:
    results = _search(page, material_url, query)
    assert results and results[0].startswith(material_url + expected), results


def test_more_results_than_a_page_are_shown_on_request_by_keyboard(page, tmp_path_factory: pytest.TempPathFactory, serve) -> None:
    """A word in every protocol of a generated archive: the first 20 are drawn, the rest on request."""
    import shutil
    import subprocess
    import sys

    from conftest import REPO, run_build

    project = tmp_path_factory.mktemp("many")
    subprocess.run([sys.executable, str(REPO / "benchmarks/generate.py"), "25", str(project)], check=True, capture_output=True)
    for part in ("mkdocs.yml", "docs", "overrides"):
        (shutil.copytree if (REPO / part).is_dir() else shutil.copy)(REPO / part, project / part)
    build = run_build(project)
    assert build.result.returncode == 0, build.output
    base = serve(build.site)
    page.goto(base)
    page.locator("input.md-search__input").press_sequentially("välkommen", delay=15)
    more = page.locator("button.pa-search-more")
    more.wait_for()
    assert more.inner_text() == "Visa fler sökresultat (20 av 25 visas)"
    pages = "() => new Set([...document.querySelectorAll('.md-search-result__item > a')].map(a => a.href.split('#')[0])).size"
    assert page.evaluate(pages) == 20
    more.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => ({pages})() === 25")
    assert page.evaluate("document.activeElement.classList.contains('md-search-result__link')")  # on the first new one
    assert page.locator("button.pa-search-more").count() == 0  # all are shown

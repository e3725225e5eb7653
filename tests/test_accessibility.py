"""Accessibility with axe-core (WCAG 2.1 A and AA, and best-practice rules) in Debian's chromium: every
page type, the search dialog open and a filtered register, at 1,280 and 360 px. The accessibility
statement's known shortcomings (utgivare.yml) are kept true: a violation it does not list fails, and so
does a listed rule axe no longer finds. Screenshots of each go to test-artifacts/screenshots/."""

from __future__ import annotations

import pytest

from conftest import ARTIFACTS, PAGE_TYPES, WCAG, WIDTHS
from helpers import open_search

STATES = {  # what a page can be made to show, beyond its address
    "sok-oppen": ("", "Smarta lokaler"),  # the search dialog open with results
    "beslut-filtrerat": ("beslut/?år=2022&kommun=angelholm", None),  # a shared, filtered register
}


@pytest.fixture(scope="module")
def axe_findings(browser, base_url: str) -> dict[tuple[str, str], dict[str, str]]:
    """axe's violations {rule: report} for every page type and state at each width, with screenshots."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    findings: dict[tuple[str, str], dict[str, str]] = {}
    targets = {name: (url, None) for name, url in PAGE_TYPES.items()} | STATES
    for width, viewport in WIDTHS.items():
        context = browser.new_context(viewport=viewport, locale="sv-SE", is_mobile=width == "mobil")
        page = context.new_page()
        for name, (url, query) in targets.items():
            response = page.goto(base_url + url)
            assert response is not None and response.status == (404 if name == "saknas-404" else 200), url
            assert page.locator("html").get_attribute("lang") == "sv"
            if query:
                open_search(page, query)
            results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations"]})
            findings[(name, width)] = {v["id"]: results.generate_report() for v in results.response["violations"]}
            page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.jpg"), full_page=not query, quality=80)
        context.close()
    return findings


def _known_axe_rules(registers) -> set[str]:
    """The axe rules of the shortcomings the accessibility statement lists (utgivare.yml)."""
    return {s.axe_rule for s in registers.publisher.shortcomings if s.axe_rule}


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("name", [*PAGE_TYPES, *STATES])
def test_every_page_type_passes_axe_wcag_21_aa_and_best_practice(axe_findings, registers, name: str, width: str) -> None:
    unlisted = {rule: report for rule, report in axe_findings[(name, width)].items() if rule not in _known_axe_rules(registers)}
    assert unlisted == {}, "fix it, or list it in utgivare.yml's tillgänglighet.brister:\n" + "\n".join(unlisted.values())


def test_the_accessibility_statement_lists_only_shortcomings_axe_still_finds(axe_findings, registers) -> None:
    found = {rule for violations in axe_findings.values() for rule in violations}
    stale = _known_axe_rules(registers) - found
    assert stale == set(), f"axe no longer finds {sorted(stale)}: remove them from utgivare.yml's tillgänglighet.brister"

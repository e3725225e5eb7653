"""A reader's first search on a built site, in Chromium: how long after the last key the first result
shows, and what the whole visit transfers.

    python benchmarks/search_visit.py SITE_DIR [--query Naturturism] [--runs 3] [--delay-ms 100]

Serves SITE_DIR on localhost, opens the start page in headless Chromium (Debian's /usr/bin/chromium,
through Playwright) with an empty cache, types the query into the search box at one key per delay
(ten keys a second by default) and waits for the results. Measured in the page: from the last key's
keydown to the first drawing of a result list after it (a search that answers every key has drawn
lists before; those do not count). Counted: every response of the visit, the start page
included, as sent and as a server that compresses would send it (gzip, where that is smaller:
Pagefind's fragments come compressed already), and how often sitemap.xml was fetched. Prints JSON with
the median time of the runs and the largest transfer.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import statistics
import threading
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
# In the page: the time of each key pressed, and of every drawing of a result list (a search that answers
# each key draws one per key; the one that counts is the first after the last key).
WATCH = """() => {
  window.paLastKey = 0; window.paDrawn = [];
  document.addEventListener("keydown", () => { window.paLastKey = performance.now(); }, true);
  const list = document.querySelector(".md-search-result__list");
  new MutationObserver(() => {
    if (list.querySelector(".md-search-result__item")) window.paDrawn.push(performance.now());
  }).observe(list, { childList: true, subtree: true });
}"""
ANSWERED = "() => window.paDrawn.some(t => t > window.paLastKey)"
SECONDS = "(Math.min(...window.paDrawn.filter(t => t > window.paLastKey)) - window.paLastKey) / 1000"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _visit(browser, address: str, query: str, delay_ms: int) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    page = context.new_page()
    sizes: dict[str, tuple[int, int]] = {}
    fetched: list[str] = []

    def on_response(response) -> None:
        fetched.append(response.url)
        try:
            body = response.body()
        except Exception:  # a redirect has no body
            return
        sizes[f"{len(fetched)} {response.url}"] = (len(body), min(len(body), len(gzip.compress(body))))

    page.on("response", on_response)
    page.goto(address)
    page.wait_for_load_state("networkidle")
    page.evaluate(WATCH)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=delay_ms)
    page.wait_for_function(ANSWERED, timeout=60000)
    page.wait_for_load_state("networkidle")
    seconds = page.evaluate(SECONDS)
    results = page.locator(".md-search-result__item").count()
    context.close()
    return {
        "seconds_after_last_key": round(seconds, 3),
        "bytes": sum(raw for raw, _ in sizes.values()),
        "compressed_bytes": sum(packed for _, packed in sizes.values()),
        "requests": len(fetched),
        "sitemap_fetches": sum(1 for url in fetched if url.split("?")[0].endswith("sitemap.xml")),
        "results": results,
    }


def measure(site: Path, query: str = "Naturturism", runs: int = 3, delay_ms: int = 100) -> dict:
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            visits = [_visit(browser, address, query, delay_ms) for _ in range(runs)]
            browser.close()
    finally:
        server.shutdown()
    return {
        "query": query,
        "median_seconds_after_last_key": statistics.median(v["seconds_after_last_key"] for v in visits),
        "compressed_bytes": max(v["compressed_bytes"] for v in visits),
        "bytes": max(v["bytes"] for v in visits),
        "sitemap_fetches": max(v["sitemap_fetches"] for v in visits),
        "results": visits[0]["results"],
        "visits": visits,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path)
    parser.add_argument("--query", default="Naturturism")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--delay-ms", type=int, default=100, help="between keys (100: ten keys a second)")
    arguments = parser.parse_args()
    print(json.dumps(measure(arguments.site, arguments.query, arguments.runs, arguments.delay_ms)))


if __name__ == "__main__":
    main()

"""Bytes a visitor's browser downloads to answer its first search query, for a built site.

    python benchmarks/search_transfer.py SITE_DIR QUERY

Serves SITE_DIR, opens the start page in headless Chromium (Debian's /usr/bin/chromium, through
Playwright), types QUERY into Material's search box and waits for the results. Counts every response
that belongs to search (Material's index and worker, or Pagefind's script, WebAssembly and index
fragments) from the page load until the results show. Prints JSON: bytes as served and gzip-compressed.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import sys
import threading
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
SEARCH_PARTS = ("/search/", "/pagefind/", "workers/search", "lunr")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def measure(site: Path, query: str) -> dict:
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    counted: dict[str, int] = {}
    compressed: dict[str, int] = {}

    def on_response(response) -> None:
        if any(part in response.url for part in SEARCH_PARTS) and response.ok:
            body = response.body()
            counted[response.url] = len(body)
            compressed[response.url] = len(gzip.compress(body))

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page()
            page.on("response", on_response)
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
            page.locator("input.md-search__input").press_sequentially(query, delay=20)
            page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 0", timeout=60000)
            page.wait_for_timeout(500)
            results = page.locator(".md-search-result__item").count()
            browser.close()
    finally:
        server.shutdown()
    return {"bytes": sum(counted.values()), "gzip_bytes": sum(compressed.values()), "requests": len(counted), "results": results}


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]), sys.argv[2])))

"""Optional search with Pagefind, for archives too large for one search index in the browser.

Material's search loads a single index file into every visitor's browser (about 5.5 KB a protocol).
Pagefind splits its index into small fragments and fetches only those a query needs. With the plugin
option `search: pagefind`, the built site is indexed by Pagefind (the `pagefind[bin]` package ships the
binary), Material's own index is emptied, and a small script answers queries in Material's search box,
with filters for year, body and municipality.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

BUNDLE_DIR = "pagefind"
# What protokoll-pagefind.js reads to order results: a page that lists records (a project's) comes after
# the best record found; a hand-written page about the archive comes after every record.
LISTING_META = "listing"
ABOUT_META = "about"


class PagefindError(Exception):
    """Pagefind is missing or could not index the site."""


def available() -> bool:
    """Whether Pagefind is installed."""
    return importlib.util.find_spec("pagefind") is not None


def command(site_dir: Path, language: str, output_path: Path | None = None) -> list[str]:
    """The indexer's command line: into the site's BUNDLE_DIR, or `output_path` (the benchmarks')."""
    output = ["--output-path", str(output_path)] if output_path else ["--output-subdir", BUNDLE_DIR]
    return [sys.executable, "-m", "pagefind", "--site", str(site_dir), *output, "--force-language", language,
            # what Material's index leaves out (repeated text, labels, citations) Pagefind leaves out too,
            # and the headings' permalink signs
            "--exclude-selectors", "[data-search-exclude]", "--exclude-selectors", ".headerlink"]  # fmt: skip


def _prepare(site_dir: Path) -> None:
    if not available():
        raise PagefindError("pagefind")
    # Pagefind adds to its folder and names files by their content: a --dirty rebuild would keep every
    # fragment it ever wrote.
    shutil.rmtree(site_dir / BUNDLE_DIR, ignore_errors=True)


def finish_indexing(process: subprocess.Popen[bytes], site_dir: Path) -> None:
    """Waits for an indexing started by `start_indexing`. Raises PagefindError."""
    _, errors = process.communicate()
    if process.returncode != 0:
        detail = (errors or b"").decode("utf-8", "replace").strip()[-2000:]
        raise PagefindError(detail or f"exit code {process.returncode}")
    _drop_unused_interfaces(site_dir)


def _drop_unused_interfaces(site_dir: Path) -> None:
    """Pagefind's own search interfaces (half a megabyte), which this site does not load: its box is
    Material's, answered by protokoll-pagefind.js through pagefind.js."""
    for pattern in ("pagefind-ui.*", "pagefind-modular-ui.*", "pagefind-component-ui.*", "pagefind-highlight.js"):
        for path in (site_dir / BUNDLE_DIR).glob(pattern):
            path.unlink()


def start_indexing(site_dir: Path, language: str, lowered: bool = True) -> subprocess.Popen[bytes]:
    """Starts the indexer and returns at once. `lowered`, for `mkdocs serve`, gives it a lower CPU
    priority (Unix), so that the next rebuild, when the secretary saves again, goes first; the edited
    page is served while the search catches up a moment later. Raises PagefindError when Pagefind is
    missing."""
    _prepare(site_dir)
    # What went wrong is read by finish_indexing; a served rebuild's indexing is not waited for.
    errors = subprocess.DEVNULL if lowered else subprocess.PIPE
    process = subprocess.Popen(command(site_dir, language), stdout=subprocess.DEVNULL, stderr=errors)
    if lowered and hasattr(os, "setpriority"):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, process.pid, 10)
    return process

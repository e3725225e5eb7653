"""What `mkdocs serve` finishes after a rebuild has been served, so that an edit shows at once: the data
files that sum up the whole archive (written again after every edit) and the search index."""

from __future__ import annotations

import logging
import subprocess
import threading
from pathlib import Path

from .render import DataFile, pagefind
from .strings import Strings

log = logging.getLogger("mkdocs.plugins.protokoll")


class Background:
    """Writes deferred data files in a thread and runs Pagefind in a process of its own; the next rebuild
    waits for the files (it may replace them) and stops an indexing still under way."""

    def __init__(self, strings: Strings) -> None:
        self._strings = strings
        self._worker: threading.Thread | None = None
        self._indexing: subprocess.Popen[bytes] | None = None

    def start(self, files: list[tuple[Path, DataFile]], site_dir: Path | None, language: str) -> None:
        """Writes `files` (target, data file) and indexes `site_dir` for search unless None, in a thread
        (clearing Pagefind's folder alone took a tenth of a rebuild at 1,000 protocols)."""
        self.stop()
        self._worker = threading.Thread(target=self._work, args=(files, site_dir, language), name="protokoll-serve", daemon=True)
        self._worker.start()

    def _work(self, files: list[tuple[Path, DataFile]], site_dir: Path | None, language: str) -> None:
        if site_dir is not None:
            try:
                self._indexing = pagefind.start_indexing(site_dir, language)
            except pagefind.PagefindError as error:
                log.error(self._strings("messages.pagefind_failed", detail=error))
        for target, data in files:
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                with target.open("w", encoding="utf-8", newline="") as out:
                    data.write(out)
            except OSError as error:  # in a thread, unseen unless said
                log.error(self._strings("messages.data_not_written", file=target, detail=error))

    def wait(self) -> None:
        """Until the last rebuild's files and search index are written (for tests and benchmarks)."""
        if self._worker is not None:
            self._worker.join()
        if self._indexing is not None:
            self._indexing.wait()

    def stop(self) -> None:
        """A new rebuild begins: the files are finished, an indexing is overtaken."""
        if self._worker is not None:
            self._worker.join()
            self._worker = None
        if self._indexing is not None and self._indexing.poll() is None:
            self._indexing.terminate()
            self._indexing.wait()
        self._indexing = None

"""What `mkdocs serve` finishes after a rebuild has been served, so that an edit shows at once: the data
files that sum up the whole archive (written again after every edit) and the search index."""

from __future__ import annotations

import functools
import gc
import subprocess
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from mkdocs.plugins import get_plugin_logger

from .render import DataFile, pagefind
from .strings import Strings
from .writing import log_unwritten, write_files

log = get_plugin_logger("protokoll")  # as the plugin's: its messages say they are the plugin's


class Background:
    """A writer thread for data files and Pagefind in a process of its own. The next rebuild waits for the
    files (it may replace them) and stops an indexing still under way. (Writing a full build's files in a
    thread while its pages render was measured too: no faster, as the writer and the pages share one
    interpreter lock, and 30 MB more at 1,000 protocols.)"""

    def __init__(self, strings: Strings) -> None:
        self._strings = strings
        self._writer: threading.Thread | None = None
        self._starter: threading.Thread | None = None
        self._indexing: subprocess.Popen[bytes] | None = None
        self._failure: BaseException | None = None
        self._cancel = threading.Event()  # a rebuild begins: stop writing

    @staticmethod
    def pause_collection() -> None:
        """A --dirty rebuild begins: Python's collector of reference cycles waits until it has been served
        and its data written. With an archive's index in memory a full collection takes 0.25–0.4 s, and one
        or two fell in each rebuild (at 1,000 protocols: 1.25 s a rebuild without them, 1.7 s with). Not in
        a full build, which makes an archive's worth of cycles (Markdown's converters): 85 MB more at 1,000."""
        gc.disable()

    @staticmethod
    def resume_collection() -> None:
        """The rebuild's data is written, or it failed, or the server stops."""
        gc.enable()

    def write(self, files: list[tuple[Path, DataFile]], later: Sequence[Callable[[], list[DataFile]]],
              chosen: Callable[[list[DataFile]], list[tuple[Path, DataFile]]],
              unfinished: Callable[[], None]) -> None:  # fmt: skip
        """Writes `files` (target, data file) in a thread, then the data `later` makes, what `chosen`
        keeps of it. A rebuild that begins meanwhile stops the writing, after telling (`unfinished`) that
        the data made later was not all written, so that the rebuild writes all of it. The writers only
        read the index and the URLs, never the Markdown converter, which is not safe to share between
        threads."""
        self.wait_for_files()
        if files or later:
            work = functools.partial(self._write_all, files, later, chosen, unfinished)
            self._writer = threading.Thread(target=work, name="protokoll-data", daemon=True)
            self._writer.start()
        else:
            self.resume_collection()

    def index(self, site_dir: Path, language: str) -> None:
        """Indexes the site for search in Pagefind's process, started from a thread (clearing
        its folder alone took a tenth of a rebuild at 1,000 protocols)."""
        self._stop_indexing()
        self._starter = threading.Thread(target=self._start_indexing, args=(site_dir, language), name="protokoll-search", daemon=True)
        self._starter.start()

    def wait_for_files(self) -> None:
        """Until the files handed to `write` are written; raises here what the writer raised (a bug),
        as writing them in the build's own thread would have."""
        if self._writer is not None:
            self._writer.join()
            self._writer = None
        failure, self._failure = self._failure, None
        if failure is not None:
            raise failure

    def wait(self) -> None:
        """Until the files and the search index are written (for tests and benchmarks)."""
        self.wait_for_files()
        if self._starter is not None:
            self._starter.join()
        if self._indexing is not None:
            self._indexing.wait()

    def stop(self) -> None:
        """A new rebuild begins, or the server stops: the writing and an indexing are overtaken."""
        self._cancel.set()
        self.wait_for_files()
        self._cancel.clear()
        self._stop_indexing()

    def _stop_indexing(self) -> None:
        if self._starter is not None:
            self._starter.join()
            self._starter = None
        if self._indexing is not None and self._indexing.poll() is None:
            self._indexing.terminate()
            self._indexing.wait()
        self._indexing = None

    def _start_indexing(self, site_dir: Path, language: str) -> None:
        try:
            self._indexing = pagefind.start_indexing(site_dir, language)
        except pagefind.PagefindError as error:
            log.error(self._strings("messages.pagefind_failed", detail=error))

    def _write_all(self, files: list[tuple[Path, DataFile]], later: Sequence[Callable[[], list[DataFile]]],
                   chosen: Callable[[list[DataFile]], list[tuple[Path, DataFile]]],
                   unfinished: Callable[[], None]) -> None:  # fmt: skip
        try:
            finished = self._write_each(files)  # the whole archive's: the next rebuild writes them anyway
            for make in later:
                finished = finished and self._write_each(chosen(make()))
            if later and not finished:
                unfinished()
        except BaseException as error:  # handed to the build's thread by wait_for_files
            self._failure = error
        finally:
            if not self._cancel.is_set():  # collected now, while idle, not in the middle of the next rebuild
                self.resume_collection()
                gc.collect()

    def _write_each(self, files: list[tuple[Path, DataFile]]) -> bool:
        """Writes the files until a rebuild begins; whether that did not happen."""
        log_unwritten(write_files(files, self._cancel), self._strings)
        return not self._cancel.is_set()

"""Writing a build's data files (open data, feeds, OParl): an archive's worth of small files.

Creating a file costs 0.1–0.4 ms on the disks measured, and an archive has a dozen data files a protocol:
as long as rendering its pages. A full build therefore writes them in a forked process while it renders
the pages (a thread does not help: the writer waits for the interpreter lock after every file).
"""

from __future__ import annotations

import multiprocessing
import threading
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

from mkdocs.plugins import get_plugin_logger

from .render import DataFile
from .strings import Strings

log = get_plugin_logger("protokoll")

Failures = list[tuple[Path, OSError]]


def write_files(files: list[tuple[Path, DataFile]], stop: threading.Event | None = None) -> Failures:
    """Writes each data file at its target, until `stop` is set; returns those that could not be
    written, and why."""
    made: set[Path] = set()
    failed = []
    for target, data in files:
        if stop is not None and stop.is_set():
            break
        try:
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            with target.open("w", encoding="utf-8", newline="") as out:
                data.write(out)
        except OSError as error:
            failed.append((target, error))
    return failed


def log_unwritten(failures: Failures, strings: Strings) -> None:
    """Each file that could not be written, as an error (so that `mkdocs build --strict` fails)."""
    for target, error in failures:
        log.error(strings("messages.data_not_written", file=target, detail=error))


class WriterError(Exception):
    """The forked writer stopped on an error that was not the disk's (a bug): its traceback."""


class ForkedWrite:
    """Data files being written by a forked copy of the build, which `finish` waits for."""

    def __init__(self, process: multiprocessing.process.BaseProcess, results: Connection) -> None:
        self._process = process
        self._results = results
        self.private_kb = 0  # the writer's own memory at its end, beyond what it shared with the build

    @classmethod
    def start(cls, files: list[tuple[Path, DataFile]], later: Callable[[], list[tuple[Path, DataFile]]] = list) -> ForkedWrite | None:
        """Starts writing `files`, then the files `later` makes, in a forked process; None where that is not
        safe, and the caller writes them itself: where processes cannot be forked (Windows), or while other
        threads run (a fork copies only the thread that forks, and a lock another thread held would stay held
        in the copy)."""
        if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
            return None
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_write_in_child, args=(files, later, sender), name="protokoll-data", daemon=True)
        process.start()
        sender.close()
        return cls(process, receiver)

    def finish(self) -> Failures:
        """Waits for the writer; returns the files it could not write. Raises WriterError."""
        try:
            outcome, detail, self.private_kb = self._results.recv()
        except EOFError:  # the writer ended without a word (killed, out of memory)
            outcome, detail = "ended", None
        finally:
            self._results.close()
            self._process.join()
        if outcome == "ended":
            raise WriterError(f"exit code {self._process.exitcode}")
        if outcome != "written":
            raise WriterError(detail)
        failures: Failures = detail
        return failures

    def stop(self) -> None:
        """The build failed: the writer's work is not wanted."""
        self._process.terminate()
        self._process.join()
        self._results.close()


def _write_in_child(files: list[tuple[Path, DataFile]], later: Callable[[], list[tuple[Path, DataFile]]], results: Connection) -> None:
    try:
        failures: Failures = write_files(files)
        failures += write_files(later())
        results.send(("written", failures, _private_kb()))
    except BaseException:  # reported to the build, which logs it as an error
        results.send(("failed", traceback.format_exc(), _private_kb()))
    finally:
        results.close()


def _private_kb() -> int:
    """This process's memory that no other process shares (Linux; 0 elsewhere)."""
    try:
        lines = Path("/proc/self/smaps_rollup").read_text().splitlines()
    except OSError:
        return 0
    return sum(int(line.split()[1]) for line in lines if line.startswith(("Private_Clean:", "Private_Dirty:")))

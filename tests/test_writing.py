"""Writing data files in a forked process (writing.py): what it wrote, what it could not, and a bug in it."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TextIO

import pytest

from protokollarkivet.render import DataFile
from protokollarkivet.writing import ForkedWrite, WriterError, write_files


def _data(src: str, text: str) -> DataFile:
    return DataFile(src, lambda out: out.write(text))


def test_forked_writer_writes_every_file_and_reports_those_it_could_not(tmp_path: Path) -> None:
    (tmp_path / "blocked").write_text("a file where a folder should be", "utf-8")
    files = [(tmp_path / "a" / f"{n}.json", _data(f"a/{n}.json", f'{{"n":{n},"namn":"Åstorp"}}')) for n in range(50)]
    files.append((tmp_path / "blocked" / "x.json", _data("blocked/x.json", "{}")))
    writing = ForkedWrite.start(files)
    assert writing is not None  # the test process runs one thread, on Linux
    failures = writing.finish()
    assert [target for target, _ in failures] == [tmp_path / "blocked" / "x.json"]
    assert isinstance(failures[0][1], OSError)
    assert (tmp_path / "a" / "49.json").read_text("utf-8") == '{"n":49,"namn":"Åstorp"}'
    assert len(list((tmp_path / "a").iterdir())) == 50
    assert writing.private_kb > 0


def test_a_bug_in_the_forked_writer_is_an_error_with_its_traceback(tmp_path: Path) -> None:
    def broken(out: TextIO) -> None:
        raise ValueError("serialiser broke")

    writing = ForkedWrite.start([(tmp_path / "x.json", DataFile("x.json", broken))])
    assert writing is not None
    with pytest.raises(WriterError, match="serialiser broke"):
        writing.finish()


def test_no_fork_while_other_threads_run(tmp_path: Path) -> None:
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert ForkedWrite.start([(tmp_path / "x.json", _data("x.json", "{}"))]) is None
    finally:
        release.set()
        other.join()
    assert not (tmp_path / "x.json").exists()
    assert write_files([(tmp_path / "x.json", _data("x.json", "{}"))]) == []
    assert (tmp_path / "x.json").read_text("utf-8") == "{}"

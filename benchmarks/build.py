"""Build speed at archive scale, measured side by side with a plain MkDocs + Material build.

    python benchmarks/build.py                      # N = 300, 1000, 3000; writes benchmarks/RESULTS.md
    python benchmarks/build.py --sizes 50 --repeat 1 --results /tmp/r.md

For each N it generates a synthetic archive (benchmarks/generate.py) and builds it two ways, alternately,
each in a fresh process (benchmarks/measure.py):

- *ours*: the full archive site, with every generated page (registers, people, municipalities,
  projects, years, feeds, open data), from the repository's mkdocs.yml;
- *plain*: the same protocol Markdown files as ordinary pages, built by MkDocs + Material with
  `navigation.prune` and search, without our plugin.

It prints, per N, wall time, ms per protocol, peak memory, time inside the plugin's hooks, search-index
and site bytes per protocol, the ratios to the plain build, and at the middle size the time of a
`--dirty` rebuild after editing one protocol (what `mkdocs serve --dirty` does). Then it checks the
targets of issue 6 and writes the table to the results file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

PLAIN_CONFIG = """\
site_name: Plain build
site_url: https://example.org/plain/
theme:
  name: material
  language: sv
  features:
    - navigation.prune
plugins:
  - search:
      lang: sv
"""


def _ours(work: Path, count: int) -> Path:
    project = work / "ours"
    generate(project, count)
    for part in ("mkdocs.yml", "docs", "overrides"):
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, project / part, dirs_exist_ok=True)
        else:
            shutil.copy(source, project / part)
    return project


def _plain(work: Path, ours: Path) -> Path:
    project = work / "plain"
    docs = project / "docs"
    docs.mkdir(parents=True)
    for protocol in sorted((ours / "protocols").rglob("*.md")):
        target = docs / protocol.relative_to(ours / "protocols")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(protocol, target)
    (docs / "index.md").write_text("# Protokoll\n", "utf-8")
    (project / "mkdocs.yml").write_text(PLAIN_CONFIG, "utf-8")
    return project


def _measure(project: Path, *extra: str, search: str = "material") -> dict:
    result = subprocess.run(
        [sys.executable, str(HERE / "measure.py"), str(project), *extra],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PROTOKOLL_DRAFTS": "0", "PROTOKOLL_SEARCH": search},
    )
    if result.returncode != 0:
        raise SystemExit(f"build of {project} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _search_transfer(ours: Path) -> dict:
    """The first query's download with Material's search and with Pagefind, on the same archive."""
    if not Path("/usr/bin/chromium").exists():
        return {"skipped": "no /usr/bin/chromium"}
    transfer = {}
    material_site = ours / "site-material"
    shutil.copytree(ours / "site", material_site)
    pagefind_build = _measure(ours, search="pagefind")
    for engine, site in (("material", material_site), ("pagefind", ours / "site")):
        result = subprocess.run([sys.executable, str(HERE / "search_transfer.py"), str(site), "budget"], capture_output=True, text=True)
        transfer[engine] = json.loads(result.stdout) if result.returncode == 0 else {"error": result.stderr[-500:]}
    transfer["pagefind_build_seconds"] = pagefind_build["seconds"]
    return transfer


def run(sizes: list[int], repeat: int, work: Path, dirty_size: int | None, search_size: int | None = None) -> list[dict]:
    rows = []
    for count in sizes:
        folder = work / str(count)
        shutil.rmtree(folder, ignore_errors=True)
        ours = _ours(folder, count)
        plain = _plain(folder, ours)
        plain_runs, our_runs = [], []
        for _ in range(repeat):  # alternately, so both see the same machine state
            plain_runs.append(_measure(plain))
            our_runs.append(_measure(ours))
        best_plain = min(plain_runs, key=lambda r: r["seconds"])
        best_ours = min(our_runs, key=lambda r: r["seconds"])
        row = {
            "count": count,
            "ours": best_ours,
            "plain": best_plain,
            "ours_max_rss_kb": max(r["max_rss_kb"] for r in our_runs),
            "plain_max_rss_kb": max(r["max_rss_kb"] for r in plain_runs),
        }
        if count == dirty_size:
            edited = sorted((ours / "protocols").rglob("*.md"))[count // 2]
            row["dirty"] = _measure(ours, "--dirty-edit", str(edited))
        if count == search_size:
            row["search_transfer"] = _search_transfer(ours)
        rows.append(row)
        _print_row(row)
        shutil.rmtree(folder, ignore_errors=True)
    return rows


def _print_row(row: dict) -> None:
    n, ours, plain = row["count"], row["ours"], row["plain"]
    print(
        f"N={n}: ours {ours['seconds']:.1f} s ({1000 * ours['seconds'] / n:.1f} ms/protokoll), "
        f"plain {plain['seconds']:.1f} s ({1000 * plain['seconds'] / n:.1f} ms/protokoll), "
        f"ratio {ours['seconds'] / plain['seconds']:.2f}; memory {row['ours_max_rss_kb'] / 1024:.0f} / "
        f"{row['plain_max_rss_kb'] / 1024:.0f} MB; hooks {ours['hook_seconds']:.2f} s",
        flush=True,
    )


def table(rows: list[dict]) -> list[str]:
    lines = [
        "| N | ours s | plain s | ratio | ours ms/protocol | plain ms/protocol | ours peak MB | plain peak MB | memory ratio "
        "| plugin hooks s | search KB/protocol (ours / plain) | site KB/protocol (ours / plain) | pages (ours / plain) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        n, ours, plain = row["count"], row["ours"], row["plain"]
        lines.append(
            f"| {n} | {ours['seconds']:.1f} | {plain['seconds']:.1f} | {ours['seconds'] / plain['seconds']:.2f} "
            f"| {1000 * ours['seconds'] / n:.1f} | {1000 * plain['seconds'] / n:.1f} "
            f"| {row['ours_max_rss_kb'] / 1024:.0f} | {row['plain_max_rss_kb'] / 1024:.0f} "
            f"| {row['ours_max_rss_kb'] / row['plain_max_rss_kb']:.2f} | {ours['hook_seconds']:.2f} "
            f"| {ours['search_bytes'] / n / 1024:.2f} / {plain['search_bytes'] / n / 1024:.2f} "
            f"| {ours['site_bytes'] / n / 1024:.1f} / {plain['site_bytes'] / n / 1024:.1f} "
            f"| {ours['pages']} / {plain['pages']} |"
        )
    return lines


def targets(rows: list[dict]) -> list[tuple[str, str, bool]]:
    """(target, measured, met) for each of issue 6's targets that these sizes can judge."""
    by_n = {row["count"]: row for row in rows}
    results = []
    if 1000 in by_n:
        ratio = by_n[1000]["ours"]["seconds"] / by_n[1000]["plain"]["seconds"]
        results.append(("full build ≤ 1.15 × plain at N=1000", f"{ratio:.2f} ×", ratio <= 1.15))
    smallest, largest = min(by_n), max(by_n)
    if smallest != largest:
        per = {n: by_n[n]["ours"]["seconds"] / n for n in (smallest, largest)}
        growth = per[largest] / per[smallest]
        results.append((f"ms/protocol at N={largest} ≤ 1.1 × N={smallest}", f"{growth:.2f} ×", growth <= 1.1))
    memory = by_n[largest]["ours_max_rss_kb"] / by_n[largest]["plain_max_rss_kb"]
    results.append((f"peak memory < 2 × plain at N={largest}", f"{memory:.2f} ×", memory < 2))
    for n, row in sorted(by_n.items()):
        ours, plain = row["ours"]["search_bytes"], row["plain"]["search_bytes"]
        results.append(
            (f"search index bytes ≤ plain at N={n}", f"{ours / n / 1024:.2f} / {plain / n / 1024:.2f} KB per protocol", ours <= plain)
        )
    for n, row in sorted(by_n.items()):
        if "dirty" in row:
            dirty = row["dirty"]
            shown = dirty["dirty_page_updated"] and dirty["dirty_register_updated"]
            results.append(
                (
                    f"edit → rebuilt with `--dirty` ≤ 3 s at N={n}",
                    f"{dirty['dirty_seconds']:.2f} s, change shown: {shown}",
                    dirty["dirty_seconds"] <= 3 and shown,
                )
            )
    return results


def _transfer_lines(rows: list[dict]) -> list[str]:
    lines = []
    for row in rows:
        transfer = row.get("search_transfer")
        if not transfer:
            continue
        lines += [f"First search query at N={row['count']} (query 'budget'), bytes the browser downloads for search:", ""]
        if "skipped" in transfer:
            lines += [f"skipped: {transfer['skipped']}", ""]
            continue
        lines += ["| engine | bytes | gzip bytes | requests | results shown |", "|---|---:|---:|---:|---:|"]
        for engine in ("material", "pagefind"):
            figures = transfer[engine]
            if "error" in figures:
                lines.append(f"| {engine} | error: {figures['error'][:80]} | | | |")
            else:
                lines.append(
                    f"| {engine} | {figures['bytes']:,} | {figures['gzip_bytes']:,} | {figures['requests']} | {figures['results']} |"
                )
        lines += ["", f"(the Pagefind build took {transfer['pagefind_build_seconds']:.1f} s)", ""]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 1000, 3000])
    parser.add_argument("--repeat", type=int, default=2, help="builds of each kind per size (the fastest counts)")
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--dirty-size", type=int, default=None, help="N at which to time an edit (default: 1000 or the middle size)")
    parser.add_argument("--work", type=Path, default=None, help="scratch directory (default: a temporary one)")
    parser.add_argument(
        "--no-search-transfer",
        dest="search_transfer",
        action="store_false",
        help="skip measuring a first query's download with each search engine at the largest N",
    )
    arguments = parser.parse_args()
    sizes = sorted(arguments.sizes)
    dirty_size = arguments.dirty_size or (1000 if 1000 in sizes else sizes[len(sizes) // 2])
    work = arguments.work or Path(tempfile.mkdtemp(prefix="protokoll-bench-"))
    rows = run(sizes, arguments.repeat, work, dirty_size, search_size=max(sizes) if arguments.search_transfer else None)
    checks = targets(rows)
    lines = [
        "# Benchmark results",
        "",
        f"Measured {dt.datetime.now().strftime('%Y-%m-%d %H:%M')} by `python benchmarks/build.py"
        f"{'' if sizes == [300, 1000, 3000] else ' --sizes ' + ' '.join(map(str, sizes))}` on {platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}. Each figure is the fastest of {arguments.repeat} "
        "builds, plain and ours alternately, each in a fresh process.",
        "",
        *table(rows),
        "",
        "| target | measured | met |",
        "|---|---|---|",
        *[f"| {name} | {value} | {'yes' if met else 'NO'} |" for name, value, met in checks],
        "",
        *_transfer_lines(rows),
    ]
    arguments.results.write_text("\n".join(lines), "utf-8")
    print("\n".join(lines[4:]))
    print(f"\n(written to {arguments.results})")


if __name__ == "__main__":
    main()

"""Build speed at archive scale, measured side by side with a plain MkDocs + Material build.

    python benchmarks/build.py                      # N = 300, 1000, 3000; writes benchmarks/RESULTS.md
    python benchmarks/build.py --sizes 50 --repeat 1 --results /tmp/r.md

For each N it generates a synthetic archive (benchmarks/generate.py) and builds it three ways,
alternately, each in a fresh process (benchmarks/measure.py):

- *ours*: the full archive site, with every generated page (registers, people, municipalities,
  projects, years, feeds, open data, OParl), from the repository's mkdocs.yml as it stands (its default
  search, Pagefind, indexes the built site within the build);
- *plain*: the same protocol Markdown files as ordinary pages, built by MkDocs + Material with
  `navigation.prune` and search, without our plugin, and with only the start page in the navigation
  (`nav:`), which is how a site of many pages is built: the strongest honest baseline, and the one the
  targets are judged against;
- *plain with nav*: the same, every protocol in the navigation (MkDocs' default without `nav:`), which is
  slow and grows faster than linearly; reported for comparison only.

It prints, per N, wall time, ms per protocol, the CPU seconds of every process of each build and the floor they
set on this machine's cores, the memory its process tree holds at once (PSS, sampled every 0.1 s) and the sum of the processes' peaks (an upper bound), time inside the plugin's hooks, search-index
and site bytes per protocol and the ratios, Pagefind's indexing time, and at N = 1,000 (or the middle
size) the seconds from saving an edited decision to seeing it in the page and the register served by
`mkdocs serve --dirty --livereload` (median of 3 edits, by polling the served pages). At the largest N
it times a reader's first search in Chromium on ours and on the plain site (`search_visit.py`) and measures
what Pagefind's memory follows (`pagefind_memory.py`). Then it checks the targets of issue 19
and writes its section of the results file, keeping the file's other sections.
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
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import pagefind_memory  # noqa: E402
import served_edit  # noqa: E402
from generate import generate  # noqa: E402
from measure import BUILT  # noqa: E402

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
NO_NAV = "nav:\n  - index.md\n"  # the protocols are pages, but not in the navigation
SECTION = "# Benchmark results"  # build.py owns the file from here to the next section of another script
OTHER_SECTIONS = "\n## Import"


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


def _plain(work: Path, ours: Path, nav: bool) -> Path:
    project = work / ("plain-nav" if nav else "plain")
    docs = project / "docs"
    docs.mkdir(parents=True)
    for protocol in sorted((ours / "protocols").rglob("*.md")):
        target = docs / protocol.relative_to(ours / "protocols")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(protocol, target)
    (docs / "index.md").write_text("# Protokoll\n", "utf-8")
    (project / "mkdocs.yml").write_text(PLAIN_CONFIG + ("" if nav else NO_NAV), "utf-8")
    return project


def _measure(project: Path, *extra: str) -> dict:
    """One build by measure.py in a fresh process, with the memory its process tree held at once."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PROTOKOLL_")}  # mkdocs.yml's defaults
    with tempfile.TemporaryFile("w+") as errors:
        process = subprocess.Popen(
            [sys.executable, str(HERE / "measure.py"), str(project), *extra],
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            env={**environment, "NO_MKDOCS_2_WARNING": "1"},
        )
        sampler = TreeMemory(process.pid)
        sampler.start()
        assert process.stdout is not None
        lines = []
        for line in process.stdout:
            if line.strip() == BUILT:  # what follows is measured apart
                sampler.stop()
            lines.append(line)
        sampler.stop()
        if process.wait() != 0:
            errors.seek(0)
            raise SystemExit(f"build of {project} failed:\n{errors.read()[-3000:]}")
    result = json.loads(lines[-1])
    result["tree_peak_kb"] = sampler.peak_kb
    return result


class TreeMemory(threading.Thread):
    """The largest sum of the proportional set sizes (PSS: a page shared by k processes counts 1/k in each)
    of a process and its descendants, sampled every 0.1 s: the memory the build holds at once, its forked
    writer and Pagefind's indexer included, without counting twice what a fork shares (Linux)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(0.1):
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(pid) for pid in _tree(self.pid)))

    def stop(self) -> None:
        if not self._done.is_set():
            self._done.set()
            self.join()


def _tree(pid: int) -> list[int]:
    pids, position = [pid], 0
    while position < len(pids):
        task_dir = Path(f"/proc/{pids[position]}/task")
        position += 1
        try:
            for task in task_dir.iterdir():
                pids.extend(int(child) for child in (task / "children").read_text().split())
        except OSError:  # ended meanwhile
            continue
    return pids


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _search_visits(sites: dict[str, Path]) -> dict:
    """A reader's first search in Chromium on each built site (benchmarks/search_visit.py)."""
    if not Path("/usr/bin/chromium").exists():
        return {"skipped": "no /usr/bin/chromium"}
    visits = {}
    for name, site in sites.items():
        result = subprocess.run([sys.executable, str(HERE / "search_visit.py"), str(site)], capture_output=True, text=True)
        visits[name] = json.loads(result.stdout) if result.returncode == 0 else {"error": result.stderr[-500:]}
    return visits


def run(sizes: list[int], repeat: int, work: Path, dirty_size: int | None, search_size: int | None = None, edits: int = 3) -> list[dict]:
    rows = []
    for count in sizes:
        folder = work / str(count)
        shutil.rmtree(folder, ignore_errors=True)
        ours = _ours(folder, count)
        builds = {"plain": _plain(folder, ours, nav=False), "plain_nav": _plain(folder, ours, nav=True), "ours": ours}
        runs: dict[str, list[dict]] = {name: [] for name in builds}
        for _ in range(repeat):  # alternately, so all see the same machine state
            for name, project in builds.items():
                runs[name].append(_measure(project))
        row: dict = {"count": count, "load": os.getloadavg()[0]}
        for name, measured in runs.items():
            row[name] = min(measured, key=lambda r: r["seconds"])
            row[f"{name}_max_rss_kb"] = max(
                r["max_rss_kb"] + r.get("children_max_rss_kb", 0) + r.get("writer_private_kb", 0) for r in measured
            )
            row[f"{name}_child_rss_kb"] = max(r.get("children_max_rss_kb", 0) for r in measured)
            row[f"{name}_writer_kb"] = max(r.get("writer_private_kb", 0) for r in measured)
            # sampled every 0.1 s, which may miss a short peak of the build process itself, whose own peak
            # (max RSS) is exact: the larger of the two
            row[f"{name}_tree_peak_kb"] = max(max(r["tree_peak_kb"], r["max_rss_kb"]) for r in measured)
        if count == dirty_size:
            row["served_edit"] = served_edit.measure(ours, edits=edits)
            row["served_edit_spaced"] = served_edit.measure(ours, edits=edits, spacing=1.0)
        if count == max(sizes):  # what Pagefind's memory follows, on the largest site
            row["pagefind_memory"] = pagefind_memory.measure(ours / "site")
        if count == search_size:
            row["search_visit"] = _search_visits({"ours": ours / "site", "plain": builds["plain"] / "site"})
        rows.append(row)
        _print_row(row)
        shutil.rmtree(folder, ignore_errors=True)
    return rows


def _print_row(row: dict) -> None:
    n, ours, plain, nav = row["count"], row["ours"], row["plain"], row["plain_nav"]
    print(
        f"N={n}: ours {ours['seconds']:.1f} s ({1000 * ours['seconds'] / n:.1f} ms/protokoll), "
        f"plain {plain['seconds']:.1f} s (ratio {ours['seconds'] / plain['seconds']:.2f}), "
        f"plain with nav {nav['seconds']:.1f} s (ratio {ours['seconds'] / nav['seconds']:.2f}); "
        f"memory held at once {row['ours_tree_peak_kb'] / 1024:.0f} / {row['plain_tree_peak_kb'] / 1024:.0f} MB "
        f"(peaks summed {row['ours_max_rss_kb'] / 1024:.0f} / {row['plain_max_rss_kb'] / 1024:.0f} MB); hooks {ours['hook_seconds']:.2f} s "
        f"(Pagefind {ours.get('pagefind_seconds', 0):.2f} s)",
        flush=True,
    )


def table(rows: list[dict]) -> list[str]:
    lines = [
        "| N | ours s | plain s | ratio | plain with nav s | ratio | ours ms/protocol | plain ms/protocol "
        "| memory held at once MB (ours / plain) | ratio | peaks summed MB: ours (Pagefind, writer) / plain | ratio "
        "| plugin hooks s | of which Pagefind s | search KB/protocol (ours / plain) "
        "| site KB/protocol (ours / plain) | pages (ours / plain) | load |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        n, ours, plain, nav = row["count"], row["ours"], row["plain"], row["plain_nav"]
        lines.append(
            f"| {n} | {ours['seconds']:.1f} | {plain['seconds']:.1f} | {ours['seconds'] / plain['seconds']:.2f} "
            f"| {nav['seconds']:.1f} | {ours['seconds'] / nav['seconds']:.2f} "
            f"| {1000 * ours['seconds'] / n:.1f} | {1000 * plain['seconds'] / n:.1f} "
            f"| {row['ours_tree_peak_kb'] / 1024:.0f} / {row['plain_tree_peak_kb'] / 1024:.0f} "
            f"| {row['ours_tree_peak_kb'] / row['plain_tree_peak_kb']:.2f} "
            f"| {row['ours_max_rss_kb'] / 1024:.0f} ({row['ours_child_rss_kb'] / 1024:.0f}, {row['ours_writer_kb'] / 1024:.0f}) "
            f"/ {row['plain_max_rss_kb'] / 1024:.0f} | {row['ours_max_rss_kb'] / row['plain_max_rss_kb']:.2f} "
            f"| {ours['hook_seconds']:.2f} | {ours.get('pagefind_seconds', 0):.2f} "
            f"| {ours['search_bytes'] / n / 1024:.2f} / {plain['search_bytes'] / n / 1024:.2f} "
            f"| {ours['site_bytes'] / n / 1024:.1f} / {plain['site_bytes'] / n / 1024:.1f} "
            f"| {ours['pages']} / {plain['pages']} | {row['load']:.2f} |"
        )
    return lines


def _bytes_lines(row: dict) -> list[str]:
    """Where the site's bytes are at one N, a folder at a time, in KB a protocol."""
    n = row["count"]

    def parts(result: dict) -> str:
        return ", ".join(f"{name} {size / n / 1024:.1f}" for name, size in result.get("site_bytes_by_part", {}).items() if size / n >= 512)

    return [
        f"Site KB a protocol at N={n}, by top-level folder (those of 0.5 KB a protocol or more): ours: {parts(row['ours'])}; "
        f"plain: {parts(row['plain'])}.",
        "",
    ]


def _pagefind_lines(row: dict) -> list[str]:
    if "pagefind_memory" not in row:
        return []
    return [
        f"What Pagefind's memory follows at N={row['count']} (`pagefind_memory.py`): the site as built, the same text "
        "without markup (each indexed page's text as one paragraph), and half of each text, each indexed in a process "
        "of its own:",
        "",
        *pagefind_memory.table(row["pagefind_memory"]),
        "",
    ]


def _cpu_floor(row: dict) -> float:
    """The lowest ratio to plain's time that ours could reach on this machine's cores: its CPU seconds (all
    its processes) spread over every core, with none idle at any moment, against plain's measured time."""
    return row["ours"]["cpu_seconds"] / (os.cpu_count() or 1) / row["plain"]["seconds"]


def _cpu_lines(rows: list[dict]) -> list[str]:
    """CPU seconds (user + system) of each build, of the fastest run of each kind."""

    def figures(row: dict) -> str:
        ours, plain = row["ours"], row["plain"]
        return (
            f"N={row['count']}: ours {ours['cpu_seconds']:.1f} (its build process {ours['process_cpu_seconds']:.1f}) / "
            f"plain {plain['cpu_seconds']:.1f}, floor {_cpu_floor(row):.2f} ×"
        )

    return [
        f"CPU seconds, user + system, of every process of a build (the build's, its forked writer's, Pagefind's), and "
        f"the *floor*: ours spread over all {os.cpu_count()} cores with none ever idle, against plain's time, a ratio no "
        "arrangement of the same work can beat: " + "; ".join(figures(row) for row in rows if "cpu_seconds" in row["ours"]) + ".",
        "",
    ]


def targets(rows: list[dict]) -> list[tuple[str, str, bool]]:
    """(target, measured, met) for each of issue 19's targets that these sizes can judge; "plain" is the
    plain build without the protocols in the navigation."""
    by_n = {row["count"]: row for row in rows}
    results = []
    if 1000 in by_n:
        ratio = by_n[1000]["ours"]["seconds"] / by_n[1000]["plain"]["seconds"]
        floor = f" (floor on {os.cpu_count()} cores: {_cpu_floor(by_n[1000]):.2f} ×)" if "cpu_seconds" in by_n[1000]["ours"] else ""
        results.append(("full build ≤ 1.5 × plain at N=1000", f"{ratio:.2f} ×{floor}", ratio <= 1.5))
    smallest, largest = min(by_n), max(by_n)
    if smallest != largest:
        per = {n: by_n[n]["ours"]["seconds"] / n for n in (smallest, largest)}
        growth = per[largest] / per[smallest]
        results.append((f"ms/protocol at N={largest} ≤ 1.1 × N={smallest}", f"{growth:.2f} ×", growth <= 1.1))
    held = by_n[largest]["ours_tree_peak_kb"] / by_n[largest]["plain_tree_peak_kb"]
    summed = by_n[largest]["ours_max_rss_kb"] / by_n[largest]["plain_max_rss_kb"]
    results.append(
        (f"peak memory ≤ 1.6 × plain at N={largest}", f"{held:.2f} × held at once ({summed:.2f} × with the peaks summed)", held <= 1.6)
    )
    for n, row in sorted(by_n.items()):
        site = row["ours"]["site_bytes"] / row["plain"]["site_bytes"]
        results.append((f"site bytes per protocol ≤ 2 × plain at N={n}", f"{site:.2f} ×", site <= 2))
    for n, row in sorted(by_n.items()):
        ours, plain = row["ours"]["search_bytes"], row["plain"]["search_bytes"]
        results.append(
            (f"search index bytes ≤ plain at N={n}", f"{ours / n / 1024:.2f} / {plain / n / 1024:.2f} KB per protocol", ours <= plain)
        )
    for n, row in sorted(by_n.items()):
        visit = row.get("search_visit", {}).get("ours", {})
        if "median_seconds_after_last_key" in visit:
            seconds, kilobytes = visit["median_seconds_after_last_key"], visit["compressed_bytes"] / 1024
            results.append((f"first search result ≤ 1 s after the last key at N={n}", f"{seconds:.2f} s", seconds <= 1))
            results.append((f"the visit transfers ≤ 500 KB compressed at N={n}", f"{kilobytes:.0f} KB", kilobytes <= 500))
            results.append(
                (f"sitemap.xml fetched at most once at N={n}", f"{visit['sitemap_fetches']} times", visit["sitemap_fetches"] <= 1)
            )
    for n, row in sorted(by_n.items()):
        if "served_edit" in row:
            edit = row["served_edit"]
            spaced = row.get("served_edit_spaced", {})
            also = (
                f" (saved 1 s after the last showed, while its search index was still being made: median {spaced['median_seconds']:.2f} s)"
                if spaced
                else ""
            )
            results.append(
                (
                    f"an edited decision shown by `mkdocs serve --dirty --livereload` ≤ 2 s at N={n}",
                    f"median {edit['median_seconds']:.2f} s of {edit['seconds']}, each saved with the server idle, page and register: {edit['shown']}{also}",
                    edit["median_seconds"] <= 2 and edit["shown"],
                )
            )
    return results


def _search_lines(rows: list[dict]) -> list[str]:
    lines = []
    for row in rows:
        visits = row.get("search_visit")
        if not visits:
            continue
        lines += [
            f"A reader's first search at N={row['count']} in Chromium (`search_visit.py`): the start page opened with an empty "
            "cache, 'Naturturism' typed at ten keys a second; median of 3 visits. Ours is the default configuration "
            "(Pagefind); plain is the same protocols with Material's search (one lunr index, answering each key).",
            "",
        ]
        if "skipped" in visits:
            lines += [f"skipped: {visits['skipped']}", ""]
            continue
        lines += [
            "| site | first result after the last key | whole visit, compressed | as sent | sitemap.xml fetches | results |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for name, figures in visits.items():
            if "error" in figures:
                lines.append(f"| {name} | error: {figures['error'][:80]} | | | | |")
                continue
            lines.append(
                f"| {name} | {figures['median_seconds_after_last_key']:.2f} s | {figures['compressed_bytes'] / 1024:,.0f} KB "
                f"| {figures['bytes'] / 1024:,.0f} KB | {figures['sitemap_fetches']} | {figures['results']} |"
            )
        lines.append("")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 1000, 3000])
    parser.add_argument("--repeat", type=int, default=2, help="builds of each kind per size (the fastest counts)")
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--dirty-size", type=int, default=None, help="N at which to time an edit (default: 1000 or the middle size)")
    parser.add_argument("--edits", type=int, default=3, help="edits timed in `mkdocs serve` (the median counts)")
    parser.add_argument("--work", type=Path, default=None, help="scratch directory (default: a temporary one)")
    parser.add_argument(
        "--no-search-transfer",
        dest="search_visit",
        action="store_false",
        help="skip the browser measurement of a reader's first search at the largest N",
    )
    arguments = parser.parse_args()
    sizes = sorted(arguments.sizes)
    dirty_size = arguments.dirty_size or (1000 if 1000 in sizes else sizes[len(sizes) // 2])
    work = arguments.work or Path(tempfile.mkdtemp(prefix="protokoll-bench-"))
    search_size = max(sizes) if arguments.search_visit else None
    rows = run(sizes, arguments.repeat, work, dirty_size, search_size, arguments.edits)
    checks = targets(rows)
    lines = [
        SECTION,
        "",
        f"Measured {dt.datetime.now().strftime('%Y-%m-%d %H:%M')} by `python benchmarks/build.py"
        f"{'' if sizes == [300, 1000, 3000] else ' --sizes ' + ' '.join(map(str, sizes))}` on {platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}. Each figure is the fastest of {arguments.repeat} "
        "builds, the three kinds alternately, each in a fresh process; *plain* is MkDocs + Material with the "
        "protocols as pages but not in the navigation, the baseline the targets are judged against; the load "
        "column is the machine's one-minute load average when the size was done. Ours is built with its default "
        "search, Pagefind, which indexes the written site in a process of its own at the end of the build; its time "
        "is in the build's. *Memory held at once* is the largest sum, sampled every 0.1 s, of the proportional set "
        "sizes of the build's process and its descendants (the forked writer of the data files and Pagefind's "
        "indexer), a page shared by a fork counted once, or the build process's own peak (max RSS, which a "
        "sample may miss) where that is larger; *peaks summed* adds the peaks of the build process "
        "(max RSS), of Pagefind (measured in a run of its own) and the writer's own memory, as if all were held at "
        "the same moment: an upper bound.",
        "",
        *table(rows),
        "",
        *_cpu_lines(rows),
        *_bytes_lines(rows[-1]),
        *_pagefind_lines(rows[-1]),
        "| target | measured | met |",
        "|---|---|---|",
        *[f"| {name} | {value} | {'yes' if met else 'NO'} |" for name, value, met in checks],
        "",
        *_search_lines(rows),
    ]
    write_section(arguments.results, "\n".join(lines))
    print("\n".join(lines[4:]))
    print(f"\n(written to {arguments.results})")


def write_section(results: Path, section: str) -> None:
    """Replace this script's section of the results file, keeping what the other benchmarks wrote."""
    existing = results.read_text("utf-8") if results.exists() else ""
    rest = existing[existing.index(OTHER_SECTIONS) :] if OTHER_SECTIONS in existing else ""
    results.write_text(section.rstrip("\n") + "\n" + rest, "utf-8")


if __name__ == "__main__":
    main()

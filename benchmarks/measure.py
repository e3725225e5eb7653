"""Run one MkDocs build in this process and print its figures as JSON (used by build.py).

    python benchmarks/measure.py PROJECT_DIR [--dirty-edit FILE]

Printed: wall seconds, peak memory (max RSS) of this process, seconds spent in the protokoll plugin's
hooks (Pagefind's indexing included) and in Pagefind's indexing, search-index bytes and site bytes. With --dirty-edit, after the full build it changes FILE (a
protocol) and times a second, `--dirty` build with the same plugin instances, as `mkdocs serve --dirty`
does after an edit, and says whether the change reached the protocol page and the decision register.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from mkdocs.commands.build import build
from mkdocs.config import load_config

BUILT = "built"  # the line printed when the build is done, before what is measured after it


def _site_bytes(site: Path) -> int:
    return sum(path.stat().st_size for path in site.rglob("*") if path.is_file()) if site.is_dir() else 0


def _cpu_seconds() -> tuple[float, float]:
    """CPU seconds (user and system) used so far by this process, and by it with the children it waited
    for: the build's forked data writer and Pagefind's indexer."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    process = own.ru_utime + own.ru_stime
    return process, process + children.ru_utime + children.ru_stime


def _bytes_by_part(site: Path) -> dict[str, int]:
    parts: dict[str, int] = {}
    for path in site.iterdir() if site.is_dir() else []:
        name = path.name + "/" if path.is_dir() else "(files)"
        parts[name] = parts.get(name, 0) + (_site_bytes(path) if path.is_dir() else path.stat().st_size)
    return dict(sorted(parts.items(), key=lambda part: -part[1]))


# A small process that runs Pagefind's indexer as the plugin does and reports the indexer's peak memory.
# Measured apart: a child of this (large) process starts as a copy of it, and Linux counts that copy in
# the child's peak.
_PAGEFIND_PEAK = """
import resource, subprocess, sys, tempfile
from pathlib import Path
from protokollarkivet.render.pagefind import command
with tempfile.TemporaryDirectory() as output:
    subprocess.run(command(Path(sys.argv[1]), "sv", Path(output)), capture_output=True, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def _pagefind_max_rss_kb(site: Path) -> int:
    if not (site / "pagefind").is_dir():
        return 0
    result = subprocess.run([sys.executable, "-c", _PAGEFIND_PEAK, str(site)], capture_output=True, text=True, check=True)
    return int(result.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("project", type=Path)
    parser.add_argument("--dirty-edit", type=Path)
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    os.chdir(arguments.project)

    config = load_config("mkdocs.yml")
    config.plugins.on_startup(command="serve" if arguments.dirty_edit else "build", dirty=bool(arguments.dirty_edit))
    cpu_before = _cpu_seconds()
    start = time.perf_counter()
    build(config)
    seconds = time.perf_counter() - start
    cpu_after = _cpu_seconds()
    print(BUILT, flush=True)  # build.py samples this process tree's memory until here
    plugin = config.plugins.get("protokoll")
    if arguments.dirty_edit and plugin is not None:
        plugin.wait_for_background()  # as served, Pagefind indexes in the background: not in the time
    site = Path(config.site_dir)
    by_part = _bytes_by_part(site)
    result = {
        "seconds": seconds,
        # what the build asks of the machine's cores, whichever runs it: a bound below its time on any
        # number of cores, which no arrangement of the work can beat
        "cpu_seconds": cpu_after[1] - cpu_before[1],
        "process_cpu_seconds": cpu_after[0] - cpu_before[0],
        "max_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        # Pagefind indexes in a process of its own while this one waits, holding its memory: the build's
        # peak is the two together
        "children_max_rss_kb": _pagefind_max_rss_kb(site),
        # a full build writes its data files in a forked copy of itself while it renders (writing.py): the
        # copy's own memory, beyond what it shares with the build, is held at the same time
        "writer_private_kb": getattr(plugin, "writer_private_kb", 0),
        "hook_seconds": getattr(plugin, "seconds_in_hooks", 0.0),
        # what the site holds for search: Material's index file, and Pagefind's bundle where it is used
        # (its index, fragments and filters, and its script and WebAssembly, a fixed ~0.3 MB)
        "search_bytes": (site / "search/search_index.json").stat().st_size + _site_bytes(site / "pagefind"),
        "pagefind_seconds": getattr(plugin, "pagefind_seconds", 0.0),
        "site_bytes": sum(by_part.values()),
        # where they are: each top-level folder of the site, and its loose files together
        "site_bytes_by_part": by_part,
        "pages": sum(1 for _ in site.rglob("*.html")),
    }
    if arguments.dirty_edit:
        edited = arguments.dirty_edit
        text = edited.read_text("utf-8")
        marker = "REDIGERAT-I-MÄTNINGEN"
        edited.write_text(text.replace("\natt ", f"\natt {marker} ", 1), "utf-8")
        # `mkdocs serve` reloads the configuration for each rebuild; plugins with on_startup are kept.
        config = load_config("mkdocs.yml")
        start = time.perf_counter()
        build(config, dirty=True)
        result["dirty_seconds"] = time.perf_counter() - start
        if plugin is not None:
            plugin.wait_for_background()
        page = site / edited.parent.name / edited.stem / "index.html"
        result["dirty_page_updated"] = marker in page.read_text("utf-8")
        result["dirty_register_updated"] = marker in (site / "beslut/index.html").read_text("utf-8")
        edited.write_text(text, "utf-8")
    print(json.dumps(result))


if __name__ == "__main__":
    main()

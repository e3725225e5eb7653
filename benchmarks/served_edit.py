"""From saving an edited decision to seeing it served: `mkdocs serve --dirty --livereload`, polled.

    python benchmarks/served_edit.py PROJECT [--edits 3] [--spacing SECONDS]

Starts `mkdocs serve --dirty --livereload` on PROJECT (a site project with protocols/), waits until it
serves, then edits a decision of one protocol `--edits` times, each time timing from the save until both
the protocol's page and the decision register (its year's page, when paged), fetched over HTTP every
50 ms, show the new text. Each edit is saved when the server is idle (the previous rebuild's open data
and search index, written in the background, are done), or `--spacing` seconds after the last edit
showed. Prints the seconds of each edit and their median as JSON. The protocol is restored afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

POLL = 0.05  # seconds between fetches
TIMEOUT = 120  # seconds to wait for the first build, or for one edit to show


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return ""


def _cpu_seconds(pid: int) -> float:
    """CPU time used so far by the process `pid` and its children (Pagefind, started by the server)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(stat.parent.name) == pid or int(fields[1]) == pid:  # fields[1]: the parent's pid
            total += (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
    return total


def _wait_idle(pid: int, timeout: float = TIMEOUT) -> None:
    """Until the server and its children have used less than 5 % of a core for half a second: the last
    rebuild's work in the background (open data, the search index) is done."""
    start = time.perf_counter()
    before = _cpu_seconds(pid)
    while time.perf_counter() - start < timeout:
        time.sleep(0.5)
        now = _cpu_seconds(pid)
        if now - before < 0.025:
            return
        before = now


def _wait_until(condition, timeout: float = TIMEOUT) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > timeout:
            raise TimeoutError
        time.sleep(POLL)
    return time.perf_counter() - start


def measure(project: Path, edits: int = 3, spacing: float | None = None) -> dict:
    """Seconds from each save to the change showing in the served page and register, and their median.
    Each edit is saved once the server is idle (its last rebuild's background work done, as when a
    secretary reads the page before the next change), or `spacing` seconds after the last one showed."""
    protocols = sorted((project / "protocols").rglob("*.md"))
    edited = next(p for p in protocols[len(protocols) // 2 :] if "\natt " in p.read_text("utf-8"))
    original = edited.read_text("utf-8")
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    page_path = f"{edited.parent.name}/{edited.stem}/"
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PROTOKOLL_DRAFTS": "0"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--livereload", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    seconds: list[float] = []
    shown = True
    try:
        # the served address carries the site_url's path; find it from the start page's redirect or serve root
        _wait_until(lambda: bool(_fetch(base)) or bool(_fetch(base + "protokollarkivet/")))
        root = base + "protokollarkivet/" if _fetch(base + "protokollarkivet/") else base
        _wait_until(lambda: bool(_fetch(root + page_path)))
        # a large register is paged by year: the edited decision is on its year's page
        register = root + f"beslut/{edited.stem[:4]}/" if _fetch(root + f"beslut/{edited.stem[:4]}/") else root + "beslut/"
        for number in range(1, edits + 1):
            marker = f"REDIGERING-{number}-{time.time_ns()}"
            if spacing is None:
                _wait_idle(server.pid)
            else:
                time.sleep(spacing)
            edited.write_text(original.replace("\natt ", f"\natt {marker} ", 1), "utf-8")
            try:
                seconds.append(
                    _wait_until(lambda m=marker: m in _fetch(root + page_path) and m in _fetch(register))  # type: ignore[misc]
                )
            except TimeoutError:
                shown = False
                seconds.append(float(TIMEOUT))
    finally:
        edited.write_text(original, "utf-8")
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    return {"seconds": [round(s, 2) for s in seconds], "median_seconds": statistics.median(seconds), "shown": shown}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--spacing", type=float, default=None, help="seconds between edits (default: until the server is idle)")
    arguments = parser.parse_args()
    print(json.dumps(measure(arguments.project.resolve(), arguments.edits, arguments.spacing)))


if __name__ == "__main__":
    main()

"""From saving an edited decision to seeing it served: `mkdocs serve --dirty --livereload`, polled.

    python benchmarks/served_edit.py PROJECT [--edits 3]

Starts `mkdocs serve --dirty --livereload` on PROJECT (a site project with protocols/), waits until it
serves, then edits a decision of one protocol `--edits` times, each time timing from the save until both
the protocol's page and the decision register (its year's page, when paged), fetched over HTTP every
50 ms, show the new text. Prints
the seconds of each edit and their median as JSON. The protocol is restored afterwards.
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


def _wait_until(condition, timeout: float = TIMEOUT) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > timeout:
            raise TimeoutError
        time.sleep(POLL)
    return time.perf_counter() - start


def measure(project: Path, edits: int = 3) -> dict:
    """Seconds from each save to the change showing in the served page and register, and their median."""
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
            time.sleep(1.0)  # let the watcher settle after the previous rebuild
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
    arguments = parser.parse_args()
    print(json.dumps(measure(arguments.project.resolve(), arguments.edits)))


if __name__ == "__main__":
    main()

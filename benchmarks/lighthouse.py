"""Lighthouse scores per page type, the yardstick public-sector web teams use.

    .venv/bin/python benchmarks/lighthouse.py [--runs 3] [--generated N] [--desktop] [--results FILE.md]

Builds the archive in `protocols/` (or a generated archive of N protocols), serves it on localhost under
the path of its site address, gzip-compressed as GitHub Pages serves it, and runs Lighthouse (npm package
`lighthouse`, installed on first use into ~/.cache/protokollarkivet/) against Debian's chromium with its
default mobile profile: a mid-range phone on a slow 4G connection, simulated. Prints the four category
scores, the paint timings, the layout shift and every audit that did not pass, per page type, as the
median of --runs runs. The 404 page is left out: Lighthouse's SEO category marks down any page that
answers 404, which is what that page must do."""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

CHROMIUM = os.environ.get("PROTOKOLL_CHROMIUM", "/usr/bin/chromium")
LIGHTHOUSE_VERSION = "12"
CACHE = Path.home() / ".cache" / "protokollarkivet" / f"lighthouse-{LIGHTHOUSE_VERSION}"
SITE_PATH = "/protokollarkivet/"  # the path of mkdocs.yml's site_url
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TIMINGS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift")
COMPRESSED = {".html", ".css", ".js", ".json", ".xml", ".svg", ".ics", ".csv", ".txt"}
FIXED_PAGES = {
    "start": "",
    "beslutsregister": "beslut/",
    "personer": "personer/",
    "kommuner": "kommuner/",
    "projekt": "projekt/",
    "om arkivet": "om/",
    "tillgänglighet": "om/tillganglighet/",
    "prenumerera": "prenumerera/",
    "för sekretariatet": "sekretariatet/skriva-protokoll/",
}


def page_types(site: Path) -> dict[str, str]:
    """A page of each type, found in the site's open data so that a generated archive works too."""

    def first(name: str) -> dict:
        return json.loads((site / "api" / "v1" / f"{name}.json").read_text("utf-8"))[name][0]

    protocol = first("protocols")  # the latest
    year = protocol["date"][:4]
    return {
        **FIXED_PAGES,
        "organ": f"{protocol['body']}/",
        "år": f"{protocol['body']}/{year}/",
        "protokoll": protocol["url"],
        "beslut filtrerat": f"beslut/?år={year}",
        "person": first("people")["url"],
        "kommun": first("municipalities")["url"],
        "ett projekt": first("projects")["url"],
    }


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site under SITE_PATH, text gzip-compressed when the browser accepts it, as Pages does."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        if not path.startswith(SITE_PATH):
            self.send_error(404)
            return
        target = Path(self.directory) / path[len(SITE_PATH) :]
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            target, status = Path(self.directory) / "404.html", 404
        else:
            status = 200
        body = target.read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(target)))
        self.send_header("Cache-Control", "max-age=600")
        if target.suffix in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, 6)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def lighthouse() -> Path:
    """The Lighthouse command, installed with npm on first use."""
    command = CACHE / "node_modules" / ".bin" / "lighthouse"
    if not command.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--prefix", str(CACHE), "--no-audit", "--no-fund", f"lighthouse@{LIGHTHOUSE_VERSION}"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return command


def build(work: Path, generated: int) -> Path:
    """The site, built with `mkdocs build --strict` from the archive or a generated one."""
    project = work / "project"
    project.mkdir()
    for part in ("mkdocs.yml", "docs", "overrides", "protocols"):
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, project / part)
        elif source.exists():
            shutil.copy(source, project / part)
    if generated:
        import generate

        generate.generate(project, generated, seed=1)  # replaces protocols/
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=project, check=True, env=environment)
    return project / "site"


def audit(command: Path, url: str, output: Path, desktop: bool) -> dict:
    arguments = [
        str(command),
        url,
        "--chrome-flags=--headless=new --no-sandbox",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        f"--output-path={output}",
        "--quiet",
    ]
    if desktop:
        arguments.append("--preset=desktop")
    subprocess.run(arguments, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
    return json.loads(output.read_text("utf-8"))


def failing(report: dict) -> list[str]:
    """The audits that count towards a category's score and did not pass."""
    found = []
    for category in report["categories"].values():
        for reference in category["auditRefs"]:
            result = report["audits"][reference["id"]]
            if reference.get("weight", 0) > 0 and result.get("score") is not None and result["score"] < 1:
                found.append(f"{reference['id']} {result.get('displayValue', '')}".strip())
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median is printed")
    parser.add_argument("--generated", type=int, default=0, help="a generated archive of N protocols instead")
    parser.add_argument("--desktop", action="store_true", help="Lighthouse's desktop profile instead of mobile")
    parser.add_argument("--results", type=Path, help="also write the table to this Markdown file")
    arguments = parser.parse_args()
    command = lighthouse()
    work = Path(tempfile.mkdtemp(prefix="lighthouse-"))
    try:
        site = build(work, arguments.generated)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}{SITE_PATH}"
        profile = "desktop" if arguments.desktop else "mobile"
        archive = f"a generated archive of {arguments.generated} protocols" if arguments.generated else "protocols/"
        lines = [
            f"Lighthouse {LIGHTHOUSE_VERSION}, {profile} profile, Debian chromium, gzip as on Pages; {archive}; "
            f"median of {arguments.runs} run(s) per page; {dt.date.today().isoformat()}",
            f"{'page type':<20} {'perf':>4} {'a11y':>4} {'bp':>4} {'seo':>4} {'FCP':>6} {'LCP':>6} {'TBT':>6} {'CLS':>6}",
        ]
        print("\n".join(lines))
        lowest = dict.fromkeys(CATEGORIES, 100)
        for name, url in page_types(site).items():
            reports = [audit(command, base + url, work / f"report-{run}.json", arguments.desktop) for run in range(arguments.runs)]
            scores = {c: statistics.median(round(r["categories"][c]["score"] * 100) for r in reports) for c in CATEGORIES}
            values = {t: statistics.median(r["audits"][t]["numericValue"] for r in reports) for t in TIMINGS}
            for category, score in scores.items():
                lowest[category] = min(lowest[category], score)
            row = [
                f"{name:<20} {scores['performance']:>4.0f} {scores['accessibility']:>4.0f} {scores['best-practices']:>4.0f}"
                f" {scores['seo']:>4.0f} {values['first-contentful-paint'] / 1000:>5.1f}s"
                f" {values['largest-contentful-paint'] / 1000:>5.1f}s {values['total-blocking-time']:>4.0f}ms"
                f" {values['cumulative-layout-shift']:>6.3f}",
                *[f"{'':<22}not passed: {line}" for line in sorted(set(failing(reports[-1])))],
            ]
            print("\n".join(row))
            lines += row
        lines.append("lowest: " + ", ".join(f"{c} {lowest[c]:.0f}" for c in CATEGORIES))
        print(lines[-1])
        if arguments.results:
            arguments.results.write_text("# Lighthouse\n\n```\n" + "\n".join(lines) + "\n```\n", "utf-8")
        server.shutdown()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

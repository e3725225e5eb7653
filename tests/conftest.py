"""Shared fixtures: the real archive, built once with the real `mkdocs` command for every test that only
reads the site; private copies for tests that change it; the registers and strings for unit tests."""

from __future__ import annotations

import functools
import http.server
import io
import json
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PROJECT_PARTS = ("mkdocs.yml", "docs", "protocols", "overrides")


@dataclass
class Build:
    project: Path
    result: subprocess.CompletedProcess[str]

    @property
    def site(self) -> Path:
        return self.project / "site"

    @property
    def output(self) -> str:
        return self.result.stdout + self.result.stderr

    def json(self, name: str) -> dict:
        return json.loads((self.site / "api" / "v1" / name).read_text("utf-8"))

    def html(self, url: str) -> str:
        path = self.site / url.split("#")[0]
        if url.endswith("/") or not url:
            path = path / "index.html"
        return path.read_text("utf-8")


def copy_project(target: Path) -> Path:
    """A private copy of the project's site sources, which a test may change freely."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        elif source.exists():
            shutil.copy(source, target / part)
    return target


def run_build(project: Path, *args: str, env: dict[str, str] | None = None) -> Build:
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    environment.pop("PROTOKOLL_DRAFTS", None)  # a production build unless the test asks for drafts
    environment.update(env or {})
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env=environment,
        timeout=600,
    )
    return Build(project, result)


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "protokollarkivet.commands.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=600
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The archive as it stands in the repository, built once for all read-only tests."""
    build = run_build(copy_project(tmp_path_factory.mktemp("site")))
    assert build.result.returncode == 0, build.output
    return build


@pytest.fixture(scope="session")
def material_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The archive built with the option `search: material` (Material's own search, one index file)."""
    build = run_build(copy_project(tmp_path_factory.mktemp("material")), env={"PROTOKOLL_SEARCH": "material"})
    assert build.result.returncode == 0, build.output
    return build


def pagefind_texts(site: Path) -> list[str]:
    """The pages Pagefind indexed, as the text its fragments hold (each is gzip-compressed JSON)."""
    import gzip

    return [gzip.decompress(f.read_bytes()).decode("utf-8") for f in sorted((site / "pagefind" / "fragment").iterdir())]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def strings():
    from protokollarkivet.strings import load_strings

    return load_strings("sv")


@pytest.fixture(scope="session")
def registers(strings):
    """The registers of the real archive."""
    from protokollarkivet.format import load_registers

    loaded, findings = load_registers(REPO / "protocols", strings)
    assert findings == []
    return loaded


def seed_text(date: str) -> str:
    return (REPO / "protocols" / "kommundirektorsgruppen" / f"{date}.md").read_text("utf-8")


# --- the browser: Debian's chromium through Playwright, serving built sites on localhost ------------

ARTIFACTS = REPO / "test-artifacts" / "screenshots"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

PAGE_TYPES = {
    "start": "",
    "organ": "kommundirektorsgruppen/",
    "ar": "kommundirektorsgruppen/2019/",
    "protokoll": "kommundirektorsgruppen/2019-11-22/",
    "protokoll-2022": "kommundirektorsgruppen/2022-08-26/",
    "beslutsregister": "beslut/",
    "uppdrag": "uppdrag/",
    "personer": "personer/",
    "person": "personer/herman-crespin/",
    "kommuner": "kommuner/",
    "kommun": "kommuner/angelholm/",
    "projekt": "projekt/",
    "ett-projekt": "projekt/smarta-lokaler/",
    "skriva-protokoll": "sekretariatet/skriva-protokoll/",
    "om-arkivet": "om/",
    "tillganglighet": "om/tillganglighet/",
    "personuppgifter": "om/personuppgifter/",
    "prenumerera": "prenumerera/",
    "saknas-404": "finns-inte/",
}
WIDTHS = {"dator": {"width": 1280, "height": 900}, "mobil": {"width": 360, "height": 740}}


def pytest_sessionstart(session: pytest.Session) -> None:
    """Screenshots of a run replace the last run's; once, on the controller, not in each worker."""
    if not hasattr(session.config, "workerinput"):
        shutil.rmtree(ARTIFACTS, ignore_errors=True)


CHROMIUM = Path(os.environ.get("PROTOKOLL_CHROMIUM", "/usr/bin/chromium"))
SITE_PATH = "/protokollarkivet"  # the path of mkdocs.yml's site_url, which the test server serves under


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a built site under the path of its site_url, with its 404 page for what is missing."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[override]
        if not self.path.startswith(SITE_PATH + "/"):
            self.send_response(302)
            self.send_header("Location", SITE_PATH + "/")
            self.end_headers()
            return None
        self.path = self.path[len(SITE_PATH) :]
        target = Path(self.translate_path(self.path))
        if not target.exists():
            body = (Path(self.directory) / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)
        return super().send_head()


@pytest.fixture(scope="session")
def serve():
    """serve(site_dir) -> the base URL the site is served at, until the session ends."""
    servers = []

    def start(directory: Path) -> str:
        handler = functools.partial(_SiteHandler, directory=str(directory))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}{SITE_PATH}/"

    yield start
    for server in servers:
        server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium); .ci/run does"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def base_url(site: Build, serve) -> str:
    """The shared build, served on localhost under its site path."""
    return serve(site.site)


@pytest.fixture
def page(browser):
    """A fresh desktop-sized page; the test fails if any script on it throws."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    new_page = context.new_page()
    errors: list[str] = []
    new_page.on("pageerror", lambda error: errors.append(str(error)))
    yield new_page
    context.close()
    assert errors == [], errors

"""Shared fixtures: the real archive, built once with the real `mkdocs` command for every test that only
reads the site; private copies for tests that change it; the registers and strings for unit tests."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
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

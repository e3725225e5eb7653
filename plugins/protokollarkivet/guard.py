"""Approved text is guarded: an approved protocol changes only together with a new recorded correction.

`protokoll check --base REF` compares every protocol that was approved (`status: justerat`) at the git
revision REF, usually the pull request's target branch, with the working tree.
"""

from __future__ import annotations

import difflib
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .model import Finding, Level
from .strings import Strings

CORRECTIONS_FIELD = "rättelser"


class GitError(Exception):
    pass


@dataclass
class _Version:
    metadata: dict[str, Any]
    body: str


def _git(cwd: Path, *args: str) -> str:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except OSError as error:  # git is not installed
        raise GitError(str(error)) from None
    if result.returncode != 0:
        raise GitError(result.stderr.strip().splitlines()[-1] if result.stderr.strip() else f"git {' '.join(args)}")
    return result.stdout


def _split(text: str) -> _Version | None:
    """Front-matter and body, or None when the file is not a readable protocol (the checker reports that)."""
    if not text.startswith("---"):
        return None
    parts = text.split("\n---", 1)
    if len(parts) != 2:
        return None
    try:
        metadata = yaml.safe_load(parts[0].removeprefix("---"))
    except yaml.YAMLError:
        return None
    if not isinstance(metadata, dict):
        return None
    body = parts[1].split("\n", 1)[1] if "\n" in parts[1] else ""
    return _Version(metadata, body)


def _approved_content(version: _Version) -> tuple[Any, str]:
    fields = {k: v for k, v in version.metadata.items() if k != CORRECTIONS_FIELD}
    return repr(sorted(fields.items(), key=lambda kv: str(kv[0]))), version.body.strip()


def _corrections(version: _Version) -> list[Any]:
    value = version.metadata.get(CORRECTIONS_FIELD) or []
    return value if isinstance(value, list) else [value]


def _first_changed_line(old: str, new: str) -> int:
    matcher = difflib.SequenceMatcher(a=old.splitlines(), b=new.splitlines(), autojunk=False)
    for tag, _, _, new_start, _ in matcher.get_opcodes():
        if tag != "equal":
            return new_start + 1
    return 1


def check_against_base(root: Path, base: str, prefix: str, strings: Strings) -> list[Finding]:
    """Findings for approved protocols at `base` that changed without a new correction, or vanished."""
    root = root.resolve()
    top = Path(_git(root, "rev-parse", "--show-toplevel").strip())
    inside = root.relative_to(top).as_posix()
    listing = _git(top, "ls-tree", "-r", "--name-only", base, "--", inside or ".")
    findings: list[Finding] = []
    for repo_path in listing.splitlines():
        if not repo_path.endswith(".md"):
            continue
        old_text = _git(top, "show", f"{base}:{repo_path}")
        old = _split(old_text)
        if old is None or old.metadata.get("status") != "justerat":
            continue
        relative = Path(repo_path).relative_to(inside) if inside else Path(repo_path)
        shown = f"{prefix.rstrip('/')}/{relative.as_posix()}" if prefix else relative.as_posix()
        current_file = root / relative
        if not current_file.exists():
            findings.append(Finding(shown, 1, 1, Level.ERROR, strings("messages.approved_removed", base=base)))
            continue
        new_text = current_file.read_text("utf-8", errors="replace").replace("\r\n", "\n")
        new = _split(new_text)
        line = _first_changed_line(old_text, new_text)
        if new is None:
            continue  # unreadable now: the checker's own findings say why
        old_corrections, new_corrections = _corrections(old), _corrections(new)
        if new_corrections[: len(old_corrections)] != old_corrections:
            findings.append(Finding(shown, line, 1, Level.ERROR, strings("messages.corrections_changed", base=base)))
        elif _approved_content(old) != _approved_content(new) and len(new_corrections) <= len(old_corrections):
            findings.append(Finding(shown, line, 1, Level.ERROR, strings("messages.approved_changed", base=base)))
    return findings

"""Approved text is guarded: an approved protocol changes only together with a new, valid correction.

`protokoll check --base REF` compares every protocol that was approved (`status: justerat`) at the git
revision REF, usually the pull request's target branch, with the working tree. Both versions are read
by the format's own reader (`format.source`), so a byte-order mark or other line endings neither hide a
file from the guard nor count as a change. A correction covers a change only when it is new since REF,
dated between the approval and today, and says in a few words what changed and why.
"""

from __future__ import annotations

import datetime as dt
import difflib
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from ..format import spec
from ..format.archive import protocol_paths
from ..format.model import Finding, Level
from ..format.source import Located, SourceError, read_protocol
from ..strings import Strings


class GitError(Exception):
    """git could not answer; the message is git's own."""


@dataclass
class _Version:
    front_matter: Located
    body: str

    @property
    def fields(self) -> dict[str, Any]:
        value = self.front_matter.value
        return value if isinstance(value, dict) else {}

    @property
    def approved(self) -> bool:
        return self.fields.get("status") == spec.Status.APPROVED.value

    def approved_content(self) -> tuple[str, str]:
        """What approval covers: every field but the corrections, and the body."""
        fields = {k: v for k, v in self.fields.items() if k != spec.CORRECTIONS}
        return repr(sorted(fields.items(), key=lambda kv: str(kv[0]))), self.body

    def corrections(self) -> list[Any]:
        value = self.fields.get(spec.CORRECTIONS) or []
        return value if isinstance(value, list) else [value]

    def approval_date(self) -> dt.date | None:
        approval = self.fields.get(spec.APPROVAL)
        date = approval.get("datum") if isinstance(approval, dict) else None
        return date if isinstance(date, dt.date) else None


def _git(cwd: Path, *args: str) -> str:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False, encoding="utf-8", errors="replace")
    except OSError as error:  # git is not installed
        raise GitError(str(error)) from None
    if result.returncode != 0:
        raise GitError(result.stderr.strip().splitlines()[-1] if result.stderr.strip() else f"git {' '.join(args)}")
    return result.stdout


def _git_bytes(cwd: Path, *args: str) -> bytes:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    if result.returncode != 0:
        raise GitError(result.stderr.decode("utf-8", "replace").strip() or f"git {' '.join(args)}")
    return result.stdout


def _read(raw: bytes) -> tuple[_Version | None, str]:
    """A version of a protocol file, or None and the message key saying why it cannot be read."""
    try:
        source = read_protocol(raw)
    except SourceError as problem:
        return None, problem.key
    return _Version(source.front_matter, source.body), ""


def _first_changed_line(old: str, new: str) -> int:
    matcher = difflib.SequenceMatcher(a=old.splitlines(), b=new.splitlines(), autojunk=False)
    for tag, _, _, new_start, _ in matcher.get_opcodes():
        if tag != "equal":
            return new_start + 1
    return 1


class _Check:
    def __init__(self, shown: str, base: str, strings: Strings, today: dt.date) -> None:
        self.shown = shown
        self.base = base
        self.strings = strings
        self.today = today
        self.findings: list[Finding] = []

    def error(self, line: int, key: str, **values: Any) -> None:
        self.findings.append(Finding(self.shown, line, 1, Level.ERROR, self.strings(f"messages.{key}", base=self.base, **values)))

    def compare(self, old: _Version, old_text: str, current: Path) -> None:
        if current.is_dir():
            self.error(1, "approved_replaced_by_folder")
            return
        if not current.exists():
            self.error(1, "approved_removed")
            return
        try:
            raw = current.read_bytes()
        except OSError as error:
            self.error(1, "approved_unreadable", detail=error.strerror or str(error))
            return
        new, problem = _read(raw)
        if new is None:
            detail = self.strings(f"messages.{problem}", limit=spec.MAX_FILE_BYTES // 1000)
            self.error(1, "approved_unreadable", detail=detail)
            return
        new_text = raw.decode("utf-8", "replace").lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        old_corrections, new_corrections = old.corrections(), new.corrections()
        if new_corrections[: len(old_corrections)] != old_corrections:
            self.error(_first_changed_line(old_text, new_text), "corrections_changed")
            return
        added = list(enumerate(new_corrections))[len(old_corrections) :]
        valid = [self._valid_correction(new, index, entry, old.approval_date()) for index, entry in added]
        if old.approved_content() != new.approved_content() and not any(valid):
            self.error(_first_changed_line(old_text, new_text), "approved_changed")

    def _valid_correction(self, version: _Version, index: int, entry: Any, approved: dt.date | None) -> bool:
        """Whether a correction new since the base may cover a change; an error at its line if not."""
        line = version.front_matter.line(spec.CORRECTIONS, index)
        date = entry.get("datum") if isinstance(entry, dict) else None
        text = entry.get("text") if isinstance(entry, dict) else None
        if not isinstance(date, dt.date) or not isinstance(text, str) or len(text.split()) < spec.MIN_CORRECTION_WORDS:
            return False  # the checker reports the correction itself at this line
        if approved is not None and date < approved:
            self.error(line, "correction_before_approval", date=date.isoformat(), approved=approved.isoformat())
            return False
        if date > self.today:
            self.error(line, "correction_in_future", date=date.isoformat())
            return False
        return True


def check_against_base(root: Path, base: str, prefix: str, strings: Strings, today: dt.date | None = None) -> list[Finding]:
    """Findings for protocols approved at `base` that changed without a valid new correction, or vanished."""
    root = root.resolve()
    top = Path(_git(root, "rev-parse", "--show-toplevel").strip())
    inside = root.relative_to(top).as_posix() if root != top else ""
    _git(top, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    listing = _git(top, "ls-tree", "-r", "-z", "--name-only", base, "--", inside or ".")
    findings: list[Finding] = []
    for repo_path in filter(None, listing.split("\0")):
        if not repo_path.endswith(spec.PROTOCOL_SUFFIX):
            continue
        old_raw = _git_bytes(top, "show", f"{base}:{repo_path}")
        old, _ = _read(old_raw)
        if old is None or not old.approved:
            continue  # not a readable approved protocol at the base: nothing approved to guard
        relative = PurePosixPath(repo_path).relative_to(inside) if inside else PurePosixPath(repo_path)
        shown = f"{prefix.rstrip('/')}/{relative.as_posix()}" if prefix else relative.as_posix()
        old_text = old_raw.decode("utf-8", "replace").lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        check = _Check(shown, base, strings, today or dt.date.today())
        check.compare(old, old_text, root / relative)
        findings += check.findings
    return findings


BECOMES_APPROVED, GAINS_CORRECTION = "approved", "corrected"


def approvals_since(root: Path, base: str) -> dict[str, str]:
    """The protocols that need their approvers' approval in this change: {path relative to `root`: why}.

    A protocol needs it when it becomes justerat since `base` (BECOMES_APPROVED: new, or a draft there)
    or, justerat at `base` already, gains a correction (GAINS_CORRECTION). Protocols approved before and
    unchanged need nothing, so approvals recorded before accounts were kept stand as recorded."""
    root = root.resolve()
    top = Path(_git(root, "rev-parse", "--show-toplevel").strip())
    inside = root.relative_to(top).as_posix() if root != top else ""
    _git(top, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    at_base = set(filter(None, _git(top, "ls-tree", "-r", "-z", "--name-only", base, "--", inside or ".").split("\0")))
    needed: dict[str, str] = {}
    for path in protocol_paths(root):
        relative = path.relative_to(root).as_posix()
        try:
            new, _ = _read(path.read_bytes())
        except OSError:
            continue  # the checker reports an unreadable file
        if new is None or not new.approved:
            continue
        repo_path = f"{inside}/{relative}" if inside else relative
        old = _read(_git_bytes(top, "show", f"{base}:{repo_path}"))[0] if repo_path in at_base else None
        if old is None or not old.approved:
            needed[relative] = BECOMES_APPROVED
        elif len(new.corrections()) > len(old.corrections()):
            needed[relative] = GAINS_CORRECTION
    return needed


def head_commit(root: Path) -> str:
    """The commit checked out in the repository that holds `root`."""
    return _git(root.resolve(), "rev-parse", "HEAD").strip()

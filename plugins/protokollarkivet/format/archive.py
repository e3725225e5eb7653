"""Reading the whole archive directory: registers first, then every protocol checked against them.

Every file under `protocols/` is a register, a protocol (`<body>/<YYYY-MM-DD>.md`) or a finding: a
protocol saved as `.MD`, `.markdown` or `.md.txt`, or hidden behind a leading dot, would otherwise be
left out of the site without a word.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from ..strings import Strings, load_strings
from .model import Archive, Finding, Level, Protocol
from .parser import parse_protocol
from .registers import load_registers
from .spec import PROTOCOL_SUFFIX, REGISTER_FILES, Status

_DATE_NAME = re.compile(r"\d{4}-\d{2}-\d{2}")


def archive_files(root: Path) -> tuple[list[Path], list[tuple[Path, str]]]:
    """(protocol files, [(anything else, the name it should have)]) under `root`, in a stable order."""
    protocols: list[Path] = []
    others: list[tuple[Path, str]] = []
    for folder, subfolders, names in os.walk(root):
        here = Path(folder)
        hidden = [name for name in sorted(subfolders) if name.startswith(".") or name.endswith(PROTOCOL_SUFFIX)]
        others += [(here / name, _expected_name(name, at_root=here == root)) for name in hidden]
        subfolders[:] = sorted(n for n in subfolders if not n.startswith(".") and not n.endswith(PROTOCOL_SUFFIX))
        for name in sorted(names):
            path = here / name
            if here == root and name in REGISTER_FILES:
                continue
            if here != root and name.endswith(PROTOCOL_SUFFIX) and not name.startswith("."):
                protocols.append(path)
            else:
                others.append((path, _expected_name(name, at_root=here == root)))
    return protocols, others


def _expected_name(name: str, at_root: bool) -> str:
    """What a stray file should probably be called: '2019-11-22.MD' -> '2019-11-22.md'."""
    stem = name.lstrip(".").split(".")[0]
    if _DATE_NAME.fullmatch(stem):
        return ("<organ>/" if at_root else "") + stem + PROTOCOL_SUFFIX
    return "ÅÅÅÅ-MM-DD.md"


def protocol_paths(root: Path) -> list[Path]:
    """Every protocol file under `root`."""
    return archive_files(root)[0]


# path -> (digest of the file and of the registers it was checked against, result)
ParseCache = dict[str, tuple[bytes, Protocol | None, list[Finding]]]


def load_archive(
    root: Path,
    strings: Strings | None = None,
    cache: ParseCache | None = None,
    prefix: str = "",
    drafts: bool = True,
) -> Archive:
    """Parse every protocol under `root`; findings name files as `prefix/relative path`.

    With `drafts` false, protocols with status `utkast` are checked but left out, as in a production build.
    `cache` maps a path to the bytes it was parsed from and the result, so `mkdocs serve` re-parses only edits.
    """
    strings = strings or load_strings()
    registers, findings = load_registers(root, strings, prefix)
    register_state = _register_state(root)
    protocol_files, others = archive_files(root)
    for path, expected in others:
        relative = _display(prefix, path.relative_to(root).as_posix())
        key = "not_a_file" if path.is_dir() and path.name.endswith(PROTOCOL_SUFFIX) else "unknown_file"
        findings.append(Finding(relative, 1, 1, Level.ERROR, strings(f"messages.{key}", expected=expected)))
    protocols: list[Protocol] = []
    for path in protocol_files:
        relative = _display(prefix, path.relative_to(root).as_posix())
        try:
            raw = path.read_bytes()
        except OSError as error:
            findings.append(Finding(relative, 1, 1, Level.ERROR, strings("messages.unreadable_file", detail=error.strerror or error)))
            continue
        digest = hashlib.sha256(raw).digest() + register_state
        cached = cache.get(relative) if cache is not None else None
        if cached is not None and cached[0] == digest:
            protocol, protocol_findings = cached[1], cached[2]
        else:
            protocol, protocol_findings = parse_protocol(relative, raw, registers, strings)
            if cache is not None:
                cache[relative] = (digest, protocol, protocol_findings)
        findings.extend(protocol_findings)
        if protocol is not None:
            protocol.source_file = path.relative_to(root).as_posix()
            if drafts or protocol.status is not Status.DRAFT:
                protocols.append(protocol)
        else:
            findings.append(Finding(relative, 1, 1, Level.INFO, strings("messages.protocol_skipped")))
    protocols.sort(key=lambda p: (p.body, p.date))
    duplicate_findings = _duplicates(protocols, strings)
    findings.extend(duplicate_findings)
    duplicates = {finding.path for finding in duplicate_findings}
    protocols = [p for p in protocols if p.path not in duplicates]
    return Archive(registers, protocols, findings, register_state, root)


def _display(prefix: str, relative: str) -> str:
    return f"{prefix.rstrip('/')}/{relative}" if prefix else relative


def _register_state(root: Path) -> bytes:
    """A protocol's validity depends on the registers, so a register edit invalidates every cached parse."""
    state = hashlib.sha256()
    for name in REGISTER_FILES:
        file = root / name
        state.update(b"\0" + (file.read_bytes() if file.is_file() else b""))
    return state.digest()


def _duplicates(protocols: list[Protocol], strings: Strings) -> list[Finding]:
    findings = []
    by_meeting: dict[tuple[str, str], Protocol] = {}
    by_number: dict[tuple[str, str], Protocol] = {}
    for protocol in protocols:
        meeting = (protocol.body, protocol.date.isoformat())
        if meeting in by_meeting:
            message = strings("messages.duplicate_protocol", other=by_meeting[meeting].path)
            findings.append(Finding(protocol.path, protocol.field_lines.get("datum", 1), 1, Level.ERROR, message))
        else:
            by_meeting[meeting] = protocol
        if protocol.number:
            number = (protocol.body, protocol.number)
            if number in by_number:
                message = strings("messages.duplicate_number", number=protocol.number, other=by_number[number].path)
                findings.append(Finding(protocol.path, protocol.field_lines.get("nummer", 1), 1, Level.ERROR, message))
            else:
                by_number[number] = protocol
    return findings

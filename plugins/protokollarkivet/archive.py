"""Reading the whole archive directory: registers first, then every protocol checked against them."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .model import Archive, Finding, Level, Protocol
from .parser import parse_protocol
from .registers import REGISTER_FILES, load_registers
from .strings import Strings, load_strings


def protocol_paths(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*.md") if path.is_file() and not path.name.startswith("."))


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
    protocols: list[Protocol] = []
    for path in protocol_paths(root):
        relative = _display(prefix, path.relative_to(root).as_posix())
        raw = path.read_bytes()
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
            if drafts or protocol.status != "utkast":
                protocols.append(protocol)
        else:
            findings.append(Finding(relative, 1, 1, Level.INFO, strings("messages.protocol_skipped")))
    protocols.sort(key=lambda p: (p.body, p.date))
    duplicate_findings = _duplicates(protocols, strings)
    findings.extend(duplicate_findings)
    duplicates = {finding.path for finding in duplicate_findings}
    protocols = [p for p in protocols if p.path not in duplicates]
    return Archive(registers, protocols, findings, register_state)


def _display(prefix: str, relative: str) -> str:
    return f"{prefix.rstrip('/')}/{relative}" if prefix else relative


def _register_state(root: Path) -> bytes:
    """A protocol's validity depends on the registers, so a register edit invalidates every cached parse."""
    state = hashlib.sha256()
    for name in REGISTER_FILES:
        file = root / name
        state.update(b"\0" + (file.read_bytes() if file.exists() else b""))
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

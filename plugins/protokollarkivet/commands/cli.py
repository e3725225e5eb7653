"""The `protokoll` command: check protocols, start a new one, import old ones."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from ..format import Finding, Level, load_archive, load_registers, protocol_paths
from ..format.model import Registers
from ..index import Reference, assignments, build_index
from ..strings import Strings, load_strings
from . import justering, verify
from .guard import BECOMES_APPROVED, GitError, approvals_since, check_against_base, head_commit
from .importing import bulk
from .new import DraftError, make_draft


def _unresolved(reference: Reference) -> str:
    """Why a reference links nowhere: a meeting the archive lacks, or a date no meeting can have."""
    return "invalid_reference_date" if reference.date is None and reference.number is None else "unresolved_reference"


def main(argv: Sequence[str] | None = None) -> int:
    """Run `protokoll` with `argv` (default: the command line); returns the exit status."""
    help_text = load_strings().section("cli")
    parser = argparse.ArgumentParser(prog="protokoll", description=help_text["description"])
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help=help_text["check"])
    check.add_argument("paths", nargs="*", help=help_text["check_paths"])
    check.add_argument("--archive", default="protocols", help=help_text["archive"])
    check.add_argument("--format", choices=("text", "github"), default="text", help=help_text["format"])
    check.add_argument("--base", metavar="REF", help=help_text["base"])

    new = commands.add_parser("new", help=help_text["new"])
    new.add_argument("--body", required=True, help=help_text["body"])
    new.add_argument("--date", required=True, help=help_text["date"])
    new.add_argument("--archive", default="protocols", help=help_text["archive"])

    importing = commands.add_parser("import", help=help_text["import"])
    importing.add_argument("files", nargs="+", type=Path, help=help_text["import_files"])
    importing.add_argument("--body", help=help_text["import_body"])
    importing.add_argument("--archive", default="protocols", help=help_text["archive"])
    importing.add_argument("--report", type=Path, metavar="FILE.json", help=help_text["import_report"])

    approval = commands.add_parser("justering", help=help_text["justering"])
    approval.add_argument("--base", required=True, metavar="REF", help=help_text["justering_base"])
    approval.add_argument("--reviews", required=True, type=Path, metavar="FILE", help=help_text["justering_reviews"])
    approval.add_argument("--head", metavar="SHA", help=help_text["justering_head"])
    approval.add_argument("--archive", default="protocols", help=help_text["archive"])
    approval.add_argument("--format", choices=("text", "github"), default="text", help=help_text["format"])

    verifying = commands.add_parser("verifiera", help=help_text["verify"])
    verifying.add_argument("file", type=Path, help=help_text["verify_file"])
    verifying.add_argument("--site", metavar="DIR|URL", help=help_text["verify_site"])
    verifying.add_argument("--archive", default="protocols", help=help_text["archive"])
    verifying.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help=help_text["verify_config"])

    arguments = parser.parse_args(argv)
    if arguments.command == "verifiera":
        return run_verify(arguments.file, arguments.site, Path(arguments.archive), arguments.config)
    if arguments.command == "justering":
        return run_justering(Path(arguments.archive), arguments.base, arguments.reviews, arguments.head, arguments.format)
    if arguments.command == "check":
        return run_check(Path(arguments.archive), arguments.paths, arguments.format, arguments.base)
    if arguments.command == "new":
        return run_new(Path(arguments.archive), arguments.body, arguments.date)
    if arguments.command == "import":
        return run_import(Path(arguments.archive), arguments.files, arguments.body, arguments.report)
    return 2


def run_check(root: Path, only: Sequence[str], output_format: str, base: str | None = None) -> int:
    """`protokoll check`: 0 without errors, 1 with, 2 when the archive or git cannot be read."""
    strings = load_strings()
    if not root.is_dir():
        print(f"{root}: {strings('messages.no_archive', path=root)}", file=sys.stderr)
        return 2
    prefix = root.as_posix().rstrip("/")
    archive = load_archive(root, strings, prefix=prefix)
    findings = [f for f in archive.findings if f.message != strings("messages.protocol_skipped")]
    index = build_index(archive)
    findings += [
        Finding(reference.source.path, reference.line, 1, Level.INFO, strings(f"messages.{_unresolved(reference)}", text=reference.text))
        for reference in index.unresolved
    ]
    findings += assignments.problem_findings(index, strings)
    if base:
        try:
            findings += check_against_base(root, base, prefix, strings)
            # protocols that become justerat: a correction's approvers are held to their accounts by
            # `protokoll justering`, which names them there
            needed = {f"{prefix}/{path}": why for path, why in approvals_since(root, base).items() if why == BECOMES_APPROVED}
            findings += justering.missing_accounts(archive, needed, strings)
        except GitError as error:
            print(strings("messages.git_failed", base=base, detail=error), file=sys.stderr)
            return 2
    if only:
        wanted = {Path(p).resolve() for p in only}
        findings = [f for f in findings if Path(f.path).resolve() in wanted]
    _print_findings(findings, output_format, strings)
    errors = sum(1 for f in findings if f.level is Level.ERROR)
    warnings = sum(1 for f in findings if f.level is Level.WARNING)
    counts = {
        key: strings.plural(key, count)
        for key, count in (("protocols", len(protocol_paths(root))), ("errors", errors), ("warnings", warnings))
    }
    print(strings("messages.check_summary", **counts), file=sys.stderr)
    return 1 if errors else 0


def _print_findings(findings: list[Finding], output_format: str, strings: Strings) -> None:
    findings.sort(key=lambda f: (f.path, f.line, f.column))
    names = strings.section("levels")
    for finding in findings:
        print(github_annotation(finding) if output_format == "github" else finding.format(names))


def run_justering(root: Path, base: str, reviews_file: Path, head: str | None, output_format: str) -> int:
    """`protokoll justering`: 0 when every required approval is there, 1 when one is missing, 2 when the
    archive, git or the reviews cannot be read."""
    strings = load_strings()
    if not root.is_dir():
        print(f"{root}: {strings('messages.no_archive', path=root)}", file=sys.stderr)
        return 2
    try:
        reviews = justering.read_reviews_file(reviews_file)
    except justering.ReviewsError as error:
        detail = strings(f"messages.{error.key}", detail=error.detail)
        print(strings("messages.reviews_unreadable", path=reviews_file, detail=detail), file=sys.stderr)
        return 2
    prefix = root.as_posix().rstrip("/")
    try:
        needed = {f"{prefix}/{path}": why for path, why in approvals_since(root, base).items()}
        head = head or head_commit(root)
    except GitError as error:
        print(strings("messages.git_failed", base=base, detail=error), file=sys.stderr)
        return 2
    if not needed:
        print(strings("messages.justering_none", base=base), file=sys.stderr)
        return 0
    archive = load_archive(root, strings, prefix=prefix)
    findings = justering.check_approvals(archive, needed, reviews, head, strings)
    _print_findings(findings, output_format, strings)
    counts = {"protocols": strings.plural("protocols", len(needed)), "errors": strings.plural("errors", len(findings))}
    print(strings("messages.justering_summary", **counts), file=sys.stderr)
    return 1 if findings else 0


def run_verify(file: Path, site: str | None, root: Path, config: Path) -> int:
    """`protokoll verifiera`: 0 when the copy is the published protocol, 1 when it is not (saying what
    differs), 2 when the copy or the publication cannot be read."""
    strings = load_strings()
    registers = load_registers(root, strings)[0] if root.is_dir() else Registers()
    try:
        site = site or verify.site_address(config)
        verdict = verify.verify(file, verify.published_records(site), registers, strings)
    except verify.VerifyError as error:
        print(strings(f"messages.{error.key}", **error.values), file=sys.stderr)
        return 2
    values = {"path": file, "site": site, "id": verdict.protocol_id, "copy": verdict.copy, "published": verdict.published}
    if not verdict.found:
        print(strings("messages.verify_not_published", **values))
        return 1
    if verdict.unchanged:
        print(strings("messages.verify_unchanged", **values))
        return 0
    print(strings("messages.verify_changed", **values))
    for what, published, copy in verdict.differences:
        print(strings("messages.verify_difference", what=what, published=published, copy=copy))
    if not verdict.differences:
        print(strings("messages.verify_difference_hidden"))
    return 1


def run_new(root: Path, body: str, date: str) -> int:
    """`protokoll new`: writes a draft, never over an existing file."""
    strings = load_strings()
    if not root.is_dir():
        print(f"{root}: {strings('messages.no_archive', path=root)}", file=sys.stderr)
        return 2
    archive = load_archive(root, strings, prefix=root.as_posix())
    try:
        draft = make_draft(archive, root, body, date, strings)
    except DraftError as error:
        print(error, file=sys.stderr)
        return 1
    draft.path.parent.mkdir(parents=True, exist_ok=True)
    draft.path.write_text(draft.text, "utf-8")
    print(strings("messages.draft_written", path=draft.path))
    return 0


def run_import(root: Path, files: Sequence[Path], body: str | None, report: Path | None = None) -> int:
    """`protokoll import FILE|DIR...`: a draft per original, a report of what to check, a summary.
    0 when every original was imported or already present, 1 when one failed, 2 without an archive."""
    strings = load_strings()
    if not root.is_dir():
        print(f"{root}: {strings('messages.no_archive', path=root)}", file=sys.stderr)
        return 2
    registers, _ = load_registers(root, strings)
    sources = bulk.originals(files)
    outcomes = _import_with_progress(sources, root, registers, strings, body)
    names = strings.section("levels")
    detailed = len(sources) <= DETAILED_IMPORTS
    for outcome in outcomes:
        if outcome.status == bulk.FAILED:
            print(f"{outcome.source}: {names['error']}: {outcome.reason}", file=sys.stderr)
            print(strings("messages.import_nothing_written", source=outcome.source), file=sys.stderr)
        elif outcome.status == bulk.PRESENT:
            print(f"{outcome.source}: {names['warning']}: {outcome.reason}", file=sys.stderr)
        else:
            print(strings("messages.import_written", path=outcome.target))
            if detailed:
                for note in outcome.report:
                    print(f"{outcome.source}:{note['line']}: {names[str(note['level'])]}: {note['message']}")
                for finding in outcome.findings:
                    print(finding)
    _print_summary(outcomes, strings)
    if report is not None:
        bulk.write_report(outcomes, report)
        print(strings("messages.import_report_written", path=report), file=sys.stderr)
    return 1 if any(o.status == bulk.FAILED for o in outcomes) else 0


DETAILED_IMPORTS = 10  # up to this many originals, every note is printed; more go to the summary and --report


def _import_with_progress(sources: list[Path], root: Path, registers: Registers, strings: Strings, body: str | None) -> list[bulk.Outcome]:
    """Imports, with a progress bar when the output is a terminal (rich)."""
    if not sys.stderr.isatty() or len(sources) < 2:
        return bulk.import_all(sources, root, registers, strings, body)
    from rich.progress import Progress

    with Progress(transient=True) as progress:
        task = progress.add_task(strings("messages.import_progress"), total=len(sources))
        return bulk.import_all(sources, root, registers, strings, body, lambda: progress.advance(task))


def _print_summary(outcomes: list[bulk.Outcome], strings: Strings) -> None:
    """The table at the end: files, imported, already present, needing review, failed (with reasons)."""
    from rich.console import Console
    from rich.table import Table

    labels = strings.section("cli")
    counts = bulk.summary(outcomes)
    table = Table(title=labels["import_summary_title"])
    table.add_column(labels["import_summary_what"])
    table.add_column(labels["import_summary_count"], justify="right")
    for key in ("files", *bulk.STATUSES):
        table.add_row(labels[f"import_summary_{key}"], str(counts[key]))
    console = Console(stderr=True, width=100, force_terminal=False)
    console.print(table)
    for outcome in outcomes:
        if outcome.status == bulk.FAILED:
            console.print(f"{outcome.source}: {outcome.reason}", markup=False)


def github_annotation(finding: Finding) -> str:
    """A workflow command that GitHub shows inline on the pull request's diff."""
    command = {Level.ERROR: "error", Level.WARNING: "warning", Level.INFO: "notice"}[finding.level]
    message = finding.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::{command} file={finding.path},line={finding.line},col={finding.column}::{message}"


if __name__ == "__main__":
    sys.exit(main())

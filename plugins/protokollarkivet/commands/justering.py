"""Justering by the people a protocol names: their own approval, on the version that is published.

A protocol is justerat when its chair and adjusters (or the roles its body's `justeras av` names) have
approved it. `protokoll justering` holds each protocol that becomes justerat in a change, and each
justerat protocol that gains a correction, to the reviews of the pull request that makes the change:
every required approver's GitHub account (personer.yml: `github`) must have approved, in their latest
review, the commit that is merged. The reviews are GitHub's REST API answer for the pull request's
reviews, read from a file so that the command needs no network and the tests run offline.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..format.model import Archive, Finding, Level, Protocol
from ..format.spec import APPROVAL, DEFAULT_APPROVERS
from ..strings import Strings

APPROVED, CHANGES_REQUESTED, DISMISSED = "APPROVED", "CHANGES_REQUESTED", "DISMISSED"
# A comment neither gives nor takes back an approval (as on GitHub); a pending review is not submitted.
DECISIVE_STATES = (APPROVED, CHANGES_REQUESTED, DISMISSED)


class ReviewsError(Exception):
    """The reviews file cannot be read as GitHub's list of reviews; `key` names the message saying why."""

    def __init__(self, key: str, detail: str = "") -> None:
        super().__init__(key)
        self.key = key
        self.detail = detail


@dataclass(frozen=True)
class Review:
    """One submitted review of the pull request."""

    login: str
    state: str
    commit: str
    submitted: str


@dataclass(frozen=True)
class Approver:
    """A person whose approval a protocol requires, and their GitHub account ('' when none is known)."""

    name: str
    handle: str


def read_reviews(raw: bytes) -> list[Review]:
    """GitHub's `GET /repos/{owner}/{repo}/pulls/{number}/reviews` answer: a list of reviews, or the
    list of pages `gh api --paginate --slurp` makes of it."""
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ReviewsError("reviews_not_json", str(error)) from None
    if not isinstance(data, list):
        raise ReviewsError("reviews_not_list")
    entries = [entry for page in data for entry in page] if all(isinstance(page, list) for page in data) and data else data
    return [review for entry in entries if (review := _review(entry)) is not None]


def _review(entry: Any) -> Review | None:
    if not isinstance(entry, dict):
        raise ReviewsError("reviews_not_list")
    user = entry.get("user") or {}
    login, state = user.get("login") if isinstance(user, dict) else None, entry.get("state")
    if not isinstance(login, str) or not isinstance(state, str):
        raise ReviewsError("review_incomplete")
    if not entry.get("submitted_at"):
        return None  # pending: not given yet
    return Review(login, state.upper(), str(entry.get("commit_id") or ""), str(entry["submitted_at"]))


def latest_reviews(reviews: list[Review]) -> dict[str, Review]:
    """Each reviewer's latest review that approves, asks for changes or was dismissed, by lower-case login."""
    latest: dict[str, Review] = {}
    for review in sorted(reviews, key=lambda r: r.submitted):  # ISO 8601 in UTC: sorts as text
        if review.state in DECISIVE_STATES:
            latest[review.login.lower()] = review
    return latest


def required_approvers(protocol: Protocol, archive: Archive) -> list[Approver]:
    """Who must approve `protocol`: the roles its body names (the chair and the adjusters by default)."""
    body = archive.registers.bodies.get(protocol.body)
    roles = body.approvers if body else DEFAULT_APPROVERS
    approvers = []
    for name in protocol.approvers(roles):
        person = archive.registers.person_by_name(name)
        approvers.append(Approver(name, person.github if person else ""))
    return approvers


def _line(protocol: Protocol) -> int:
    return protocol.field_lines.get(APPROVAL) or protocol.field_lines.get("status") or 1


def missing_accounts(archive: Archive, needed: dict[str, str], strings: Strings) -> list[Finding]:
    """For `protokoll check --base`: required approvers without a GitHub account, in the protocols of
    `needed` (by the protocol's shown path)."""
    findings = []
    for protocol in archive.protocols:
        if protocol.path not in needed:
            continue
        for approver in required_approvers(protocol, archive):
            if not approver.handle:
                message = strings("messages.approver_without_account", name=approver.name)
                findings.append(Finding(protocol.path, _line(protocol), 1, Level.ERROR, message))
    return findings


def check_approvals(archive: Archive, needed: dict[str, str], reviews: list[Review], head: str, strings: Strings) -> list[Finding]:
    """An error for each required approver of each protocol in `needed` whose latest review is not an
    approval of `head`; `needed` maps a protocol's shown path to why it needs approval."""
    latest = latest_reviews(reviews)
    findings = []
    for protocol in archive.protocols:
        if protocol.path not in needed:
            continue
        for approver in required_approvers(protocol, archive):
            problem = _missing(approver, latest, head, strings)
            if problem:
                findings.append(Finding(protocol.path, _line(protocol), 1, Level.ERROR, problem))
    return findings


def _missing(approver: Approver, latest: dict[str, Review], head: str, strings: Strings) -> str:
    """What is missing of `approver`'s approval of `head`, or '' when it is there."""
    if not approver.handle:
        return strings("messages.approver_without_account", name=approver.name)
    values = {"name": approver.name, "handle": approver.handle, "head": head[:7]}
    review = latest.get(approver.handle.lower())
    if review is None:
        return strings("messages.approval_not_given", **values)
    if review.state == CHANGES_REQUESTED:
        return strings("messages.approval_changes_requested", **values)
    if review.state == DISMISSED:
        return strings("messages.approval_dismissed", **values)
    if review.commit != head:
        return strings("messages.approval_outdated", commit=review.commit[:7], **values)
    return ""


def read_reviews_file(path: Path) -> list[Review]:
    """The reviews in `path`; ReviewsError when it cannot be read."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ReviewsError("reviews_unreadable_file", error.strerror or str(error)) from None
    return read_reviews(raw)

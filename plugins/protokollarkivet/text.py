"""Small text helpers: slugs, close-match suggestions, times."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

_TIME = re.compile(r"^(\d{1,2})[.:](\d{2})$")


def slugify(text: str) -> str:
    """'Örkelljunga' -> 'orkelljunga': ASCII so URLs survive copying into any mail client."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "x"


def closest(name: str, candidates: Iterable[str]) -> str | None:
    pool = list(candidates)
    by_fold = {c.casefold(): c for c in pool}
    matches = difflib.get_close_matches(name.casefold(), list(by_fold), n=1, cutoff=0.6)
    return by_fold[matches[0]] if matches else None


def normalise_time(text: str) -> str | None:
    """'9.20' or '09:20' -> '09:20'; None when it is not a time of day."""
    match = _TIME.match(text.strip())
    if not match:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2))
    if hours > 23 or minutes > 59:
        return None
    return f"{hours:02d}:{minutes:02d}"


def yaml_scalar(value: str) -> str:
    """A scalar safe to write unquoted in a hand-editable YAML line, or quoted when YAML would misread it."""
    if not value or value[0] in "!&*[]{}#|>@`'\"%-?:,~" or ": " in value or " #" in value or value.endswith(":"):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return value

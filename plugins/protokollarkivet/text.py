"""Small text helpers: slugs, close-match suggestions, look-alike characters, times."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

_TIME = re.compile(r"^(\d{1,2})[.:](\d{2})$")

# Characters that change a name without changing how it looks: text pasted from Word, PDF or the web
# brings them. A name that differs from a registered one only by these is named with the character.
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e")
SPACES = frozenset("\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t")
# Cyrillic and Greek letters drawn like Latin ones
_CONFUSABLES = {
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S", "ο": "o", "α": "a", "ε": "e", "ι": "i", "κ": "k", "ν": "v",
    "ρ": "p", "τ": "t", "υ": "u", "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K",
    "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
}  # fmt: skip
_SKELETON = str.maketrans({**_CONFUSABLES, **{c: "" for c in INVISIBLE}, **{c: " " for c in SPACES}})


def slugify(text: str) -> str:
    """'Örkelljunga' -> 'orkelljunga': ASCII so URLs survive copying into any mail client."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "x"


def closest(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate most like `name`, for 'menade du …?'; None when none is close."""
    pool = list(candidates)
    by_fold = {c.casefold(): c for c in pool}
    matches = difflib.get_close_matches(name.casefold(), list(by_fold), n=1, cutoff=0.6)
    return by_fold[matches[0]] if matches else None


def skeleton(text: str) -> str:
    """How a name looks: NFC, invisible characters dropped, odd spaces as spaces, look-alike letters as
    the Latin ones they resemble, case folded."""
    return " ".join(unicodedata.normalize("NFC", text).translate(_SKELETON).casefold().split())


def odd_characters(text: str) -> list[str]:
    """The characters in `text` that make it differ from how it looks: invisible, odd spaces, look-alikes."""
    return list(dict.fromkeys(c for c in text if c in INVISIBLE or (c in SPACES and c != "\t") or c in _CONFUSABLES))


def describe_character(char: str, names: dict[str, str]) -> str:
    """'U+00A0 hårt mellanslag': the code point and a name, from `names` (the locale) or Unicode's."""
    name = names.get(f"U+{ord(char):04X}") or unicodedata.name(char, "").lower() or "?"
    return f"U+{ord(char):04X} {name}"


def normalise_time(text: str) -> str | None:
    """'9.20' or '09:20' -> '09:20'; None when it is not a time of day."""
    match = _TIME.match(text.strip())
    if not match:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2))
    if hours > 23 or minutes > 59:
        return None
    return f"{hours:02d}:{minutes:02d}"


def number_ranges(numbers: list[int]) -> str:
    """[2, 3, 4, 6] -> '2–4, 6': runs of consecutive numbers as ranges."""
    runs: list[list[int]] = []
    for number in sorted(set(numbers)):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(f"{run[0]}–{run[-1]}" if len(run) > 2 else ", ".join(map(str, run)) for run in runs)

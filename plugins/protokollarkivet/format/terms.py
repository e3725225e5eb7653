"""Terms of office (mandatperioder), by which attendance is counted.

A body may list its own in organ.yml (`mandatperioder`); otherwise the Swedish municipal terms apply:
four years since the election of 1994, three years from 1970 to 1994, each running from the day after
the general election year's start date (1 November; 15 October since the 2014 amendment of the Local
Government Act) to the day before the next one's.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

FIRST_ELECTION = 1970  # the first general election held on one day for the Riksdag and the municipalities
FOUR_YEAR_TERMS_FROM = 1994
OCTOBER_START_FROM = 2014


@dataclass(frozen=True)
class Term:
    """A term of office: its name ('2022–2026') and its first and last day."""

    name: str
    start: dt.date
    end: dt.date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


def election_years(until: int) -> list[int]:
    """The general election years from 1970 up to and including `until`."""
    years, year = [], FIRST_ELECTION
    while year <= until:
        years.append(year)
        year += 3 if year < FOUR_YEAR_TERMS_FROM else 4
    return years


def _term_start(election_year: int) -> dt.date:
    return dt.date(election_year, 10, 15) if election_year >= OCTOBER_START_FROM else dt.date(election_year, 11, 1)


def municipal_terms(first: dt.date, last: dt.date) -> list[Term]:
    """The municipal terms that hold any day from `first` to `last`, oldest first."""
    years = election_years(last.year + 4)
    terms = []
    for year, following in itertools.pairwise(years):
        term = Term(f"{year}–{following}", _term_start(year), _term_start(following) - dt.timedelta(days=1))
        if term.end >= first and term.start <= last:
            terms.append(term)
    return terms


def term_of(day: dt.date, terms: list[Term]) -> Term | None:
    """The term `day` falls in, if any."""
    return next((term for term in terms if day in term), None)

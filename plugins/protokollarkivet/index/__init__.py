"""The cross-reference index: who was where, what was decided, what refers to what.

Stage 2 of 4 (format → index → render → publish).
"""

from . import assignments, attendance
from .assignments import AssignmentEntry
from .build import DecisionEntry, Index, MunicipalityEntry, PersonEntry, ProjectEntry, Reference, build_index
from .matcher import Match, Matcher

__all__ = [
    "AssignmentEntry",
    "DecisionEntry",
    "Index",
    "Match",
    "Matcher",
    "MunicipalityEntry",
    "PersonEntry",
    "ProjectEntry",
    "Reference",
    "assignments",
    "attendance",
    "build_index",
]

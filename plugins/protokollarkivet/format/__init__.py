"""The protocol format: reading and validating protocols and registers into plain data types.

Stage 1 of 4 (format → index → render → publish). Nothing here knows about MkDocs.
"""

from .archive import load_archive, protocol_paths
from .model import Archive, Finding, Level, Protocol, Registers
from .parser import parse_protocol
from .registers import load_registers
from .spec import Status

__all__ = [
    "Archive",
    "Finding",
    "Level",
    "Protocol",
    "Registers",
    "Status",
    "load_archive",
    "load_registers",
    "parse_protocol",
    "protocol_paths",
]

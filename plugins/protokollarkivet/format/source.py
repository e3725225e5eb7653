"""Reading a file of the archive: bytes to normalised text, front-matter split off, YAML with positions.

Every reader of protocols (the parser, the approval guard, `protokoll new` and `import`) goes through
`read_text` and `split`, so a byte-order mark, CRLF line endings, letters saved decomposed (å as a and a
combining ring, as macOS and some PDF tools write it) or a missing final newline can neither hide a file
from one of them nor change what another sees. The fingerprint is taken of the normalised text, so
re-saving a file with other line endings does not change it. Control characters, which nobody writes in
minutes on purpose and which change how text shows without showing themselves, are refused.

YAML is composed into nodes by PyYAML and built into plain values here, so that duplicate keys and
aliases (an alias bomb expands exponentially) are rejected and every value keeps its line. Scalars keep
the text they were written as: a text field written `0x1F` is the text "0x1F", not the number 31.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

from .safety import position
from .spec import MAX_FILE_BYTES

YamlPath = tuple[str | int, ...]
# C0 and C1 controls but tab and line feed (left by broken conversions: U+0096 is a Windows en dash read
# as Latin-1), and the bidirectional embeddings, overrides and isolates, which can make a decision read
# backwards on the page ("Trojan Source", CVE-2021-42574).
CONTROL_CHARACTERS = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
FRONT_MATTER_FENCE = "---"


class SourceError(Exception):
    """A file that cannot be read as what it should be; `key` names the message under `messages.`."""

    def __init__(self, message_key: str, line: int, column: int = 1, /, **values: Any) -> None:
        super().__init__(message_key)
        self.key = message_key
        self.line = line
        self.column = column
        self.values = values


def read_text(raw: bytes, limit: int = MAX_FILE_BYTES) -> str:
    """The file's text, normalised: UTF-8 without byte-order mark, LF line endings, letters composed (NFC),
    one final newline. Raises SourceError, also for a control character (its line and column)."""
    if len(raw) > limit:
        raise SourceError("file_too_large", 1, limit=limit // 1000)
    if b"\x00" in raw:
        raise SourceError("binary_file", 1)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SourceError("not_utf8", raw[: error.start].count(b"\n") + 1) from None
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise SourceError("empty_file", 1)
    if (control := CONTROL_CHARACTERS.search(text)) is not None:
        line, column = position(text, control.start(), 1)
        raise SourceError("control_character", line, column, code=f"U+{ord(control.group()):04X}")
    return text.rstrip("\n") + "\n"


def fingerprint(text: str) -> str:
    """SHA-256 of a protocol's normalised text: what the published fingerprint and `verifiera` compare."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Split:
    """A protocol's two parts and the 1-based line each starts on."""

    front_matter: str
    front_matter_line: int
    body: str
    body_line: int


def split(text: str) -> Split:
    """Front-matter between a first line `---` and the next line `---`; the rest is the Markdown body."""
    lines = text.split("\n")
    if lines[0].rstrip() != FRONT_MATTER_FENCE:
        raise SourceError("no_front_matter", 1)
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip() == FRONT_MATTER_FENCE:
            return Split("\n".join(lines[1:number]), 2, "\n".join(lines[number + 1 :]), number + 2)
    raise SourceError("unclosed_front_matter", 1)


@dataclass
class Located:
    """A YAML document as plain values, with the line of every key and entry and each scalar's text."""

    value: Any
    lines: dict[YamlPath, int] = field(default_factory=dict)
    written: dict[YamlPath, str] = field(default_factory=dict)  # scalars as written, for text fields
    offset: int = 0  # added to every line: front-matter starts below the opening `---`

    def line(self, *path: str | int) -> int:
        """The line of the deepest part of `path` that exists."""
        for end in range(len(path), 0, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]] + self.offset
        return 1 + self.offset

    def text(self, *path: str | int) -> str | None:
        """The scalar at `path` as it was written (without quotes), or None when it is not a scalar."""
        return self.written.get(path)


# libyaml's parser, where PyYAML was built with it, is many times faster; both give the same nodes and marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str, offset: int = 0) -> Located:
    """Parse YAML text; lines in findings are shifted by `offset`. Raises SourceError."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        # The context mark is where the broken construct began (an unclosed bracket or quote),
        # which is the line the writer must fix; the problem mark is where the parser gave up.
        mark = error.context_mark or error.problem_mark
        line = mark.line + 1 if mark else 1
        column = mark.column + 1 if mark else 1
        raise SourceError("bad_yaml", line + offset, column, detail=error.problem or str(error)) from None
    except yaml.YAMLError as error:
        raise SourceError("bad_yaml", 1 + offset, detail=str(error)) from None
    located = Located(None, offset=offset)
    if node is not None:
        located.value = _Builder(located, offset).build(node, ())
    return located


_TEXT_WHEN_INVALID = frozenset(f"tag:yaml.org,2002:{kind}" for kind in ("timestamp", "int", "float"))


class _ScalarConstructor(yaml.constructor.SafeConstructor):
    pass


class _Builder:
    def __init__(self, located: Located, offset: int) -> None:
        self.located = located
        self.offset = offset
        self.seen: set[int] = set()
        self.constructor = _ScalarConstructor()

    def build(self, node: yaml.Node, path: YamlPath) -> Any:
        if id(node) in self.seen:
            raise SourceError("yaml_alias", node.start_mark.line + 1 + self.offset, node.start_mark.column + 1)
        self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, child in enumerate(node.value):
                self.located.lines[(*path, index)] = child.start_mark.line + 1
                items.append(self.build(child, (*path, index)))
            return items
        self.located.written[path] = str(node.value)
        try:
            return self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError) as error:
            if node.tag in _TEXT_WHEN_INVALID:
                # "2019-02-30", a number of 5,000 digits: left as text, which the field's reader
                # reports at its line, so that the rest of the file is still checked
                return str(node.value)
            raise SourceError("bad_yaml", node.start_mark.line + 1 + self.offset, detail=str(error)) from None

    def _mapping(self, node: yaml.MappingNode, path: YamlPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise SourceError("yaml_complex_key", line + self.offset)
            key = str(key_node.value)
            if key == "<<":
                raise SourceError("yaml_alias", line + self.offset, key_node.start_mark.column + 1)
            if key in result:
                raise SourceError("duplicate_key", line + self.offset, key_node.start_mark.column + 1, key=key)
            self.located.lines[(*path, key)] = line
            result[key] = self.build(value_node, (*path, key))
        return result


@dataclass(frozen=True)
class ProtocolSource:
    """A protocol file read and split: normalised text, its front-matter as located YAML, its body."""

    text: str
    front_matter: Located
    body: str
    body_line: int

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the normalised text."""
        return fingerprint(self.text)


def read_protocol(raw: bytes) -> ProtocolSource:
    """Bytes of a protocol file to its parts. Raises SourceError with the line to fix."""
    text = read_text(raw)
    parts = split(text)
    return ProtocolSource(text, load_yaml(parts.front_matter, parts.front_matter_line - 1), parts.body, parts.body_line)

"""Reading YAML so that every value keeps its line, and hostile input fails with a message, not a traceback.

PyYAML composes a node tree with positions; we construct plain Python values from it ourselves so that we
can reject duplicate keys and aliases (an alias bomb expands exponentially) and remember each line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

MAX_FILE_BYTES = 1_000_000

Path = tuple[str | int, ...]


class YamlProblem(Exception):
    def __init__(self, message_key: str, line: int, column: int = 1, /, **values: Any) -> None:
        super().__init__(message_key)
        self.key = message_key  # a key under `messages.` in the locale
        self.line = line
        self.column = column
        self.values = values


@dataclass
class Located:
    """A YAML document as plain values, plus the line (1-based) of every mapping key and sequence entry."""

    value: Any
    lines: dict[Path, int] = field(default_factory=dict)
    offset: int = 0  # added to every line: front-matter starts below the opening `---`

    def line(self, *path: str | int) -> int:
        """The line of the deepest part of `path` that exists."""
        for end in range(len(path), 0, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]] + self.offset
        return 1 + self.offset


class _ScalarConstructor(yaml.constructor.SafeConstructor):
    pass


def decode(raw: bytes) -> str:
    if len(raw) > MAX_FILE_BYTES:
        raise YamlProblem("file_too_large", 1, limit=MAX_FILE_BYTES // 1000)
    if b"\x00" in raw:
        raise YamlProblem("binary_file", 1)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise YamlProblem("not_utf8", line) from None
    if not text.strip():
        raise YamlProblem("empty_file", 1)
    return text.replace("\r\n", "\n")


# libyaml's parser, where PyYAML was built with it, is many times faster; both give the same nodes and marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str, offset: int = 0) -> Located:
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        # The context mark is where the broken construct began (an unclosed bracket or quote),
        # which is the line the writer must fix; the problem mark is where the parser gave up.
        mark = error.context_mark or error.problem_mark
        line = mark.line + 1 if mark else 1
        column = mark.column + 1 if mark else 1
        raise YamlProblem("bad_yaml", line + offset, column, detail=error.problem or str(error)) from None
    except yaml.YAMLError as error:
        raise YamlProblem("bad_yaml", 1 + offset, detail=str(error)) from None
    located = Located(None, {}, offset)
    if node is None:
        return located
    located.value = _construct(node, (), located.lines, set(), offset)
    return located


def _construct(node: yaml.Node, path: Path, lines: dict[Path, int], seen: set[int], offset: int) -> Any:
    if id(node) in seen:
        raise YamlProblem("yaml_alias", node.start_mark.line + 1 + offset, node.start_mark.column + 1)
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem("yaml_complex_key", key_node.start_mark.line + 1 + offset)
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key == "<<":
                raise YamlProblem("yaml_alias", line + offset, key_node.start_mark.column + 1)
            if key in result:
                raise YamlProblem("duplicate_key", line + offset, key_node.start_mark.column + 1, key=key)
            lines[path + (key,)] = line
            result[key] = _construct(value_node, path + (key,), lines, seen, offset)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, child in enumerate(node.value):
            lines[path + (index,)] = child.start_mark.line + 1
            items.append(_construct(child, path + (index,), lines, seen, offset))
        return items
    try:
        return _ScalarConstructor().construct_object(node)
    except (yaml.YAMLError, ValueError, OverflowError) as error:
        raise YamlProblem("bad_yaml", node.start_mark.line + 1 + offset, detail=str(error)) from None

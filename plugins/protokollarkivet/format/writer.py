"""Writing protocol files: the drafts that `protokoll new` and `protokoll import` make.

Values are written by a YAML serialiser (python-frontmatter's YAML handler, PyYAML's safe dumper), never
by string templates, so a place or a name with a colon, a quote or a backslash reads back as written.
"""

from __future__ import annotations

from typing import Any

from frontmatter import YAMLHandler

from .source import FRONT_MATTER_FENCE

_HANDLER = YAMLHandler()


def yaml_fields(fields: dict[str, Any], comments: dict[str, str] | None = None) -> str:
    """The fields as YAML in the order given, each preceded by its comment (`# ...`) if it has one."""
    lines: list[str] = []
    for key, value in fields.items():
        lines += [f"# {comment_line}".rstrip() for comment_line in (comments or {}).get(key, "").splitlines()]
        lines.append(_HANDLER.export({key: value}, sort_keys=False, width=4096).rstrip("\n"))
    return "\n".join(lines)


def protocol_text(fields: dict[str, Any], body: str, comments: dict[str, str] | None = None) -> str:
    """A whole protocol file: front-matter between `---` lines, then the Markdown body."""
    return f"{FRONT_MATTER_FENCE}\n{yaml_fields(fields, comments)}\n{FRONT_MATTER_FENCE}\n\n{body.strip()}\n"

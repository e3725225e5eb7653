"""User-facing strings, loaded from `locales/<lang>.yml` so another language can be added beside Swedish."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

LANGUAGES = ("sv",)  # the locales shipped in locales/


class Strings:
    """The strings of one language, looked up by dotted key ("ui.start_title")."""

    def __init__(self, table: dict[str, Any]) -> None:
        self._table = table

    def __call__(self, key: str, /, **values: Any) -> str:
        """The string at a dotted key, formatted with `values`; a missing key is a bug, so it raises."""
        node: Any = self._table
        for part in key.split("."):
            node = node[part]
        return str(node).format(**values) if values else str(node)

    def section(self, key: str) -> dict[str, Any]:
        """A whole section, such as "ui", for templates."""
        node: Any = self._table
        for part in key.split("."):
            node = node[part]
        return dict(node)

    def plural(self, key: str, count: int) -> str:
        """'1 möte', '2 möten': the form of `ui.plurals.<key>` for `count` (Swedish: one and other)."""
        forms = self._table["ui"]["plurals"][key]
        return str(forms["one"] if count == 1 else forms["other"]).format(count=count)

    def duration(self, months: int) -> str:
        """'2 år och 9 månader', '5 månader'."""
        years, months = divmod(months, 12)
        parts = [self.plural("years", years)] if years else []
        if months or not years:
            parts.append(self.plural("months", months))
        return f" {self('ui.and')} ".join(parts)

    @property
    def table(self) -> dict[str, Any]:
        """Everything, as loaded."""
        return self._table


@cache
def load_strings(language: str = "sv") -> Strings:
    """The strings of `language` (one of LANGUAGES)."""
    text = resources.files("protokollarkivet").joinpath("locales", f"{language}.yml").read_text("utf-8")
    return Strings(yaml.safe_load(text))

"""User-facing strings, loaded from `locales/<lang>.yml` so another language can be added beside Swedish."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


class Strings:
    def __init__(self, table: dict[str, Any]) -> None:
        self._table = table

    def __call__(self, key: str, /, **values: Any) -> str:
        """The string at a dotted key, formatted with `values`; a missing key is a bug, so it raises."""
        node: Any = self._table
        for part in key.split("."):
            node = node[part]
        return str(node).format(**values) if values else str(node)

    def section(self, key: str) -> dict[str, Any]:
        node: Any = self._table
        for part in key.split("."):
            node = node[part]
        return dict(node)

    @property
    def table(self) -> dict[str, Any]:
        return self._table


@lru_cache(maxsize=None)
def load_strings(language: str = "sv") -> Strings:
    text = resources.files("protokollarkivet").joinpath("locales", f"{language}.yml").read_text("utf-8")
    return Strings(yaml.safe_load(text))

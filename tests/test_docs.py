"""Every protocol and YAML example in docs/ passes the checker: the guide must not teach what fails.

A Markdown block that starts with `---` is a whole protocol. A YAML block whose first line names a
register (`# personer.yml`) is added to that register. Any other YAML block is a part of a protocol's
front-matter: its fields replace those of a real protocol, which must then still pass."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from protokollarkivet.format import Level, load_archive
from protokollarkivet.format.source import read_protocol
from protokollarkivet.format.spec import PUBLISHER_FILE, REGISTER_FILES
from protokollarkivet.format.writer import protocol_text

_BLOCK = re.compile(r"^(?P<indent> *)```(?P<language>\w+)\n(?P<text>.*?)^(?P=indent)```", re.MULTILINE | re.DOTALL)


def _examples() -> list[tuple[str, str, str]]:
    found = []
    for page in sorted((REPO / "docs").rglob("*.md")):
        for match in _BLOCK.finditer(page.read_text("utf-8")):
            indent = len(match.group("indent"))
            text = "\n".join(line[indent:] for line in match.group("text").splitlines())
            if match.group("language") in ("yaml", "markdown") and (match.group("language") == "yaml" or text.startswith("---")):
                line = page.read_text("utf-8")[: match.start()].count("\n") + 1
                found.append((f"{page.relative_to(REPO)}:{line}", match.group("language"), text))
    return found


EXAMPLES = _examples()


def test_the_guides_have_examples() -> None:
    assert len([e for e in EXAMPLES if e[1] == "markdown"]) >= 1 and len([e for e in EXAMPLES if e[1] == "yaml"]) >= 5


def _errors(root: Path, strings) -> list[str]:
    return [f.format() for f in load_archive(root, strings).findings if f.level is Level.ERROR]


@pytest.mark.parametrize(("where", "language", "text"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_every_example_passes_the_checker(tmp_path: Path, strings, where: str, language: str, text: str) -> None:
    root = tmp_path / "protocols"
    shutil.copytree(REPO / "protocols", root)
    first_line = text.splitlines()[0].removeprefix("#").strip()
    if language == "markdown":
        front = read_protocol(text.encode("utf-8")).front_matter.value
        target = root / front["organ"] / f"{front['datum']}.md"
        target.parent.mkdir(exist_ok=True)
        target.write_text(text, "utf-8")
    elif first_line == PUBLISHER_FILE:  # one mapping, not a list: the example is the whole file
        (root / first_line).write_text(text + "\n", "utf-8")
    elif first_line in REGISTER_FILES:
        register = root / first_line
        register.write_text(register.read_text("utf-8").rstrip("\n") + "\n" + text + "\n", "utf-8")
    else:
        # fields for a protocol: merged into the one its first line names ("# organ/date.md"), or 2019's
        target = root / (first_line if (root / first_line).is_file() else "kommundirektorsgruppen/2019-11-22.md")
        seed = read_protocol(target.read_bytes())
        fields = {**seed.front_matter.value, **yaml.safe_load(text)}
        target.write_text(protocol_text(fields, seed.body), "utf-8")
    assert _errors(root, strings) == [], where

"""`protokoll verifiera`: is a copy of a protocol the one the archive published?

The copy's fingerprint (SHA-256 of its normalised text, as the site publishes it) is compared with the
one in the published `api/v1/protocols.json`, of a built site folder or of the public address. When
they differ, the copy is read as the archive reads a protocol and its open-data record is compared with
the published one field by field, so the answer says what differs, not only that something does.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..format.model import Archive, Registers
from ..format.parser import parse_protocol
from ..format.source import SourceError, read_protocol
from ..index import build_index
from ..render import opendata
from ..render.urls import API_DIR, UrlScheme
from ..strings import Strings
from ..text import slugify

PROTOCOLS_JSON = f"{API_DIR}/protocols.json"
SITE_URL_VARIABLE = "PROTOKOLL_SITE_URL"
# Where the copy and the publication may differ without the text differing: addresses, the links the
# whole archive resolves, the fingerprint itself.
NOT_COMPARED = frozenset({"url", "sha256", "source", "references", "referenced_by"})
FETCH_TIMEOUT = 30  # seconds


class VerifyError(Exception):
    """The copy or the publication cannot be read; `key` names the message saying why."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass
class Verdict:
    """The outcome: unchanged or not, the fingerprints, and what differs as (what, published, copy)."""

    unchanged: bool
    protocol_id: str
    published: str
    copy: str
    differences: list[tuple[str, str, str]]
    found: bool = True


def site_address(config_file: Path) -> str:
    """The public address: PROTOKOLL_SITE_URL, else `site_url` in mkdocs.yml."""
    override = os.environ.get(SITE_URL_VARIABLE, "").strip()
    if override:
        return override
    from mkdocs.utils.yaml import yaml_load

    try:
        with config_file.open("rb") as file:
            config = yaml_load(file)
    except (OSError, ValueError) as error:
        raise VerifyError("verify_no_address", config=config_file, detail=error) from None
    address = (config or {}).get("site_url")
    if not address:
        raise VerifyError("verify_no_address", config=config_file, detail="site_url")
    return str(address)


def published_records(site: str) -> list[dict[str, Any]]:
    """The published protocols of a built site folder or of a site at an http(s) address."""
    try:
        if site.startswith(("http://", "https://")):
            address = site.rstrip("/") + "/" + PROTOCOLS_JSON
            with urllib.request.urlopen(address, timeout=FETCH_TIMEOUT) as response:
                data = json.loads(response.read().decode("utf-8"))
        else:
            data = json.loads((Path(site) / PROTOCOLS_JSON).read_text("utf-8"))
    except (OSError, urllib.error.URLError, ValueError) as error:
        raise VerifyError("verify_unreadable_site", site=site, detail=getattr(error, "reason", None) or error) from None
    records = data.get("protocols") if isinstance(data, dict) else None
    if not isinstance(records, list):
        raise VerifyError("verify_unreadable_site", site=site, detail=PROTOCOLS_JSON)
    return [r for r in records if isinstance(r, dict)]


def verify(path: Path, records: list[dict[str, Any]], registers: Registers, strings: Strings) -> Verdict:
    """Compare the copy at `path` with its published record."""
    try:
        raw = path.read_bytes()
        source = read_protocol(raw)
    except OSError as error:
        raise VerifyError("verify_unreadable_copy", path=path, detail=error.strerror or error) from None
    except SourceError as problem:
        raise VerifyError("verify_unreadable_copy", path=path, detail=strings(f"messages.{problem.key}", **problem.values)) from None
    fields = source.front_matter.value if isinstance(source.front_matter.value, dict) else {}
    if not fields.get("organ") or not fields.get("datum"):
        raise VerifyError("verify_unreadable_copy", path=path, detail=strings("messages.verify_not_a_protocol"))
    # read under the name the archive gives it, whatever the copy is called; a copy with errors is
    # still compared, to say what differs
    name = f"{slugify(str(fields['organ']))}/{fields['datum']}.md"
    protocol, _ = parse_protocol(name, raw, registers, strings, keep_with_errors=True)
    if protocol is None:
        raise VerifyError("verify_unreadable_copy", path=path, detail=strings("messages.verify_not_a_protocol"))
    by_id = {record.get("id"): record for record in records}
    record = by_id.get(protocol.id)
    if record is None:
        return Verdict(False, protocol.id, "", source.fingerprint, [], found=False)
    published = str(record.get("sha256", ""))
    if published == source.fingerprint:
        return Verdict(True, protocol.id, published, source.fingerprint, [])
    index = build_index(Archive(registers, [protocol], []))
    # the record's addresses are not compared (NOT_COMPARED), so any address serves to make it
    copy = opendata.protocol_json(protocol, index, UrlScheme.create("https://example.invalid/", True))
    return Verdict(False, protocol.id, published, source.fingerprint, differences(record, copy, strings))


def differences(published: dict[str, Any], copy: dict[str, Any], strings: Strings) -> list[tuple[str, str, str]]:
    """What differs between two records of one protocol, as (what, published, copy), in reading order."""
    labels = strings.section("verify_labels")
    found: list[tuple[str, str, str]] = []
    for key in [*published, *(k for k in copy if k not in published)]:
        old, new = published.get(key), copy.get(key)
        if key in NOT_COMPARED or old == new:
            continue
        label = str(labels.get(key, key))
        if key == "items":
            found += _item_differences(old or [], new or [], labels)
        elif key in ("present", "absent", "guests"):
            found += _people_differences(label, old or [], new or [], labels)
        else:
            found.append((label, _shown(old), _shown(new)))
    return found


def _item_differences(old: list[dict[str, Any]], new: list[dict[str, Any]], labels: dict[str, Any]) -> list[tuple[str, str, str]]:
    found = []
    old_items = {item.get("number"): item for item in old}
    new_items = {item.get("number"): item for item in new}
    for number in [*old_items, *(n for n in new_items if n not in old_items)]:
        before, after = old_items.get(number), new_items.get(number)
        where = f"§ {number}"
        if before is None or after is None:
            found.append((where, _shown(before and before.get("title")), _shown(after and after.get("title"))))
            continue
        if before.get("title") != after.get("title"):
            found.append((f"{where} {labels['title']}", _shown(before.get("title")), _shown(after.get("title"))))
        old_texts = [d.get("text") for d in before.get("decisions") or []]
        new_texts = [d.get("text") for d in after.get("decisions") or []]
        for ordinal in range(1, max(len(old_texts), len(new_texts)) + 1):
            text_before = old_texts[ordinal - 1] if ordinal <= len(old_texts) else None
            text_after = new_texts[ordinal - 1] if ordinal <= len(new_texts) else None
            if text_before != text_after:
                found.append((f"{where}:{ordinal} {labels['decision']}", _shown(text_before), _shown(text_after)))
    return found


def _people_differences(
    label: str, old: list[dict[str, Any]], new: list[dict[str, Any]], labels: dict[str, Any]
) -> list[tuple[str, str, str]]:
    found = []
    old_people = {person.get("name"): person for person in old}
    new_people = {person.get("name"): person for person in new}
    for name in [*old_people, *(n for n in new_people if n not in old_people)]:
        before, after = old_people.get(name), new_people.get(name)
        if before is None or after is None:
            found.append((label, _shown(before and name), _shown(after and name)))
            continue
        keys = [*before, *(k for k in after if k not in before)]
        found += [
            (f"{label}: {name}, {labels.get(key, key)}", _shown(before.get(key)), _shown(after.get(key)))
            for key in keys
            if before.get(key) != after.get(key)
        ]
    return found


def _shown(value: Any) -> str:
    """A value as a reader would write it: '–' for nothing."""
    if value is None or value in ([], ""):
        return "–"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_shown(v)}" for k, v in value.items() if v not in (None, [], ""))
    if isinstance(value, list):
        return ", ".join(_shown(v) for v in value)
    return str(value)

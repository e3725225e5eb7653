"""What Pagefind's memory grows with: the text it indexes, not the pages' markup.

    python benchmarks/pagefind_memory.py SITE_DIR

SITE_DIR is a built archive (with its `pagefind/` bundle, e.g. the site of `benchmarks/generate.py`'s
archive after `mkdocs build`). Indexes, each in a process of its own, as the plugin does:
1. the site as built;
2. the same text with no markup: each indexed page's text (from its Pagefind fragment) as one paragraph
   of an otherwise empty page;
3. the first half of each of those texts.
Prints for each the pages, the words indexed (Pagefind's own count), the indexer's peak memory (max RSS)
and that memory per word. If memory follows the words, (2) is close to (1) and (3) about half of (2).
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "plugins"))

from protokollarkivet.render.pagefind import BUNDLE_DIR  # noqa: E402

# Run in a small process of its own: Linux counts a forked copy of a large parent in the child's peak.
_PEAK = """
import resource, subprocess, sys
from pathlib import Path
from protokollarkivet.render.pagefind import command
subprocess.run(command(Path(sys.argv[1]), "sv", Path(sys.argv[2])), capture_output=True, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def fragments(bundle: Path) -> list[dict]:
    """Pagefind's record of each page it indexed: url, content (the indexed text), word_count."""
    records = []
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        records.append(json.loads(data[data.index(b"{") :]))
    return records


def text_site(records: list[dict], target: Path, share: float) -> None:
    """A page per record holding `share` of its words as one paragraph, and nothing else."""
    for number, record in enumerate(records):
        words = record["content"].split()
        kept = " ".join(words[: max(1, round(len(words) * share))])
        page = target / f"p{number}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(
            f'<!doctype html><html lang="sv"><head><title>{number}</title></head><body><main data-pagefind-body><p>'
            f"{html.escape(kept)}</p></main></body></html>",
            "utf-8",
        )


def index(site: Path, scratch: Path) -> tuple[int, int, int]:
    """(pages, words indexed, peak KB) of one indexing of `site`."""
    output = scratch / f"bundle-{site.name}"
    result = subprocess.run([sys.executable, "-c", _PEAK, str(site), str(output)], capture_output=True, text=True, check=True)
    records = fragments(output)
    return len(records), sum(record["word_count"] for record in records), int(result.stdout.strip())


def measure(site: Path) -> list[tuple[str, int, int, int]]:
    """(variant, pages, words indexed, peak KB) for the site as built, its text only and half its text."""
    records = fragments(site / BUNDLE_DIR)
    if not records:
        raise SystemExit(f"no Pagefind bundle in {site}: build the archive first")
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        variants = {"the site as built": site}
        for name, share in (("its text only", 1.0), ("half its text", 0.5)):
            folder = scratch / name.replace(" ", "-")
            text_site(records, folder, share)
            variants[name] = folder
        return [(name, *index(folder, scratch)) for name, folder in variants.items()]


def table(rows: list[tuple[str, int, int, int]]) -> list[str]:
    lines = ["| Pagefind indexing | pages | words | peak MB | bytes a word |", "|---|---:|---:|---:|---:|"]
    for name, pages, words, peak_kb in rows:
        lines.append(f"| {name} | {pages:,} | {words:,} | {peak_kb / 1024:.0f} | {peak_kb * 1024 / words:.0f} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path)
    arguments = parser.parse_args()
    print("\n".join(table(measure(arguments.site))))


if __name__ == "__main__":
    main()

"""How `protokoll import`'s reading of a text grows with its size: it must grow linearly.

    .venv/bin/python benchmarks/import_scaling.py

For texts of several shapes (a real protocol repeated; one long line of capitalised words, which made a
search pattern rescan from every word; many short lines; a long attendance list) at sizes doubling up to
the largest text the importer accepts, prints the time to parse and the time per kilobyte. Linear growth
shows as a flat time per kilobyte down each column."""

from __future__ import annotations

import contextlib
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "plugins"))

from protokollarkivet.commands import importing as importer  # noqa: E402
from protokollarkivet.format import load_registers  # noqa: E402
from protokollarkivet.strings import load_strings  # noqa: E402

SEED = (REPO / "tests/fixtures/seed-2019-11-22.txt").read_text("utf-8")
SHAPES = {
    "protocol": lambda size: SEED + "\n".join([SEED.split("1. Incheckningsrunda")[1]] * (size // 2500)),
    "capitalised": lambda size: SEED + "\n" + " ".join(["Palle Lundberg Christer Pålsson Rönneå"] * (size // 40)),
    "short lines": lambda size: SEED + "\n" + "\n".join(["Anna Berg och Per Holm rapporterade"] * (size // 36)),
    "attendance": lambda size: SEED + "\n\nNärvarande: " + ", ".join(["Anna Berg, Bjuv"] * (size // 16)),
}


def main() -> None:
    strings = load_strings("sv")
    registers, _ = load_registers(REPO / "protocols", strings)
    sizes = [importer.MAX_TEXT_BYTES // 2**k for k in range(4, -1, -1)]
    print(f"{'shape':<12} " + " ".join(f"{size // 1000:>8} KB" for size in sizes) + "   (ms; µs per KB below)")
    for name, make in SHAPES.items():
        times = []
        for size in sizes:
            lines = make(size)[: size - 100].split("\n")
            start = time.perf_counter()
            # a text without items or date is refused: the time to find out is what counts
            with contextlib.suppress(importer.NotImportableError):
                importer.parse_source("x.txt", lines, registers, strings)
            times.append(time.perf_counter() - start)
        print(f"{name:<12} " + " ".join(f"{t * 1000:>11.1f}" for t in times))
        print(f"{'':<12} " + " ".join(f"{t * 1e6 / (size / 1000):>11.1f}" for t, size in zip(times, sizes, strict=False)))


if __name__ == "__main__":
    main()

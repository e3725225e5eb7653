"""Runs the mutated-protocol test of test_security.py with as many examples as you like (default 100,000).

    .venv/bin/python tests/fuzz.py [--examples N]

The test suite runs 2,000 to stay fast; this is for anyone who wants more. It prints how many examples
ran and how long they took, and exits 1 with the failing example if the checker or the parser raised."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from hypothesis import HealthCheck, given, settings

from conftest import REPO
from protokollarkivet.format import Level, load_registers, parse_protocol
from protokollarkivet.strings import load_strings
from test_security import P2022, mutated_protocols


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=100_000)
    arguments = parser.parse_args()
    strings = load_strings("sv")
    registers, _ = load_registers(REPO / "protocols", strings)
    count = 0

    @settings(max_examples=arguments.examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(raw=mutated_protocols())
    def run(raw: bytes) -> None:
        nonlocal count
        count += 1
        protocol, findings = parse_protocol("protocols/" + P2022, raw, registers, strings)
        assert protocol is not None or any(f.level is Level.ERROR for f in findings)

    start = time.perf_counter()
    try:
        run()
    except Exception as error:  # the failing example is in hypothesis' report above
        print(f"failed after {count} examples: {error!r}", file=sys.stderr)
        return 1
    print(f"{count} mutated protocols checked in {time.perf_counter() - start:.1f} s, no exception")
    return 0


if __name__ == "__main__":
    sys.exit(main())

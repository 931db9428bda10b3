"""Benchmark: building the bundled example, in process and as a whole command.

Run with ``make bench`` (or ``python benchmarks/bench_build.py``). Prints medians
over several runs; figures go into benchmarks/RESULTS.md by hand.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from summary import record

from chainkg.build import build

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "hunan"
RUNS = 7


def in_process(out: Path) -> float:
    started = time.perf_counter()
    build([EXAMPLE], out)
    return time.perf_counter() - started


def whole_command(out: Path) -> float:
    chainkg = Path(sys.executable).with_name("chainkg")
    started = time.perf_counter()
    subprocess.run([str(chainkg), "build", str(EXAMPLE), "--out", str(out)], check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "hunan"
        for name, func in (("build, in process", in_process), ("chainkg build, whole command", whole_command)):
            times = [func(out) for _ in range(RUNS)]
            record(f"{name} (bundled example)", round(statistics.median(times), 3), "s")
            print(
                f"{name:32s} median {statistics.median(times) * 1000:7.1f} ms  (min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f}, n={RUNS})"
            )


if __name__ == "__main__":
    main()

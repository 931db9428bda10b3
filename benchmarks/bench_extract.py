"""Benchmark: text extraction throughput on 1 MB+ of Chinese text, one core.

The corpus is the project's own documents (the bundled example article and the
evaluation documents), repeated to the size asked for. Prints medians of
several runs in MB/s (UTF-8 bytes) and thousand characters per second.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from chainkg.loaders.lexicon import Lexicon
from chainkg.loaders.text import extract_text
from summary import record

ROOT = Path(__file__).resolve().parents[1]


SEED = ROOT.parent / "shared" / "seeds" / "000_1f13449ba0d09cb5.txt"


def corpus(size_bytes: int, kind: str = "project") -> str:
    """``project``: our own documents (dense: a mention every ~10 characters); ``seed``: the seed article."""
    if kind == "seed":
        paths = [SEED]
    else:
        paths = [ROOT / "examples" / "hunan" / "news_supply.txt"]
        paths += sorted((ROOT / "tests" / "gold").rglob("docs/*.txt"))
    unit = "\n\n".join(path.read_text("utf-8") for path in paths)
    copies = size_bytes // len(unit.encode("utf-8")) + 1
    return "\n\n".join([unit] * copies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=1.0, help="corpus size in MB")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", choices=("project", "seed"), default="project", help="which text to repeat")
    args = parser.parse_args()
    text = corpus(int(args.mb * 1_000_000), args.corpus)
    size = len(text.encode("utf-8"))
    lexicon = Lexicon.shipped()
    times, facts = [], 0
    for _ in range(args.runs):
        started = time.perf_counter()
        facts = len(extract_text(text, lexicon, path="bench.txt", doc_id="bench"))
        times.append(time.perf_counter() - started)
    median = statistics.median(times)
    record(f"extraction speed, {size / 1e6:.1f} MB of {args.corpus} text", round(size / 1e6 / median, 2), "MB/s", 1.0, "higher", f"{facts:,} facts")
    print(f"extract ({args.corpus}): {size / 1e6:.2f} MB ({len(text):,} chars), {facts:,} facts")
    print(f"extract: median {median:.2f} s -> {size / 1e6 / median:.2f} MB/s, {len(text) / median / 1000:.0f} k chars/s "
          f"(min {min(times):.2f} s, max {max(times):.2f} s, n={args.runs}); target >= 1 MB/s")


if __name__ == "__main__":
    main()

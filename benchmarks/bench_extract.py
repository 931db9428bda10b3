"""Benchmark: text extraction throughput, one process and all cores.

``--corpus real`` (the default): the real public documents of
``../shared/corpus/real/docs`` written again and again as files into a temporary
folder up to the size asked for (10 MB), then read and extracted as a build does,
in one process (``jobs=1``) and in the process pool (one worker per core); MB/s
of UTF-8 text, per core too, medians of ``--runs``; for one process also per CPU
second (the process's own time: on a shared host the wall clock also counts the
waits for other jobs). Also the pool's start-up (a pool on one tiny document, less
the same document in this process).
``project`` and ``seed`` time :func:`extract_text` on one long text in this
process. Machine facts (cores, load average) are printed first: the host is shared.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from summary import record

from chainkg.loaders.lexicon import Lexicon
from chainkg.loaders.parallel import extract_documents
from chainkg.loaders.text import extract_text

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "000_1f13449ba0d09cb5.txt"
REAL = ROOT.parent / "shared" / "corpus" / "real" / "docs"


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


def real_folder(size_bytes: int, folder: Path) -> tuple[list[tuple[Path, str]], int]:
    """The real documents copied into ``folder`` until they hold ``size_bytes``: ``(path, display)``, bytes."""
    sources = sorted(REAL.glob("*.txt"))
    documents, total, copy = [], 0, 0
    while total < size_bytes:
        for source in sources:
            target = folder / f"{copy:03d}_{source.name}"
            data = source.read_bytes()
            target.write_bytes(data)
            documents.append((target, target.name))
            total += len(data)
        copy += 1
    return documents, total


def timed(func: Callable[[], object], runs: int) -> tuple[float, list[float]]:
    median, times, _ = timed_cpu(func, runs)
    return median, times


def timed_cpu(func: Callable[[], object], runs: int) -> tuple[float, list[float], list[float]]:
    """The median wall time, the wall times and this process's CPU times of ``runs`` calls."""
    times, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        func()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return statistics.median(times), times, cpu


def machine() -> str:
    one, five, fifteen = os.getloadavg()
    return f"machine: {os.cpu_count()} cores, load average {one:.2f} {five:.2f} {fifteen:.2f}"


def run_real(mb: float, runs: int) -> None:
    if not REAL.is_dir():
        print(f"skipped: no real corpus at {REAL}")
        return
    cores = os.cpu_count() or 1
    lexicon = Lexicon.shipped()
    print(machine())
    with tempfile.TemporaryDirectory() as tmp:
        documents, size = real_folder(int(mb * 1_000_000), Path(tmp))
        facts = sum(len(o.facts) for o in extract_documents(documents, lexicon, jobs=1))
        print(f"extract (real): {size / 1e6:.2f} MB in {len(documents):,} documents, {facts:,} facts")
        one, one_times, one_cpu = timed_cpu(lambda: list(extract_documents(documents, lexicon, jobs=1)), runs)
        pool, pool_times = timed(lambda: list(extract_documents(documents, lexicon, jobs=cores)), runs)
        tiny = documents[:1] * 8
        here, _ = timed(lambda: list(extract_documents(tiny, lexicon, jobs=1)), runs)
        forked, _ = timed(lambda: _pool_always(tiny, lexicon, cores), runs)
    cpu = statistics.median(one_cpu)
    print(
        f"extract, 1 process: median {one:.2f} s -> {size / 1e6 / one:.2f} MB/s per core "
        f"(runs {', '.join(f'{t:.2f}' for t in one_times)}); CPU median {cpu:.2f} s -> {size / 1e6 / cpu:.2f} MB "
        f"per CPU second (runs {', '.join(f'{t:.2f}' for t in one_cpu)})"
    )
    print(
        f"extract, pool of {cores}: median {pool:.2f} s -> {size / 1e6 / pool:.2f} MB/s, "
        f"{size / 1e6 / pool / cores:.2f} MB/s per core, {one / pool:.2f}x one process "
        f"(runs {', '.join(f'{t:.2f}' for t in pool_times)}); target >= 1 MB/s per core"
    )
    print(f"pool start-up and end: {1000 * (forked - here):.0f} ms ({cores} workers, 8 tiny documents)")
    record(
        f"extraction speed, {size / 1e6:.0f} MB of real text, one process",
        round(size / 1e6 / one, 2),
        "MB/s",
        1.0,
        "higher",
    )
    record(
        f"extraction speed, {size / 1e6:.0f} MB of real text, pool, per core",
        round(size / 1e6 / pool / cores, 2),
        "MB/s",
        1.0,
        "higher",
    )


def _pool_always(documents: list[tuple[Path, str]], lexicon: Lexicon, cores: int) -> None:
    """A pool even where :func:`extract_documents` would keep the work here (thresholds off)."""
    import chainkg.loaders.parallel as parallel

    saved = parallel.POOL_MIN_DOCUMENTS, parallel.POOL_MIN_BYTES
    parallel.POOL_MIN_DOCUMENTS, parallel.POOL_MIN_BYTES = 0, {}
    try:
        list(extract_documents(documents, lexicon, jobs=cores))
    finally:
        parallel.POOL_MIN_DOCUMENTS, parallel.POOL_MIN_BYTES = saved


def run_text(mb: float, runs: int, kind: str) -> None:
    text = corpus(int(mb * 1_000_000), kind)
    size = len(text.encode("utf-8"))
    lexicon = Lexicon.shipped()
    facts = len(extract_text(text, lexicon, path="bench.txt", doc_id="bench"))
    median, times = timed(lambda: extract_text(text, lexicon, path="bench.txt", doc_id="bench"), runs)
    record(
        f"extraction speed, {size / 1e6:.1f} MB of {kind} text",
        round(size / 1e6 / median, 2),
        "MB/s",
        1.0,
        "higher",
        f"{facts:,} facts",
    )
    print(machine())
    print(f"extract ({kind}): {size / 1e6:.2f} MB ({len(text):,} chars), {facts:,} facts")
    print(
        f"extract: median {median:.2f} s -> {size / 1e6 / median:.2f} MB/s, {len(text) / median / 1000:.0f} k chars/s "
        f"(min {min(times):.2f} s, max {max(times):.2f} s, n={runs}); target >= 1 MB/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=10.0, help="corpus size in MB")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--corpus", choices=("real", "project", "seed"), default="real", help="which text to repeat")
    args = parser.parse_args()
    if args.corpus == "real":
        run_real(args.mb, args.runs)
    else:
        run_text(args.mb, args.runs, args.corpus)


if __name__ == "__main__":
    main()

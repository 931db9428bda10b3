"""Benchmark: ``chainkg build`` at the reference size, on ``chainkg synth`` output.

Writes the synthetic dataset once (100k enterprises, 500k SUPPLIES by default), then
runs ``chainkg build`` on it ``--runs`` times, each in a fresh child process, and prints
the median wall time of the whole command, the peak resident memory of the child
(``ru_maxrss`` from ``wait4``) and the time of each phase. Targets (issue 7): at most
10 s and 2 GB.

The phases are timed by wrapping the functions ``chainkg.build.build`` calls (the real
ones, unchanged) before the command runs: reading the inputs, building the model
(``finalise``, the nodes' load tables, the edges' Arrow tables and load tables, made inside
it as the nodes and each edge type settle, shown apart), ``graph.json``, freezing
the edges, the report, the views, and the wait for the loading thread; whatever
else the main thread does (imports, the staged-folder swap) is ``other``. The loading thread's
``COPY``, ``CHECKPOINT`` and count check run alongside (the nodes and each settled edge type while
the next edges are linked, the rest while graph.json, the report and the views are written) and
are listed apart.

Before and after the runs it times a fixed pure-Python loop (:func:`core_speed`): the machine's
speed drifts by a third within the hour, and a build time is only comparable at a like speed.

    python benchmarks/bench_build_scale.py                       # reference size, 3 runs
    python benchmarks/bench_build_scale.py --enterprises 20000 --runs 5
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from summary import record

TARGET_SECONDS = 10.0
TARGET_BYTES = 2 * 2**30
PHASES = (
    "read tables",
    "model",
    "finalise",
    "node tables",
    "edge tables (Arrow)",
    "graph.json",
    "load tables (Arrow)",
    "freeze edges",
    "report",
    "views",
    "wait for the database",
    "other",
    "thread: COPY",
    "thread: CHECKPOINT",
    "thread: counts",
)
THREAD = (
    "thread: COPY",
    "thread: CHECKPOINT",
    "thread: counts",
    "thread: other",
)  # in the loading thread, alongside report and views


_RSS_AFTER: dict[str, int] = {}  # phase -> resident memory (MiB) when it last ended


def _rss_mib() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 2**20


def _timed(phases: dict[str, float], name: str, func: Any) -> Any:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            phases[name] += time.perf_counter() - started
            _RSS_AFTER[name] = _rss_mib()

    return wrapper


CALIBRATION_LOOPS = 30_000_000


def core_speed(samples: int = 3) -> float:
    """Seconds a fixed pure-Python loop takes in a fresh process (median of ``samples``): how fast
    a core of the machine is just now. The host's speed drifts by a third within the hour, so a
    build time means little without it (on one day the loop took 3.4-3.6 s around the runs of
    9.6-10.3 s, and 4.8-5.4 s around a run of 11.3 s with the same code)."""
    code = f"import time\nt = time.perf_counter()\nx = 0\nfor i in range({CALIBRATION_LOOPS}): x += i\nprint(time.perf_counter() - t)"
    times = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
        for _ in range(samples)
    ]
    return statistics.median(times)


def child(data: Path, out: Path) -> None:
    """Run ``chainkg build DATA --out OUT`` with phase timers; print the phases as JSON."""
    started = time.perf_counter()
    phases: dict[str, float] = defaultdict(float)
    import chainkg.build as build_module
    from chainkg.cli import main
    from chainkg.graph import model
    from chainkg.graph.engines import embedded

    wrapped = (
        ("read tables", "load_inputs"),
        ("model", "apply_facts"),
        ("graph.json", "write_graph_json"),
        ("report", "write_report"),
        ("views", "write_build_views"),
        ("load tables (Arrow)", "edge_load_tables"),
        ("node tables", "node_load_tables"),
    )
    for name, attr in wrapped:
        if hasattr(build_module, attr):
            setattr(build_module, attr, _timed(phases, name, getattr(build_module, attr)))
    model.KnowledgeGraph.finalise = _timed(phases, "finalise", model.KnowledgeGraph.finalise)
    build_module.GraphColumns.update = _timed(phases, "edge tables (Arrow)", build_module.GraphColumns.update)
    model.KnowledgeGraph.freeze_edges = _timed(phases, "freeze edges", model.KnowledgeGraph.freeze_edges)
    build_module._Background.__exit__ = _timed(phases, "wait for the database", build_module._Background.__exit__)
    execute = embedded.EmbeddedStore._execute

    def timed_execute(self: Any, cypher: str, params: Any = None) -> Any:
        if cypher.startswith("MATCH"):
            return _timed(phases, "thread: counts", execute)(self, cypher, params)
        phase = (
            "thread: COPY"
            if cypher.startswith("COPY")
            else "thread: CHECKPOINT"
            if cypher == "CHECKPOINT"
            else "thread: other"
        )
        return _timed(phases, phase, execute)(self, cypher, params)

    embedded.EmbeddedStore._execute = timed_execute
    main(["build", str(data), "--out", str(out), "--format", "json"], standalone_mode=False)
    total = time.perf_counter() - started
    inside = (
        "finalise",
        "node tables",
        "edge tables (Arrow)",
        "load tables (Arrow)",
    )  # called inside apply_facts, as things settle
    phases["model"] -= sum(phases[name] for name in inside)
    phases["other"] = total - sum(v for k, v in phases.items() if k not in THREAD)
    print(json.dumps({"phases": phases, "in_process": total, "rss_after": _RSS_AFTER}))


def run_once(data: Path, out: Path) -> dict[str, Any]:
    """One build in a child process: wall time, peak RSS and phases."""
    started = time.perf_counter()
    command = [sys.executable, __file__, "--child", str(data), str(out)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    stdout = proc.stdout.read() if proc.stdout else b""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"build failed with exit code {proc.returncode}")
    result = json.loads(stdout.decode().strip().splitlines()[-1])
    cpu = usage.ru_utime + usage.ru_stime
    return {
        "wall": time.perf_counter() - started,
        "cpu": cpu,
        "rss": usage.ru_maxrss * 1024,
        "load": os.getloadavg()[0],
        **result,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--supplies", type=int, default=None, help="default: 5 per enterprise")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", type=Path, help="reuse a chainkg synth folder instead of writing one")
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data
        if data is None:
            from chainkg.synth import synthesize

            data, started = Path(tmp) / "synth", time.perf_counter()
            counts = synthesize(data, args.enterprises, seed=args.seed, supplies=args.supplies)
            print(
                f"chainkg synth: {sum(counts['labels'].values()):,} nodes, {sum(counts['types'].values()):,} edges "
                f"in {time.perf_counter() - started:.1f} s"
            )
        speeds = [core_speed()]
        runs = [run_once(data, Path(tmp) / "out") for _ in range(args.runs)]
        speeds.append(core_speed())
    report(runs, f"{args.enterprises // 1000}k enterprises" if args.data is None else str(args.data))
    print(
        f"core speed: a {CALIBRATION_LOOPS:,}-step Python loop took {speeds[0]:.2f} s before the builds and "
        f"{speeds[1]:.2f} s after, medians of 3 (lower is faster; compare builds only at like speeds, or use bench_build_ab.py)"
    )


def report(runs: list[dict[str, Any]], size: str) -> None:
    median = statistics.median
    wall, rss = median(r["wall"] for r in runs), median(r["rss"] for r in runs)
    cpu = median(r["cpu"] for r in runs)
    record(
        f"chainkg build, synth {size}, whole command",
        round(wall, 2),
        "s",
        TARGET_SECONDS,
        note=f"CPU {cpu:.1f} s; median of {len(runs)}; load {runs[-1]['load']:.1f} on {os.cpu_count()} cores",
    )
    record(f"chainkg build, synth {size}, peak RSS", round(rss / 2**20), "MiB", TARGET_BYTES / 2**20)
    each = ", ".join(f"{r['wall']:.2f}" for r in runs)
    print(
        f"chainkg build, whole command: median {wall:.2f} s (runs {each}); "
        f"target {TARGET_SECONDS:.0f} s: {'ok' if wall <= TARGET_SECONDS else 'MISSED'}"
    )
    loads = ", ".join(f"{r['load']:.1f}" for r in runs)
    print(
        f"CPU time (user + sys) of the command: median {median(r['cpu'] for r in runs):.2f} s; "
        f"load average after each run: {loads} on {os.cpu_count()} cores"
    )
    print(
        f"peak RSS: median {rss / 2**20:,.0f} MiB, max {max(r['rss'] for r in runs) / 2**20:,.0f} MiB; "
        f"target {TARGET_BYTES / 2**30:.0f} GiB: {'ok' if rss <= TARGET_BYTES else 'MISSED'}"
    )
    print(f"{'phase':18s} {'median s':>9s} {'RSS after, MiB':>15s}")
    for phase in PHASES:
        after = [r["rss_after"][phase] for r in runs if phase in r.get("rss_after", {})]
        print(
            f"{phase:18s} {median(r['phases'].get(phase, 0.0) for r in runs):9.2f} {median(after) if after else '':>15}"
        )
    print(f"{'in process total':18s} {median(r['in_process'] for r in runs):9.2f}")


if __name__ == "__main__":
    main()

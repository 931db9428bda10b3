"""Benchmark: ``chainkg build`` of this checkout against an earlier revision, run alternately.

On a shared machine the speed of a core drifts by a third over a day, so a build time measured
today cannot be set against one measured last week. This runs the same ``chainkg build`` with
the code of ``--base`` (a git revision, checked out into a temporary worktree and put first on
``PYTHONPATH``) and with this checkout, one after the other, ``--pairs`` times, each in a fresh
process, and prints both medians and the ratio of each pair: the drift cancels out of the ratio.

    python benchmarks/bench_build_ab.py --base e153154 --data /tmp/synth100k --pairs 5
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

from processes import measured
from summary import record

ROOT = Path(__file__).resolve().parent.parent
COMMAND = "from chainkg.cli import main; main()"


def package_tree(base: str, into: Path) -> Path:
    """A folder to put on ``PYTHONPATH`` that imports ``chainkg`` from revision ``base``: the
    revision's files laid out as ``pyproject.toml``'s package-dir maps them."""
    checkout = into / "checkout"
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", "--force", str(checkout), base],
        check=True,
        capture_output=True,
    )
    mapping = tomllib.loads((checkout / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-dir"
    ]
    site = into / "site"
    for package, folder in sorted(mapping.items(), key=lambda item: item[0].count(".")):
        target = site.joinpath(*package.split("."))
        if "." not in package:  # the root package: a copy, so that its subpackages can be linked into it
            shutil.copytree(checkout / folder, target, symlinks=True)
        else:
            target.symlink_to(checkout / folder, target_is_directory=True)
    found = subprocess.run(
        [sys.executable, "-c", "import chainkg.graph.model as m; print(m.__file__)"],
        env={**os.environ, "PYTHONPATH": str(site)},
        check=True,
        capture_output=True,
        text=True,
        cwd=into,
    ).stdout.strip()  # as the builds run: not from a checkout
    if not found.startswith(str(site)):  # an installed chainkg came first: the comparison would be with itself
        raise SystemExit(f"the base revision's chainkg is not the one imported ({found})")
    return site


def build_once(data: Path, out: Path, pythonpath: str | None) -> tuple[float, float]:
    """Wall and CPU seconds of one ``chainkg build DATA --out OUT`` in a fresh process."""
    shutil.rmtree(out, ignore_errors=True)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    wall, cpu, _ = measured(
        [sys.executable, "-c", COMMAND, "build", str(data), "--out", str(out)], env=env, cwd=out.parent
    )
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="git revision to compare with, e.g. a tag or a commit")
    parser.add_argument(
        "--data",
        type=Path,
        required=True,
        help="a chainkg synth folder (chainkg synth --enterprises 100000 --seed 7 --out DIR)",
    )
    parser.add_argument("--pairs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = package_tree(args.base, Path(tmp))
        try:
            runs: dict[str, list[tuple[float, float]]] = {"base": [], "this": []}
            for pair in range(args.pairs):
                for name, path in (("base", str(site)), ("this", None)):
                    runs[name].append(build_once(args.data.resolve(), Path(tmp) / f"out-{name}", path))
                    wall, cpu = runs[name][-1]
                    print(
                        f"pair {pair + 1}: {name:4s} {wall:6.2f} s wall, {cpu:6.2f} s CPU, load {os.getloadavg()[0]:.1f}",
                        flush=True,
                    )
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(Path(tmp) / "checkout")],
                capture_output=True,
            )
    median = statistics.median
    ratios = [this[0] / base[0] for base, this in zip(runs["base"], runs["this"])]
    for name in runs:
        print(
            f"{name}: median {median(w for w, _ in runs[name]):.2f} s wall, {median(c for _, c in runs[name]):.2f} s CPU"
        )
    print(f"this / base, per pair: {' '.join(f'{r:.3f}' for r in ratios)}; median {median(ratios):.3f}")
    record(
        f"chainkg build, this checkout / {args.base}",
        round(median(ratios), 3),
        "x",
        None,
        note=f"{args.pairs} pairs run alternately on {args.data.name}",
    )


if __name__ == "__main__":
    main()

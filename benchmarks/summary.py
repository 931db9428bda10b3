"""Headline figures of the benchmarks, gathered into one table with their targets.

Each benchmark calls :func:`record` for the figures an issue set a target for; when the
environment variable ``CHAINKG_BENCH_LOG`` names a file (``run_all.sh`` sets it), the
figure is appended there as a JSON line. ``python benchmarks/summary.py LOG`` prints the
table benchmarks/RESULTS.md keeps.

>>> import io, json
>>> row = {"figure": "build, example", "value": 0.76, "unit": "s", "target": 1.0, "better": "lower", "note": ""}
>>> verdict(row)
'met'
>>> table([row]).splitlines()[2]
'| build, example | 0.76 s | ≤ 1 s | met |  |'
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

__all__ = ["record", "table", "verdict"]


def record(
    figure: str, value: float, unit: str, target: float | None = None, better: str = "lower", note: str = ""
) -> None:
    """Append one headline figure to ``$CHAINKG_BENCH_LOG`` (nothing happens when it is unset)."""
    log = os.environ.get("CHAINKG_BENCH_LOG")
    if not log:
        return
    row = {"figure": figure, "value": value, "unit": unit, "target": target, "better": better, "note": note}
    with open(log, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def verdict(row: dict[str, Any]) -> str:
    """``met``, ``MISSED`` or ``-`` (no target)."""
    if row["target"] is None:
        return "-"
    ok = row["value"] <= row["target"] if row["better"] == "lower" else row["value"] >= row["target"]
    return "met" if ok else "MISSED"


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


def table(rows: list[dict[str, Any]]) -> str:
    """The figures as a Markdown table: figure, measured, target, verdict, note."""
    lines = ["| figure | measured | target | verdict | note |", "|---|---|---|---|---|"]
    for row in rows:
        target = (
            ""
            if row["target"] is None
            else ("≤ " if row["better"] == "lower" else "≥ ") + f"{_number(row['target'])} {row['unit']}"
        )
        lines.append(
            f"| {row['figure']} | {_number(row['value'])} {row['unit']} | {target} | {verdict(row)} | {row['note']} |"
        )
    return "\n".join(lines)


def main(path: str) -> None:
    rows = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    print(table(rows))


if __name__ == "__main__":
    main(sys.argv[1])

"""The benchmark summary: figures recorded by the benchmarks come back as one table with verdicts."""

from __future__ import annotations

import doctest
import importlib.util
from pathlib import Path

import pytest

SUMMARY = Path(__file__).resolve().parents[1] / "benchmarks" / "summary.py"


def load():
    spec = importlib.util.spec_from_file_location("bench_summary", SUMMARY)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docstring_examples() -> None:
    failed, attempted = doctest.testmod(load())
    assert attempted and not failed


def test_recorded_figures_come_back_as_a_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    summary = load()
    log = tmp_path / "figures.jsonl"
    monkeypatch.setenv("CHAINKG_BENCH_LOG", str(log))
    summary.record("Neo4j push", 9376, "rows/s", 20000, "higher", "one server thread")
    summary.record("query chain_gaps p50", 11.2, "ms", 100)
    summary.record("view 500 nodes", 0.8, "s")
    summary.main(str(log))
    lines = capsys.readouterr().out.splitlines()
    assert lines[2] == "| Neo4j push | 9,376 rows/s | ≥ 20,000 rows/s | MISSED | one server thread |"
    assert lines[3] == "| query chain_gaps p50 | 11.2 ms | ≤ 100 ms | met |  |"
    assert lines[4] == "| view 500 nodes | 0.8 s |  | - |  |"


def test_nothing_is_written_without_a_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CHAINKG_BENCH_LOG", raising=False)
    monkeypatch.chdir(tmp_path)
    load().record("x", 1, "s")
    assert list(tmp_path.iterdir()) == []

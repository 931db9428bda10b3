"""The model a build makes of the reference data, for the benchmarks of one phase of it."""

from __future__ import annotations

import time
from pathlib import Path

from chainkg.graph.facts import apply_facts, consume
from chainkg.graph.model import KnowledgeGraph
from chainkg.loaders import DocumentOptions, load_inputs

__all__ = ["reference_model"]


def reference_model(data: Path | None, tmp: Path, enterprises: int, seed: int) -> KnowledgeGraph:
    """The model of ``data`` (a ``chainkg synth`` folder; None: write one into ``tmp`` first), as
    ``chainkg build`` makes it; prints its size and how long it took."""
    if data is None:
        from chainkg.synth import synthesize

        data = tmp / "synth"
        synthesize(data, enterprises, seed=seed)
    started = time.perf_counter()
    kg = apply_facts(KnowledgeGraph(), consume(load_inputs([data], DocumentOptions())))
    print(f"model: {len(kg):,} nodes, {kg.number_of_edges():,} edges in {time.perf_counter() - started:.1f} s")
    return kg

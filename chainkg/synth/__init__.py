"""``chainkg synth``: a realistic synthetic dataset, written as chainkg's own CSV tables.

Chains with products in stages and their inputs, provinces and cities, parks,
clusters and their members, enterprises with Chinese legal names (some with an
English one) and Pareto-distributed sizes, what they make, who supplies whom
(heavy-tailed out-degrees, five links per enterprise by default), bottleneck
technologies and who broke through them. The tables are what ``chainkg build``
reads, so the benchmarks and scale tests go through the same path as real input.

The same ``enterprises``, ``supplies`` and ``seed`` always give the same bytes.
The folder is written into a staged sibling and swapped in whole.

>>> Sizes.scaled(100_000).supplies, Sizes.scaled(100_000).chains
(500000, 30)
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from chainkg.errors import ChainKGError
from chainkg.graph.io.atomic import dir_lock, staged_dir
from chainkg.synth.links import (
    add_clusters,
    add_industries,
    add_organizations,
    add_projects,
    add_supplies,
    add_technologies,
)
from chainkg.synth.world import (
    EDGE_COLUMNS,
    NODE_COLUMNS,
    Draft,
    Sizes,
    World,
    add_chains,
    add_enterprises,
    add_parks,
    add_places,
    add_subsidiaries,
)

__all__ = ["ENTERPRISES_MAX", "ENTERPRISES_MIN", "TABLE_FILES", "Sizes", "generate", "synthesize", "write_world"]

ENTERPRISES_MIN = 10
ENTERPRISES_MAX = 2_000_000
TABLE_FILES: dict[str, str] = {
    "Region": "regions.csv",
    "Chain": "chains.csv",
    "Product": "products.csv",
    "Park": "parks.csv",
    "Cluster": "clusters.csv",
    "Organization": "organizations.csv",
    "Technology": "technologies.csv",
    "Enterprise": "enterprises.csv",
    "Project": "projects.csv",
    "Industry": "industries.csv",
    **{rel: f"{rel.lower()}.csv" for rel in EDGE_COLUMNS},
}
_STEPS = (
    add_places,
    add_chains,
    add_parks,
    add_enterprises,
    add_subsidiaries,
    add_clusters,
    add_organizations,
    add_technologies,
    add_projects,
    add_supplies,
    add_industries,
)


def generate(sizes: Sizes, seed: int) -> World:
    """The rows of the synthetic world for ``sizes`` and ``seed`` (nothing written)."""
    draft = Draft(sizes, random.Random(seed))
    for step in _STEPS:
        step(draft)
    return draft.world


def synthesize(
    out: Path,
    enterprises: int,
    *,
    seed: int = 7,
    supplies: int | None = None,
    on_table: Callable[[str, int], None] = lambda _name, _rows: None,
) -> dict[str, dict[str, int]]:
    """Write the dataset into folder ``out`` all or nothing; return the rows per label and type."""
    if not ENTERPRISES_MIN <= enterprises <= ENTERPRISES_MAX:
        raise ChainKGError(
            f"cannot synthesise {enterprises} enterprises",
            "--enterprises",
            f"give {ENTERPRISES_MIN} to {ENTERPRISES_MAX:,}",
        )
    if supplies is not None and supplies < 0:
        raise ChainKGError(f"cannot synthesise {supplies} supply links", "--supplies", "give 0 or more")
    world = generate(Sizes.scaled(enterprises, supplies), seed)
    with dir_lock(Path(out)), staged_dir(Path(out)) as staged:
        write_world(world, staged, on_table)
    return counts(world)


def write_world(world: World, folder: Path, on_table: Callable[[str, int], None] = lambda _n, _r: None) -> None:
    """One CSV file per label and per relationship type, in ``folder``."""
    for label, columns in NODE_COLUMNS.items():
        header = ("label", "name", "aliases", *columns)
        _write(folder / TABLE_FILES[label], header, ((label, *row) for row in world.nodes.get(label, [])))
        on_table(TABLE_FILES[label], len(world.nodes.get(label, [])))
    for rel, (labelled, columns) in EDGE_COLUMNS.items():
        ends = ("source", "target", "source_label", "target_label") if labelled else ("source", "target")
        _write(folder / TABLE_FILES[rel], ("type", *ends, *columns), ((rel, *row) for row in world.edges.get(rel, [])))
        on_table(TABLE_FILES[rel], len(world.edges.get(rel, [])))


def counts(world: World) -> dict[str, dict[str, int]]:
    """Rows per label and per relationship type, sorted by name (as ``KnowledgeGraph.counts``)."""
    return {
        "labels": {label: len(rows) for label, rows in sorted(world.nodes.items()) if rows},
        "types": {rel: len(rows) for rel, rows in sorted(world.edges.items()) if rows},
    }


def _write(path: Path, header: tuple[str, ...], rows: Any) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([_cell(value) for value in row] for row in rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)

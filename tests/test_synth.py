"""chainkg synth: deterministic, scaled, schema-valid synthetic tables that build and answer every query."""

from __future__ import annotations

import csv
import os
import statistics
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import ROOT

from chainkg.build import build
from chainkg.cli import main
from chainkg.errors import ChainKGError
from chainkg.graph.engines.embedded import EmbeddedStore
from chainkg.graph.io.nodelink import read_graph_json
from chainkg.graph.schema import SCHEMA
from chainkg.queries.library import library
from chainkg.queries.runner import run_named
from chainkg.synth import TABLE_FILES, Sizes, generate, synthesize


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def rows(folder: Path, name: str) -> list[dict[str, str]]:
    with open(folder / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def synth_built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict]:
    """300 enterprises written by chainkg synth and built: (tables folder, build folder, synth counts)."""
    base = tmp_path_factory.mktemp("synth")
    counts = synthesize(base / "tables", 300, seed=3)
    build([base / "tables"], base / "built")
    return base / "tables", base / "built", counts


def test_same_seed_same_bytes_even_in_another_process(tmp_path: Path) -> None:
    synthesize(tmp_path / "a", 500, seed=11)
    synthesize(tmp_path / "b", 500, seed=11)
    assert folder_bytes(tmp_path / "a") == folder_bytes(tmp_path / "b")
    code = f"from chainkg.synth import synthesize; synthesize({str(tmp_path / 'c')!r}, 500, seed=11)"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}  # set order differs between processes: must not matter
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=ROOT)
    assert folder_bytes(tmp_path / "c") == folder_bytes(tmp_path / "a")


def test_another_seed_gives_another_dataset(tmp_path: Path) -> None:
    synthesize(tmp_path / "a", 500, seed=11)
    synthesize(tmp_path / "b", 500, seed=12)
    a, b = folder_bytes(tmp_path / "a"), folder_bytes(tmp_path / "b")
    assert set(a) == set(b) == set(TABLE_FILES.values())
    assert a["enterprises.csv"] != b["enterprises.csv"] and a["supplies.csv"] != b["supplies.csv"]


def test_counts_scale_with_the_number_of_enterprises() -> None:
    small, large = generate(Sizes.scaled(200), 1), generate(Sizes.scaled(20_000), 1)
    assert len(small.nodes["Enterprise"]) == 200 and len(small.edges["SUPPLIES"]) == 1_000
    assert len(large.nodes["Enterprise"]) == 20_000 and len(large.edges["SUPPLIES"]) == 100_000
    for label in ("Chain", "Product", "Region", "Park", "Cluster", "Technology"):
        assert len(large.nodes[label]) > len(small.nodes[label]), label
    assert len(large.edges["MAKES"]) > 20_000 and len(large.edges["SUBSIDIARY_OF"]) == 200
    assert len(generate(Sizes.scaled(200, supplies=321), 1).edges["SUPPLIES"]) == 321
    reference = Sizes.scaled(100_000)
    assert (reference.supplies, reference.chains, reference.chains * 3 * reference.products_per_stage) == (
        500_000,
        30,
        720,
    )


def test_supply_out_degrees_are_heavy_tailed() -> None:
    world = generate(Sizes.scaled(5_000), 7)
    degrees = sorted(Counter(row[0] for row in world.edges["SUPPLIES"]).values())
    assert statistics.median(degrees) <= 5 and degrees[-1] >= 30 * statistics.median(degrees)
    top = sum(degrees[-len(degrees) // 100 :])  # the biggest 1% of suppliers
    assert top >= 0.1 * sum(degrees)


def test_names_are_chinese_legal_names_unique_with_some_english(synth_built) -> None:
    tables, _, _ = synth_built
    firms = rows(tables, "enterprises.csv")
    names = [f["name"] for f in firms] + [f["full_name"] for f in firms] + [f["name_en"] for f in firms if f["name_en"]]
    assert len({n.casefold() for n in names}) == len(names)
    assert all(f["full_name"].endswith("公司") and f["full_name"].startswith(f["region"]) for f in firms)
    assert 0.1 < sum(bool(f["name_en"]) for f in firms) / len(firms) < 0.5
    cities = {r["name"] for r in rows(tables, "regions.csv") if r["level"] == "city"}
    assert {f["region"] for f in firms} <= cities | {r["name"] for r in rows(tables, "regions.csv")}


def test_it_builds_into_every_label_and_type_with_nothing_merged(synth_built) -> None:
    _, built, counts = synth_built
    kg = read_graph_json(built / "graph.json")
    assert kg.counts() == counts and not kg.conflicts
    assert set(counts["labels"]) == set(SCHEMA.label_names) - {"Document"}
    assert set(counts["types"]) == set(SCHEMA.rel_names) - {"MENTIONED_IN"}
    statuses = Counter(node.get("status") for node in kg.nodes("Technology"))
    assert {"unsolved", "tackling", "breakthrough"} <= set(statuses)
    assert all(attrs.get("year") for _, _, _, attrs in kg.edges("BREAKTHROUGH"))
    assert {node["stage"] for node in kg.nodes("Product")} == {"upstream", "midstream", "downstream"}


def test_every_library_query_runs_on_it(synth_built) -> None:
    tables, built, _ = synth_built
    supply = rows(tables, "supplies.csv")[0]
    firms = Counter(f["region"] for f in rows(tables, "enterprises.csv"))
    values = {
        "chain": rows(tables, "chains.csv")[0]["name"],
        "region": firms.most_common()[-1][0],
        "depth": "2",
        "enterprise": supply["target"],
        "source": supply["source"],
        "target": supply["target"],
        "node": supply["source"],
        "text": "科技",
        "product": supply["product"],
        "industry": next(r["target"] for r in rows(tables, "upstream_of.csv") if r["target_label"] == "Industry"),
    }
    found = {}
    with EmbeddedStore(built / "db") as store:
        for name, query in library().items():
            params = {p.name: values[p.name] for p in query.params if not p.optional or p.name in query.one_of[:1]}
            found[name] = run_named(store, "embedded", name, params)[1]
    for name in (
        "chain_overview",
        "chain_gaps",
        "bottlenecks",
        "cluster_strength",
        "upstream",
        "supply_path",
        "enterprise_profile",
        "evidence",
        "search",
        "industry_overview",
        "industry_profile",
        "industry_upstream",
        "product_upstream",
    ):
        assert found[name], f"{name} found nothing"


def test_a_failed_write_leaves_the_folder_as_it_was(tmp_path: Path) -> None:
    synthesize(tmp_path / "out", 100, seed=1)
    before = folder_bytes(tmp_path / "out")

    def fail_half_way(name: str, _rows: int) -> None:
        if name == "enterprises.csv":
            raise OSError("disk full")

    with pytest.raises(OSError):
        synthesize(tmp_path / "out", 200, seed=2, on_table=fail_half_way)
    assert folder_bytes(tmp_path / "out") == before
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".out.lock")) == ["out"]


def test_cli_writes_tables_and_refuses_bad_sizes(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["synth", "-n", "50", "--seed", "5", "--out", str(tmp_path / "s"), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert '"Enterprise"' in result.stdout and len(rows(tmp_path / "s", "supplies.csv")) == 250
    assert CliRunner().invoke(main, ["synth", "-n", "5", "--out", str(tmp_path / "t")]).exit_code == 2
    with pytest.raises(ChainKGError, match="cannot draw 5000 distinct supply links among 10 enterprises"):
        synthesize(tmp_path / "u", 10, supplies=5000)

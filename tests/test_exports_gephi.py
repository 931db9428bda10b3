"""GraphML and GEXF exports opened by Gephi's own importers (the Gephi toolkit, headless, from Maven)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from helpers import ROOT, java_or_skip
from hostile import HOSTILE_NAME, add_hostile

from chainkg.graph.exports import export
from chainkg.graph.io.nodelink import read_graph_json
from chainkg.graph.model import KnowledgeGraph

GEPHI = "org.gephi:gephi-toolkit:0.10.1:jar:all"
CHECK = ROOT / "tests" / "gephi" / "GephiCheck.java"


@pytest.fixture(scope="session")
def gephi_jar() -> Path:
    """The Gephi toolkit jar, copied once by Maven into .cache/gephi (``make test`` does that first;
    skipped without Java and Maven, except under CI=true, where that fails)."""
    java_or_skip("the Gephi check")
    cache = ROOT / ".cache" / "gephi"
    jar = cache / "gephi-toolkit-0.10.1-all.jar"
    if not jar.exists():
        cache.mkdir(parents=True, exist_ok=True)
        command = ["mvn", "-q", "-B", "dependency:copy", f"-Dartifact={GEPHI}", f"-DoutputDirectory={cache}"]
        done = subprocess.run(command, capture_output=True, text=True, timeout=900, cwd=cache.parent)
        assert done.returncode == 0, (done.stdout + done.stderr)[-1500:]
    return jar


def open_in_gephi(jar: Path, path: Path) -> list[dict]:
    command = ["java", "-Djava.awt.headless=true", "-Xmx1g", "-cp", str(jar), str(CHECK), str(path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_gephi_opens_the_export_with_every_node_edge_label_and_typed_column(
    fmt: str, gephi_jar: Path, built_example: Path, tmp_path: Path
) -> None:
    kg: KnowledgeGraph = read_graph_json(built_example / "graph.json")
    add_hostile(kg)
    seen = open_in_gephi(gephi_jar, export(kg, fmt, tmp_path / f"g.{fmt}"))
    counts = next(r for r in seen if "nodes" in r)
    assert (counts["nodes"], counts["edges"]) == (len(kg), kg.number_of_edges())
    nodes = {r["id"]: r for r in seen if "id" in r}
    for node in kg.nodes():
        assert nodes[node["id"]]["label"] == node["name"]  # what Gephi shows on the canvas
        assert json.loads(nodes[node["id"]]["aliases"]) == node["aliases"]
    assert nodes[kg.find("Enterprise", HOSTILE_NAME)]["label"] == HOSTILE_NAME
    columns = {r.get("node_column") or r.get("edge_column"): r["type"] for r in seen if "type" in r}
    assert {k: columns[k] for k in ("bottleneck", "year", "volume", "labels", "evidence")} == {
        "bottleneck": "Boolean",
        "year": "Long",
        "volume": "Double",
        "labels": "String",
        "evidence": "String",
    }

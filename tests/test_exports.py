"""Exports (GraphML, GEXF, node-link JSON, neo4j-admin CSV, Cypher): round trips, headers, atomic writes."""

from __future__ import annotations

import csv
import errno
import json
import os
import re
import shlex
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from helpers import tree_digest
from hostile import HOSTILE_NAME, NEO4J_LONG, OVERLONG, QUOTES, RTL, hostile_graph

from chainkg.cli import main
from chainkg.errors import ExportError, LoadError
from chainkg.graph.exports import FORMATS, READABLE, export, read_export
from chainkg.graph.exports.cypher import cypher_literal, cypher_script
from chainkg.graph.exports.neo4j_csv import MANIFEST
from chainkg.graph.io.nodelink import dumps_graph_json, read_graph_json
from chainkg.graph.model import KnowledgeGraph
from chainkg.graph.schema import SCHEMA

NEO4J_FORMATS = ("csv", "cypher")
SUFFIX = {"graphml": "graphml", "gexf": "gexf", "json": "json", "csv": "csv", "cypher": "cypher"}


@pytest.fixture(scope="module")
def example(built_example: Path) -> KnowledgeGraph:
    return read_graph_json(built_example / "graph.json")


def graphs(example: KnowledgeGraph, fmt: str = "json") -> dict[str, KnowledgeGraph]:
    return {"example": example, "hostile": hostile_graph(NEO4J_LONG if fmt in NEO4J_FORMATS else OVERLONG)}


def edge_multiset(kg: KnowledgeGraph) -> Counter:
    return Counter((s, t, a["type"]) for s, t, _, a in kg.edges())


# -- round trips -----------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["example", "hostile"])
@pytest.mark.parametrize("fmt", READABLE)
def test_every_readable_export_reads_back_to_the_same_graph(
    example: KnowledgeGraph, which: str, fmt: str, tmp_path: Path
) -> None:
    kg = graphs(example, fmt)[which]
    out = export(kg, fmt, tmp_path / f"graph.{SUFFIX[fmt]}")
    back = read_export(fmt, out)
    assert dumps_graph_json(back) == dumps_graph_json(kg)


def test_networkx_reads_graphml_with_the_same_nodes_edges_and_properties(tmp_path: Path) -> None:
    kg = hostile_graph()
    g = nx.read_graphml(export(kg, "graphml", tmp_path / "g.graphml"), force_multigraph=True)
    assert set(g.nodes) == {n["id"] for n in kg.nodes()}
    assert Counter((s, t, d["type"]) for s, t, d in g.edges(data=True)) == edge_multiset(kg)
    for node in kg.nodes():
        data = g.nodes[node["id"]]
        assert (data["labels"], data["name"], data["label"]) == (node["label"], node["name"], node["name"])
        assert json.loads(data["aliases"]) == node["aliases"]
    assert g.nodes["Technology:高压液压阀"]["bottleneck"] is True
    assert g.nodes["Project:智能工厂"]["year"] == 2021
    assert g.nodes["Document:0123456789abcdef"]["title"] == "第一行\n第二行\r\n\t缩进"
    evidence = json.loads(g.nodes[kg.find("Enterprise", HOSTILE_NAME)]["evidence"])
    assert evidence[0]["note"].startswith('分号; 竖线| 引号"')
    supplies = [d for s, t, d in g.edges(data=True) if d["type"] == "SUPPLIES" and d.get("volume") == 1.5]
    assert supplies[0]["product"] == "液压件" and supplies[0]["edge_key"] == "SUPPLIES|液压件"


def test_networkx_reads_gexf_with_names_as_labels(tmp_path: Path) -> None:
    kg = hostile_graph()
    g = nx.read_gexf(export(kg, "gexf", tmp_path / "g.gexf"))
    assert set(g.nodes) == {n["id"] for n in kg.nodes()}
    assert Counter((s, t, d["type"]) for s, t, d in g.edges(data=True)) == edge_multiset(kg)
    for node in kg.nodes():
        assert g.nodes[node["id"]]["label"] == node["name"]  # what Gephi shows
        assert g.nodes[node["id"]]["labels"] == node["label"]
    assert g.nodes["Document:0123456789abcdef"]["title"] == "第一行\n第二行\r\n\t缩进"
    mention = [d for _, _, d in g.edges(data=True) if d["type"] == "MENTIONED_IN" and d["sentence"] == 2]
    assert mention[0]["text"] == "三一\n重工" and mention[0]["char_start"] == 10


def test_networkx_reads_node_link_json(example: KnowledgeGraph, tmp_path: Path) -> None:
    data = json.loads(export(example, "json", tmp_path / "g.json").read_text(encoding="utf-8"))
    g = nx.node_link_graph(data, edges="edges")
    assert g.is_multigraph() and g.is_directed()
    assert set(g.nodes) == {n["id"] for n in example.nodes()}
    assert Counter((s, t, d["type"]) for s, t, d in g.edges(data=True)) == edge_multiset(example)
    assert "三一重工股份有限公司" in g.nodes["Enterprise:三一重工"]["aliases"]


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "cypher"])
def test_chinese_text_is_written_as_is(example: KnowledgeGraph, fmt: str, tmp_path: Path) -> None:
    text = export(example, fmt, tmp_path / f"g.{fmt}").read_text(encoding="utf-8")
    assert "三一重工股份有限公司" in text and "\\u4e09" not in text.lower()


# -- neo4j-admin CSV -----------------------------------------------------------------------

# The importer's header grammar (Neo4j Operations Manual, "Import: CSV header format").
ADMIN_TYPES = (
    "int|long|float|double|boolean|byte|short|char|string|point|date|localtime|time|localdatetime|datetime|duration"
)
FIELD = re.compile(
    rf"^(?:(?P<name>[^:]+)?:(?P<special>ID|START_ID|END_ID)(?:\((?P<group>[^)]+)\))?"
    rf"|:(?P<meta>LABEL|TYPE|IGNORE)"
    rf"|(?P<prop>[^:]+)(?::(?P<type>{ADMIN_TYPES})(?P<array>\[\])?)?)$"
)


def parse_admin_header(fields: list[str]) -> list[re.Match]:
    """Each header field matched against the grammar; fails on anything the importer would refuse."""
    matches = [FIELD.match(field) for field in fields]
    assert all(matches), [f for f, m in zip(fields, matches) if not m]
    return matches  # type: ignore[return-value]


def test_admin_header_grammar_rejects_what_the_importer_rejects() -> None:
    for bad in (["name:text"], ["aliases:str[]"], [":LABELS"], ["id:ID(a"]):
        with pytest.raises(AssertionError):
            parse_admin_header(bad)


@pytest.mark.parametrize("which", ["example", "hostile"])
def test_csv_files_follow_the_importer_grammar(example: KnowledgeGraph, which: str, tmp_path: Path) -> None:
    kg = graphs(example, "csv")[which]
    folder = export(kg, "csv", tmp_path / "csv")
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    for name in manifest["nodes"] + manifest["relationships"]:
        with open(folder / name, encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        matches = parse_admin_header(rows[0])
        specials = [m["special"] or m["meta"] for m in matches if m["special"] or m["meta"]]
        assert specials == (["ID", "LABEL"] if name.startswith("nodes_") else ["START_ID", "END_ID", "TYPE"])
        assert all(len(row) == len(rows[0]) for row in rows[1:])
        for match, column in zip(matches, zip(*rows[1:])):
            values = [v for v in column if v]
            if match["type"] in ("long", "int"):
                assert all(re.fullmatch(r"-?\d+", v) for v in values)
            elif match["type"] == "boolean":
                assert set(values) <= {"true", "false"}
            elif match["type"] == "double":
                assert all(float(v) == float(v) for v in values)
    typed = {f.split(":")[0]: f.split(":")[1] for f in rows[0] if ":" in f and not f.startswith(":")}
    assert typed.get("evidence") == "string[]"


def test_csv_readme_holds_the_exact_import_command(example: KnowledgeGraph, tmp_path: Path) -> None:
    folder = export(example, "csv", tmp_path / "csv")
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    command = manifest["command"]
    assert command in (folder / "README.md").read_text(encoding="utf-8")
    args = shlex.split(command)
    assert args[:4] == ["neo4j-admin", "database", "import", "full"] and args[-1] == "neo4j"
    assert [a.split("=", 1)[1] for a in args if a.startswith("--nodes=")] == manifest["nodes"]
    assert [a.split("=", 1)[1] for a in args if a.startswith("--relationships=")] == manifest["relationships"]
    assert f"--array-delimiter={manifest['array_delimiter']}" in args
    assert all((folder / name).is_file() for name in manifest["nodes"] + manifest["relationships"])
    assert len(manifest["nodes"]) == len(example.counts()["labels"])
    assert "CREATE CONSTRAINT chainkg_Enterprise_id" in (folder / "constraints.cypher").read_text(encoding="utf-8")
    before = tree_digest(folder)
    small = KnowledgeGraph()
    small.add_node("Chain", "工程机械")
    export(small, "csv", folder)  # an earlier export is replaced whole
    assert sorted(p.name for p in folder.iterdir()) == [
        "README.md",
        "constraints.cypher",
        "import.json",
        "nodes_Chain.csv",
    ]
    export(example, "csv", folder)
    assert tree_digest(folder) == before


def test_csv_array_delimiter_avoids_every_character_in_the_values(tmp_path: Path) -> None:
    kg = hostile_graph(NEO4J_LONG)  # aliases and evidence hold both ; and |
    manifest = json.loads((export(kg, "csv", tmp_path / "csv") / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["array_delimiter"] == "\x1f"
    assert "--array-delimiter=U+001F" in manifest["command"] and manifest["multiline_fields"] is True
    assert "--multiline-fields=true" in manifest["command"]


# -- Cypher --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "literal"),
    [
        (HOSTILE_NAME, "'x\\'}) DETACH DELETE n //'"),
        (QUOTES, "'他说\"你好\"，\\'再见\\' \\\\ 反斜杠'"),
        ("a\nb\r\tc", "'a\\nb\\r\\tc'"),
        (RTL, "'abc\\u202Edef'"),
        ("\U0001f600 \U000e0001", "'\U0001f600 \\uDB40\\uDC01'"),
        ([1, 2.5, True, None], "[1, 2.5, true, null]"),
        (float("nan"), "toFloat('NaN')"),
        ({"a b": 1}, "{`a b`: 1}"),
    ],
)
def test_cypher_literals_escape_what_could_end_a_string(value: object, literal: str) -> None:
    assert cypher_literal(value) == literal


def test_cypher_values_only_travel_in_param_lines(tmp_path: Path) -> None:
    kg = hostile_graph(NEO4J_LONG)
    lines = cypher_script(kg, batch_size=2).splitlines()
    assert all(line.startswith(("//", "CREATE ", ":param rows => ", "UNWIND $rows AS row ")) for line in lines)
    statements = [line for line in lines if line.startswith("UNWIND")]
    assert all(HOSTILE_NAME not in line and "三一" not in line for line in statements)
    assert all(line.endswith(";") for line in lines if not line.startswith("//"))
    assert lines.index(next(line for line in lines if line.startswith(":param"))) > max(
        i for i, line in enumerate(lines) if line.startswith("CREATE")
    )


def test_cypher_script_sets_every_node_once_per_batch(example: KnowledgeGraph) -> None:
    lines = cypher_script(example, batch_size=5).splitlines()
    params = [line for line in lines if line.startswith(":param")]
    assert len(params) == sum(1 for line in lines if line.startswith("UNWIND"))
    assert sum(line.count("{id: 'Enterprise:") for line in params) == example.counts()["labels"]["Enterprise"]


# -- all or nothing ------------------------------------------------------------------------


def unwritable_graph() -> KnowledgeGraph:
    """A graph whose Technology name holds a lone surrogate: no UTF-8 (nor XML) can carry it."""
    kg = hostile_graph(NEO4J_LONG)
    kg.add_node("Technology", "坏\ud800字")
    return kg


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_failed_export_leaves_the_previous_output_byte_identical(
    example: KnowledgeGraph, fmt: str, tmp_path: Path
) -> None:
    out = export(example, fmt, tmp_path / f"g.{SUFFIX[fmt]}")
    before = tree_digest(out)
    with pytest.raises(ExportError):
        export(unwritable_graph(), fmt, out)
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != f".{out.name}.lock") == [out.name]


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "cypher"])
def test_a_disk_failure_mid_write_leaves_the_previous_file(
    example: KnowledgeGraph, fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = export(example, fmt, tmp_path / f"g.{fmt}")
    before = out.read_bytes()

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(ExportError, match="No space left on device"):
        export(hostile_graph(NEO4J_LONG), fmt, out)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_a_csv_failure_half_way_leaves_the_previous_folder(example: KnowledgeGraph, tmp_path: Path) -> None:
    out = export(example, "csv", tmp_path / "csv")
    before = tree_digest(out)
    with pytest.raises(ExportError, match="UTF-8 cannot encode"):  # Enterprise files are written, Technology fails
        export(unwritable_graph(), "csv", out)
    assert tree_digest(out) == before


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_a_control_character_is_named_not_written(fmt: str, tmp_path: Path) -> None:
    kg = KnowledgeGraph()
    kg.add_node("Chain", "工程\x01机械")
    with pytest.raises(
        ExportError, match=r"node 'Chain:工程\\x01机械': id holds U\+0001, a character XML 1.0 cannot carry"
    ):
        export(kg, fmt, tmp_path / f"g.{fmt}")
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("fmt", NEO4J_FORMATS)
def test_a_name_too_long_for_a_neo4j_range_index_goes_to_the_neo4j_formats_whole(fmt: str, tmp_path: Path) -> None:
    """Names sit in Neo4j TEXT indexes and ids are kept short (graph.identity.node_id cuts and hashes
    a key over 1,024 bytes), so a 10,000-character name is exported whole."""
    kg = hostile_graph(OVERLONG)
    out = export(kg, fmt, tmp_path / "out")
    files = [out] if out.is_file() else sorted(p for p in out.rglob("*") if p.is_file())
    assert any(OVERLONG in p.read_text("utf-8") for p in files)
    assert max(len(node["id"].encode("utf-8")) for node in kg.nodes()) < 8_164


def test_csv_never_replaces_a_folder_that_is_not_a_csv_export(built_example: Path, example: KnowledgeGraph) -> None:
    before = tree_digest(built_example)
    with pytest.raises(ExportError, match="not a chainkg CSV export"):
        export(example, "csv", built_example)
    assert tree_digest(built_example) == before


def test_a_file_export_onto_a_folder_is_refused(example: KnowledgeGraph, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="the output path is a folder"):
        export(example, "graphml", tmp_path)


# -- CLI and docs --------------------------------------------------------------------------


def test_cli_export_writes_the_file_and_says_so(built_example: Path, tmp_path: Path) -> None:
    out = tmp_path / "hunan.graphml"
    result = CliRunner().invoke(main, ["export", str(built_example), "--format", "graphml", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"wrote {out} (graphml): 76 nodes, 178 edges\n"
    assert dumps_graph_json(read_export("graphml", out)) == (built_example / "graph.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_built_folder_exports_what_its_graph_exports(
    built_example: Path, example: KnowledgeGraph, fmt: str, tmp_path: Path
) -> None:
    """export_built (json: graph.json copied; the others: the graph read from its tables) writes
    the bytes export writes for the graph read from graph.json."""
    from chainkg.graph.exports import export_built

    counts = export_built(built_example, fmt, tmp_path / f"built.{fmt}")
    export(example, fmt, tmp_path / f"plain.{fmt}")
    assert counts == example.counts()
    assert list(tree_digest(tmp_path / f"built.{fmt}").values()) == list(
        tree_digest(tmp_path / f"plain.{fmt}").values()
    )


def test_json_export_of_a_folder_is_its_graph_json_copied_all_or_nothing(built_example: Path, tmp_path: Path) -> None:
    from chainkg.graph.exports import export_built

    out = tmp_path / "g.json"
    out.write_bytes(b"before")
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "graph.json").write_text('{"nodes": []}\n', "utf-8")
    with pytest.raises(LoadError, match=r"not a chainkg graph.json: .*: rebuild it with chainkg build"):
        export_built(tmp_path / "bad", "json", out)
    assert out.read_bytes() == b"before"
    export_built(built_example, "json", out)
    assert out.read_bytes() == (built_example / "graph.json").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad", "g.json"]  # no temp file left


def test_cli_export_errors_are_one_line(tmp_path: Path) -> None:
    for fmt in ("csv", "json"):
        result = CliRunner().invoke(main, ["export", str(tmp_path), "--format", fmt, "-o", str(tmp_path / "x")])
        assert result.exit_code == 1
        assert (
            result.stderr
            == f"Error: no graph.json ({tmp_path / 'graph.json'}): run chainkg build --out on this folder first\n"
        )
    usage = CliRunner().invoke(main, ["export", str(tmp_path), "--format", "xml", "-o", "x"])
    assert usage.exit_code == 2


def test_unknown_format_is_an_export_error(example: KnowledgeGraph, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="cannot export format 'xml'"):
        export(example, "xml", tmp_path / "g.xml")
    with pytest.raises(ExportError, match="cannot read format 'cypher'"):
        read_export("cypher", tmp_path / "g.cypher")


def test_export_columns_come_from_the_schema(tmp_path: Path) -> None:
    kg = KnowledgeGraph()
    kg.add_node("Technology", "芯片", bottleneck=False)
    text = export(kg, "graphml", tmp_path / "g.graphml").read_text(encoding="utf-8")
    declared = set(re.findall(r'attr\.name="([^"]+)"', text))
    schema_props = {p.name for label in SCHEMA.label_names for p in SCHEMA.node_props(label)}
    schema_props |= {p.name for rel in SCHEMA.rel_names for p in SCHEMA.edge_props(rel)}
    assert declared - {"labels", "label", "type", "edge_key"} == schema_props - {"id"}
    assert 'attr.name="bottleneck" attr.type="boolean"' in text

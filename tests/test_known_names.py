"""Names the user already has: a build's tables, --lexicon tables, built folders and mappings."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from chainkg.cli import main
from chainkg.errors import LoadError
from chainkg.graph.facts import NodeFact
from chainkg.loaders import DocumentOptions, load_inputs
from chainkg.loaders.known_names import entries_from_facts, entries_from_graph, entries_from_mapping
from chainkg.loaders.lexicon import Lexicon

ROOT = Path(__file__).resolve().parents[1]
PRODUCT_CHAIN = ROOT / "examples" / "product_chain"

NODES = """label,name,aliases,full_name
Enterprise,湘江精工,江精|湘精公司,湖南湘江精工机械股份有限公司
Technology,高压柱塞泵,,
Product,液压油缸,,
Enterprise,机器人,,沈阳新松机器人自动化股份有限公司
Product,机器人,,
"""
TEXT = "湘精公司与湖南湘江精工机械股份有限公司在长沙签约。该公司研发高压柱塞泵和液压油缸。机器人产业发展迅速。\n"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def mentioned(facts: list) -> set[tuple[str, str]]:
    """(label, name) of the nodes the documents mention."""
    return {(f.source.label, f.source.name) for f in facts if getattr(f, "type", None) == "MENTIONED_IN"}


def document_nodes(facts: list) -> set[tuple[str, str]]:
    return {(f.label, f.name) for f in facts if isinstance(f, NodeFact) and any("char_start" in e for e in f.evidence)}


@pytest.mark.parametrize("names", ["a_nodes.csv", "z_nodes.csv"])
def test_documents_link_to_the_tables_names_whatever_the_order(tmp_path: Path, names: str) -> None:
    (tmp_path / names).write_text(NODES, "utf-8")
    (tmp_path / "m_news.txt").write_text(TEXT, "utf-8")
    facts = load_inputs([tmp_path], DocumentOptions(jobs=1))
    found = document_nodes(facts)
    assert ("Enterprise", "湘江精工") in found  # by an alias and by the full name
    assert ("Technology", "高压柱塞泵") in found
    assert ("Product", "液压油缸") not in found  # a user's product name is no mention by itself
    assert ("Enterprise", "机器人") not in found  # a company called by a word: its full name only


def test_without_the_table_the_names_are_not_known(tmp_path: Path) -> None:
    (tmp_path / "news.txt").write_text(TEXT, "utf-8")
    assert ("Technology", "高压柱塞泵") not in document_nodes(load_inputs([tmp_path], DocumentOptions(jobs=1)))


def test_entries_from_facts_rules() -> None:
    facts = [
        NodeFact("Enterprise", "机器人", (), {"full_name": "新松机器人自动化股份有限公司"}),
        NodeFact("Product", "机器人"),
        NodeFact("Region", "灌溪镇", (), {"level": "town", "population": 5}),
        NodeFact("Document", "abc"),
    ]
    entries = {(e.label, e.name): e for e in entries_from_facts(facts, "t")}
    assert set(entries) == {("Enterprise", "新松机器人自动化股份有限公司"), ("Region", "灌溪镇")}
    assert entries[("Region", "灌溪镇")].props == {"level": "town"}


def test_a_company_whose_word_has_no_full_name_keeps_it() -> None:
    entries = entries_from_facts([NodeFact("Enterprise", "机器人"), NodeFact("Product", "机器人")], "t")
    assert [(e.label, e.name) for e in entries] == [("Enterprise", "机器人")]


def test_lexicon_from_a_mapping_reads_its_files() -> None:
    entries = entries_from_mapping(PRODUCT_CHAIN / "chainkg.yaml")
    names = {(e.label, e.name): e for e in entries}
    first = json.loads((PRODUCT_CHAIN / "company.jsonl").read_text("utf-8").splitlines()[0])
    assert names[("Enterprise", first["name"])].props["full_name"] == first["fullname"]
    assert not any(label == "Product" for label, _ in names)


def test_lexicon_from_a_built_folder_skips_nodes_known_only_from_documents(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "nodes.csv").write_text(NODES, "utf-8")
    (tmp_path / "in" / "news.txt").write_text(TEXT + "长沙中南液压件有限公司为其配套。\n", "utf-8")
    assert run("build", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--jobs", "1").exit_code == 0
    names = {(e.label, e.name) for e in entries_from_graph(tmp_path / "out")}
    assert ("Enterprise", "湘江精工") in names and ("Technology", "高压柱塞泵") in names
    assert ("Region", "长沙") not in names  # stated by the document only
    assert not any(label in {"Document", "Product"} for label, _ in names)


def test_extract_with_a_built_folder_or_a_mapping_as_lexicon(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "nodes.csv").write_text(NODES, "utf-8")
    assert run("build", str(tmp_path / "in"), "--out", str(tmp_path / "out")).exit_code == 0
    doc = tmp_path / "news.txt"
    first = json.loads((PRODUCT_CHAIN / "company.jsonl").read_text("utf-8").splitlines()[0])
    doc.write_text(TEXT + f"{first['name']}在青海投产。\n", "utf-8")
    plain = json.loads(run("extract", str(doc), "--format", "json").stdout)
    with_graph = json.loads(run("extract", str(doc), "--lexicon", str(tmp_path / "out"), "--format", "json").stdout)
    with_mapping = json.loads(
        run("extract", str(doc), "--lexicon", str(PRODUCT_CHAIN / "chainkg.yaml"), "--format", "json").stdout
    )
    assert not any(r["name"] == "高压柱塞泵" for r in plain)
    assert any(r["label"] == "Technology" and r["name"] == "高压柱塞泵" for r in with_graph)
    assert any(r["label"] == "Enterprise" and r["name"] == first["name"] for r in with_mapping)


def test_a_folder_without_graph_json_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="no graph.json"):
        Lexicon.load([tmp_path])
    doc = tmp_path / "news.txt"
    doc.write_text(TEXT, "utf-8")
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(main, ["extract", str(doc), "--lexicon", str(tmp_path / "empty")])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: no graph.json in the folder ({tmp_path / 'empty'}): ")


def test_a_nodes_table_as_lexicon_matches_every_row(tmp_path: Path) -> None:
    (tmp_path / "lex.csv").write_text(NODES, "utf-8")
    lexicon = Lexicon.load([tmp_path / "lex.csv"])
    assert lexicon.entry("Product", "液压油缸") is not None  # a lexicon table is taken as written


def test_the_bundled_example_still_builds_with_its_names(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "examples" / "hunan", tmp_path / "hunan")
    facts = load_inputs([tmp_path / "hunan"], DocumentOptions(jobs=1))
    assert ("Technology", "橡塑密封件") in mentioned(facts)  # defined by technologies.csv, named in the news


@pytest.mark.parametrize(
    "nodes", [[], [{"id": "Chain:工程机械", "label": "Chain", "name": "工程机械", "aliases": ["工程机械产业"]}]]
)
def test_graph_json_read_line_by_line_or_whole(tmp_path: Path, nodes: list[dict]) -> None:
    from chainkg.graph.io.nodelink import graph_from_node_link, write_graph_json

    kg = graph_from_node_link({"nodes": nodes, "edges": []})
    write_graph_json(kg, tmp_path / "graph.json")
    whole = tmp_path / "whole"
    whole.mkdir()
    (whole / "graph.json").write_text(json.dumps({"nodes": nodes, "edges": []}), "utf-8")
    expected = [("Chain", "工程机械", ("工程机械产业",))] if nodes else []
    for folder in (tmp_path, whole):
        assert [(e.label, e.name, e.aliases) for e in entries_from_graph(folder)] == expected

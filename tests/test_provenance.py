"""Every extracted fact says where it came from, down to the characters of the original."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import EXAMPLE, ROOT

from chainkg.build import build
from chainkg.graph.facts import EdgeFact, NodeFact
from chainkg.loaders.lexicon import Lexicon
from chainkg.loaders.text import read_text_document

DOCUMENTS = sorted((ROOT / "tests" / "gold" / "docs").glob("*.txt")) + [EXAMPLE / "news_supply.txt"]


@pytest.mark.parametrize("path", DOCUMENTS, ids=[p.stem for p in DOCUMENTS])
def test_original_text_at_the_stored_offsets_is_the_mention(path: Path) -> None:
    original = path.read_text("utf-8")
    facts = read_text_document(path, path.name, Lexicon.shipped())
    mentions = [f for f in facts if isinstance(f, EdgeFact) and f.type == "MENTIONED_IN"]
    assert mentions
    for mention in mentions:
        assert original[mention.props["char_start"] : mention.props["char_end"]] == mention.props["text"]
        assert mention.props["text"].replace("\n", "")  # never empty


def test_the_seed_offsets_too(seed_text: str, tmp_path: Path) -> None:
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, "utf-8")
    facts = read_text_document(path, "seed.txt", Lexicon.shipped())
    for fact in facts:
        if isinstance(fact, EdgeFact) and fact.type == "MENTIONED_IN":
            assert seed_text[fact.props["char_start"] : fact.props["char_end"]] == fact.props["text"]


def test_every_node_and_edge_carries_document_sentence_offsets_and_rule() -> None:
    path = EXAMPLE / "news_supply.txt"
    facts = read_text_document(path, "news_supply.txt", Lexicon.shipped())
    document = next(f for f in facts if isinstance(f, NodeFact) and f.label == "Document")
    for fact in facts:
        if fact is document:
            continue
        record = fact.evidence[0]
        assert record["doc"] == document.name and record["path"] == "news_supply.txt"
        assert {"sentence", "char_start", "char_end", "rule"} <= set(record) or fact.type == "MENTIONED_IN"


def test_a_gbk_copy_gives_the_same_graph_as_the_utf8_original(tmp_path: Path) -> None:
    for encoding in ("utf-8", "gbk"):
        folder = tmp_path / encoding / "docs"
        folder.mkdir(parents=True)
        for path in DOCUMENTS:
            (folder / path.name).write_bytes(path.read_text("utf-8").encode(encoding))
        build([folder], tmp_path / encoding / "out")
    utf8 = (tmp_path / "utf-8" / "out" / "graph.json").read_bytes()
    gbk = (tmp_path / "gbk" / "out" / "graph.json").read_bytes()
    assert utf8 == gbk
    assert b'"label":"Document"' in utf8


def test_documents_and_tables_merge_in_one_build(tmp_path: Path) -> None:
    build([EXAMPLE], tmp_path / "out")
    nodes = json.loads((tmp_path / "out" / "graph.json").read_text("utf-8"))["nodes"]
    zoomlion = [n for n in nodes if n["label"] == "Enterprise" and n["name"] == "中联重科"]
    assert len(zoomlion) == 1
    paths = {e["path"] for e in zoomlion[0]["evidence"]}
    assert {"hunan/enterprises.csv", "hunan/news_supply.txt"} <= paths

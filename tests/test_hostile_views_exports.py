"""Hostile strings (tests/hostile.py) through every view and every export.

The build of the example plus the hostile tables and document (as in test_hostile.py)
is exported in every format and read back to the same graph.json; the Cypher script is
replayed into the real Neo4j; every view kind is rendered and opened in headless
Chromium, where each hostile name must be drawn as the same text and nothing may run.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from browser import open_page
from helpers import replay
from hostile import HOSTILE, LONG_NAME

from chainkg.errors import ExportError
from chainkg.graph.exports import READABLE, export, read_export
from chainkg.graph.io.nodelink import dumps_graph_json, graph_from_node_link, read_graph_json
from chainkg.graph.model import KnowledgeGraph
from chainkg.graph.views import write_view

NAMES = sorted({" ".join(text.split()) for _, text in HOSTILE})


@pytest.fixture(scope="module")
def graph_text(hostile_build: Path) -> str:
    return (hostile_build / "graph.json").read_text(encoding="utf-8")


# -- exports -----------------------------------------------------------------------------


XML_FORMATS = ("graphml", "gexf")
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # XML 1.0 cannot hold these at all


def xml_unsafe(value: Any) -> bool:
    """Whether any string in ``value`` (walked through lists and dicts) holds such a character."""
    if isinstance(value, str):
        return bool(XML_FORBIDDEN.search(value))
    if isinstance(value, dict):
        return any(xml_unsafe(k) or xml_unsafe(v) for k, v in value.items())
    if isinstance(value, list):
        return any(xml_unsafe(v) for v in value)
    return False


def without_xml_forbidden(graph_text: str) -> KnowledgeGraph:
    """The graph less the nodes and links holding a character XML 1.0 cannot carry."""
    data = json.loads(graph_text)
    bad = {n["id"] for n in data["nodes"] if xml_unsafe(n)}
    data["nodes"] = [n for n in data["nodes"] if n["id"] not in bad]
    data["edges"] = [
        e for e in data["edges"] if e["source"] not in bad and e["target"] not in bad and not xml_unsafe(e)
    ]
    return graph_from_node_link(data)


@pytest.mark.parametrize("fmt", READABLE)
def test_every_readable_export_gives_the_hostile_graph_back(
    hostile_build: Path, graph_text: str, fmt: str, tmp_path: Path
) -> None:
    kg = read_graph_json(hostile_build / "graph.json")
    if fmt in XML_FORMATS:  # control characters are refused, with the fix, and nothing is written
        with pytest.raises(ExportError, match="a character XML 1.0 cannot carry: remove control characters"):
            export(kg, fmt, tmp_path / f"hostile.{fmt}")
        assert not (tmp_path / f"hostile.{fmt}").exists()
        kg = without_xml_forbidden(graph_text)
        kept = {
            node["name"] for node in kg.nodes("Enterprise")
        }  # everything else: markup, quotes, bidi marks, the long name
        assert {"<img src=x onerror=alert(1)>", "x'}) DETACH DELETE n //", LONG_NAME} <= kept
    path = export(kg, fmt, tmp_path / f"hostile.{fmt}")
    assert dumps_graph_json(read_export(fmt, path)) == dumps_graph_json(kg)


@pytest.mark.neo4j
def test_the_cypher_export_of_the_hostile_graph_replays_into_neo4j_unchanged(
    hostile_build: Path,
    graph_text: str,
    cypher_shell: list[str],
    neo4j_store,
    neo4j_settings,
    tmp_path: Path,
) -> None:
    kg = read_graph_json(hostile_build / "graph.json")
    with pytest.raises(ExportError, match="U\\+0000 \\(NUL\\), which cypher-shell's :param cannot carry"):
        export(kg, "cypher", tmp_path / "hostile.cypher")
    assert not (tmp_path / "hostile.cypher").exists()
    data = json.loads(graph_text)  # the rest, every other control character included, goes through cypher-shell whole
    nul = {n["id"] for n in data["nodes"] if "\\u0000" in json.dumps(n)}
    data["nodes"] = [n for n in data["nodes"] if n["id"] not in nul]
    data["edges"] = [
        e for e in data["edges"] if e["source"] not in nul and e["target"] not in nul and "\\u0000" not in json.dumps(e)
    ]
    kg = graph_from_node_link(data)
    script = export(kg, "cypher", tmp_path / "hostile.cypher")
    done = replay(cypher_shell, neo4j_settings, script)
    assert done.returncode == 0, done.stderr[-2000:]
    assert dumps_graph_json(neo4j_store.pull()) == dumps_graph_json(kg)
    assert neo4j_store.query("MATCH (n:Region {id: 'Region:pwned'}) RETURN count(n)")[1] == [[0]]


# -- views ---------------------------------------------------------------------------------

VIEWS: dict[str, dict[str, Any]] = {
    "overview": {"max_nodes": 5_000},
    "gaps": {},
    "chain": {"chain": "<img src=x onerror=alert(1)>"},
    "ego": {"node": "Enterprise:<script>alert('xss')</script>", "depth": 2},
}


def drawn_labels(watched) -> list[str]:
    """The text of every node vis-network holds (captions may be shortened; titles are whole)."""
    return watched.page.evaluate(
        "Object.values(window.chainkgView.network.body.data.nodes.get()).map(n => n.title === undefined ? '' : String(n.title))"
    )


@pytest.mark.parametrize("kind", sorted(VIEWS))
def test_each_view_of_the_hostile_graph_draws_names_as_text_and_runs_nothing(
    browser,
    hostile_build: Path,
    kind: str,
    tmp_path: Path,
) -> None:
    kg = read_graph_json(hostile_build / "graph.json")
    page = write_view(kg, kind, tmp_path / f"hostile-{kind}.html", **VIEWS[kind])
    html = page.read_text(encoding="utf-8")
    for text in ("<img src=x onerror=alert(1)>", "<script>alert('xss')</script>", "</script><script>alert(1)</script>"):
        assert text not in html  # the data travels as escaped JSON, never as markup
    watched = open_page(browser, page)
    titles = "\n".join(drawn_labels(watched))
    if kind == "overview":  # every hostile Enterprise is in the overview, its name whole in its tooltip
        for name in NAMES:
            assert name in titles, name[:60]
    watched.page.mouse.move(400, 300)
    watched.page.mouse.wheel(0, -400)
    assert (
        watched.page.evaluate("document.querySelectorAll('img, iframe, object, embed, a[href^=\"javascript\"]').length")
        == 0
    )
    assert watched.page.evaluate("typeof window.__xss") == "undefined"
    assert watched.errors == [] and watched.dialogs == [] and watched.outside == []
    watched.page.context.close()


def test_build_pages_of_hostile_chains_are_written_and_inert(hostile_build: Path) -> None:
    pages = sorted((hostile_build / "views").glob("chain-*.html"))
    assert len(pages) >= len(NAMES)  # one per hostile chain, plus the example's
    for page in pages:
        assert "<img src=x onerror=alert(1)>" not in page.read_text(encoding="utf-8")


def test_the_long_name_survives_every_readable_export(graph_text: str, tmp_path: Path) -> None:
    kg = without_xml_forbidden(graph_text)
    for fmt in READABLE:
        back = read_export(fmt, export(kg, fmt, tmp_path / f"long.{fmt}"))
        assert any(node["name"] == LONG_NAME for node in back.nodes("Enterprise")), fmt

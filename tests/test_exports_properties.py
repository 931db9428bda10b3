"""Property-based round trips (hypothesis): any small graph with any text in its names, aliases,
properties and evidence comes back from every readable export as the same graph.json.

Text is drawn from all of Unicode except what a format documents it cannot carry: surrogates
(no UTF-8), and for GraphML/GEXF the controls XML 1.0 forbids (those are an ExportError,
checked in tests/test_exports.py and tests/test_hostile_views_exports.py).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chainkg.errors import SchemaError
from chainkg.graph.exports import READABLE, export, read_export
from chainkg.graph.io.nodelink import dumps_graph_json
from chainkg.graph.model import KnowledgeGraph

XML_FORBIDDEN = {*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF}


def texts(fmt: str) -> st.SearchStrategy[str]:
    excluded = "".join(map(chr, XML_FORBIDDEN)) if fmt in ("graphml", "gexf") else ""
    alphabet = st.characters(blacklist_categories=("Cs",), blacklist_characters=excluded)
    return st.text(alphabet, min_size=1, max_size=12).filter(lambda t: t.strip())


@st.composite
def graphs(draw: st.DrawFn, fmt: str) -> KnowledgeGraph:
    text = texts(fmt)
    kg = KnowledgeGraph()
    firms = []
    for name in draw(st.lists(text, min_size=1, max_size=5)):
        try:
            nid = kg.add_node(
                "Enterprise",
                name,
                aliases=draw(st.lists(text.filter(lambda t: "|" not in t), max_size=2)),
                evidence=[{"path": draw(text), "line": draw(st.integers(1, 10**6)), "note": draw(text)}],
            )
        except SchemaError:  # a name that normalises to nothing, or an alias already taken: not the point here
            continue
        firms.append(nid)
    products = [kg.add_node("Product", f"产品{i}", stage="midstream") for i in range(2)]
    for source in firms:
        kg.add_edge("MAKES", source, draw(st.sampled_from(products)), weight=draw(st.floats(0, 1)))
        target = draw(st.sampled_from(firms))
        if target != source:
            kg.add_edge("SUPPLIES", source, target, product=draw(text), volume=draw(st.floats(0, 1e9)))
    return kg


@pytest.mark.parametrize("fmt", READABLE)
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_small_graph_round_trips(fmt: str, data: st.DataObject) -> None:
    kg = data.draw(graphs(fmt))
    with tempfile.TemporaryDirectory() as tmp:
        back = read_export(fmt, export(kg, fmt, Path(tmp) / f"graph.{fmt}"))
    assert dumps_graph_json(back) == dumps_graph_json(kg)

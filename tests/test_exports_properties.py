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
from helpers import text_graphs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chainkg.graph.exports import READABLE, export, read_export
from chainkg.graph.io.nodelink import dumps_graph_json


@pytest.mark.parametrize("fmt", READABLE)
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_small_graph_round_trips(fmt: str, data: st.DataObject) -> None:
    kg = data.draw(text_graphs(fmt))
    with tempfile.TemporaryDirectory() as tmp:
        back = read_export(fmt, export(kg, fmt, Path(tmp) / f"graph.{fmt}"))
    assert dumps_graph_json(back) == dumps_graph_json(kg)

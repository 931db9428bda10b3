"""Docstring examples run, so they cannot drift from the code."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "chainkg.graph.schema",
    "chainkg.graph.identity",
    "chainkg.graph.evidence",
    "chainkg.graph.model",
    "chainkg.loaders",
    "chainkg.output",
    "chainkg.queries.library",
    "chainkg.graph.analysis.analytics",
    "chainkg.graph.analysis.dominators",
    "chainkg.loaders.mentions",
    "chainkg.loaders.normalise",
    "chainkg.loaders.reading",
    "chainkg.loaders.sentence",
    "chainkg.loaders.lexicon",
    "chainkg.loaders.headed_lists",
    "chainkg.loaders.known_names",
    "chainkg.loaders.variants",
    "chainkg.loaders.places",
    "chainkg.graph.storage.coded",
    "chainkg.graph.names",
    "chainkg.graph.checks",
    "chainkg.graph.analysis.depths",
    "chainkg.graph.engines.record_parts",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    failed, attempted = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert attempted > 0, f"{name} has no examples"
    assert failed == 0

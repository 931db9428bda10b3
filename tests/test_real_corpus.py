"""The extractor on real public Chinese texts (../shared/corpus/real), micro-averaged over all labels.

Precision counts every extracted node and edge, not only the labels a gold file uses.
The floors are what the extractor reaches today, so a change that loses ground fails;
the goal is entities P >= 0.90, R >= 0.85 and relations P >= 0.85, R >= 0.70
(``python benchmarks/quality.py --real-only`` prints the tables). Reviewed gold
disagreements (tests/gold_disagreements.json) are applied by the scorer.
"""

from __future__ import annotations

import json
import os

import pytest
from gold_scoring import DISAGREEMENTS, REAL, Score, micro, real_gold_files, reviewed, score_file

ENTITY_FLOOR = (0.91, 0.85)
RELATION_FLOOR = (0.88, 0.71)


@pytest.fixture(scope="module")
def scores() -> tuple[Score, Score]:
    files = real_gold_files()
    if not files:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the real corpus is missing under CI: {REAL}")
        pytest.skip(f"{REAL} absent (third-party texts live in ../shared)")
    pairs = [score_file(path) for path in files]
    return micro([e for e, _ in pairs]), micro([r for _, r in pairs])


def test_entities_hold_their_floor(scores: tuple[Score, Score]) -> None:
    precision, recall = scores[0].pr()
    assert precision >= ENTITY_FLOOR[0] and recall >= ENTITY_FLOOR[1], (precision, recall)


def test_relations_hold_their_floor(scores: tuple[Score, Score]) -> None:
    precision, recall = scores[1].pr()
    assert precision >= RELATION_FLOOR[0] and recall >= RELATION_FLOOR[1], (precision, recall)


def test_each_disagreement_names_a_corpus_file_and_a_reason() -> None:
    """Each reviewed disagreement is an entity or relation of a corpus file, with its reason."""

    entries = json.loads(DISAGREEMENTS.read_text("utf-8"))
    files = {p.name for p in real_gold_files()}
    for entry in entries:
        assert set(entry) == {"file", "action", "item", "reason"}, entry
        assert entry["action"] in {"drop", "add"} and len(entry["reason"]) > 20, entry
        if real_gold_files():
            assert entry["file"] in files, entry
            reviewed(REAL / entry["file"])

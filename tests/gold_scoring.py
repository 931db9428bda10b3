"""Scoring the text extractor against the gold files in tests/gold (precision and recall).

Entities match by label and any shared name or alias (NFKC, case-folded, quotes and
spaces removed); relations match by type and matched endpoints. Where a gold call is
judged wrong, ``gold_disagreements.json`` (beside this file, reviewed: file, item,
reason) drops or adds the item before scoring; nothing else is scored around.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from chainkg.graph.facts import EdgeFact, NodeFact
from chainkg.loaders.lexicon import Lexicon
from chainkg.loaders.text import read_text_document

GOLD = Path(__file__).resolve().parent / "gold"
ROOT = GOLD.parents[1]
REAL = ROOT.parent / "shared" / "corpus" / "real" / "gold"
DISAGREEMENTS = Path(__file__).resolve().parent / "gold_disagreements.json"


def key(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).casefold()
    return re.sub(r"[\s“”\"'‘’《》「」]", "", text)


@dataclass
class Score:
    tp: Counter = field(default_factory=Counter)
    predicted: Counter = field(default_factory=Counter)
    gold: Counter = field(default_factory=Counter)
    misses: list = field(default_factory=list)
    spurious: list = field(default_factory=list)

    def pr(self, kind: str | None = None) -> tuple[float, float]:
        tp = sum(self.tp.values()) if kind is None else self.tp[kind]
        predicted = sum(self.predicted.values()) if kind is None else self.predicted[kind]
        gold = sum(self.gold.values()) if kind is None else self.gold[kind]
        return (tp / predicted if predicted else 1.0), (tp / gold if gold else 1.0)


def micro(scores: list[Score]) -> Score:
    """One micro-averaged score over ``scores``."""
    whole = Score()
    for score in scores:
        whole.tp.update(score.tp)
        whole.gold.update(score.gold)
        whole.predicted.update(score.predicted)
    return whole


def document_path(gold: dict) -> Path:
    doc = gold["document"]
    return ROOT.parent / doc if doc.startswith("shared/") else ROOT / doc


def score_file(gold_path: Path, lexicon: Lexicon | None = None) -> tuple[Score, Score]:
    """Entity and relation scores of the extractor on one gold file."""
    gold = reviewed(gold_path)
    facts = read_text_document(document_path(gold), gold_path.name, lexicon or Lexicon.shipped())
    nodes = [f for f in facts if isinstance(f, NodeFact) and f.label != "Document"]
    edges = [f for f in facts if isinstance(f, EdgeFact) and f.type != "MENTIONED_IN"]
    entities, mapping = _score_entities(gold["entities"], nodes)
    return entities, _score_relations(gold, edges, mapping)


def _score_entities(gold_entities: list[dict], nodes: list[NodeFact]) -> tuple[Score, dict]:
    score = Score()
    index = {}
    for entity in gold_entities:
        score.gold[entity["label"]] += 1
        for name in [entity["name"], *entity.get("aliases", [])]:
            index[(entity["label"], key(name))] = entity["name"]
    mapping: dict[tuple[str, str], str] = {}
    used: set[tuple[str, str]] = set()
    for node in nodes:
        score.predicted[node.label] += 1
        names = [node.name, *node.aliases]
        hit = next((index[(node.label, key(n))] for n in names if (node.label, key(n)) in index), None)
        if hit and (node.label, hit) not in used:
            used.add((node.label, hit))
            score.tp[node.label] += 1
            mapping[(node.label, node.name)] = hit
        else:
            score.spurious.append(f"{node.label}:{node.name}")
    score.misses = [f"{e['label']}:{e['name']}" for e in gold_entities if (e["label"], e["name"]) not in used]
    return score, mapping


def _score_relations(gold: dict, edges: list[EdgeFact], mapping: dict) -> Score:
    score = Score()
    names = {}
    for entity in gold["entities"]:
        for name in [entity["name"], *entity.get("aliases", [])]:
            names[key(name)] = entity["name"]
    wanted = {(r["type"], names[key(r["source"])], names[key(r["target"])]) for r in gold["relations"]}
    for kind, _, _ in wanted:
        score.gold[kind] += 1
    seen = set()
    for edge in edges:
        triple = (
            edge.type,
            mapping.get((edge.source.label, edge.source.name), "?" + edge.source.name),
            mapping.get((edge.target.label, edge.target.name), "?" + edge.target.name),
        )
        if triple in seen:
            continue
        seen.add(triple)
        score.predicted[edge.type] += 1
        if triple in wanted:
            score.tp[edge.type] += 1
        else:
            score.spurious.append(" ".join(triple))
    score.misses = [" ".join(t) for t in sorted(wanted - seen)]
    return score


def reviewed(gold_path: Path) -> dict:
    """A gold file with the reviewed disagreements for it applied.

    An item is ``Label:name`` (an entity) or ``TYPE source target`` (a relation);
    ``drop`` removes it from the gold, ``add`` puts it in (an entity with no aliases).
    """
    gold = json.loads(gold_path.read_text("utf-8"))
    for entry in json.loads(DISAGREEMENTS.read_text("utf-8")):
        if entry["file"] != gold_path.name:
            continue
        item, action = entry["item"], entry["action"]
        if ":" in item and " " not in item:
            label, name = item.split(":", 1)
            if action == "drop":
                gold["entities"] = [e for e in gold["entities"] if (e["label"], e["name"]) != (label, name)]
            else:
                gold["entities"].append({"label": label, "name": name, "aliases": []})
        else:
            kind, source, target = item.split(" ")
            triple = {"type": kind, "source": source, "target": target}
            if action == "drop":
                gold["relations"] = [r for r in gold["relations"] if {k: r[k] for k in triple} != triple]
            else:
                gold["relations"].append(triple)
    return gold


def real_gold_files() -> list[Path]:
    """The real-text corpus's gold files (``../shared/corpus/real/gold``), if present."""
    return sorted(REAL.glob("*.gold.json"))


def gold_files() -> list[Path]:
    return sorted(GOLD.glob("*.gold.json"))

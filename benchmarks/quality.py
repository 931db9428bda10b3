"""Extraction quality: precision and recall per document, entity type and relation type.

Reads the gold files in tests/gold (development set) and tests/gold/heldout; the
seed's gold needs ../shared. Prints Markdown tables for the README.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from gold_scoring import GOLD, Score, document_path, score_file  # noqa: E402


def table(title: str, rows: list[tuple[str, Score]]) -> None:
    print(f"\n| {title} | P | R | gold | extracted |\n|---|---|---|---|---|")
    for name, score in rows:
        precision, recall = score.pr()
        print(f"| {name} | {precision:.2f} | {recall:.2f} | {sum(score.gold.values())} | {sum(score.predicted.values())} |")


def merged(scores: list[Score]) -> dict[str, Score]:
    kinds: dict[str, Score] = {}
    for score in scores:
        for kind in set(score.gold) | set(score.predicted):
            total = kinds.setdefault(kind, Score())
            total.tp[kind] += score.tp[kind]
            total.gold[kind] += score.gold[kind]
            total.predicted[kind] += score.predicted[kind]
    return dict(sorted(kinds.items()))


def main() -> None:
    import json

    for group, files in (("development", sorted(GOLD.glob("*.gold.json"))), ("held-out", sorted((GOLD / "heldout").glob("*.gold.json")))):
        entity_scores, relation_scores, rows = [], [], []
        for gold in files:
            if not document_path(json.loads(gold.read_text("utf-8"))).exists():
                print(f"(skipped {gold.name}: its document is absent)")
                continue
            entities, relations = score_file(gold)
            entity_scores.append(entities)
            relation_scores.append(relations)
            rows.append((f"{gold.stem.replace('.gold', '')} entities", entities))
            rows.append((f"{gold.stem.replace('.gold', '')} relations", relations))
        print(f"\n### {group}")
        table("document", rows)
        table("entity type", list(merged(entity_scores).items()))
        table("relation type", list(merged(relation_scores).items()))


if __name__ == "__main__":
    main()

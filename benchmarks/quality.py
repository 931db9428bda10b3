"""Extraction quality: precision and recall per document, entity type and relation type.

Reads the gold files in tests/gold (development set), tests/gold/heldout and the
real-text corpus in ../shared/corpus/real (absent on a user's clone: skipped with a
note). Prints Markdown tables for docs/extraction.md; ``--misses`` lists, per document, the
gold items not found and the extracted ones that match no gold item.

    python benchmarks/quality.py [--real-only] [--misses]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from gold_scoring import GOLD, Score, document_path, micro, real_gold_files, score_file


def table(title: str, rows: list[tuple[str, Score]]) -> None:
    print(f"\n| {title} | P | R | gold | extracted |\n|---|---|---|---|---|")
    for name, score in rows:
        precision, recall = score.pr()
        print(
            f"| {name} | {precision:.2f} | {recall:.2f} | {sum(score.gold.values())} | {sum(score.predicted.values())} |"
        )


def merged(scores: list[Score]) -> dict[str, Score]:
    kinds: dict[str, Score] = {}
    for score in scores:
        for kind in set(score.gold) | set(score.predicted):
            total = kinds.setdefault(kind, Score())
            total.tp[kind] += score.tp[kind]
            total.gold[kind] += score.gold[kind]
            total.predicted[kind] += score.predicted[kind]
    return dict(sorted(kinds.items()))


def report(group: str, files: list[Path], misses: bool) -> None:
    entity_scores, relation_scores, rows = [], [], []
    for gold in files:
        if not document_path(json.loads(gold.read_text("utf-8"))).exists():
            print(f"(skipped {gold.name}: its document is absent)")
            continue
        entities, relations = score_file(gold)
        entity_scores.append(entities)
        relation_scores.append(relations)
        stem = gold.name.removesuffix(".gold.json")
        rows += [(f"{stem} entities", entities), (f"{stem} relations", relations)]
        if misses:
            print(f"== {stem}\n  entity misses: {entities.misses}\n  entity spurious: {entities.spurious}")
            print(f"  relation misses: {relations.misses}\n  relation spurious: {relations.spurious}")
    if not rows:
        return
    print(f"\n### {group}")
    table("micro-averaged", [("entities", micro(entity_scores)), ("relations", micro(relation_scores))])
    table("document", rows)
    table("entity type", list(merged(entity_scores).items()))
    table("relation type", list(merged(relation_scores).items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real-only", action="store_true", help="only the real-text corpus")
    parser.add_argument("--misses", action="store_true", help="list misses and spurious items per document")
    args = parser.parse_args()
    groups = [("real texts (../shared/corpus/real)", real_gold_files())]
    if not args.real_only:
        groups = [
            ("development", sorted(GOLD.glob("*.gold.json"))),
            ("held-out", sorted((GOLD / "heldout").glob("*.gold.json"))),
            *groups,
        ]
    for group, files in groups:
        if not files:
            print(f"(skipped {group}: no gold files there)")
        report(group, files, args.misses)


if __name__ == "__main__":
    main()

"""Recall and precision of Region and Organization mentions on the real corpus, before and after
the divisions lexicon (loaders/places.py) and the organisations by form (loaders/bodies.py).

Reads ../shared/corpus/real (docs/*.txt, gold/*.gold.json) beside the repository and skips
with a message when it is absent. Mention level, per document: a predicted name counts
once; it is right when its name or the text it was written as is a name or alias of a gold
entity of the same label. Three configurations:

- before: ``find_mentions`` with the shipped table as it was with its hand-written Region rows;
- places: the table's non-Region rows plus ``region_entries()``;
- places+bodies: that, plus ``find_bodies`` merged in (a longer span replaces what it overlaps).

Usage: python benchmarks/eval_places_bodies.py [--misses]
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from chainkg.loaders.bodies import find_bodies
from chainkg.loaders.lexicon import Lexicon, entries_from_table
from chainkg.loaders.mentions import Mention, find_mentions
from chainkg.loaders.normalise import normalise
from chainkg.loaders.places import region_entries

REAL = ROOT.parent / "shared" / "corpus" / "real"
LABELS = ("Region", "Organization")
TABLE = ROOT / "loaders" / "data" / "zh.csv"
BEFORE = "1496b0d"  # the last commit whose zh.csv holds the hand-written Region rows


def key(name: str) -> str:
    return re.sub(r"[\s“”\"'‘’《》「」()（）]", "", unicodedata.normalize("NFKC", name).casefold())


def lexicons() -> dict[str, Lexicon]:
    head = subprocess.run(
        ["git", "show", f"{BEFORE}:loaders/data/zh.csv"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    with tempfile.NamedTemporaryFile("w", suffix=".csv", encoding="utf-8", delete=False) as handle:
        handle.write(head)
    before = Lexicon(entries_from_table(Path(handle.name), f"zh.csv@{BEFORE}"))
    Path(handle.name).unlink()
    others = [e for e in entries_from_table(TABLE, "zh.csv") if e.label != "Region"]
    return {"before": before, "places": Lexicon(others + region_entries())}


def merged(chosen: list[Mention], new: list[Mention]) -> list[Mention]:
    """``new`` mentions added; each replaces the chosen ones it overlaps when it is longer."""
    result = list(chosen)
    for mention in new:
        overlapping = [m for m in result if m.start < mention.end and m.end > mention.start]
        if all(m.end - m.start < mention.end - mention.start for m in overlapping):
            result = [m for m in result if m not in overlapping] + [mention]
    return sorted(result, key=lambda m: m.start)


def predicted(text: str, lexicon: Lexicon, bodies: bool) -> dict[tuple[str, str], set[str]]:
    chosen = find_mentions(text, lexicon)
    if bodies:
        chosen = merged(chosen, find_bodies(text, chosen))
    found: dict[tuple[str, str], set[str]] = {}
    for m in chosen:
        if m.label in LABELS:
            found.setdefault((m.label, m.name), set()).update({key(m.name), key(m.text)})
    return found


def score(config: str, lexicon: Lexicon, bodies: bool, show: bool) -> tuple[Counter, Counter, Counter]:
    gold_n, hit, pred_n, right = Counter(), Counter(), Counter(), Counter()
    for gold_path in sorted((REAL / "gold").glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = normalise((REAL / "docs" / Path(gold["document"]).name).read_text(encoding="utf-8")).text
        found = predicted(text, lexicon, bodies)
        wanted = [
            (e["label"], {key(n) for n in [e["name"], *e.get("aliases", [])]}, e["name"])
            for e in gold["entities"]
            if e["label"] in LABELS
        ]
        for label, names, name in wanted:
            gold_n[label] += 1
            if any(lab == label and forms & names for (lab, _), forms in found.items()):
                hit[label] += 1
            elif show:
                print(f"  miss  {config:14} {gold_path.name[:3]} {label}: {name}")
        for (label, name), forms in found.items():
            pred_n[label] += 1
            if any(lab == label and forms & names for lab, names, _ in wanted):
                right[label] += 1
            elif show:
                print(f"  extra {config:14} {gold_path.name[:3]} {label}: {name}")
    return gold_n, Counter({k: (hit[k], right[k]) for k in LABELS}), pred_n


def main() -> int:
    if not (REAL / "gold").is_dir():
        print(f"skipped: no real corpus at {REAL}", file=sys.stderr)
        return 0
    show = "--misses" in sys.argv
    started = time.perf_counter()
    region_entries()
    print(
        f"region_entries(): {len(region_entries())} entries, first load {1000 * (time.perf_counter() - started):.0f} ms"
    )
    lexes = lexicons()
    configs = [
        ("before", lexes["before"], False),
        ("places", lexes["places"], False),
        ("places+bodies", lexes["places"], True),
    ]
    print(
        f"{'config':14} {'label':13} {'gold':>5} {'found':>6} {'recall':>7} {'predicted':>10} {'right':>6} {'precision':>10}"
    )
    for config, lexicon, bodies in configs:
        gold_n, counts, pred_n = score(config, lexicon, bodies, show)
        for label in LABELS:
            hits, right = counts[label]
            recall = hits / gold_n[label] if gold_n[label] else 1.0
            precision = right / pred_n[label] if pred_n[label] else 1.0
            print(
                f"{config:14} {label:13} {gold_n[label]:>5} {hits:>6} {recall:>7.2f} {pred_n[label]:>10} {right:>6} {precision:>10.2f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())

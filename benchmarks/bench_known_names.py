"""Benchmark: entity precision and recall on the real corpus with a user's own names.

The user's names are the public dataset ``../shared/datasets/public_chain_graph``
(listed companies with short and full names, products, industries), unrelated to
the corpus, as a user's own data would be. Its files are written as JSON Lines into
a temporary folder with a mapping, and read as ``--lexicon MAPPING.yaml`` reads them
(:func:`entries_from_mapping`); then the 24 gold files of ``../shared/corpus/real``
are scored (micro P and R over all entities, and for Enterprise and Product) with:

- the shipped lexicon alone;
- the known names as chainkg takes them (companies; products left out; a company
  called by a product or chain word matched by its full name only);
- every company name as a plain entry (no word rule);
- the products too, all of them, or only some (4+ characters; 4+ and inside at most 5
  other product names, i.e. not generic heads); the industries as chains.

Skips with a message when ``../shared`` is absent.
"""

from __future__ import annotations

import gzip
import json
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import ahocorasick
from summary import record

from chainkg.loaders.known_names import entries_from_mapping
from chainkg.loaders.lexicon import Entry, Lexicon

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATASET = SHARED / "datasets" / "public_chain_graph"
GOLD = SHARED / "corpus" / "real" / "gold"
sys.path.insert(0, str(ROOT / "tests"))

MAPPING = """files:
  - file: company.jsonl
    nodes:
      - label: Enterprise
        name: name
        properties: {full_name: fullname}
  - file: product.jsonl
    nodes:
      - label: Product
        name: name
"""


def rows(name: str) -> list[dict]:
    with gzip.open(DATASET / name, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def write_user_data(folder: Path) -> Path:
    """The dataset's companies and products as JSON Lines with a mapping (product names cleaned:
    the dataset has line breaks and control characters in some)."""
    companies = [{"name": r["name"], "fullname": r.get("fullname") or r["name"]} for r in rows("company.json.gz")]
    products = sorted({_clean(r["name"]) for r in rows("product.json.gz")} - {""})
    for name, records in (("company.jsonl", companies), ("product.jsonl", [{"name": p} for p in products])):
        (folder / name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    (folder / "user.yaml").write_text(MAPPING, "utf-8")
    return folder / "user.yaml"


def _clean(name: str) -> str:
    return "".join(ch for ch in name if ch.isprintable()).strip()


def score(extra: Iterable[Entry]) -> dict[str, tuple[float, float, int]]:
    from gold_scoring import score_file

    lexicon = Lexicon.shipped()
    for entry in extra:
        lexicon.add(entry)
    tp, predicted, gold = Counter(), Counter(), Counter()
    for path in sorted(GOLD.glob("*.gold.json")):
        entities, _ = score_file(path, lexicon)
        tp.update(entities.tp)
        predicted.update(entities.predicted)
        gold.update(entities.gold)
    out = {}
    for label in (None, "Enterprise", "Product"):
        t = sum(tp.values()) if label is None else tp[label]
        p = sum(predicted.values()) if label is None else predicted[label]
        g = sum(gold.values()) if label is None else gold[label]
        out[label or "all"] = (t / p if p else 1.0, t / g if g else 1.0, p)
    return out


def generic_counts(names: list[str]) -> Counter:
    """How many other names each name is inside (电池 is inside hundreds: a generic head)."""
    automaton = ahocorasick.Automaton()
    for name in names:
        automaton.add_word(name, name)
    automaton.make_automaton()
    inside: Counter = Counter()
    for name in names:
        for _, found in automaton.iter(name):
            if found != name:
                inside[found] += 1
    return inside


def main() -> None:
    if not (DATASET.is_dir() and GOLD.is_dir()):
        print(f"skipped: no dataset at {DATASET} or no gold at {GOLD}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        mapping = write_user_data(Path(tmp))
        started = time.perf_counter()
        known = entries_from_mapping(mapping)
        seconds = time.perf_counter() - started
        companies = [json.loads(line) for line in (Path(tmp) / "company.jsonl").read_text("utf-8").splitlines()]
        products = [json.loads(line)["name"] for line in (Path(tmp) / "product.jsonl").read_text("utf-8").splitlines()]
    print(
        f"user names: {len(companies):,} companies, {len(products):,} products; "
        f"{len(known):,} known entries read through the mapping in {seconds:.2f} s"
    )
    plain = [Entry("Enterprise", c["name"], (), {"full_name": c["fullname"]}, "user") for c in companies]
    inside = generic_counts(products)

    def product_entries(keep) -> list[Entry]:
        return [Entry("Product", p, (), {}, "user") for p in products if keep(p)]

    industries = [Entry("Chain", r["name"], (), {}, "user") for r in rows("industry.json.gz")]
    cases = {
        "shipped lexicon only": [],
        "known names (chainkg: companies, word rule, no products)": known,
        "companies as plain entries (no word rule)": plain,
        "known names + all products": known + product_entries(lambda p: len(p) >= 2),
        "known names + products of 4+ chars": known + product_entries(lambda p: len(p) >= 4),
        "known names + products 4+ chars, inside <= 5 others": known
        + product_entries(lambda p: len(p) >= 4 and inside[p] <= 5),
        "known names + industries as chains": known + industries,
    }
    print(
        f"{'names':58s} {'P':>5s} {'R':>5s} {'pred':>5s} | {'Ent P':>5s} {'Ent R':>5s} | {'Prod P':>6s} {'Prod R':>6s} {'pred':>5s}"
    )
    for name, extra in cases.items():
        result = score(extra)
        (p, r, n), (ep, er, _), (pp, pr, pn) = result["all"], result["Enterprise"], result["Product"]
        print(f"{name:58s} {p:5.3f} {r:5.3f} {n:5d} | {ep:5.3f} {er:5.3f} | {pp:6.3f} {pr:6.3f} {pn:5d}")
        if name.startswith(("shipped", "known names (")):
            record(f"real corpus entities, {name}: P", round(p, 3), "", None)
            record(f"real corpus entities, {name}: R", round(r, 3), "", None)


if __name__ == "__main__":
    main()

"""Baidu LAC (a statistical Chinese tagger) as a source of ORG/LOC candidates beside the rules.

Compares LAC's ORG and LOC spans with the gold entities of the real corpus
(shared/corpus/real), shows which entity misses of the extractor LAC would recover and at
what cost in false candidates, simulates adding LAC's spans to the extractor's nodes
(entity micro P/R/F1 before and after, several filters), and measures LAC's speed.

LAC is not a dependency of chainkg: it needs paddlepaddle 2.6 (about 660 MB installed) and
is run from a separate virtualenv, never the repository's. Setup (offline at run time: the
model ships inside the LAC sdist):

    python3 -m venv /tmp/nervenv
    /tmp/nervenv/bin/pip install "setuptools<70" wheel "numpy<2"
    /tmp/nervenv/bin/pip install --no-build-isolation lac "paddlepaddle==2.6.*"
    # paddle 2.6 has no paddle.fluid, which LAC 2.1 imports: alias it to paddle.base
    SP=$(/tmp/nervenv/bin/python -c 'import site; print(site.getsitepackages()[0])')
    cat > "$SP/paddle_fluid_shim.py" <<'EOF'
    import importlib, importlib.abc, importlib.util, sys
    class _F(importlib.abc.MetaPathFinder, importlib.abc.Loader):
        def find_spec(self, name, path=None, target=None):
            if name == "paddle.fluid" or name.startswith("paddle.fluid."):
                return importlib.util.spec_from_loader(name, self)
        def create_module(self, spec):
            return importlib.import_module("paddle.base" + spec.name[len("paddle.fluid"):])
        def exec_module(self, module):
            pass
    sys.meta_path.insert(0, _F())
    EOF
    echo "import paddle_fluid_shim" > "$SP/paddle_fluid_shim.pth"

Run (the extractor's nodes come from the repository's own venv, in a subprocess):

    taskset -c 0 /tmp/nervenv/bin/python benchmarks/eval_ner_candidates.py [--speed-mb 1] [-v]

Without LAC importable it prints one line saying so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "real"
REPO_PYTHON = ROOT / ".venv" / "bin" / "python"

GROUPS = {
    "ORG": ("Enterprise", "Organization", "Park", "Cluster", "Project"),
    "LOC": ("Region",),
}
ORG_BODY = re.compile(
    r"(大学|学院|研究院|研究所|中心|实验室|委员会|管委会|委|局|厅|协会|学会|联盟|商会|人民代表大会|政府|政协)$"
)
PARK = re.compile(r"(园|园区|开发区|高新区|经开区|新区|产业城|航空城)$")


def suffix_label(tag: str, k: str) -> tuple[str, ...]:
    """One label from the span's ending, as a pipeline without gold would have to choose."""
    if PARK.search(k):
        return ("Park",)
    if tag == "LOC":
        return ("Region",)
    return ("Organization",) if ORG_BODY.search(k) else ("Enterprise",)


# Labels a candidate may take when it is added to the extractor's nodes (ORG/LOC tag, key).
ADD_AS = {
    "E-or-O": lambda t, k: ("Enterprise", "Organization") if t == "ORG" else ("Region",),
    "any ORG label": lambda t, k: GROUPS[t],
    "one, by suffix": suffix_label,
}
ORG_SUFFIX = re.compile(
    r"(公司|集团|股份|厂|研究院|研究所|研究中心|大学|学院|协会|学会|联盟|商会|银行|基金|"
    r"委员会|管委会|局|厅|部|院|所|中心|园|园区|基地|开发区|高新区|经开区|新区|项目)$"
)

# Run in the repository's venv: the extractor's nodes and score_file's entity score per gold file.
EXTRACTOR_DUMP = r"""
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from gold_scoring import score_file, document_path
from chainkg.graph.facts import NodeFact
from chainkg.loaders.lexicon import Lexicon
from chainkg.loaders.text import read_text_document
out = {}
for g in sorted(Path(sys.argv[2]).glob("*.gold.json")):
    ent, _ = score_file(g)
    gold = json.loads(g.read_text("utf-8"))
    facts = read_text_document(document_path(gold), g.name, Lexicon.shipped())
    nodes = [[f.label, f.name, list(f.aliases)] for f in facts
             if isinstance(f, NodeFact) and f.label != "Document"]
    out[g.name] = {"nodes": nodes, "misses": ent.misses, "tp": sum(ent.tp.values()),
                   "predicted": sum(ent.predicted.values()), "gold": sum(ent.gold.values())}
json.dump(out, sys.stdout, ensure_ascii=False)
"""


def key(name: str) -> str:
    """The gold scorer's key: NFKC, case-folded, quotes and spaces removed."""
    text = unicodedata.normalize("NFKC", name).casefold()
    return re.sub(r"[\s“”\"'‘’《》「」]", "", text)


def sentences(text: str) -> list[str]:
    """Lines re-joined where a sentence was broken, then cut after sentence punctuation."""
    text = re.sub(r"(?<![。！？；：!?;:\n])\n(?!\n)", "", text.replace("\r", ""))
    parts = re.split(r"(?<=[。！？；!?;])|\n+", text)
    return [p.strip() for p in parts if p and p.strip()]


def lac_spans(lac, sents: list[str], batch: int = 128) -> list[tuple[str, str]]:
    spans = []
    for i in range(0, len(sents), batch):
        for words, tags in lac.run(sents[i : i + batch]):
            spans += [(t, w) for w, t in zip(words, tags) if t in GROUPS]
    return spans


def prf(tp: int, pred: int, gold: int) -> tuple[float, float, float]:
    p = tp / pred if pred else 1.0
    r = tp / gold if gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--repo-python", type=Path, default=REPO_PYTHON)
    ap.add_argument("--speed-mb", type=float, default=1.0, help="MB of corpus text for the speed run (0: none)")
    ap.add_argument("-v", action="store_true", help="list recovered misses and new false candidates")
    args = ap.parse_args()

    t0 = time.perf_counter()
    try:
        from LAC import LAC
    except Exception as exc:
        print(f"LAC not importable here ({type(exc).__name__}: {exc}); see this file's docstring. Skipped.")
        return 0
    t1 = time.perf_counter()
    lac = LAC(mode="lac")
    t2 = time.perf_counter()
    print(f"LAC import {t1 - t0:.2f} s, model load {t2 - t1:.2f} s")

    gold_dir = args.corpus / "gold"
    dump = subprocess.run(
        [str(args.repo_python), "-c", EXTRACTOR_DUMP, str(ROOT / "tests"), str(gold_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    extractor = json.loads(dump.stdout)

    per_group = {g: Counter() for g in GROUPS}
    cross = Counter()
    base = Counter()
    combos = defaultdict(Counter)
    recovered, false_new = [], []
    all_text = []
    docs_seen = Counter()  # per filter "seen in 2+ documents"
    per_doc = {}

    for g in sorted(gold_dir.glob("*.gold.json")):
        gold = json.loads(g.read_text("utf-8"))
        doc = gold["document"]
        text = ((ROOT.parent if doc.startswith("shared/") else ROOT) / doc).read_text("utf-8")
        all_text.append(text)
        spans = lac_spans(lac, sentences(text))
        counts = Counter((t, key(w)) for t, w in spans)
        first = {}
        for t, w in spans:
            first.setdefault((t, key(w)), w)
        per_doc[g.name] = (gold, counts, first)
        for t, k in counts:
            docs_seen[(t, k)] += 1

    for name, (gold, counts, first) in per_doc.items():
        ex = extractor[name]
        base.update(tp=ex["tp"], pred=ex["predicted"], gold=ex["gold"])
        ents = gold["entities"]
        index = defaultdict(set)  # key -> {(label, name)}
        for e in ents:
            for n in [e["name"], *e.get("aliases", [])]:
                index[key(n)].add((e["label"], e["name"]))
        predicted_keys = {key(n) for _, nm, al in ex["nodes"] for n in [nm, *al]}
        missed = {tuple(m.split(":", 1)) for m in ex["misses"]}
        used = {(e["label"], e["name"]) for e in ents} - missed

        for grp, labels in GROUPS.items():
            gold_in = {(e["label"], e["name"]) for e in ents if e["label"] in labels}
            cands = [k for (t, k) in counts if t == grp]
            hits = [k for k in cands if any(lb in labels for lb, _ in index.get(k, ()))]
            found = {x for k in cands for x in index.get(k, ()) if x[0] in labels}
            per_group[grp].update(
                gold=len(gold_in),
                cands=len(cands),
                cand_tp=len(hits),
                found=len(found),
                ex_miss=len(gold_in & missed),
                recovered=len(found & missed),
            )
            for k in cands:
                other = {lb for lb, _ in index.get(k, ()) if lb not in labels}
                if other and not any(lb in labels for lb, _ in index[k]):
                    cross[(grp, "/".join(sorted(other)))] += 1
                if k not in index and k not in predicted_keys:
                    per_group[grp]["new_false"] += 1
                    false_new.append(f"{grp}:{first[(grp, k)]}")
            recovered += [f"{lb}:{nm}" for lb, nm in sorted(found & missed)]

        filters = {
            "all": lambda t, k: True,
            "LOC only": lambda t, k: t == "LOC",
            "ORG only": lambda t, k: t == "ORG",
            "ORG 3+ chars, LOC all": lambda t, k: t == "LOC" or len(k) >= 3,
            "ORG suffix, LOC all": lambda t, k: t == "LOC" or bool(ORG_SUFFIX.search(k)),
            "ORG suffix only": lambda t, k: t == "ORG" and bool(ORG_SUFFIX.search(k)),
            "seen twice (doc or corpus)": lambda t, k, counts=counts: counts[(t, k)] >= 2 or docs_seen[(t, k)] >= 2,
        }
        for fname, keep in filters.items():
            for mode, add_as in ADD_AS.items():
                c = combos[(fname, mode)]
                taken = set(used)
                for t, k in counts:
                    if k in predicted_keys or not keep(t, k):
                        continue
                    c["pred"] += 1
                    hit = next((x for x in sorted(index.get(k, ())) if x[0] in add_as(t, k) and x not in taken), None)
                    if hit:
                        taken.add(hit)
                        c["tp"] += 1

    print("\nLAC ORG/LOC spans against gold (distinct spans per document, summed)")
    print(
        f"{'group':5} {'gold':>5} {'cands':>6} {'cand TP':>8} {'P':>5} {'gold found':>10} {'R':>5}"
        f" {'extr. misses':>12} {'LAC recovers':>12} {'new false':>9}"
    )
    for grp, c in per_group.items():
        p = c["cand_tp"] / c["cands"] if c["cands"] else 0
        r = c["found"] / c["gold"] if c["gold"] else 0
        print(
            f"{grp:5} {c['gold']:5} {c['cands']:6} {c['cand_tp']:8} {p:5.2f} {c['found']:10} {r:5.2f}"
            f" {c['ex_miss']:12} {c['recovered']:12} {c['new_false']:9}"
        )
    if cross:
        print("LAC spans matching only gold of another group:", dict(cross))

    bp, br, bf = prf(base["tp"], base["pred"], base["gold"])
    print(
        f"\nEntity micro over all labels (score_file's matching); extractor alone: "
        f"P {bp:.3f} R {br:.3f} F1 {bf:.3f} (tp {base['tp']}, predicted {base['pred']}, gold {base['gold']})"
    )
    print(
        f"{'candidates added':28} {'ORG added as':14} {'added':>5} {'new tp':>6} {'P':>6} {'R':>6} {'F1':>6} {'dF1':>7}"
    )
    for (fname, mode), c in combos.items():
        p, r, f = prf(base["tp"] + c["tp"], base["pred"] + c["pred"], base["gold"])
        print(f"{fname:28} {mode:14} {c['pred']:5} {c['tp']:6} {p:6.3f} {r:6.3f} {f:6.3f} {f - bf:+7.3f}")

    if args.v:
        print("\nextractor misses LAC finds:", ", ".join(recovered))
        print("\nnew false candidates:", ", ".join(false_new))

    if args.speed_mb > 0:
        text = "\n".join(all_text)
        reps = max(1, round(args.speed_mb * 1_000_000 / len(text.encode("utf-8"))))
        sents = sentences(text) * reps
        chars = sum(map(len, sents))
        t = time.perf_counter()
        lac_spans(lac, sents)
        dt = time.perf_counter() - t
        print(
            f"\nspeed: {chars} chars ({len(text.encode('utf-8')) * reps / 1e6:.2f} MB, corpus x{reps}) in {dt:.1f} s"
            f" = {chars / dt / 1000:.1f}k chars/s (threads: OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

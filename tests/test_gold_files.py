"""The hand-made gold files are well formed, consistent with their documents, and copy no seed text."""

from __future__ import annotations

import json
import os
import re
import unicodedata
from pathlib import Path

import pytest
from helpers import ROOT, SEED

GOLD = ROOT / "tests" / "gold"
HELDOUT = GOLD / "heldout"  # held-out test set: documents the extractor was not tuned on
REAL = ROOT.parent / "shared" / "corpus" / "real" / "gold"  # third-party texts: read from ../shared, never copied
REAL_FILES = sorted(REAL.glob("*.gold.json"))
GOLD_FILES = sorted(GOLD.glob("*.gold.json")) + sorted(HELDOUT.glob("*.gold.json")) + REAL_FILES
WINDOW = 20

LABELS = {"Enterprise", "Region", "Park", "Chain", "Cluster", "Technology", "Product", "Organization", "Project"}
STATUSES = {"breakthrough", "unsolved", "tackling"}
SIGNATURES = {  # relation type -> (allowed source labels, allowed target labels)
    "SUPPLIES": ({"Enterprise"}, {"Enterprise"}),
    "MAKES": ({"Enterprise"}, {"Product"}),
    "LOCATED_IN": ({"Enterprise", "Park", "Organization", "Project", "Cluster"}, {"Park", "Region"}),
    "MEMBER_OF": ({"Enterprise"}, {"Cluster"}),
    "BREAKTHROUGH": ({"Enterprise", "Region", "Organization"}, {"Technology"}),
    "BOTTLENECK_OF": ({"Technology"}, {"Chain", "Product"}),
    "PART_OF": ({"Product", "Cluster"}, {"Chain"}),
    "SUBSIDIARY_OF": ({"Enterprise"}, {"Enterprise"}),
    "OPERATES": ({"Enterprise"}, {"Project"}),
    "UPSTREAM_OF": ({"Product"}, {"Product"}),
}


def load(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


def document_path(gold: dict) -> Path:
    doc = gold["document"]
    return ROOT.parent / doc if doc.startswith("shared/") else ROOT / doc


def third_party(gold: dict) -> bool:
    """Whether the gold's document lives in ../shared (absent on a user's clone)."""
    return gold["document"].startswith(("shared/", "../shared/"))


def flat(text: str) -> str:
    """NFKC (full-width -> half-width), whitespace and quotation marks removed, so broken lines rejoin."""
    return re.sub(r"[\s“”‘’\"《》]+", "", unicodedata.normalize("NFKC", text))


def names(entity: dict) -> list[str]:
    return [entity["name"], *entity.get("aliases", [])]


def test_there_are_gold_files() -> None:
    assert {p.name for p in GOLD_FILES} >= {
        "seed.gold.json",
        "yichun_nev_battery.gold.json",
        "xian_ic_display.gold.json",
        "news_supply.gold.json",
    }


def test_the_real_corpus_is_there_under_ci() -> None:
    if not REAL_FILES:
        if os.environ.get("CI") == "true":
            pytest.fail(f"no gold files in {REAL} under CI")
        pytest.skip(f"{REAL} absent (../shared not available)")
    assert len(REAL_FILES) >= 24


def test_there_are_heldout_gold_files() -> None:
    held = sorted(HELDOUT.glob("*.gold.json"))
    assert len(held) >= 3
    for path in held:  # each held-out gold points at its own document under heldout/docs
        assert load(path)["document"] == f"tests/gold/heldout/docs/{path.name.removesuffix('.gold.json')}.txt"


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_gold_file_is_well_formed(path: Path) -> None:
    gold = load(path)
    assert {"document", "region", "note", "entities", "relations"} <= set(gold)
    label_of: dict[str, str] = {}  # name or alias -> label
    seen: dict[str, str] = {}  # name or alias -> canonical name; each points at exactly one entity
    for entity in gold["entities"]:
        assert entity["label"] in LABELS, entity
        assert isinstance(entity.get("aliases", []), list), entity
        if entity["label"] == "Technology":
            assert entity.get("status") in STATUSES, entity
        for name in set(names(entity)):
            assert name and name == name.strip(), entity
            assert name not in seen, f"{name!r} names both {seen[name]!r} and {entity['name']!r}"
            seen[name] = entity["name"]
            label_of[name] = entity["label"]
    assert label_of.get(gold["region"]) == "Region", "the document's region must be a Region entity"
    bad = []
    for rel in gold["relations"]:
        sources, targets = SIGNATURES[rel["type"]]
        s, t = label_of.get(rel["source"]), label_of.get(rel["target"])
        if s not in sources or t not in targets:
            bad.append(f"{rel} ({s} -> {t})")
    assert bad == []
    keys = [(r["type"], seen[r["source"]], seen[r["target"]]) for r in gold["relations"]]
    assert len(keys) == len(set(keys)), "duplicate relation"


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_entities_are_named_in_their_document(path: Path) -> None:
    gold = load(path)
    doc = document_path(gold)
    if not doc.exists():
        assert third_party(gold) and os.environ.get("CI") != "true", f"missing document {doc}"
        pytest.skip(f"{doc} absent (../shared not available)")
    text = flat(doc.read_text("utf-8"))
    missing = []
    for entity in gold["entities"]:
        forms = [n for n in names(entity) if flat(n) in text]
        # Clusters built from "建设A、B两个…产业集群" may carry a composed name that is not in the text.
        if not forms and entity["label"] != "Cluster":
            missing.append(entity["name"])
        missing += [a for a in entity.get("aliases", []) if flat(a) not in text]
    assert missing == []


def test_no_run_of_the_seed_is_copied(seed_text: str) -> None:
    seed = re.sub(r"\s+", "", seed_text)
    windows = {seed[i : i + WINDOW] for i in range(len(seed) - WINDOW + 1)}
    hits = []
    for folder in (GOLD, ROOT / "examples"):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            text = re.sub(r"\s+", "", path.read_text("utf-8", errors="replace"))
            found = {text[i : i + WINDOW] for i in range(len(text) - WINDOW + 1)} & windows
            hits += [f"{path.relative_to(ROOT)}: {h}" for h in sorted(found)[:3]]
    assert hits == []


def test_seed_constant_matches_the_seed_gold() -> None:
    assert load(GOLD / "seed.gold.json")["document"] == f"shared/seeds/{SEED.name}"


def test_no_run_of_the_real_corpus_is_copied() -> None:
    """Third-party texts stay in ../shared: no 20-character run of them in the repository's own files."""
    docs = sorted((REAL.parent / "docs").glob("*.txt"))
    if not docs:
        if os.environ.get("CI") == "true":
            pytest.fail(f"no documents next to {REAL} under CI")
        pytest.skip(f"{REAL.parent} absent (../shared not available)")
    windows: set[str] = set()
    for doc in docs:
        text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", doc.read_text("utf-8")))
        windows |= {text[i : i + WINDOW] for i in range(len(text) - WINDOW + 1)}
    hits = []
    for folder in ("tests", "examples", "loaders", "benchmarks", "docs", "notebooks"):
        for path in sorted(
            p
            for p in (ROOT / folder).rglob("*")
            if p.is_file() and p.suffix in {".py", ".txt", ".md", ".json", ".csv", ".ipynb"}
        ):
            text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", path.read_text("utf-8", errors="replace")))
            found = {text[i : i + WINDOW] for i in range(len(text) - WINDOW + 1)} & windows
            hits += [f"{path.relative_to(ROOT)}: {h}" for h in sorted(found)[:3]]
    assert hits == []

"""The bundled example holds the seed article's facts, cites them, and copies none of its text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import ROOT

WINDOW = 20
TEXT_SUFFIXES = {".py", ".csv", ".md", ".cypher", ".toml", ".txt", ".json", ".yaml", ".yml", ".ipynb", ".html"}
CITED_LABELS = {"Enterprise", "Chain", "Technology", "Park", "Organization", "Project"}


def paragraphs(seed: str) -> list[str]:
    return [line for line in seed.splitlines() if line.strip()]


def project_files() -> list[Path]:
    skip = {".git", ".venv", "out", ".pytest_cache", ".hypothesis", "__pycache__"}
    return [
        p
        for p in ROOT.rglob("*")
        if p.is_file() and p.suffix in TEXT_SUFFIXES and not skip & set(p.relative_to(ROOT).parts)
    ]


def test_no_run_of_the_article_is_copied_into_the_project(seed_text: str) -> None:
    flat = re.sub(r"\s+", "", seed_text)
    windows = {flat[i : i + WINDOW] for i in range(len(flat) - WINDOW + 1)}
    copied = []
    for path in project_files():
        text = re.sub(r"\s+", "", path.read_text("utf-8", errors="replace"))
        hits = {text[i : i + WINDOW] for i in range(len(text) - WINDOW + 1)} & windows
        copied += [f"{path.relative_to(ROOT)}: {hit}" for hit in sorted(hits)[:3]]
    assert copied == []


def test_every_cited_node_is_named_in_a_paragraph_it_cites(seed_text: str, built_example: Path) -> None:
    paras = paragraphs(seed_text)
    nodes = json.loads((built_example / "graph.json").read_text("utf-8"))["nodes"]
    unsupported = []
    for node in nodes:
        notes = " ".join(e.get("note", "") for e in node["evidence"])
        cited = [int(n) for n in re.findall(r"¶(\d+)", notes)]
        cited += [n for a, b in re.findall(r"¶(\d+)-(\d+)", notes) for n in range(int(a), int(b) + 1)]
        if node["label"] not in CITED_LABELS or not cited:
            continue
        names = [node["name"].strip("“”"), *node["aliases"]]
        if not any(name in paras[n - 1] for n in cited for name in names):
            unsupported.append(f"{node['id']} cites {cited}")
    assert unsupported == []


def test_the_ten_breakthroughs_are_technologies_named_in_the_article(seed_text: str, built_example: Path) -> None:
    nodes = json.loads((built_example / "graph.json").read_text("utf-8"))["nodes"]
    curated = [n for n in nodes if any(e.get("path") == "hunan/technologies.csv" for e in n["evidence"])]
    techs = [n for n in curated if n["label"] == "Technology"]
    assert len(techs) == 10
    for tech in techs:
        assert tech["name"] in seed_text, tech["name"]
        assert tech["bottleneck"] is True and tech["status"] == "breakthrough"


@pytest.mark.parametrize(
    "name",
    ["长沙工程机械", "株洲先进轨道交通装备", "三一重工", "中联重科", "中车株机", "山河智能", "铁建重工", "三一集团"],
)
def test_key_names_come_from_the_article(seed_text: str, name: str) -> None:
    assert name in seed_text

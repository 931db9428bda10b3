"""Names the user already has: lexicon entries from their own tables, mappings and built graphs.

A build that holds tables and documents matches the documents against every
name, alias, ``full_name`` and ``name_en`` its tables define; ``--lexicon``
takes a nodes table, a built folder (its ``graph.json``) or a mapping YAML.

Two rules keep a large dataset from matching everywhere (measured on the real
corpus with a public dataset of 4,654 listed companies and 95,559 products,
see ``benchmarks/bench_known_names.py``):

- **Products do not become mentions.** Every filter tried (4+ characters, 5+,
  names no other product name contains) kept product precision at 0.13-0.25
  and lowered the overall precision; a product the rules find still merges
  with the user's node of that name or alias when the graph is built.
- **A company name that is also a product, chain or technology name**
  (机器人, 太阳能) is matched by its full name only: the short name is a word.

A nodes table given with ``--lexicon`` is a lexicon: every row matches, as written.

>>> from chainkg.graph.facts import NodeFact
>>> facts = [NodeFact("Enterprise", "机器人", (), {"full_name": "新松机器人自动化股份有限公司"}),
...          NodeFact("Product", "机器人"), NodeFact("Enterprise", "邵阳液压", ("维克液压",))]
>>> [(e.label, e.name, e.aliases) for e in entries_from_facts(facts, "t.csv")]
[('Enterprise', '新松机器人自动化股份有限公司', ()), ('Enterprise', '邵阳液压', ('维克液压',))]
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from chainkg.errors import LoadError
from chainkg.graph.facts import NodeBlock, NodeFact
from chainkg.graph.folder import GRAPH_FILE
from chainkg.graph.identity import normalise_name
from chainkg.loaders.imports import MAPPING_SUFFIXES
from chainkg.loaders.lexicon import Entry, entries_from_table
from chainkg.loaders.mapping import read_mapping
from chainkg.loaders.structured import load_file

__all__ = ["KNOWN_LABELS", "entries_from_facts", "entries_from_graph", "entries_from_mapping", "entries_from_source"]

KNOWN_LABELS = frozenset({"Enterprise", "Organization", "Park", "Region", "Chain", "Cluster", "Project", "Technology"})
_WORD_LABELS = frozenset({"Product", "Chain", "Technology"})  # their names are words a company may be called
_KEPT_PROPS = ("full_name", "name_en", "level")  # what naming and the document's context read

Node = tuple[str, str, tuple[str, ...], dict[str, Any]]


def entries_from_source(path: Path) -> list[Entry]:
    """Entries from what ``--lexicon`` names: a nodes table (every row), a built folder or a mapping."""
    path = Path(path)
    if path.is_dir():
        return entries_from_graph(path)
    if path.suffix.lower() in MAPPING_SUFFIXES:
        return entries_from_mapping(path)
    return entries_from_table(path, path.name)


def entries_from_facts(facts: Iterable[Any], source: str) -> list[Entry]:
    """Entries for the nodes among ``facts`` (node facts and node tables; the rest is passed over)."""
    return _entries(_fact_nodes(facts), source)


def entries_from_mapping(path: Path) -> list[Entry]:
    """Entries for the nodes of the files a mapping names, read through it (its relationships
    are not read: a file of edges only is passed over, and rows only an edge takes are not errors)."""
    path = Path(path)
    facts: list[Any] = []
    for spec in read_mapping(path, path.name).files:
        if spec.nodes:
            facts.extend(load_file(replace(spec, relationships=(), unmatched="skip"), spec.display))
        elif spec.default:
            facts.extend(load_file(spec, spec.display))
    return entries_from_facts(facts, path.name)


def entries_from_graph(folder: Path) -> list[Entry]:
    """Entries for the nodes of a built folder's ``graph.json`` that a table or mapped file
    stated (a node known only from documents is passed over: the graph's own guesses)."""
    path = Path(folder) / GRAPH_FILE
    try:
        records = list(_graph_nodes(path))
    except FileNotFoundError as exc:
        raise LoadError(
            "no graph.json in the folder",
            str(folder),
            "give a folder that chainkg build --out wrote, a nodes table or a mapping",
        ) from exc
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise LoadError(f"cannot read graph.json: {exc}", str(path), "rebuild it with chainkg build") from exc
    nodes = (
        (r["label"], r["name"], tuple(r.get("aliases", ())), r)
        for r in records
        if not _documents_only(r.get("evidence", ()))
    )
    return _entries(nodes, f"{Path(folder).name}/{GRAPH_FILE}")


def _documents_only(evidence: Iterable[dict[str, Any]]) -> bool:
    records = list(evidence)
    return bool(records) and all("char_start" in record for record in records)


def _graph_nodes(path: Path) -> Iterator[dict[str, Any]]:
    """graph.json's node records, read line by line up to the edges (its writer puts one record
    on a line); a file of another layout is read whole."""
    with open(path, encoding="utf-8") as handle:
        head = handle.readline()
        if head.rstrip("\n").endswith('"nodes":['):
            for line in handle:
                if line.startswith("]"):
                    return
                if line.strip():  # a graph without nodes has an empty line here
                    yield json.loads(line.rstrip().rstrip(","))
            return
        handle.seek(0)
        yield from json.load(handle)["nodes"]


def _fact_nodes(facts: Iterable[Any]) -> Iterator[Node]:
    for fact in facts:
        if isinstance(fact, NodeFact):
            yield fact.label, fact.name, tuple(fact.aliases), dict(fact.props)
        elif isinstance(fact, NodeBlock):
            kept = {prop: cells for prop, cells in fact.props.items() if prop in _KEPT_PROPS}
            for row, (label, name, aliases) in enumerate(zip(fact.labels, fact.names, fact.aliases)):
                yield label, name, tuple(aliases), {prop: cells[row] for prop, cells in kept.items()}


def _entries(nodes: Iterable[Node], source: str) -> list[Entry]:
    """The known labels' nodes as entries; a company called by a word is matched by its full name."""
    companies: list[Node] = []
    words: set[str] = set()
    entries: list[Entry] = []
    for label, name, aliases, props in nodes:
        if label in _WORD_LABELS:
            words.update(normalise_name(form) for form in (name, *aliases))
        if label == "Enterprise":
            companies.append((label, name, aliases, props))
        elif label in KNOWN_LABELS:
            entries.append(Entry(label, name, aliases, _kept(props), source))
    for _label, name, aliases, props in companies:
        entries.append(_company(name, aliases, _kept(props), words, source))
    return entries


def _company(name: str, aliases: tuple[str, ...], props: dict[str, Any], words: set[str], source: str) -> Entry:
    """A company's entry; when its name is a word, the full name becomes the entry's name
    (the node still resolves to the user's, whose full_name it is) and the word is dropped."""
    if normalise_name(name) not in words or not props.get("full_name"):
        return Entry("Enterprise", name, aliases, props, source)
    full = props.pop("full_name")
    kept = tuple(a for a in aliases if normalise_name(a) not in words and a != full)
    return Entry("Enterprise", full, kept, props, source)


def _kept(props: dict[str, Any]) -> dict[str, Any]:
    return {prop: props[prop] for prop in _KEPT_PROPS if isinstance(props.get(prop), str) and props[prop]}

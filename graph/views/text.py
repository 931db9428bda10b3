"""Plain-text tooltips: a node's or edge's properties and the evidence behind it.

Everything here is plain text. The page only ever puts it into the DOM as text
(vis-network's tooltip sets ``innerText``; the side panel uses ``textContent``),
so a name like ``<img src=x onerror=alert(1)>`` shows as those characters.

>>> print(node_text({"label": "Enterprise", "name": "甲", "aliases": ["A"], "region": "长沙",
...                  "evidence": ['{"line":3,"note":"¶2","path":"t.csv"}']}, {}))
甲 · Enterprise
aliases: A
region: 长沙
evidence:
  t.csv:3 (¶2)
"""

from __future__ import annotations

import json
import json.scanner
import re
from collections.abc import Iterable, Mapping
from typing import Any

from chainkg.graph.evidence import decode_evidence

__all__ = ["edge_text", "evidence_line", "node_text", "sentence_index", "short"]

MAX_EVIDENCE = 8
MAX_SENTENCE = 160
_HIDDEN = {"id", "label", "name", "aliases", "evidence", "type", "source", "target", "key"}


def short(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def sentence_index(records: Iterable[str]) -> dict[tuple[str, int], str]:
    """``(doc, sentence) -> sentence text`` from evidence records that carry the text."""
    index: dict[tuple[str, int], str] = {}
    for raw in records:
        record = decode_evidence(raw)
        if record.get("text") and record.get("doc") and isinstance(record.get("sentence"), int):
            index.setdefault((record["doc"], record["sentence"]), record["text"])
    return index


def evidence_line(record: Mapping[str, Any], sentences: Mapping[tuple[str, int], str]) -> str:
    """One provenance record as a line: where, the note, and the source sentence when known."""
    where = str(record.get("path") or record.get("doc") or "?")
    if record.get("line") is not None:
        where += f":{record['line']}"
    if record.get("sentence") is not None:
        where += f", sentence {record['sentence']}"
    if record.get("note"):
        where += f" ({record['note']})"
    text = record.get("text") or sentences.get((record.get("doc"), record.get("sentence")))  # type: ignore[arg-type]
    if text:
        where += f"\n    「{short(str(text), MAX_SENTENCE)}」"
    return where


_SCAN = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[arg-type]  # typeshed names the C scanner's type, not the decoder it is made from


def _decode(raw: str) -> dict[str, Any]:
    """:func:`decode_evidence`, faster for the canonical records the model stores (one JSON object,
    no surrounding space): views decode tens of thousands of them."""
    try:
        value, end = _SCAN(raw, 0)
    except (StopIteration, ValueError):
        return decode_evidence(raw)
    if end != len(raw) or type(value) is not dict:
        return decode_evidence(raw)
    return value


_TABLE_ROW = re.compile(r'\{(?:"doc":"[^"\\]*",)?"line":(0|[1-9][0-9]*),"path":"([^"\\]+)"\}')
"""A table row's record as the model stores it (no escapes in it): its line is just ``path:line``."""


def _evidence_block(raw_records: list[str], sentences: Mapping[tuple[str, int], str]) -> list[str]:
    if not raw_records:
        return []
    lines = ["evidence:"]
    for raw in raw_records[:MAX_EVIDENCE]:
        row = _TABLE_ROW.fullmatch(raw)
        lines.append(f"  {row[2]}:{row[1]}" if row else "  " + evidence_line(_decode(raw), sentences))
    if len(raw_records) > MAX_EVIDENCE:
        lines.append(f"  … and {len(raw_records) - MAX_EVIDENCE} more records")
    return lines


def _props(attrs: Mapping[str, Any]) -> list[str]:
    return [
        f"{key}: {_value(value)}"
        for key, value in sorted(attrs.items())
        if key not in _HIDDEN and value not in (None, "", [])
    ]


def _value(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def node_text(attrs: Mapping[str, Any], sentences: Mapping[tuple[str, int], str]) -> str:
    """A node's tooltip: name and label, aliases, own properties, evidence."""
    lines = [f"{attrs['name']} · {attrs['label']}"]
    if attrs.get("aliases"):
        lines.append("aliases: " + short(", ".join(attrs["aliases"]), 200))
    lines += _props(attrs)
    lines += _evidence_block(list(attrs.get("evidence") or []), sentences)
    return "\n".join(lines)


def edge_text(
    rel: str, source: str, target: str, attrs: Mapping[str, Any], sentences: Mapping[tuple[str, int], str]
) -> str:
    """An edge's tooltip: ``source -TYPE-> target``, its properties, evidence."""
    lines = [f"{source} —{rel}→ {target}", *_props(attrs)]
    lines += _evidence_block(list(attrs.get("evidence") or []), sentences)
    return "\n".join(lines)

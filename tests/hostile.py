"""Hostile strings, one table for every test that pushes input through chainkg.

Each entry is ``(key, text)``; the key is a short ASCII tag that test ids and
generated names can use. The texts are meant to be stored and shown as data:
a Cypher fragment must not run, HTML must not render, a control character must
not break a file format, a 10,000-character name must not be cut.

What chainkg does to them (the documented normalisations, see :func:`as_name`):

- a **name** (and an alias) has its whitespace collapsed: every run of what
  Python counts as whitespace (space, ``\\t \\n \\r \\v \\f``, the separators
  ``\\x1c``-``\\x1f``, ``\\x85``, NBSP, U+2028/U+2029, the ideographic space ...)
  becomes one space, and the ends are stripped. Nothing else changes: other
  control characters, RTL overrides, zero-width characters and NUL stay.
- a **table cell** is stripped of surrounding whitespace (the same set); inside a cell every
  character is kept (a CSV line ends only at ``\\r``/``\\n``, not at U+2028 or ``\\x1c``);
- ``|`` separates aliases in the ``aliases`` column, so it is left out of aliases;
- a **document** with a NUL byte in its first 4 KiB is binary: skipped with a note;
- a node **id** of a normalised name over 1,024 UTF-8 bytes is cut and ends in ``…`` plus a
  hash (the name itself stays whole), so Neo4j can index it;
- **shown to people**: ``--format table`` and ``report.md`` put each value on one line with
  control characters as ``\\xNN`` (``chainkg.graph.io.printable.printable``); ``report.md`` also escapes
  Markdown/HTML characters and wraps a value holding bidi controls in U+2068 ... U+2069. JSON,
  JSON Lines and CSV output, graph.json, report.json and the stores keep every character.

To add a case, add a line here: tests/test_hostile.py (tables, a document, the build, the
stores, queries, CLI output and the report), test_hostile_views_exports.py (views and exports)
and test_serve_browser.py (the explorer) pick it up.

Below the table: the hostile tables and document those tests build (:func:`write_inputs`, built
once by the ``hostile_build`` fixture), and a small graph of hostile values made directly in the
model for the export tests (:func:`hostile_graph`, :func:`add_hostile`, :func:`hostile_strings`).
"""

from __future__ import annotations

import csv
from pathlib import Path

from chainkg.graph.model import KnowledgeGraph

__all__ = [
    "CUSTOMER",
    "HOSTILE",
    "HOSTILE_NAME",
    "LONG_NAME",
    "MARKUP",
    "NEO4J_LONG",
    "OVERLONG",
    "QUOTES",
    "RTL",
    "TITLE",
    "add_hostile",
    "alias",
    "as_cell",
    "as_name",
    "document",
    "hostile_graph",
    "hostile_strings",
    "write_inputs",
]

LONG_NAME = "长" * 9_990 + "有限公司企业名称末尾"  # 10,000 characters

HOSTILE: list[tuple[str, str]] = [
    # Cypher fragments: quotes closing a literal, comments, parameters, backticks
    ("cypher_quote", "x'}) DETACH DELETE n //"),
    ("cypher_dquote", 'x"}) MATCH (m) DETACH DELETE m //'),
    ("cypher_param", "$param"),
    ("cypher_backtick", "`Enterprise`) MATCH (m) SET m.name = 'owned' //"),
    ("cypher_comment", "/* */ CREATE (:Region {id: 'Region:pwned'}) //"),
    ("cypher_semicolon", "a; MATCH (n) DETACH DELETE n;"),
    ("cypher_call", "x') CALL db.createLabel('Owned') //"),
    # HTML and JavaScript
    ("html_img", "<img src=x onerror=alert(1)>"),
    ("html_script", "<script>alert('xss')</script>"),
    ("html_close_script", "</script><script>alert(1)</script>"),
    ("html_entities", "&lt;b&gt; &amp; &#x27; &quot;"),
    ("html_attr", '" onmouseover="alert(1)" x="'),
    ("js_url", "javascript:alert(document.cookie)"),
    ("js_template", "${alert(1)} {{7*7}} #{7*7}"),
    # formula and format injection (CSV opened in a spreadsheet, Markdown, JSON in HTML)
    ("csv_formula", '=HYPERLINK("http://x","y")'),
    ("csv_plus", "+cmd|' /C calc'!A0"),
    ("csv_at", "@SUM(1+1)*cmd"),
    ("markdown", "| pipe | **bold** [link](javascript:alert(1)) `code` # head"),
    ("json_separators", "line\u2028sep\u2029para"),
    # control characters (tab/newline are whitespace and collapse in names; the others stay)
    ("control_low", "ctl\x01\x02\x03\x04\x05\x06\x07\x08end"),
    ("control_mid", "ctl\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1bend"),
    ("control_ansi", "\x1b[31mred\x1b[0m\x7f"),
    ("control_ws", "tab\tnew\nline\rcr\x0bvt\x0cff\x1cfs\x1dgs\x1ers\x1fus"),
    ("nul", "nul\x00byte"),
    # bidi and invisible characters
    ("rtl_override", "\u202eevil.exe\u202c"),
    ("rtl_marks", "\u200fabc\u200e\u2067isolate\u2069"),
    ("zero_width", "zero\u200bwidth\u200djoiner\u200cnon\u2060word\ufeffbom"),
    # size, scripts, symbols
    ("long_name", LONG_NAME),
    ("emoji", "🏭🔗 👩‍🔧 🇨🇳 工厂"),
    ("combining", "e\u0301 Å\u030a ﬁ ＡＢＣ"),
    ("quotes", "'single' \"double\" “curly” ‘single’ 「corner」 《book》"),
    ("backslashes", "back\\slash \\' \\\" \\n \\u0041 \\x00"),
    ("path", "../../etc/passwd"),
    ("percent", "%s %d %n %x {0} {name}"),
]


def as_name(text: str) -> str:
    """What a name becomes in the graph: whitespace runs collapsed to one space, ends stripped."""
    return " ".join(text.split())


def as_cell(text: str) -> str:
    """What a table cell becomes: surrounding whitespace stripped."""
    return text.strip()


# -- a graph of hostile values, for the exports --------------------------------------------------

HOSTILE_NAME = "x'}) DETACH DELETE n //"
MARKUP = "<img src=x onerror=alert(1)>"
QUOTES = "他说\"你好\"，'再见' \\ 反斜杠"
RTL = "abc\u202edef"
OVERLONG = (
    "长" * 10_000
)  # 30,000 bytes: too long for a Neo4j range index (ids are cut and hashed, names sit in TEXT indexes)
NEO4J_LONG = "长" * 2_700  # 8,100 bytes: just under what Neo4j indexes


def hostile_graph(long_name: str = OVERLONG) -> KnowledgeGraph:
    """Chinese text, lists, every kind of value, and names meant to break writers and readers."""
    kg = KnowledgeGraph()
    add_hostile(kg, long_name)
    return kg


def add_hostile(kg: KnowledgeGraph, long_name: str = OVERLONG) -> None:
    """Add the hostile nodes and edges to ``kg`` (alone, or on top of the example)."""
    note = {"path": "t.csv", "line": 1, "note": '分号; 竖线| 引号" 换行\n制表\t 尖括号<>&'}
    bad = kg.add_node("Enterprise", HOSTILE_NAME, aliases=[MARKUP, "a;b|c"], evidence=[note], region=QUOTES, code=RTL)
    long = kg.add_node("Enterprise", long_name, aliases=["长长"], full_name="长" * 9_000 + "有限公司")
    sany = kg.add_node(
        "Enterprise", "三一重工", aliases=["SANY", "三一重工股份有限公司"], name_en="Sany Heavy Industry"
    )
    tech = kg.add_node("Technology", "高压液压阀", bottleneck=True, status="tackling", category="核心基础零部件")
    product = kg.add_node("Product", "液压件", stage="midstream")
    doc = kg.add_node("Document", "0123456789abcdef", title="第一行\n第二行\r\n\t缩进", path="docs/新闻.txt")
    project = kg.add_node("Project", "智能工厂", year=2021, status="building")
    kg.add_edge("SUPPLIES", bad, sany, product="液压件", volume=1.5, evidence=[note])
    kg.add_edge("SUPPLIES", bad, sany, product=HOSTILE_NAME)  # a parallel edge: same pair, another product
    kg.add_edge("SUPPLIES", long, sany, product=MARKUP, volume=0.1)
    kg.add_edge("MAKES", sany, product, weight=0.25)
    kg.add_edge("BREAKTHROUGH", sany, tech, year=2020)
    kg.add_edge("SUBSIDIARY_OF", long, sany, share=1.0)
    kg.add_edge("OPERATES", sany, project)
    kg.add_edge("MENTIONED_IN", sany, doc, sentence=2, char_start=10, char_end=14, text="三一\n重工")
    kg.add_edge("MENTIONED_IN", sany, doc, sentence=3, char_start=40, char_end=44, text=RTL)


def hostile_strings() -> KnowledgeGraph:
    """tests/hostile.py's strings as names, aliases, properties, edge properties and evidence."""
    kg = hostile_graph()
    hub = kg.add_node("Enterprise", "枢纽", evidence=[{"path": "h.csv", "line": 1, "note": "\x00\u2028"}])
    kg.add_node("Enterprise", "三一集团", aliases=["三一", "Sany"])  # names two nodes answer to: shared in the index
    kg.add_node("Enterprise", "三一重工 ", aliases=["三一", "SANY "])
    for index, (key, text) in enumerate(HOSTILE):
        if not as_name(text):
            continue
        nid = kg.add_node(
            "Enterprise", text, aliases=[f"{key}-别名"], region=text, evidence=[{"path": text, "line": index}]
        )
        kg.add_edge(
            "SUPPLIES", nid, hub, product=text, volume=float(index) / 3, evidence=[{"note": text, "line": index}]
        )
        kg.add_edge("SUBSIDIARY_OF", hub, nid, share=-0.0 if index % 2 else float("nan"))
    return kg


# -- hostile tables and a document, for `chainkg build` ----------------------------------------

NODE_HEADER = ["label", "name", "aliases", "region", "stage", "level", "bottleneck", "status", "note"]
EDGE_HEADER = ["type", "source_label", "source", "target_label", "target", "product", "note"]
CUSTOMER = "三一重工"  # of the example: every hostile enterprise supplies it
TITLE = dict(HOSTILE)["html_script"] + " " + dict(HOSTILE)["cypher_quote"]


def alias(text: str) -> str:
    """The alias column of a hostile row ('|' separates aliases, so such texts get none)."""
    return "" if "|" in text else "alias " + text


def node_rows() -> list[list[str]]:
    rows = []
    for _, text in HOSTILE:
        rows += [
            ["Enterprise", text, alias(text), text, "", "", "", "", text],
            ["Product", text, "", "", "midstream", "", "", "", text],
            ["Technology", text, "", "", "", "", "true", "unsolved", text],
            ["Cluster", text, "", "", "", "national", "", "", text],
            ["Region", text, "", "", "", "city", "", "", text],
            ["Chain", text, "", "", "", "", "", "", text],
        ]
    return rows


def edge_rows() -> list[list[str]]:
    rows = []
    texts = [text for _, text in HOSTILE]
    for i, text in enumerate(texts):
        rows += [
            ["SUPPLIES", "Enterprise", text, "Enterprise", CUSTOMER, text, text],
            ["MAKES", "Enterprise", text, "Product", text, "", text],
            ["PART_OF", "Product", text, "Chain", text, "", text],
            ["PART_OF", "Cluster", text, "Chain", text, "", text],
            ["MEMBER_OF", "Enterprise", text, "Cluster", text, "", text],
            ["LOCATED_IN", "Enterprise", text, "Region", text, "", text],
            ["BOTTLENECK_OF", "Technology", text, "Chain", text, "", text],
        ]
        if i + 1 < len(texts):  # a supply chain through all of them, for tiers and paths
            rows.append(["SUPPLIES", "Enterprise", text, "Enterprise", texts[i + 1], text, text])
    return rows


def document() -> str:
    """A text document: a hostile title line, then each hostile text next to a sentence the extractor reads."""
    lines = [TITLE, ""]
    for i, (key, text) in enumerate(HOSTILE):
        if key != "nul":  # a NUL byte makes a document binary: skipped, see test_a_document_with_nul_is_skipped
            lines.append(f"{text}。敌意测试{i}号机械有限公司为敌意客户{i}号股份有限公司供应测试件。")
    return "\n".join(lines) + "\n"


def write_inputs(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name, header, rows in (
        ("hostile_nodes.csv", NODE_HEADER, node_rows()),
        ("hostile_edges.csv", EDGE_HEADER, edge_rows()),
    ):
        with open(folder / name, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)  # minimal quoting: U+2028, \x1c ... stay unquoted, as other tools write them
            writer.writerow(header)
            writer.writerows(rows)
    (folder / "hostile_news.txt").write_text(document(), encoding="utf-8")
    return folder

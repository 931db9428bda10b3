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
  control characters as ``\\xNN`` (``chainkg.output.printable``); ``report.md`` also escapes
  Markdown/HTML characters and wraps a value holding bidi controls in U+2068 ... U+2069. JSON,
  JSON Lines and CSV output, graph.json, report.json and the stores keep every character.

To add a case, add a line here: tests/test_hostile.py (and whatever the lead
extends it to: views, exports) picks it up.
"""

from __future__ import annotations

__all__ = ["HOSTILE", "LONG_NAME", "as_cell", "as_name"]

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

"""The read-only guard of ``chainkg cypher``: refuse, before anything runs, a query that writes.

The query is scanned with its comments and string literals blanked out and its
`backticked` names unwrapped, so a write word inside a string does not count and
one after a string holding a quote, or behind a backticked name, still does.
Refused: every writing clause of Neo4j and LadybugDB (``CREATE``, ``MERGE``,
``INSERT``, ``SET``, ``DELETE``, ``REMOVE``, ``DROP``, ``FOREACH``, ``LOAD`` in all
its forms (``LOAD CSV``, LadybugDB's ``LOAD FROM`` and ``LOAD EXTENSION``),
``COPY``, ``EXPORT``, ``ATTACH``, administration commands ...), ``CALL { ... }``
subqueries, ``CALL`` of any procedure but a few that only read, and several
statements in one query. The engines hold the line behind this: the embedded
database is opened read-only and Neo4j reads run in read transactions.

>>> write_keyword("MATCH (n) WHERE n.name = 'x\\\\' DELETE n //' RETURN n")
>>> write_keyword("MATCH (n) WITH n AS `it's` DETACH DELETE n RETURN 'x'")
'DETACH'
>>> write_keyword("CALL `db` . `createLabel`('X')"), write_keyword("CALL db.labels()")
('CALL DB.', None)
"""

from __future__ import annotations

import re

from chainkg.errors import QueryError

__all__ = ["READ_PROCEDURES", "check_read_only", "several_statements", "write_keyword"]

# Procedures that only read; any other CALLed procedure is refused (plugins such as apoc or
# gds, db.createLabel, tx.setMetaData, LadybugDB's `CALL threads=...` settings ...).
READ_PROCEDURES = frozenset(
    {
        "db.labels",
        "db.relationshiptypes",
        "db.propertykeys",
        "db.schema.visualization",
        "db.schema.nodetypeproperties",
        "db.schema.reltypeproperties",
        "dbms.components",  # Neo4j
        "show_tables",
        "table_info",
        "show_connection",
        "db_version",  # LadybugDB
    }
)
_TOKENS = re.compile(
    r"(?P<skip>//[^\n]*|/\*.*?\*/|'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")|`(?P<name>(?:[^`]|``)*)`", re.DOTALL
)
_WRITES = re.compile(
    r"\b(?P<word>CREATE|MERGE|INSERT|DELETE|DETACH|SET|REMOVE|DROP|FOREACH|LOAD(?:\s+CSV)?|COPY|ALTER|RENAME"
    r"|INSTALL|UNINSTALL|ATTACH|IMPORT|EXPORT|CHECKPOINT|GRANT|DENY|REVOKE|TERMINATE|START\s+DATABASE|STOP\s+DATABASE)\b"
    r"|\bCALL\b\s*(?:(?P<proc>[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*)|[({])",
    re.IGNORECASE,
)


def _blanked(cypher: str) -> str:
    """``cypher`` with comments and strings replaced by a space, backticked names by their letters."""

    def replace(match: re.Match[str]) -> str:
        if match.group("skip") is not None:
            return " "
        return re.sub(r"\W", "_", match.group("name").replace("``", "`")) or "_"

    return _TOKENS.sub(replace, cypher)


def write_keyword(cypher: str) -> str | None:
    """The first clause that would write (outside strings and comments), if any."""
    for found in _WRITES.finditer(_blanked(cypher)):
        if found.group("word"):
            return " ".join(found.group("word").split()).upper()
        proc = found.group("proc")
        if proc is None:
            return "CALL {"
        name = re.sub(r"\s+", "", proc).lower()
        if name not in READ_PROCEDURES:
            return f"CALL {name.split('.')[0].upper()}" + ("." if "." in name else "")
    return None


def several_statements(cypher: str) -> bool:
    """Whether ``cypher`` holds more than one statement (a ``;`` with more after it)."""
    return bool(re.search(r";\s*\S", _blanked(cypher)))


def check_read_only(cypher: str) -> None:
    """Raise QueryError if ``cypher`` writes or holds several statements."""
    keyword = write_keyword(cypher)
    if keyword:
        raise QueryError(
            f"chainkg cypher is read-only; the query writes ({keyword})", fix="run writes with the engine's own tools"
        )
    if several_statements(cypher):
        raise QueryError(
            "chainkg cypher runs one statement at a time", fix="split the query at ';' and run each part alone"
        )

"""What the embedded database holds beyond the schema: where an edge's provenance is stored.

See :mod:`chainkg.graph.engines.record_parts` for why a table row's evidence record is stored as a frame
and a line; this module holds only the names and Cypher fragments, so that opening the database
to query it needs no Arrow.
"""

from __future__ import annotations

from chainkg.graph.schema import PropType

__all__ = ["FRAME_LABEL", "FRAME_MATCH", "FRAME_PROPS", "JOINED_EMBEDDED", "PARTS", "STORED", "STORED_TYPES"]

PARTS = ("evidence_head", "evidence_line", "evidence_tail")
"""A record split around its line, as a graph's Arrow tables carry it (not stored so)."""
STORED = ("evidence_frame", "evidence_line")
"""The columns a stored edge has beyond the schema's properties, in this order."""
STORED_TYPES = (PropType.INT, PropType.INT)
"""Their types, as the schema names them (the engine's DDL is made from these)."""
FRAME_LABEL = "EvidenceFrame"
"""The node table of the frames: not a label of the schema, only of the embedded database."""
FRAME_PROPS = (("id", PropType.INT), ("head", PropType.STRING), ("tail", PropType.STRING))
"""Its columns (``id`` the primary key)."""

FRAME_MATCH = (
    f"OPTIONAL MATCH (f:{FRAME_LABEL}) "
    "WITH collect(f.id) AS frame_ids, collect(f.head) AS frame_heads, collect(f.tail) AS frame_tails"
)
"""Cypher (LadybugDB) to put before the ``MATCH`` of an edge ``r``: every frame, gathered once
(a lookup per edge, ``OPTIONAL MATCH (f {id: r.evidence_frame})``, cost a second on 4k edges)."""
_AT = "list_position(frame_ids, r.evidence_frame)"
JOINED_EMBEDDED = (
    f"CASE WHEN r.evidence_line IS NULL THEN r.evidence "
    f"ELSE [frame_heads[{_AT}] + CAST(r.evidence_line AS STRING) + frame_tails[{_AT}]] END"
)
"""Cypher (LadybugDB) for the evidence list of edge ``r`` as the model holds it, after :data:`FRAME_MATCH`."""

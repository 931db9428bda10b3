// name: enterprise_profile
// doc: everything about one enterprise (by name or any alias): its links out and in, with what is at the other end
// params: enterprise: Enterprise
// returns: enterprise, direction, relation, label, other, evidence
OPTIONAL MATCH (f:EvidenceFrame) WITH collect(f.id) AS frame_ids, collect(f.head) AS frame_heads, collect(f.tail) AS frame_tails
MATCH (e:Enterprise {id: $enterprise})
MATCH (e)-[r]->(o)
WHERE label(r) <> 'MENTIONED_IN'
RETURN e.name AS enterprise, 'out' AS direction, label(r) AS relation, label(o) AS label, o.name AS other, CASE WHEN r.evidence_line IS NULL THEN r.evidence ELSE [frame_heads[list_position(frame_ids, r.evidence_frame)] + CAST(r.evidence_line AS STRING) + frame_tails[list_position(frame_ids, r.evidence_frame)]] END AS evidence
UNION ALL
OPTIONAL MATCH (f:EvidenceFrame) WITH collect(f.id) AS frame_ids, collect(f.head) AS frame_heads, collect(f.tail) AS frame_tails
MATCH (e:Enterprise {id: $enterprise})
MATCH (o)-[r]->(e)
RETURN e.name AS enterprise, 'in' AS direction, label(r) AS relation, label(o) AS label, o.name AS other, CASE WHEN r.evidence_line IS NULL THEN r.evidence ELSE [frame_heads[list_position(frame_ids, r.evidence_frame)] + CAST(r.evidence_line AS STRING) + frame_tails[list_position(frame_ids, r.evidence_frame)]] END AS evidence

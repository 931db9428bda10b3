// name: enterprise_profile
// doc: everything about one enterprise (by name or any alias): its links out and in, with what is at the other end
// params: enterprise: str
// resolve: enterprise: Enterprise
// returns: enterprise, direction, relation, label, other, evidence
MATCH (e:Enterprise {id: $enterprise})
MATCH (e)-[r]->(o)
WHERE label(r) <> 'MENTIONED_IN'
OPTIONAL MATCH (f:EvidenceFrame {id: r.evidence_frame})
RETURN e.name AS enterprise, 'out' AS direction, label(r) AS relation, label(o) AS label, o.name AS other, CASE WHEN r.evidence_line IS NULL THEN r.evidence ELSE [f.head + CAST(r.evidence_line AS STRING) + f.tail] END AS evidence
UNION ALL
MATCH (e:Enterprise {id: $enterprise})
MATCH (o)-[r]->(e)
OPTIONAL MATCH (f:EvidenceFrame {id: r.evidence_frame})
RETURN e.name AS enterprise, 'in' AS direction, label(r) AS relation, label(o) AS label, o.name AS other, CASE WHEN r.evidence_line IS NULL THEN r.evidence ELSE [f.head + CAST(r.evidence_line AS STRING) + f.tail] END AS evidence

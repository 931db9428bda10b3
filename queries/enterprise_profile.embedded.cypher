// name: enterprise_profile
// doc: everything about one enterprise (by name or any alias): its links out and in, with what is at the other end
// params: enterprise: Enterprise
// returns: enterprise, direction, relation, label, other, evidence
MATCH (e:Enterprise {id: $enterprise})
MATCH (e)-[r]->(o)
WHERE label(r) <> 'MENTIONED_IN'
RETURN e.name AS enterprise, 'out' AS direction, label(r) AS relation, label(o) AS label, o.name AS other, r.evidence AS evidence
UNION ALL
MATCH (e:Enterprise {id: $enterprise})
MATCH (o)-[r]->(e)
RETURN e.name AS enterprise, 'in' AS direction, label(r) AS relation, label(o) AS label, o.name AS other, r.evidence AS evidence

// name: enterprise_profile
// doc: everything about one enterprise (by name or any alias): its links out and in, with what is at the other end
// params: enterprise: str
// returns: enterprise, direction, relation, label, other, evidence
WITH toLower($enterprise) AS wanted
MATCH (e:Enterprise)
WHERE toLower(e.name) = wanted OR any(a IN e.aliases WHERE toLower(a) = wanted)
MATCH (e)-[r]->(o)
WHERE label(r) <> 'MENTIONED_IN'
RETURN e.name AS enterprise, 'out' AS direction, label(r) AS relation, label(o) AS label, o.name AS other, r.evidence AS evidence
UNION ALL
WITH toLower($enterprise) AS wanted
MATCH (e:Enterprise)
WHERE toLower(e.name) = wanted OR any(a IN e.aliases WHERE toLower(a) = wanted)
MATCH (o)-[r]->(e)
RETURN e.name AS enterprise, 'in' AS direction, label(r) AS relation, label(o) AS label, o.name AS other, r.evidence AS evidence

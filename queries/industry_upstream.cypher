// name: industry_upstream
// doc: the industries upstream of an industry (UPSTREAM_OF into it), heaviest first, with the weight of the link and the enterprises in each (in it or in a narrower one)
// params: industry: Industry
// returns: upstream, weight, code, enterprises
MATCH (i:Industry {id: $industry})
MATCH (u:Industry)-[w:UPSTREAM_OF]->(i)
OPTIONAL MATCH (e:Enterprise)-[:IN_INDUSTRY]->(:Industry)-[:PART_OF*0..5]->(u)
RETURN u.name AS upstream, coalesce(w.weight, 0.0) AS weight, coalesce(u.code, '') AS code, count(DISTINCT e.id) AS enterprises
ORDER BY weight DESC, upstream

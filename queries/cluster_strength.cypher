// name: cluster_strength
// doc: clusters ranked by level, members, their breakthroughs and the chains they cover
// params:
// returns: cluster, level, members, breakthroughs, chains
MATCH (k:Cluster)
OPTIONAL MATCH (m:Enterprise)-[:MEMBER_OF]->(k)
OPTIONAL MATCH (m)-[:BREAKTHROUGH]->(t:Technology)
WITH k, count(DISTINCT m.id) AS members, count(DISTINCT t.id) AS breakthroughs
OPTIONAL MATCH (k)-[:PART_OF]->(c:Chain)
WITH k, members, breakthroughs, count(DISTINCT c.id) AS chains,
     CASE WHEN k.level = 'world' THEN 3 WHEN k.level = 'national' THEN 2 WHEN k.level = 'provincial' THEN 1 ELSE 0 END AS rank
RETURN k.name AS cluster, coalesce(k.level, '') AS level, members, breakthroughs, chains
ORDER BY rank DESC, members DESC, breakthroughs DESC, chains DESC, cluster

// name: chain_overview
// doc: per chain: its products by stage, the enterprises that make them, its clusters, bottlenecks and breakthroughs
// params:
// returns: chain, upstream, midstream, downstream, enterprises, clusters, bottlenecks, breakthroughs
MATCH (c:Chain)
OPTIONAL MATCH (p:Product)-[:PART_OF]->(c)
WITH c, count(CASE WHEN p.stage = 'upstream' THEN p.id ELSE NULL END) AS upstream,
     count(CASE WHEN p.stage = 'midstream' THEN p.id ELSE NULL END) AS midstream,
     count(CASE WHEN p.stage = 'downstream' THEN p.id ELSE NULL END) AS downstream
OPTIONAL MATCH (e:Enterprise)-[:MAKES]->(:Product)-[:PART_OF]->(c)
WITH c, upstream, midstream, downstream, count(DISTINCT e.id) AS enterprises
OPTIONAL MATCH (k:Cluster)-[:PART_OF]->(c)
WITH c, upstream, midstream, downstream, enterprises, count(DISTINCT k.id) AS clusters
OPTIONAL MATCH (t:Technology)-[:BOTTLENECK_OF]->(c)
WITH c, upstream, midstream, downstream, enterprises, clusters, count(DISTINCT t.id) AS bottlenecks,
     count(DISTINCT CASE WHEN t.status = 'breakthrough' THEN t.id ELSE NULL END) AS breakthroughs
RETURN c.name AS chain, upstream, midstream, downstream, enterprises, clusters, bottlenecks, breakthroughs
ORDER BY chain

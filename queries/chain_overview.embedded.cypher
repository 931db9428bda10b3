// name: chain_overview
// doc: per chain: its products (those PART_OF it and the narrower products of those, staged or not) by stage, its industries (PART_OF it, or narrower ones of them), its enterprises (making its products or in its industries), weighted makers (sum of MAKES.weight, the share of each maker's business in the chain; an edge without a weight counts 1), its clusters, bottlenecks and breakthroughs
// params:
// returns: chain, products, upstream, midstream, downstream, industries, enterprises, weighted_makers, clusters, bottlenecks, breakthroughs
MATCH (c:Chain)
OPTIONAL MATCH (p:Product)-[:PART_OF*1..4]->(c)
WITH DISTINCT c, p
WITH c, count(p.id) AS products, count(CASE WHEN p.stage = 'upstream' THEN p.id ELSE NULL END) AS upstream,
     count(CASE WHEN p.stage = 'midstream' THEN p.id ELSE NULL END) AS midstream,
     count(CASE WHEN p.stage = 'downstream' THEN p.id ELSE NULL END) AS downstream
OPTIONAL MATCH (p:Product)-[:PART_OF*1..4]->(c)
WITH DISTINCT c, products, upstream, midstream, downstream, p
OPTIONAL MATCH (e:Enterprise)-[m:MAKES]->(p)
// On LadybugDB, count(DISTINCT e) hashes every (chain, enterprise) pair (~170 ms at 200k MAKES);
// the unique table offsets of the collected enterprises (list_unique counts them) take ~45 ms.
WITH c, products, upstream, midstream, downstream, collect(offset(id(e))) AS makers,
     coalesce(sum(m.weight), 0.0) + count(m) - count(m.weight) AS weighted_makers
OPTIONAL MATCH (x:Industry)-[:PART_OF*1..5]->(c)
WITH DISTINCT c, products, upstream, midstream, downstream, makers, weighted_makers, x
OPTIONAL MATCH (member:Enterprise)-[:IN_INDUSTRY]->(x)
WITH c, products, upstream, midstream, downstream, makers, weighted_makers, count(DISTINCT x.id) AS industries,
     collect(offset(id(member))) AS members
WITH c, products, upstream, midstream, downstream, industries, list_unique(list_concat(makers, members)) AS enterprises, weighted_makers
OPTIONAL MATCH (k:Cluster)-[:PART_OF]->(c)
WITH c, products, upstream, midstream, downstream, industries, enterprises, weighted_makers, count(DISTINCT k.id) AS clusters
OPTIONAL MATCH (t:Technology)-[:BOTTLENECK_OF]->(c)
WITH c, products, upstream, midstream, downstream, industries, enterprises, weighted_makers, clusters, count(DISTINCT t.id) AS bottlenecks,
     count(DISTINCT CASE WHEN t.status = 'breakthrough' THEN t.id ELSE NULL END) AS breakthroughs
RETURN c.name AS chain, products, upstream, midstream, downstream, industries, enterprises, round(weighted_makers, 3) AS weighted_makers, clusters, bottlenecks, breakthroughs
ORDER BY chain

// name: industry_overview
// doc: every industry (行业): its classification, broader industry, chains, narrower industries (down three levels), enterprises in it or in a narrower one (and how many are listed), and the industries upstream of it with their total weight and the heaviest
// params:
// returns: industry, code, scheme, level, broader, chains, sub_industries, enterprises, listed, upstream, upstream_weight, top_upstream
MATCH (i:Industry)
OPTIONAL MATCH (i)-[:PART_OF]->(broader:Industry)
WITH i, coalesce(min(broader.name), '') AS broader
OPTIONAL MATCH (i)-[:PART_OF*1..3]->(c:Chain)
WITH i, broader, count(DISTINCT c.id) AS chains
OPTIONAL MATCH (sub:Industry)-[:PART_OF*1..3]->(i)
WITH i, broader, chains, count(DISTINCT sub.id) AS sub_industries
OPTIONAL MATCH (e:Enterprise)-[:IN_INDUSTRY]->(:Industry)-[:PART_OF*0..3]->(i)
WITH i, broader, chains, sub_industries, count(DISTINCT e.id) AS enterprises,
     count(DISTINCT CASE WHEN coalesce(e.exchange, '') <> '' THEN e.id ELSE NULL END) AS listed
OPTIONAL MATCH (u:Industry)-[w:UPSTREAM_OF]->(i)
WITH i, broader, chains, sub_industries, enterprises, listed, count(DISTINCT u.id) AS upstream,
     sum(coalesce(w.weight, 0.0)) AS upstream_weight, max(coalesce(w.weight, 0.0)) AS heaviest
OPTIONAL MATCH (top:Industry)-[tw:UPSTREAM_OF]->(i)
WHERE coalesce(tw.weight, 0.0) = heaviest
RETURN i.name AS industry, coalesce(i.code, '') AS code, coalesce(i.scheme, '') AS scheme, coalesce(i.level, '') AS level, broader,
       chains, sub_industries, enterprises, listed, upstream, round(upstream_weight, 6) AS upstream_weight, coalesce(min(top.name), '') AS top_upstream
ORDER BY industry

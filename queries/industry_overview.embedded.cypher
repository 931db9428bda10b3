// name: industry_overview
// doc: every industry (行业): its classification, broader industry, chains, narrower industries (down three levels), enterprises in it or in a narrower one (and how many are listed), and the industries upstream of it with their total weight and the heaviest
// params:
// returns: industry, code, scheme, level, broader, chains, sub_industries, enterprises, listed, upstream, upstream_weight, top_upstream
// The hierarchy is walked by fixed hops (a classification of up to four levels), each gathered into a list
// before the next, and the enterprises are read from the industry and its narrower ones by id: a recursive
// walk per industry cost three times as much here.
MATCH (i:Industry)
OPTIONAL MATCH (i)-[:PART_OF]->(broader:Industry)
WITH i, coalesce(min(broader.name), '') AS broader
OPTIONAL MATCH (i)-[:PART_OF]->(c:Chain)
WITH i, broader, collect(c.id) AS more_chain_ids
WITH i, broader, more_chain_ids AS chain_ids
OPTIONAL MATCH (i)-[:PART_OF]->(:Industry)-[:PART_OF]->(c:Chain)
WITH i, broader, chain_ids, collect(c.id) AS more_chain_ids
WITH i, broader, chain_ids + more_chain_ids AS chain_ids
OPTIONAL MATCH (i)-[:PART_OF]->(:Industry)-[:PART_OF]->(:Industry)-[:PART_OF]->(c:Chain)
WITH i, broader, chain_ids, collect(c.id) AS more_chain_ids
WITH i, broader, chain_ids + more_chain_ids AS chain_ids
WITH i, broader, size(list_distinct(chain_ids)) AS chains
OPTIONAL MATCH (s:Industry)-[:PART_OF]->(i)
WITH i, broader, chains, collect(s.id) AS more_sub_ids
WITH i, broader, chains, more_sub_ids AS sub_ids
OPTIONAL MATCH (s:Industry)-[:PART_OF]->(:Industry)-[:PART_OF]->(i)
WITH i, broader, chains, sub_ids, collect(s.id) AS more_sub_ids
WITH i, broader, chains, sub_ids + more_sub_ids AS sub_ids
OPTIONAL MATCH (s:Industry)-[:PART_OF]->(:Industry)-[:PART_OF]->(:Industry)-[:PART_OF]->(i)
WITH i, broader, chains, sub_ids, collect(s.id) AS more_sub_ids
WITH i, broader, chains, sub_ids + more_sub_ids AS sub_ids
WITH i, broader, chains, list_distinct(sub_ids) AS sub_ids
WITH i, broader, chains, sub_ids, sub_ids + [i.id] AS within
UNWIND within AS wid
OPTIONAL MATCH (e:Enterprise)-[:IN_INDUSTRY]->(x:Industry {id: wid})
WITH i, broader, chains, size(sub_ids) AS sub_industries, count(DISTINCT e.id) AS enterprises, count(DISTINCT CASE WHEN coalesce(e.exchange, '') <> '' THEN e.id ELSE NULL END) AS listed
OPTIONAL MATCH (u:Industry)-[w:UPSTREAM_OF]->(i)
WITH i, broader, chains, sub_industries, enterprises, listed, count(DISTINCT u.id) AS upstream,
     sum(coalesce(w.weight, 0.0)) AS upstream_weight, max(coalesce(w.weight, 0.0)) AS heaviest
OPTIONAL MATCH (top:Industry)-[tw:UPSTREAM_OF]->(i)
WHERE coalesce(tw.weight, 0.0) = heaviest
RETURN i.name AS industry, coalesce(i.code, '') AS code, coalesce(i.scheme, '') AS scheme, coalesce(i.level, '') AS level, broader,
       chains, sub_industries, enterprises, listed, upstream, round(upstream_weight, 6) AS upstream_weight, coalesce(min(top.name), '') AS top_upstream
ORDER BY industry

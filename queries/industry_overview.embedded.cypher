// name: industry_overview
// doc: every industry (行业): its classification, broader industry, chains, narrower industries (down three levels), enterprises in it or in a narrower one (and how many are listed), and the industries upstream of it with their total weight and the heaviest
// params:
// returns: industry, code, scheme, level, broader, chains, sub_industries, enterprises, listed, upstream, upstream_weight, top_upstream
// The hierarchy is walked by fixed hops (a classification of up to four levels), each gathered into a list
// before the next: a recursive walk per industry cost three times as much here.
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
WITH i, broader, chains, size(list_distinct(sub_ids)) AS sub_industries
OPTIONAL MATCH (e:Enterprise)-[:IN_INDUSTRY]->(i)
WITH i, broader, chains, sub_industries, collect(e.id) AS more_firm_ids, collect(CASE WHEN coalesce(e.exchange, '') <> '' THEN e.id ELSE NULL END) AS more_listed_ids
WITH i, broader, chains, sub_industries, more_firm_ids AS firm_ids, more_listed_ids AS listed_ids
OPTIONAL MATCH (e:Enterprise)-[:IN_INDUSTRY]->(:Industry)-[:PART_OF]->(i)
WITH i, broader, chains, sub_industries, firm_ids, listed_ids, collect(e.id) AS more_firm_ids, collect(CASE WHEN coalesce(e.exchange, '') <> '' THEN e.id ELSE NULL END) AS more_listed_ids
WITH i, broader, chains, sub_industries, firm_ids + more_firm_ids AS firm_ids, listed_ids + more_listed_ids AS listed_ids
OPTIONAL MATCH (e:Enterprise)-[:IN_INDUSTRY]->(:Industry)-[:PART_OF]->(:Industry)-[:PART_OF]->(i)
WITH i, broader, chains, sub_industries, firm_ids, listed_ids, collect(e.id) AS more_firm_ids, collect(CASE WHEN coalesce(e.exchange, '') <> '' THEN e.id ELSE NULL END) AS more_listed_ids
WITH i, broader, chains, sub_industries, firm_ids + more_firm_ids AS firm_ids, listed_ids + more_listed_ids AS listed_ids
OPTIONAL MATCH (e:Enterprise)-[:IN_INDUSTRY]->(:Industry)-[:PART_OF]->(:Industry)-[:PART_OF]->(:Industry)-[:PART_OF]->(i)
WITH i, broader, chains, sub_industries, firm_ids, listed_ids, collect(e.id) AS more_firm_ids, collect(CASE WHEN coalesce(e.exchange, '') <> '' THEN e.id ELSE NULL END) AS more_listed_ids
WITH i, broader, chains, sub_industries, firm_ids + more_firm_ids AS firm_ids, listed_ids + more_listed_ids AS listed_ids
WITH i, broader, chains, sub_industries, size(list_distinct(firm_ids)) AS enterprises, size(list_distinct(listed_ids)) AS listed_ids_n
WITH i, broader, chains, sub_industries, enterprises, listed_ids_n AS listed
OPTIONAL MATCH (u:Industry)-[w:UPSTREAM_OF]->(i)
WITH i, broader, chains, sub_industries, enterprises, listed, count(DISTINCT u.id) AS upstream,
     sum(coalesce(w.weight, 0.0)) AS upstream_weight, max(coalesce(w.weight, 0.0)) AS heaviest
OPTIONAL MATCH (top:Industry)-[tw:UPSTREAM_OF]->(i)
WHERE coalesce(tw.weight, 0.0) = heaviest
RETURN i.name AS industry, coalesce(i.code, '') AS code, coalesce(i.scheme, '') AS scheme, coalesce(i.level, '') AS level, broader,
       chains, sub_industries, enterprises, listed, upstream, round(upstream_weight, 6) AS upstream_weight, coalesce(min(top.name), '') AS top_upstream
ORDER BY industry

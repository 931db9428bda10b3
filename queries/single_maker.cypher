// name: single_maker
// doc: products made by one enterprise only
// params:
// returns: product, stage, maker
MATCH (e:Enterprise)-[:MAKES]->(p:Product)
WITH p, count(DISTINCT e.id) AS makers, min(e.name) AS maker
WHERE makers = 1
RETURN p.name AS product, coalesce(p.stage, '') AS stage, maker
ORDER BY product

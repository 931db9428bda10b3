// name: single_maker
// doc: products made by one enterprise only
// params:
// returns: product, stage, maker
MATCH (:Enterprise)-[m:MAKES]->(p:Product)
WITH p, count(m) AS makers
WHERE makers = 1
MATCH (e:Enterprise)-[:MAKES]->(p)
RETURN p.name AS product, coalesce(p.stage, '') AS stage, e.name AS maker
ORDER BY product

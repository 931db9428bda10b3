// name: chain_gaps
// doc: products of a chain with no maker in the region (gap, 空白) or one only (thin, 薄弱), with the makers elsewhere
// params: chain: str, region: str
// returns: product, stage, status, local_makers, makers_elsewhere
MATCH (p:Product)-[:PART_OF]->(c:Chain {name: $chain})
OPTIONAL MATCH (e:Enterprise)-[:MAKES]->(p)
WITH p, count(DISTINCT e.id) AS makers
OPTIONAL MATCH (r:Region {name: $region})<-[:LOCATED_IN*1..3]-(l:Enterprise)-[:MAKES]->(p)
WITH p, makers, count(DISTINCT l.id) AS local_makers
WHERE local_makers <= 1
RETURN p.name AS product, coalesce(p.stage, '') AS stage, CASE WHEN local_makers = 0 THEN 'gap' ELSE 'thin' END AS status,
       local_makers, makers - local_makers AS makers_elsewhere
ORDER BY status, product

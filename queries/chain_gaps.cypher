// name: chain_gaps
// doc: products of a chain with no maker in the region (gap, 空白) or one only (thin, 薄弱), with the makers elsewhere
// params: chain: str, region: str
// returns: product, stage, status, local_makers, makers_elsewhere
MATCH (c:Chain {name: $chain})
MATCH (p:Product)-[:PART_OF]->(c)
OPTIONAL MATCH (e:Enterprise)-[:MAKES]->(p)
OPTIONAL MATCH (e)-[:LOCATED_IN*1..3]->(r:Region {name: $region})
WITH p, count(DISTINCT e.id) AS makers, count(DISTINCT CASE WHEN r IS NULL THEN NULL ELSE e.id END) AS local_makers
WHERE local_makers <= 1
RETURN p.name AS product, coalesce(p.stage, '') AS stage, CASE WHEN local_makers = 0 THEN 'gap' ELSE 'thin' END AS status,
       local_makers, makers - local_makers AS makers_elsewhere
ORDER BY status, product

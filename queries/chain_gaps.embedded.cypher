// name: chain_gaps
// doc: products of a chain (or of a product of it) with no source in the region (gap, 空白) or one only (thin, 薄弱); a source makes it (MAKES) or supplies it (SUPPLIES with that product), and is in the region through its parks and parent regions
// params: chain: Chain, region: Region
// returns: product, stage, status, local_sources, sources_elsewhere, local_kind, kind_elsewhere
MATCH (c:Chain {id: $chain})
MATCH (p:Product)-[:PART_OF*1..4]->(c)
WITH DISTINCT p
OPTIONAL MATCH (:Region {id: $region})<-[:LOCATED_IN*1..6]-(lm:Enterprise)-[:MAKES]->(p)
WITH p, collect(DISTINCT lm.id) AS local_makers
OPTIONAL MATCH (:Region {id: $region})<-[:LOCATED_IN*1..6]-(ls:Enterprise)-[lr:SUPPLIES]->(:Enterprise)
WHERE lr.product = p.name
WITH p, local_makers, collect(DISTINCT ls.id) AS local_suppliers
// LadybugDB: list_unique counts the distinct elements of a list
WITH p, local_makers, local_suppliers, list_unique(list_concat(local_makers, local_suppliers)) AS local_sources
WHERE local_sources <= 1
OPTIONAL MATCH (m:Enterprise)-[:MAKES]->(p)
WITH p, local_makers, local_suppliers, local_sources, collect(DISTINCT m.id) AS makers
OPTIONAL MATCH (s:Enterprise)-[r:SUPPLIES]->(:Enterprise)
WHERE r.product = p.name
WITH p, local_makers, local_suppliers, local_sources, makers, collect(DISTINCT s.id) AS suppliers
WITH p, local_sources, list_unique(list_concat(makers, suppliers)) - local_sources AS sources_elsewhere,
     size(local_makers) > 0 AS local_maker, size(local_suppliers) > 0 AS local_supplier,
     size(makers) > size(local_makers) AS maker_elsewhere, size(suppliers) > size(local_suppliers) AS supplier_elsewhere
RETURN p.name AS product, coalesce(p.stage, '') AS stage, CASE WHEN local_sources = 0 THEN 'gap' ELSE 'thin' END AS status,
       local_sources, sources_elsewhere,
       CASE WHEN local_maker AND local_supplier THEN 'maker+supplier' WHEN local_maker THEN 'maker' WHEN local_supplier THEN 'supplier' ELSE '' END AS local_kind,
       CASE WHEN maker_elsewhere AND supplier_elsewhere THEN 'maker+supplier' WHEN maker_elsewhere THEN 'maker' WHEN supplier_elsewhere THEN 'supplier' ELSE '' END AS kind_elsewhere
ORDER BY status, product

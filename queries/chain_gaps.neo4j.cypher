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
// the union of two lists of distinct ids: one, and what of the other it lacks
WITH p, local_makers, local_suppliers, size(local_makers + [x IN local_suppliers WHERE NOT x IN local_makers]) AS local_sources
WHERE local_sources <= 1
OPTIONAL MATCH (m:Enterprise)-[:MAKES]->(p)
WITH p, local_makers, local_suppliers, local_sources, collect(DISTINCT m.id) AS makers
// One scan of SUPPLIES for every product remaining, not one per product (a scan per row took 12 s at 500k supplies)
WITH collect({p: p, local_makers: local_makers, local_suppliers: local_suppliers, local_sources: local_sources, makers: makers}) AS remaining,
     collect(p.name) AS names
OPTIONAL MATCH (s:Enterprise)-[r:SUPPLIES]->(:Enterprise)
WHERE r.product IN names
WITH remaining, r.product AS name, collect(DISTINCT s.id) AS suppliers
WITH remaining, collect({name: name, suppliers: suppliers}) AS supplied
UNWIND remaining AS row
WITH row.p AS p, row.local_makers AS local_makers, row.local_suppliers AS local_suppliers, row.local_sources AS local_sources,
     row.makers AS makers, reduce(found = [], x IN supplied | CASE WHEN x.name = row.p.name THEN x.suppliers ELSE found END) AS suppliers
WITH p, local_sources, size(makers + [x IN suppliers WHERE NOT x IN makers]) - local_sources AS sources_elsewhere,
     size(local_makers) > 0 AS local_maker, size(local_suppliers) > 0 AS local_supplier,
     size(makers) > size(local_makers) AS maker_elsewhere, size(suppliers) > size(local_suppliers) AS supplier_elsewhere
RETURN p.name AS product, coalesce(p.stage, '') AS stage, CASE WHEN local_sources = 0 THEN 'gap' ELSE 'thin' END AS status,
       local_sources, sources_elsewhere,
       CASE WHEN local_maker AND local_supplier THEN 'maker+supplier' WHEN local_maker THEN 'maker' WHEN local_supplier THEN 'supplier' ELSE '' END AS local_kind,
       CASE WHEN maker_elsewhere AND supplier_elsewhere THEN 'maker+supplier' WHEN maker_elsewhere THEN 'maker' WHEN supplier_elsewhere THEN 'supplier' ELSE '' END AS kind_elsewhere
ORDER BY status, product

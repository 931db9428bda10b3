// name: single_source_summary
// doc: per supplied product, how many customers get it from exactly one supplier and from how many such suppliers, most first (what single_source answers when not narrowed; single_source --all gives every pair)
// params:
// returns: product, customers, suppliers
MATCH (s:Enterprise)-[r:SUPPLIES]->(c:Enterprise)
WITH c, r.product AS product, count(*) AS sources, min(s.id) AS supplier
WHERE sources = 1
RETURN coalesce(product, '') AS product, count(*) AS customers, count(DISTINCT supplier) AS suppliers
ORDER BY customers DESC, product

// name: single_source
// doc: customers that get a product from exactly one supplier (a single point of failure)
// params:
// returns: customer, product, supplier
MATCH (s:Enterprise)-[r:SUPPLIES]->(c:Enterprise)
WITH c, coalesce(r.product, '') AS product, count(DISTINCT s.id) AS suppliers, min(s.name) AS supplier
WHERE suppliers = 1
RETURN c.name AS customer, product, supplier
ORDER BY customer, product

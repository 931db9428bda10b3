// name: single_source
// doc: customers that get a product from exactly one supplier (a single point of failure); narrow it to one customer or product
// params: customer: Enterprise?, product: str?
// unscoped: single_source_summary
// returns: customer, product, supplier
MATCH (s:Enterprise)-[r:SUPPLIES]->(c:Enterprise)
WHERE ($customer = '' OR c.id = $customer) AND ($product = '' OR r.product = $product)
WITH c, r.product AS product, count(*) AS suppliers, min(s.name) AS supplier
WHERE suppliers = 1
RETURN c.name AS customer, coalesce(product, '') AS product, supplier
ORDER BY customer, product

// name: product_upstream
// doc: the inputs of a product, tier by tier over UPSTREAM_OF (1 = a direct input), up to depth tiers (at most 6); or of what an enterprise makes and supplies; with each input's makers and suppliers
// params: product: Product?, enterprise: Enterprise?, depth: int
// one of: product, enterprise
// returns: product, tier, stage, makers, suppliers
OPTIONAL MATCH (:Enterprise {id: $enterprise})-[:MAKES]->(made:Product)
WITH collect(made.id) AS made
OPTIONAL MATCH (:Enterprise {id: $enterprise})-[sold:SUPPLIES]->(:Enterprise)
WITH made, collect(sold.product) AS sold
MATCH (origin:Product)
WHERE origin.id = $product OR origin.id IN made OR origin.name IN sold
WITH collect(origin.id) AS origins
UNWIND origins AS start
MATCH (origin:Product {id: start})
MATCH path = SHORTEST 1 (input:Product)-[:UPSTREAM_OF]->{1,6}(origin)
WITH origins, input, min(length(path)) AS tier
WHERE tier <= $depth AND NOT input.id IN origins
OPTIONAL MATCH (maker:Enterprise)-[:MAKES]->(input)
WITH input, tier, count(DISTINCT maker.id) AS makers
// One scan of SUPPLIES for all the products found, not one per product
WITH collect({input: input, tier: tier, makers: makers}) AS found, collect(input.name) AS names
OPTIONAL MATCH (supplier:Enterprise)-[supplied:SUPPLIES]->(:Enterprise)
WHERE supplied.product IN names
WITH found, supplied.product AS name, count(DISTINCT supplier.id) AS suppliers
WITH found, collect({name: name, suppliers: suppliers}) AS counted
UNWIND found AS row
RETURN row.input.name AS product, row.tier AS tier, coalesce(row.input.stage, '') AS stage, row.makers AS makers,
       reduce(n = 0, x IN counted | CASE WHEN x.name = row.input.name THEN x.suppliers ELSE n END) AS suppliers
ORDER BY tier, product

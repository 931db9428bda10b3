// name: product_downstream
// doc: the products made from a product, tier by tier over UPSTREAM_OF (1 = made directly from it), up to depth tiers (at most 6); or from what an enterprise makes and supplies; with each one's makers and suppliers
// params: product: Product?, enterprise: Enterprise?, depth: int
// one of: product, enterprise
// returns: product, tier, stage, makers, suppliers
OPTIONAL MATCH (:Enterprise {id: $enterprise})-[:MAKES]->(made:Product)
WITH collect(made.id) AS made
OPTIONAL MATCH (:Enterprise {id: $enterprise})-[sold:SUPPLIES]->(:Enterprise)
WITH made, collect(sold.product) AS sold
OPTIONAL MATCH (named:Product)
WHERE named.name IN sold
WITH made, collect(named.id) AS named
WITH list_distinct([$product] + made + named) AS origins  // ids: each looked up by the key below, no scan of every product per id
UNWIND origins AS start
MATCH (origin:Product {id: start})  // bound first: the search runs from each origin, not from every product
MATCH path = (origin)-[:UPSTREAM_OF* SHORTEST 1..6]->(input:Product)
WITH origins, input, min(length(path)) AS tier
WHERE tier <= $depth AND NOT input.id IN origins
OPTIONAL MATCH (maker:Enterprise)-[:MAKES]->(input)
WITH input, tier, count(DISTINCT maker.id) AS makers
OPTIONAL MATCH (supplier:Enterprise)-[supplied:SUPPLIES]->(:Enterprise)
WHERE supplied.product = input.name
RETURN input.name AS product, tier, coalesce(input.stage, '') AS stage, makers, count(DISTINCT supplier.id) AS suppliers
ORDER BY tier, product

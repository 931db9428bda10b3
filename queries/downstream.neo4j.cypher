// name: downstream
// doc: customers of an enterprise, tier by tier (1 = direct customer), up to depth tiers (at most 6)
// params: enterprise: Enterprise, depth: int
// returns: customer, tier
MATCH (e:Enterprise {id: $enterprise})
MATCH p = SHORTEST 1 (e)-[:SUPPLIES]->{1,6}(c:Enterprise)
WITH e, c, min(length(p)) AS tier
WHERE tier <= $depth AND c.id <> e.id
RETURN c.name AS customer, tier
ORDER BY tier, customer

// name: upstream
// doc: suppliers of an enterprise, tier by tier (1 = direct supplier), up to depth tiers (at most 6)
// params: enterprise: Enterprise, depth: int
// returns: supplier, tier
MATCH (e:Enterprise {id: $enterprise})
MATCH p = SHORTEST 1 (s:Enterprise)-[:SUPPLIES]->{1,6}(e)
WITH e, s, min(length(p)) AS tier
WHERE tier <= $depth AND s.id <> e.id
RETURN s.name AS supplier, tier
ORDER BY tier, supplier

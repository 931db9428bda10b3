// name: supply_path
// doc: the shortest supply path from one enterprise to another (up to 10 hops; one path where several tie)
// params: source: str, target: str
// returns: hops, path
MATCH p = (a:Enterprise {name: $source})-[:SUPPLIES* SHORTEST 1..10]->(b:Enterprise {name: $target})
RETURN length(p) AS hops, properties(nodes(p), 'name') AS path

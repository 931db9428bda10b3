// name: supply_path
// doc: the shortest supply path from one enterprise to another (up to 10 hops; one path where several tie)
// params: source: Enterprise, target: Enterprise
// returns: hops, path
MATCH p = (a:Enterprise {id: $source})-[:SUPPLIES* SHORTEST 1..10]->(b:Enterprise {id: $target})
RETURN length(p) AS hops, properties(nodes(p), 'name') AS path

// name: supply_path
// doc: the shortest supply path from one enterprise to another (up to 10 hops; one path where several tie)
// params: source: Enterprise, target: Enterprise
// returns: hops, path
MATCH (a:Enterprise {id: $source})
MATCH (b:Enterprise {id: $target})
MATCH p = shortestPath((a)-[:SUPPLIES*1..10]->(b))
RETURN length(p) AS hops, [n IN nodes(p) | n.name] AS path

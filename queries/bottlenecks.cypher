// name: bottlenecks
// doc: bottleneck (卡脖子) technologies: status, what they block, who broke through and when; optionally for one chain
// params: chain: Chain?
// returns: technology, status, category, blocks, broken_by, year, evidence
MATCH (t:Technology)
WHERE t.bottleneck = true
OPTIONAL MATCH (t)-[:BOTTLENECK_OF]->(b)
OPTIONAL MATCH (b)-[:PART_OF]->(bc:Chain)
WITH t, b, coalesce(bc.id, b.id) AS chain
WHERE $chain = '' OR chain = $chain
OPTIONAL MATCH (who)-[r:BREAKTHROUGH]->(t)
RETURN t.name AS technology, coalesce(t.status, '') AS status, coalesce(t.category, '') AS category,
       coalesce(b.name, '') AS blocks, coalesce(who.name, '') AS broken_by, coalesce(r.year, 0) AS year, t.evidence AS evidence
ORDER BY technology, blocks, broken_by, year

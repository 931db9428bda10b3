// name: evidence
// doc: says who? the provenance of a node (its records and every document sentence that mentions it), or with `other` of the edges between two nodes
// params: node: name, other: name?, relation: str?
// returns: kind, label, name, relation, other, records, document, sentence, char_start, char_end, text
MATCH (n)
WHERE $other = '' AND n.name = $node
OPTIONAL MATCH (n)-[m:MENTIONED_IN]->(d:Document)
RETURN 'node' AS kind, label(n) AS label, n.name AS name, '' AS relation, '' AS other, n.evidence AS records,
       coalesce(d.path, '') AS document, coalesce(m.sentence, -1) AS sentence, coalesce(m.char_start, -1) AS char_start,
       coalesce(m.char_end, -1) AS char_end, coalesce(m.text, '') AS text
ORDER BY document, char_start
UNION ALL
MATCH (n)-[r]->(o)
WHERE $other <> '' AND n.name = $node AND o.name = $other
  AND label(r) <> 'MENTIONED_IN' AND ($relation = '' OR label(r) = $relation)
RETURN 'edge' AS kind, '' AS label, n.name AS name, label(r) AS relation, o.name AS other, r.evidence AS records,
       '' AS document, -1 AS sentence, -1 AS char_start, -1 AS char_end, '' AS text
ORDER BY relation, name, other
UNION ALL
MATCH (o)-[r]->(n)
WHERE $other <> '' AND n.name = $node AND o.name = $other
  AND label(r) <> 'MENTIONED_IN' AND ($relation = '' OR label(r) = $relation)
RETURN 'edge' AS kind, '' AS label, o.name AS name, label(r) AS relation, n.name AS other, r.evidence AS records,
       '' AS document, -1 AS sentence, -1 AS char_start, -1 AS char_end, '' AS text
ORDER BY relation, name, other

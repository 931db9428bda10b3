// name: evidence
// doc: where a node comes from: its provenance records and every sentence of a document that mentions it
// params: node: str
// returns: label, name, records, document, sentence, char_start, char_end, text
MATCH (n)
WHERE n.name = $node
OPTIONAL MATCH (n)-[m:MENTIONED_IN]->(d:Document)
RETURN label(n) AS label, n.name AS name, n.evidence AS records, coalesce(d.path, '') AS document,
       coalesce(m.sentence, -1) AS sentence, coalesce(m.char_start, -1) AS char_start, coalesce(m.char_end, -1) AS char_end,
       coalesce(m.text, '') AS text
ORDER BY label, document, char_start

// name: search
// doc: nodes whose name or an alias contains the text (case-insensitive)
// params: text: str
// returns: label, name
WITH toLower($text) AS needle
MATCH (n:ChainKG)
WHERE toLower(n.name) CONTAINS needle OR any(a IN n.aliases WHERE toLower(a) CONTAINS needle)
RETURN [l IN labels(n) WHERE l <> 'ChainKG'][0] AS label, n.name AS name
ORDER BY label, name

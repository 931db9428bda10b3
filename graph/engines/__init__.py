"""Storage engines: the embedded LadybugDB store (:mod:`.embedded`) and Neo4j (:mod:`.neo4j`)."""

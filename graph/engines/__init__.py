"""Storage engines: the embedded LadybugDB store (and Neo4j, see its issue)."""

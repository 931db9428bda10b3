# Two commands do all set-up: `make demo` (main job on the example) and `make test`.
PYTHON  ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
OUT     ?= out/hunan
WORKERS ?= 2
GEPHI   := org.gephi:gephi-toolkit:0.10.1:jar:all
GEPHI_JAR := .cache/gephi/gephi-toolkit-0.10.1-all.jar

.PHONY: demo test lint test-tools venv clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/chainkg build examples/hunan --out $(OUT)

# The linters, then the whole suite (doctests included) on $(WORKERS) pytest-xdist workers: the
# tests on the one Neo4j server run in one worker, the slow groups first (tests/conftest.py).
test: lint test-tools
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadgroup --no-loadscope-reorder

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python scripts/typecheck

# What the tests drive besides Python: Debian's chromium (installed as root when missing), and with
# Java and Maven the Neo4j server jars, cypher-shell and the Gephi toolkit (resolved once into .cache/).
test-tools: $(STAMP)
	scripts/ensure-chromium
	@if command -v java >/dev/null && command -v mvn >/dev/null; then \
	    $(PYTHON) scripts/neo4j-test-server fetch >/dev/null && \
	    $(PYTHON) scripts/cypher-shell fetch >/dev/null && \
	    { test -f $(GEPHI_JAR) || $(MAKE) --no-print-directory $(GEPHI_JAR); }; \
	else \
	    echo "note: java or mvn is missing; the Neo4j, cypher-shell and Gephi tests will skip (apt-get install openjdk-17-jre-headless maven)" >&2; \
	fi

$(GEPHI_JAR):
	mkdir -p $(@D)
	cd .cache && mvn -q -B dependency:copy -Dartifact=$(GEPHI) -DoutputDirectory=gephi

clean:
	rm -rf $(VENV) out .pytest_cache

.PHONY: bench
bench: $(STAMP)
	PY=$(BIN)/python benchmarks/run_all.sh

# Two commands do all set-up: `make demo` (main job on the example) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    ?= out/hunan

.PHONY: demo test venv clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/chainkg build examples/hunan --out $(OUT)

test: $(STAMP)
	scripts/ensure-chromium
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) out .pytest_cache

.PHONY: bench
bench: $(STAMP)
	PY=$(BIN)/python benchmarks/run_all.sh

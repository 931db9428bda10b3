#!/usr/bin/env bash
# Run every benchmark; each prints its figures with the target it is held to.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
echo "# machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr), $($PY --version)"
$PY benchmarks/bench_build.py
$PY benchmarks/bench_extract.py --mb 1
$PY benchmarks/bench_extract.py --mb 5 --runs 3
if [ -f ../shared/seeds/000_1f13449ba0d09cb5.txt ]; then $PY benchmarks/bench_extract.py --mb 1 --corpus seed; fi
$PY benchmarks/quality.py
if command -v chromium >/dev/null; then $PY benchmarks/bench_views.py; else echo "bench_views: skipped (no chromium; scripts/ensure-chromium)"; fi
if [ -f benchmarks/bench_neo4j_push.py ] && [ -n "${NEO4J_URI:-}" ]; then $PY benchmarks/bench_neo4j_push.py; fi

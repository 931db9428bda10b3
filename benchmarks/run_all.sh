#!/usr/bin/env bash
# Run every benchmark (make bench), then print one table of the headline figures with their targets.
# Each benchmark prints its own detail as it goes; the table at the end is the one benchmarks/RESULTS.md keeps
# (also written to benchmarks/results/latest.md). Neo4j figures need a server: NEO4J_URI (+ user and
# password) if set, else a throw-away one from scripts/neo4j-test-server. Takes about 40 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
export CHAINKG_BENCH_LOG
CHAINKG_BENCH_LOG=$(mktemp)
machine="$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr), $($PY --version 2>&1), $(date -u +%Y-%m-%d)"
echo "# machine: $machine; load average $(cut -d' ' -f1-3 /proc/loadavg)"

if [ -z "${NEO4J_URI:-}" ]; then
    home=$(mktemp -d); export NEO4J_TEST_HEAP=${NEO4J_TEST_HEAP:-2g} NEO4J_TEST_PAGECACHE=${NEO4J_TEST_PAGECACHE:-1g}
    trap 'python3 scripts/neo4j-test-server stop --dir "$home" >/dev/null 2>&1 || true; rm -rf "$home"' EXIT
    set -a; eval "$(python3 scripts/neo4j-test-server start --dir "$home")"; set +a
fi

$PY benchmarks/bench_build.py
$PY benchmarks/bench_build_scale.py --runs 3
$PY benchmarks/bench_report.py --runs 3
$PY benchmarks/bench_build_views.py --runs 3
$PY benchmarks/bench_extract.py --mb 1
$PY benchmarks/bench_extract.py --mb 5 --runs 3
if [ -f ../shared/seeds/000_1f13449ba0d09cb5.txt ]; then $PY benchmarks/bench_extract.py --mb 1 --corpus seed; fi
$PY benchmarks/quality.py
$PY benchmarks/bench_structured.py --runs 3
$PY benchmarks/bench_queries.py --engine both --runs 7
$PY benchmarks/bench_neo4j_push.py --runs 3
if command -v chromium >/dev/null; then $PY benchmarks/bench_views.py; else echo "bench_views: skipped (no chromium; scripts/ensure-chromium)"; fi
$PY benchmarks/bench_exports.py --runs 1 --example-runs 7

mkdir -p benchmarks/results
{ echo "Machine: $machine."; echo; $PY benchmarks/summary.py "$CHAINKG_BENCH_LOG"; } | tee benchmarks/results/latest.md
rm -f "$CHAINKG_BENCH_LOG"

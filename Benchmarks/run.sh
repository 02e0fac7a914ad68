#!/usr/bin/env bash
# Runs Kith's benchmark suite (release build). Extra arguments go to the benchmark plugin,
# e.g. `./run.sh --filter '.*ledger.*'` (filters are regular expressions matched against the
# whole benchmark name), or `./run.sh baseline update main` to store a baseline.
# The first run builds the benchmark tooling (several minutes) and the cached databases under
# ${KITH_BENCH_CACHE:-/tmp/kith-bench-cache} (a few more minutes); later runs reuse both.
set -euo pipefail
cd "$(dirname "$0")"
exec swift package --disable-sandbox --allow-writing-to-directory .benchmarkBaselines benchmark "$@"

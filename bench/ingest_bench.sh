#!/usr/bin/env bash
# Ingest benchmark on the real large corpus: refdex-index against Omega's
# scriptindex, kept as a short name for what bench/scale_bench.sh now does
# (see there and README "Benchmarks").
#
#   bench/ingest_bench.sh [RECORDS] [RUNS]     (defaults: 10000 records, 3 runs)
exec "$(dirname "$0")/scale_bench.sh" --real --records "${1:-10000}" --runs "${2:-3}" --tools refdex,scriptindex

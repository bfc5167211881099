#!/usr/bin/env bash
# Query latency over shards: one index against the same records as two local
# shards and as two xapian-tcpsrv shards on loopback.
#
#   bench/remote_query_bench.sh [RECORDS] [RUNS]     (defaults: 30000 records, 200 runs)
#
# Input: the first RECORDS records of ../shared/corpus/large, indexed once
# whole and once as two halves (skipped politely when the corpus is absent).
# Prints in-process p50/p95 (build/bench/query_latency_bench: the search
# itself, no process start-up) for a 2-term query and for the same query with
# three facets (year, journal, type), then with author and keyword facets.
# Machines are shared: compare the layouts, not the absolute figures.
set -euo pipefail
cd "$(dirname "$0")/.."
records=${1:-30000}
runs=${2:-200}
build=${BUILD_DIR:-build}   # an existing build directory may be reused
corpus=../shared/corpus/large/paperlists_cs_conferences.ris.xz
if [ ! -f "$corpus" ]; then
  echo "shard_bench: $corpus not found; skipping (the large corpus lives in ../shared)"
  exit 0
fi
tools/install-deps.sh
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j"$(nproc)" --target refdex-index query_latency_bench >/dev/null

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
{ xz -dc "$corpus" || true; } |
  awk -v n="$records" -v a="$work/a.ris" -v b="$work/b.ris" '/^TY  - /{c++} c>n{exit} {print > (c <= n/2 ? a : b)}'
export XAPIAN_FLUSH_THRESHOLD=1000
# Exit 3 only says some records were rejected (the corpus has a few with
# nothing searchable): the index is complete.
index() { "$build/indexer/refdex-index" -q --db "$@" || [ $? -eq 3 ]; }
index "$work/merged" "$work/a.ris" "$work/b.ris"
index "$work/half1" "$work/a.ris"
index "$work/half2" "$work/b.ris"

port1=$((20000 + RANDOM % 20000))
port2=$((port1 + 1))
xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$port1" "$work/half1" 2>/dev/null & pids+=($!)
xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$port2" "$work/half2" 2>/dev/null & pids+=($!)
for _ in $(seq 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port2") 2>/dev/null && (exec 3<>"/dev/tcp/127.0.0.1/$port1") 2>/dev/null && break
  sleep 0.1
done

bench=$build/bench/query_latency_bench
query="neural network"
for layout in single local remote; do
  case $layout in
    single) dbs=(--db "$work/merged") ;;
    local)  dbs=(--db "$work/half1" --db "$work/half2") ;;
    remote) dbs=(--db "tcp://127.0.0.1:$port1" --db "tcp://127.0.0.1:$port2") ;;
  esac
  echo "== $layout"
  "$bench" --runs "$runs" "${dbs[@]}" $query
  "$bench" --runs "$runs" "${dbs[@]}" --facet year --facet journal --facet type $query
  "$bench" --runs "$runs" "${dbs[@]}" --facet author --facet keyword $query
done

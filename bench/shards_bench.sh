#!/usr/bin/env bash
# refdex-index --jobs/--shards: throughput, peak RSS and index size for each
# combination, in the same run, on the first RECORDS records of the large
# corpus (RECORDS=all for every one).
#
#   bench/shards_bench.sh [RECORDS] [RUNS] [COMBOS]
#   (defaults: 10000 records, 3 runs, COMBOS "1x1 2x1 1x2 2x2 2x3", each JOBSxSHARDS)
#
# Environment: REFDEX_BUILD_DIR (default build/, built here if refdex-index
# is missing). Prints per combination the median wall and CPU seconds,
# records per wall- and CPU-second, peak RSS, index size, the index size
# after `refdex-index --compact`, and the wall-time speed-up over the first
# combination. Machines are shared: compare within one run.
set -euo pipefail
cd "$(dirname "$0")/.."
records=${1:-10000}
runs=${2:-3}
combos=${3:-"1x1 2x1 1x2 2x2 2x3"}
corpus=../shared/corpus/large/paperlists_cs_conferences.ris.xz
if [ ! -f "$corpus" ]; then
  echo "shards_bench: $corpus not found; skipping (the large corpus lives in ../shared)"
  exit 0
fi
build=${REFDEX_BUILD_DIR:-build}
if [ ! -x "$build/indexer/refdex-index" ]; then
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" -j"$(nproc)" --target refdex-index >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ "$records" = all ]; then
  xz -dc "$corpus" > "$work/input.ris"
else
  { xz -dc "$corpus" || true; } | awk -v n="$records" '/^TY  - /{c++} c>n{exit} {print}' > "$work/input.ris"
fi
n=$(grep -c '^TY  - ' "$work/input.ris")
bytes=$(stat -c %s "$work/input.ris")

# run JOBS SHARDS: prints "wall cpu rss_kb index_kb compacted_kb".
run() {
  local db="$work/db" log="$work/time"
  rm -rf "$db"
  /usr/bin/time -v -o "$log" "$build"/indexer/refdex-index --quiet --jobs "$1" --shards "$2" --db "$db" "$work/input.ris" 2>/dev/null || true  # exit 3: rejected records
  local wall user sys rss size
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for (i=1;i<=n;i++) s=s*60+t[i]; print s}' "$log")
  user=$(awk -F': ' '/User time/ {print $2}' "$log")
  sys=$(awk -F': ' '/System time/ {print $2}' "$log")
  rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$log")
  size=$(du -sk "$db" | cut -f1)
  "$build"/indexer/refdex-index --quiet --compact --db "$db"
  echo "$wall $(echo "$user + $sys" | bc -l) $rss $size $(du -sk "$db" | cut -f1)"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '%s records, %.1f MB of RIS, median of %s runs\n' "$n" "$(echo "$bytes/1000000" | bc -l)" "$runs"
printf '%-6s %8s %8s %10s %10s %8s %9s %12s %8s\n' jxs wall_s cpu_s rec/wall_s rec/cpu_s peak_MB index_MB compacted_MB speedup
base=
for combo in $combos; do
  : > "$work/results"
  for _ in $(seq "$runs"); do run "${combo%x*}" "${combo#*x}" >> "$work/results"; done
  col() { cut -d' ' -f"$1" "$work/results" | median; }
  wall=$(col 1); cpu=$(col 2); rss=$(col 3); size=$(col 4); compacted=$(col 5)
  base=${base:-$wall}
  printf '%-6s %8.2f %8.2f %10.0f %10.0f %8.1f %9.1f %12.1f %7.2fx\n' "$combo" "$wall" "$cpu" \
    "$(echo "$n/$wall" | bc -l)" "$(echo "$n/$cpu" | bc -l)" "$(echo "$rss/1024" | bc -l)" \
    "$(echo "$size/1024" | bc -l)" "$(echo "$compacted/1024" | bc -l)" "$(echo "$base/$wall" | bc -l)"
done

#!/usr/bin/env bash
# Ingest benchmark: refdex-index against Xapian's own scriptindex (Omega) on
# the same real records, in the same run, on the same machine.
#
#   bench/ingest_bench.sh [RECORDS] [RUNS]     (defaults: 10000 records, 3 runs)
#
# Environment: REFDEX_INDEX_ARGS, extra refdex-index options for its runs
# (e.g. "--jobs 2 --shards 2"); REFDEX_BUILD_DIR, the build directory to use
# (default build/, configured and built here).
#
# Input: the first RECORDS records of ../shared/corpus/large (95,652 CS
# conference papers); skipped politely when that corpus is absent. Prints per
# tool the median wall time, CPU seconds, records per CPU-second, peak RSS and
# index size, then the refdex/scriptindex ratios. scriptindex indexes the same
# fields (title S, abstract B, authors A, keywords K, year Y, unique id Q),
# positional, unstemmed, as refdex does; it gets its input already converted
# (conversion is not timed). Machines are shared: compare the ratio, not the
# absolute figures, and prefer CPU seconds over wall time.
set -euo pipefail
cd "$(dirname "$0")/.."
records=${1:-10000}
runs=${2:-3}
corpus=../shared/corpus/large/paperlists_cs_conferences.ris.xz
if [ ! -f "$corpus" ]; then
  echo "ingest_bench: $corpus not found; skipping (the large corpus lives in ../shared)"
  exit 0
fi
tools/install-deps.sh
for p in xapian-omega time; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || {
    echo "ingest_bench: installing $p (scriptindex, /usr/bin/time)" >&2
    apt-get install -y -qq "$p" >/dev/null
  }
done
build=${REFDEX_BUILD_DIR:-build}
extra=${REFDEX_INDEX_ARGS:-}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j"$(nproc)" --target refdex-index >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
{ xz -dc "$corpus" || true; } | awk -v n="$records" '/^TY  - /{c++} c>n{exit} {print}' > "$work/input.ris"
# The same records as scriptindex input: one "field=value" line per value,
# records separated by blank lines.
awk '
  /^TY  - /      { if (started) print ""; started=1; next }
  /^ID  - /      { print "id=" substr($0,7); next }
  /^TI  - /      { print "title=" substr($0,7); next }
  /^AB  - /      { print "abstract=" substr($0,7); next }
  /^AU  - /      { print "author=" substr($0,7); next }
  /^KW  - /      { print "keyword=" substr($0,7); next }
  /^PY  - /      { print "year=" substr($0,7); next }
' "$work/input.ris" > "$work/input.scriptindex"
cat > "$work/index.script" <<'SCRIPT'
id : unique=Q boolean=Q
title : index=S field=title
abstract : index=B
author : index=A
keyword : index=K
year : boolean=Y
SCRIPT
bytes=$(stat -c %s "$work/input.ris")

# run TOOL: prints "wall cpu rss_kb index_kb" for one fresh index.
run() {
  local tool=$1 db="$work/db-$1" log="$work/time-$1"
  rm -rf "$db"
  case $tool in
    refdex-compact) /usr/bin/time -f '%e %U %S %M' -o "$log" "$build"/indexer/refdex-index --quiet --compact $extra --db "$db" "$work/input.ris" ;;
    refdex) /usr/bin/time -f '%e %U %S %M' -o "$log" "$build"/indexer/refdex-index --quiet $extra --db "$db" "$work/input.ris" ;;
    scriptindex) /usr/bin/time -f '%e %U %S %M' -o "$log" scriptindex --stemmer=none "$db" "$work/index.script" "$work/input.scriptindex" >/dev/null ;;
  esac
  read -r wall user sys rss < "$log"
  echo "$wall $(echo "$user + $sys" | bc -l) $rss $(du -sk "$db" | cut -f1)"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

declare -A wall cpu rss size
for tool in refdex refdex-compact scriptindex; do
  : > "$work/results-$tool"
  for _ in $(seq "$runs"); do run "$tool" >> "$work/results-$tool"; done
  wall[$tool]=$(cut -d' ' -f1 "$work/results-$tool" | median)
  cpu[$tool]=$(cut -d' ' -f2 "$work/results-$tool" | median)
  rss[$tool]=$(cut -d' ' -f3 "$work/results-$tool" | median)
  size[$tool]=$(cut -d' ' -f4 "$work/results-$tool" | median)
done

printf '%s records, %.1f MB of RIS, median of %s runs, refdex-index options: %s\n' "$records" "$(echo "$bytes/1000000" | bc -l)" "$runs" "${extra:-(none)}"
printf '%-14s %9s %9s %14s %10s %10s %12s\n' tool wall_s cpu_s records/cpu_s MB/cpu_s peak_MB index_MB
for tool in refdex refdex-compact scriptindex; do
  printf '%-14s %9.2f %9.2f %14.0f %10.2f %10.1f %12.1f\n' "$tool" "${wall[$tool]}" "${cpu[$tool]}" \
    "$(echo "$records/${cpu[$tool]}" | bc -l)" "$(echo "$bytes/1000000/${cpu[$tool]}" | bc -l)" \
    "$(echo "${rss[$tool]}/1024" | bc -l)" "$(echo "${size[$tool]}/1024" | bc -l)"
done
for tool in refdex refdex-compact; do
  printf 'ratio %s/scriptindex: throughput (records per CPU-second) %.2fx, peak RSS %.2fx, index size %.2fx\n' "$tool" \
    "$(echo "${cpu[scriptindex]}/${cpu[$tool]}" | bc -l)" "$(echo "${rss[$tool]}/${rss[scriptindex]}" | bc -l)" \
    "$(echo "${size[$tool]}/${size[scriptindex]}" | bc -l)"
done

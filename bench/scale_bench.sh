#!/usr/bin/env bash
# Scale benchmark: refdex against Omega's scriptindex, Lucene++ and SQLite
# FTS5 on the same records, in one run, on the same machine.
#
#   bench/scale_bench.sh [--records N] [--runs R] [--tools refdex,scriptindex,lucene,fts5]
#                        [--real] [--repeats Q] [--keep DIR] [--timeout S] [--no-compact-ingest]
#
#   --records N   synthetic records to generate (default 10000); with --real,
#                 the first N records of the real corpus (default all)
#   --runs R      ingest runs per tool; medians are printed (default 3)
#   --tools LIST  engines to compare (default refdex,scriptindex,lucene,fts5;
#                 lucene is left out of the default when liblucene++-dev
#                 cannot be installed)
#   --real        use ../shared/corpus/large (95,652 real records) instead
#   --repeats Q   timed repetitions of each query, after one warm-up (default 50)
#   --keep DIR    build the inputs and indexes in DIR and keep them
#   --timeout S   give up an engine's ingest after S seconds of wall time and
#                 report it as left out (peers are slow at 1M records)
#   --no-compact-ingest  skip the extra refdex-index --compact run (its cost
#                 doubles at 1M records); refdex's index is then compacted with
#                 xapian-compact, as scriptindex's is
#
# Environment: REFDEX_INDEX_ARGS adds arguments to every refdex-index run
# (e.g. "--jobs 2 --shards 2"); BUILD_DIR is the CMake build directory
# (default build).
#
# Steps: generate the corpus (bench/gen_corpus: deterministic, the same bytes
# every time) in three forms — RIS for refdex-index, field=value for
# scriptindex, TSV for the FTS5 and Lucene++ loaders (bench/fts5_bench,
# bench/lucene_bench) — with the same fields; index it R times with each
# engine under /usr/bin/time (wall, CPU, peak RSS); measure index size, also
# after compaction for the Xapian-based ones (refdex-index --compact,
# xapian-compact; lucene_bench optimizes its index as part of the load); time
# the query set in one warm process per engine (bench/query_bench,
# bench/fts5_bench, bench/lucene_bench); time the
# reader alone (bench/reader_bench). Conversion to the peers' forms is not
# timed. Prints one table per aspect, then the ratios refdex / peer.
# Machines are shared: compare ratios from one run, not absolute figures.
set -euo pipefail
cd "$(dirname "$0")/.."

records= runs=3 tools=refdex,scriptindex,lucene,fts5 tools_given=0 real=0 repeats=50 keep= compact_ingest=1 timeout=0
while [ $# -gt 0 ]; do
  case $1 in
    --records) records=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --tools) tools=$2; tools_given=1; shift 2 ;;
    --real) real=1; shift ;;
    --repeats) repeats=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    --no-compact-ingest) compact_ingest=0; shift ;;
    --timeout) timeout=$2; shift 2 ;;
    -h|--help) sed -n '2,38p' "$0"; exit 0 ;;
    *) echo "scale_bench: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
build=${BUILD_DIR:-build}
read -r -a index_args <<< "${REFDEX_INDEX_ARGS:-}"
has_tool() { [[ ",$tools," == *",$1,"* ]]; }

corpus=../shared/corpus/large/paperlists_cs_conferences.ris.xz
if [ "$real" = 1 ] && [ ! -f "$corpus" ]; then
  echo "scale_bench: $corpus not found; skipping (the large corpus lives in ../shared)"
  exit 0
fi

# What the peers need, from Debian.
tools/install-deps.sh
for p in xapian-omega xapian-tools sqlite3 libsqlite3-dev time bc; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || {
    echo "scale_bench: installing $p" >&2
    apt-get install -y -qq "$p" >/dev/null
  }
done
# Lucene++ (liblucene++-dev, headers and library for bench/lucene_bench): a
# peer by default only where it can be had.
if has_tool lucene && ! dpkg-query -W -f='${Status}' liblucene++-dev 2>/dev/null | grep -q "install ok installed"; then
  echo "scale_bench: installing liblucene++-dev" >&2
  if ! apt-get install -y -qq liblucene++-dev >/dev/null; then
    [ "$tools_given" = 1 ] && { echo "scale_bench: cannot install liblucene++-dev for --tools lucene" >&2; exit 1; }
    echo "scale_bench: liblucene++-dev not installable; lucene left out" >&2
    tools=$(echo ",$tools," | sed 's/,lucene,/,/; s/^,//; s/,$//')
  fi
fi
IFS=, read -r -a tool_list <<< "$tools"
targets=(refdex-index gen_corpus reader_bench query_bench fts5_bench)
has_tool lucene && targets+=(lucene_bench)
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j"$(nproc)" --target "${targets[@]}" >/dev/null

if [ -n "$keep" ]; then work=$keep; mkdir -p "$work"; else
  work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fi
input=$work/input

# --- the corpus, in the three forms --------------------------------------
if [ "$real" = 1 ]; then
  { xz -dc "$corpus" || true; } | awk -v n="${records:-0}" '/^TY  - /{c++} n>0 && c>n{exit} {print}' > "$input.ris"
  records=$(grep -c '^TY  - ' "$input.ris")
  # The same fields as the synthetic corpus. Tabs inside values would break
  # the TSV; the real corpus has none in these fields, but be safe.
  awk -v script="$input.scriptindex" -v tsv="$input.tsv" '
    function flush() {
      if (!started) return
      print "" > script
      print id "\t" ti "\t" ab "\t" au "\t" kw "\t" jo "\t" py "\t" doi > tsv
    }
    function val() { v = substr($0, 7); gsub(/\t/, " ", v); return v }
    /^TY  - / { flush(); started = 1; id = ti = ab = au = kw = jo = py = doi = ""; next }
    /^ID  - / { id = val(); print "id=" id > script; next }
    /^TI  - / { ti = val(); print "title=" ti > script; next }
    /^AB  - / { ab = val(); print "abstract=" ab > script; next }
    /^AU  - / { v = val(); au = au (au == "" ? "" : "; ") v; print "author=" v > script; next }
    /^KW  - / { v = val(); kw = kw (kw == "" ? "" : "; ") v; print "keyword=" v > script; next }
    /^T2  - / { jo = val(); print "journal=" jo > script; next }
    /^PY  - / { py = val(); print "year=" py > script; next }
    /^DO  - / { doi = val(); print "doi=" doi > script; next }
    END { flush() }
  ' "$input.ris"
  # Fixed queries over the real vocabulary (computer science papers).
  printf 'ranked\tgraph\tlearning\nphrase\tneural\tnetworks\nauthor\twang\tlearning\nfacets\tgraph\tlearning\n' > "$input.queries"
  label="real corpus ($(basename "$corpus"))"
else
  records=${records:-10000}
  "$build/bench/gen_corpus" "$records" "$input"
  label="synthetic corpus (bench/gen_corpus $records)"
fi
bytes=$(stat -c %s "$input.ris")
mb=$(echo "$bytes/1000000" | bc -l)

# Omega index script: the same fields as refdex, positional and unstemmed;
# year and journal also in value slots 0 and 1 for the facet query; every
# field stored in the document data, as refdex stores the whole record.
cat > "$work/index.script" <<'SCRIPT'
id : field=id unique=Q boolean=Q
title : field=title index=S
abstract : field=abstract index=B
author : field=author index=A
keyword : field=keyword index=K
journal : field=journal index=XJ value=1
year : field=year boolean=Y value=0
doi : field=doi boolean=XDOI
SCRIPT

# --- ingest ---------------------------------------------------------------
# ingest TOOL DB: one fresh index; appends "wall cpu rss_kb size_kb". Fails
# (returns 1) when the engine fails or runs past --timeout. refdex-index's
# exit code 3 (finished, some records rejected: the real corpus has 88 with
# nothing searchable) is a finished run.
ingest() {
  local tool=$1 db=$2 log=$work/time.log
  local timed=(timeout "${timeout}s" /usr/bin/time -f '%e %U %S %M' -o "$log")
  local status=0
  rm -rf "$db"
  case $tool in
    # Rejected records are listed one a line on stderr: kept in a log, not printed.
    refdex) "${timed[@]}" "$build/indexer/refdex-index" --quiet "${index_args[@]}" --db "$db" "$input.ris" 2> "$work/$tool.log" ;;
    refdex+compact) "${timed[@]}" "$build/indexer/refdex-index" --quiet --compact "${index_args[@]}" --db "$db" "$input.ris" 2> "$work/$tool.log" ;;
    scriptindex) "${timed[@]}" scriptindex --stemmer=none "$db" "$work/index.script" "$input.scriptindex" >/dev/null ;;
    fts5) "${timed[@]}" "$build/bench/fts5_bench" load "$db" "$input.tsv" ;;
    lucene) "${timed[@]}" "$build/bench/lucene_bench" load "$db" "$input.tsv" ;;
  esac || status=$?
  [ "$status" = 0 ] || { [[ $tool == refdex* ]] && [ "$status" = 3 ]; } || return 1
  # time(1) puts "Command exited with non-zero status N" first when N != 0.
  read -r wall user sys rss < <(tail -n 1 "$log")
  echo "$wall $(echo "$user + $sys" | bc -l) $rss $(du -sk "$db" | cut -f1)" >> "$work/ingest-$tool"
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
column_median() { cut -d' ' -f"$2" "$work/ingest-$1" | median; }

ingest_rows=() failed=()
for tool in "${tool_list[@]}"; do
  rows=("$tool")
  [ "$tool" = refdex ] && [ "$compact_ingest" = 1 ] && rows+=(refdex+compact)
  for row in "${rows[@]}"; do
    : > "$work/ingest-$row"
    n=$runs; [ "$row" = refdex+compact ] && n=1   # compaction: one run, for size and cost
    ok=1
    for _ in $(seq "$n"); do ingest "$row" "$work/db-$row" || { ok=0; break; }; done
    if [ "$ok" = 1 ]; then ingest_rows+=("$row"); else
      echo "scale_bench: $row failed or ran past --timeout ${timeout}s; left out" >&2
      failed+=("$row")
    fi
  done
done
# An engine left out of the ingest is left out of everything after it.
kept=()
for tool in "${tool_list[@]}"; do [[ " ${failed[*]} " == *" $tool "* ]] || kept+=("$tool"); done
tool_list=("${kept[@]}") tools=$(IFS=,; echo "${kept[*]}")
# The compacted index of each Xapian-based engine: sized, and the one queried.
declare -A compact_kb compacted
for tool in scriptindex refdex; do
  has_tool "$tool" || continue
  if [ "$tool" = refdex ] && [ "$compact_ingest" = 1 ]; then
    compacted[refdex]=$work/db-refdex+compact
  else
    compacted[$tool]=$work/db-$tool-compact
    rm -rf "${compacted[$tool]}"
    xapian-compact "$work/db-$tool" "${compacted[$tool]}" >/dev/null
  fi
  compact_kb[$tool]=$(du -sk "${compacted[$tool]}" | cut -f1)
done

# --- queries --------------------------------------------------------------
: > "$work/queries.out"
for tool in "${tool_list[@]}"; do
  case $tool in
    refdex|scriptindex) "$build/bench/query_bench" "$tool" "${compacted[$tool]}" "$input.queries" "$repeats" >> "$work/queries.out" ;;
    fts5) "$build/bench/fts5_bench" query "$work/db-fts5" "$input.queries" "$repeats" >> "$work/queries.out" ;;
    lucene) "$build/bench/lucene_bench" query "$work/db-lucene" "$input.queries" "$repeats" >> "$work/queries.out" ;;
  esac
done

# --- report ---------------------------------------------------------------
declare -A wall cpu rss size
for row in "${ingest_rows[@]}"; do
  wall[$row]=$(column_median "$row" 1); cpu[$row]=$(column_median "$row" 2)
  rss[$row]=$(column_median "$row" 3); size[$row]=$(column_median "$row" 4)
done
printf '\n%s: %s records, %.1f MB of RIS; ingest medians of %s runs (refdex+compact: 1 run)\n' \
  "$label" "$records" "$mb" "$runs"
[ ${#index_args[@]} -gt 0 ] && echo "refdex-index arguments: ${index_args[*]}"
[ ${#failed[@]} -gt 0 ] && echo "left out (failed or over --timeout ${timeout}s): ${failed[*]}"
printf '%-15s %8s %8s %11s %10s %9s %8s %9s %10s %10s\n' tool wall_s cpu_s records/s rec/cpu_s MB/s_wall peak_MB index_MB compact_MB index/input
for row in "${ingest_rows[@]}"; do
  c=${compact_kb[$row]:-${size[$row]}}
  printf '%-15s %8.2f %8.2f %11.0f %10.0f %9.2f %8.1f %9.1f %10.1f %10.2f\n' "$row" "${wall[$row]}" "${cpu[$row]}" \
    "$(echo "$records/${wall[$row]}" | bc -l)" "$(echo "$records/${cpu[$row]}" | bc -l)" \
    "$(echo "$mb/${wall[$row]}" | bc -l)" "$(echo "${rss[$row]}/1024" | bc -l)" \
    "$(echo "${size[$row]}/1024" | bc -l)" "$(echo "$c/1024" | bc -l)" "$(echo "$c/($bytes/1024)" | bc -l)"
done

printf '\nqueries, warm, one process per engine, %s timed runs each after one warm-up\n' "$repeats"
echo "(CPU ms per query p50/p95, and matches; wall times, which count other processes' turns, are in $work/queries.out when --keep is given)"
kinds=(ranked phrase author facets)
printf '%-12s' engine; for k in "${kinds[@]}"; do printf ' %24s' "$k p50/p95 (n)"; done; echo
declare -A p50
for tool in "${tool_list[@]}"; do
  printf '%-12s' "$tool"
  for k in "${kinds[@]}"; do
    read -r _ _ a b n _ < <(awk -v t="$tool" -v k="$k" '$1==t && $2==k' "$work/queries.out") || true
    p50[$tool.$k]=${a:-}
    printf ' %24s' "${a:-?}/${b:-?} (${n:-?})"
  done
  echo
done
has_tool scriptindex && echo "(scriptindex facets: year and journal only; scriptindex keeps one value per slot, so no author facet)"

printf '\nreader alone and reader + mapping + document building, one core, no database (median of %s)\n' "$runs"
"$build/bench/reader_bench" "$input.ris" "$runs"

if has_tool refdex; then
  echo
  for peer in "${tool_list[@]}"; do
    [ "$peer" = refdex ] && continue
    printf 'refdex / %s: ingest records/s wall %.2fx, per CPU-second %.2fx; peak RSS %.2fx; index %.2fx (compacted %.2fx);' "$peer" \
      "$(echo "${wall[$peer]}/${wall[refdex]}" | bc -l)" "$(echo "${cpu[$peer]}/${cpu[refdex]}" | bc -l)" \
      "$(echo "${rss[refdex]}/${rss[$peer]}" | bc -l)" "$(echo "${size[refdex]}/${size[$peer]}" | bc -l)" \
      "$(echo "${compact_kb[refdex]}/${compact_kb[$peer]:-${size[$peer]}}" | bc -l)"
    printf ' query speed-up (peer p50 / refdex p50):'
    for k in "${kinds[@]}"; do
      if [ -n "${p50[refdex.$k]:-}" ] && [ -n "${p50[$peer.$k]:-}" ]; then
        printf ' %s %.2fx' "$k" "$(echo "${p50[$peer.$k]}/${p50[refdex.$k]}" | bc -l)"
      fi
    done
    echo
  done
fi

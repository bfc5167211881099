#!/usr/bin/env bash
# CTest check of the scale benchmark's own parts on a small corpus: the
# generator gives the same bytes twice, refdex-index reads every generated
# record without rejecting one, and refdex, scriptindex (when installed),
# FTS5 (when fts5_bench was built) and Lucene++ (when lucene_bench was built)
# find the same number of matches for the queries whose meaning is the same
# in all of them (ranked pair, author AND word, ranked pair with facets) —
# otherwise the benchmark would compare different work.
#
#   harness_check.sh GEN_CORPUS REFDEX_INDEX QUERY_BENCH [--fts5 FTS5_BENCH] [--lucene LUCENE_BENCH]
set -euo pipefail
gen=$1 index=$2 query=$3 fts5= lucene=
shift 3
while [ $# -gt 0 ]; do
  case $1 in
    --fts5) fts5=$2; shift 2 ;;
    --lucene) lucene=$2; shift 2 ;;
    *) echo "harness_check: unknown argument $1" >&2; exit 2 ;;
  esac
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "harness_check: $*" >&2; exit 1; }

"$gen" 300 "$work/a"
"$gen" 300 "$work/b"
for form in ris scriptindex tsv queries; do
  cmp -s "$work/a.$form" "$work/b.$form" || fail "gen_corpus is not deterministic ($form differs)"
done
[ "$(grep -c '^TY  - ' "$work/a.ris")" = 300 ] || fail "gen_corpus did not write 300 RIS records"
[ "$(wc -l < "$work/a.tsv")" = 300 ] || fail "gen_corpus did not write 300 TSV lines"

"$index" --quiet --report "$work/report.json" --db "$work/db" "$work/a.ris" || fail "refdex-index failed on the generated corpus"
grep -q '"rejected"' "$work/report.json" && ! grep -q '"rejected": *[1-9]' "$work/report.json" || fail "refdex-index rejected generated records"

# matches KIND FILE: the match count an engine printed for one query kind.
matches() { awk -v k="$1" '$2 == k { print $5 }' "$2"; }
"$query" refdex "$work/db" "$work/a.queries" 2 > "$work/refdex.out"
[ "$(wc -l < "$work/refdex.out")" = 4 ] || fail "query_bench refdex did not time the four queries"
[ "$(matches ranked "$work/refdex.out")" -gt 0 ] || fail "the ranked query matches nothing at 300 records"

peers=()
if command -v scriptindex >/dev/null; then
  printf '%s\n' 'id : unique=Q boolean=Q' 'title : index=S' 'abstract : index=B' 'author : index=A' \
    'keyword : index=K' 'journal : index=XJ value=1' 'year : boolean=Y value=0' > "$work/index.script"
  scriptindex --stemmer=none "$work/si" "$work/index.script" "$work/a.scriptindex" > /dev/null
  "$query" scriptindex "$work/si" "$work/a.queries" 2 > "$work/scriptindex.out"
  peers+=(scriptindex)
fi
if [ -n "$fts5" ]; then
  "$fts5" load "$work/fts5.db" "$work/a.tsv"
  "$fts5" query "$work/fts5.db" "$work/a.queries" 2 > "$work/fts5.out"
  peers+=(fts5)
fi
if [ -n "$lucene" ]; then
  "$lucene" load "$work/lucene" "$work/a.tsv"
  "$lucene" query "$work/lucene" "$work/a.queries" 2 > "$work/lucene.out"
  [ "$(wc -l < "$work/lucene.out")" = 4 ] || fail "lucene_bench did not time the four queries"
  peers+=(lucene)
fi
for peer in "${peers[@]}"; do
  for kind in ranked author facets; do
    [ "$(matches "$kind" "$work/$peer.out")" = "$(matches "$kind" "$work/refdex.out")" ] ||
      fail "$peer and refdex disagree on the $kind query: $(matches "$kind" "$work/$peer.out") vs $(matches "$kind" "$work/refdex.out")"
  done
done
echo "harness_check: ok (compared with: ${peers[*]:-no peer installed})"

#!/usr/bin/env bash
# Indexes every file of ../shared/corpus (dry run: parse, map, report) and
# compares the records refdex read with the counts in counts.tsv. A file
# whose count differs must carry a repair in the report that explains it
# (the malformed-on-purpose files). Prints one line per file and a summary;
# exits 1 if any file differs without an explanation.
#
#   bench/corpus_check.sh [CORPUS_DIR]      (default ../shared/corpus)
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus}
[ -f "$corpus/counts.tsv" ] || { echo "corpus_check: $corpus/counts.tsv not found; skipping"; exit 0; }
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target refdex-index >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ok=0 explained=0 bad=0 total_expected=0 total_read=0 total_rejected=0
printf '%-72s %8s %8s %8s %8s  %s\n' file expected read rejected repairs verdict
# counts.tsv columns (empty cells become 0: read would merge adjacent tabs): file kind encoding eol bytes TY ER PMID medline_blocks PT WOS_ER converted
while IFS=$'\t' read -r file kind _ _ _ ty er pmid blocks pt wos_er converted; do
  [ "$file" = file ] && continue
  case $kind in
    ris) expected=$(( ty > er ? ty : er )) ;;
    medline) expected=$blocks ;;
    wos) expected=$pt ;;
    *) continue ;;  # the original CSV of the ASySD set is not an export format
  esac
  path="$corpus/$file"
  input=$path
  if [[ $file == *.xz ]]; then
    [ "${CORPUS_CHECK_LARGE:-0}" = 1 ] || continue  # 129 MB: opt in with CORPUS_CHECK_LARGE=1
    input=-
  fi
  report="$work/report.json"
  if [ "$input" = - ]; then
    xz -dc "$path" | build/indexer/refdex-index --quiet --dry-run --report "$report" - 2>/dev/null || true
  else
    build/indexer/refdex-index --quiet --dry-run --report "$report" "$input" 2>/dev/null || true
  fi
  # "totals" is printed after "files", so the last occurrence of each key is the total.
  total_of() { sed -n "s/.*\"$1\": \([0-9]*\).*/\1/p" "$report" | tail -1; }
  records=$(total_of records); rejected=$(total_of rejected); repairs=$(total_of repairs)
  total_expected=$((total_expected + expected)); total_read=$((total_read + records)); total_rejected=$((total_rejected + rejected))
  if [ "$records" -eq "$expected" ]; then verdict=ok; ok=$((ok + 1))
  elif [ "$repairs" -gt 0 ]; then verdict="differs; repairs reported (malformed on purpose: TY=$ty ER=$er)"; explained=$((explained + 1))
  else verdict="DIFFERS without explanation"; bad=$((bad + 1)); fi
  printf '%-72s %8s %8s %8s %8s  %s\n' "$file" "$expected" "$records" "$rejected" "$repairs" "$verdict"
done < <(awk -F'\t' -v OFS='\t' '{for (i = 1; i <= 12; i++) if ($i == "") $i = 0; print}' "$corpus/counts.tsv")
echo "files: $ok match, $explained differ with repairs reported, $bad differ unexplained; records expected $total_expected, read $total_read, rejected (nothing searchable) $total_rejected"
[ "$bad" -eq 0 ]

#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz, clang + ASan + UBSan) in their
# own build dir and runs each one for a bounded time.
#
#   tools/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     default: 60 s, all targets
#
# Fails (exit 1) if any target finds a crash, a leak, undefined behaviour,
# a timeout or an out-of-memory; it says which target and where libFuzzer
# saved the input. To keep a crasher as a regression test once fixed, copy it
# to tests/fuzz/regressions/<target>/ (the ordinary suite replays that folder).
# Environment: REFDEX_FUZZ_BUILD_DIR (default build-fuzzing), CXX_FUZZ (clang++).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
all_targets=(ris medline wos ingest query strategy stored)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all_targets[@]}")
build=${REFDEX_FUZZ_BUILD_DIR:-build-fuzzing}

cmake -S . -B "$build" -DCMAKE_CXX_COMPILER="${CXX_FUZZ:-clang++}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DREFDEX_FUZZ=ON -DREFDEX_BENCH=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target $(printf 'fuzz_%s ' "${targets[@]}")

seeds_for() {
  case $1 in
    query) echo tests/fuzz/seeds/query ;;
    strategy) echo tests/fuzz/seeds/strategy ;;
    stored) echo tests/fuzz/seeds/stored ;;
    *) echo tests/data ;;
  esac
}

# Symbolized stack traces in the reports; every sanitizer finding is fatal.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

failed=()
summary=()
for t in "${targets[@]}"; do
  corpus="$build/corpus/$t"         # what the fuzzer learns, kept between runs
  crashes="$build/crashes/$t"
  log="$build/logs/$t.log"
  mkdir -p "$corpus" "$crashes" "$(dirname "$log")"
  options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
           -artifact_prefix="$crashes/")
  case $t in
    # Queries and strategies are short; long inputs only mean deep nesting.
    query|strategy) options+=(-max_len=512 -dict=tests/fuzz/query.dict) ;;
    # Stored records: the JSON grammar's tokens and refdex's own keys.
    stored) options+=(-max_len=4096 -dict=tests/fuzz/stored.dict) ;;
    # The whole ingest path (terms, ICU folding) is slower per byte.
    ingest) options+=(-max_len=4096) ;;
    *) options+=(-max_len=16384) ;;
  esac
  regressions=()
  [ -d "tests/fuzz/regressions/$t" ] && regressions=("tests/fuzz/regressions/$t")
  echo "refdex fuzz: $t for ${seconds}s (log: $log)" >&2
  if "$build/tests/fuzz/fuzz_$t" "${options[@]}" "$corpus" "$(seeds_for "$t")" "${regressions[@]}" >"$log" 2>&1; then
    result=ok
  else
    result=FAILED
    failed+=("$t")
    grep -E "ERROR: |runtime error|deadly signal|Test unit written to" "$log" | head -5 >&2 || true
    artifact=$(grep -o "Test unit written to .*" "$log" | tail -1 | sed 's/Test unit written to //')
    echo "refdex fuzz: $t FAILED; input saved at ${artifact:-(none, see $log)}" >&2
  fi
  runs=$(grep -o "stat::number_of_executed_units: *[0-9]*" "$log" | grep -o "[0-9]*$" | tail -1)
  summary+=("$(printf '%-9s %-7s %10s executions' "$t" "$result" "${runs:-?}")")
done

printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -ne 0 ]; then
  echo "refdex fuzz: failing targets: ${failed[*]}" >&2
  exit 1
fi

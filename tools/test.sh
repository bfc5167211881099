#!/usr/bin/env bash
# Builds everything and runs the whole test suite (unit + end-to-end) with
# CTest; then the same suite in an ASan+UBSan build (tools/sanitize.sh) and
# every libFuzzer target for REFDEX_FUZZ_SECONDS (default 60) seconds each
# (tools/fuzz.sh). REFDEX_TEST_QUICK=1 runs only the first part (local use;
# CI runs everything).
set -euo pipefail
cd "$(dirname "$0")/.."

tools/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure -j"$(nproc)"

if [ "${REFDEX_TEST_QUICK:-0}" = 1 ]; then
  echo "refdex: REFDEX_TEST_QUICK=1: skipped the sanitizer suite and the fuzz runs" >&2
  exit 0
fi
tools/sanitize.sh
tools/fuzz.sh "${REFDEX_FUZZ_SECONDS:-60}"

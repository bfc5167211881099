#!/usr/bin/env bash
# Builds the whole project and its tests with AddressSanitizer (+ LeakSanitizer)
# and UndefinedBehaviorSanitizer in their own build dir, and runs the full
# CTest suite there. The e2e tests run the real refdex-index/refdex-query
# binaries of that build, so they are checked too. Any sanitizer report makes
# the process fail, hence the test.
#
#   tools/sanitize.sh [extra ctest arguments, e.g. -R reader]
# Environment: REFDEX_SANITIZE_BUILD_DIR (default build-sanitize).
set -euo pipefail
cd "$(dirname "$0")/.."

build=${REFDEX_SANITIZE_BUILD_DIR:-build-sanitize}
flags="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
# -O1: fast enough under ASan, still readable stack traces; asserts stay on.
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
  -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DREFDEX_BENCH=OFF >/dev/null
cmake --build "$build" -j"$(nproc)"

# detect_leaks is the default on Linux x86-64; said explicitly because the
# suppressions only make sense with it. Exit code 23 cannot be confused with
# a documented refdex exit code.
supp="$PWD/tests/sanitizers"
export ASAN_OPTIONS="detect_leaks=1:exitcode=23:strict_string_checks=1:check_initialization_order=1"
export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:exitcode=23"
# The crash-safety, hostile-input and concurrency tests generate their
# inputs; a quarter of the size keeps the sanitized suite within minutes
# while every code path still runs.
export REFDEX_TEST_SCALE=${REFDEX_TEST_SCALE:-0.25}
ctest --test-dir "$build" --output-on-failure -j"$(nproc)" "$@"

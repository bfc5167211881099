#!/usr/bin/env bash
# Installs the Debian packages refdex needs, only those that are missing.
# Idempotent and quiet when everything is there, so every entry point
# (quick start, tests, CI) can call it first.
set -euo pipefail

packages=(
  cmake g++ make
  libxapian-dev xapian-tools          # the search library, and xapian-delve/xapian-check for debugging
  libboost-program-options-dev        # command-line parsing
  libicu-dev                          # Unicode normalisation, case/diacritic folding, charset conversion
  catch2                              # unit and end-to-end tests (v2)
  nlohmann-json3-dev                  # JSON report/output writing and parsing (see README)
  xz-utils                            # benchmarks read the large corpus compressed
  clang libclang-rt-14-dev llvm       # tools/fuzz.sh: libFuzzer + sanitizer runtimes, llvm-symbolizer for traces
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "refdex: installing missing packages: ${missing[*]}" >&2
if ! command -v apt-get >/dev/null 2>&1; then
  echo "refdex: apt-get not found; install these packages by hand: ${missing[*]}" >&2
  exit 1
fi
run_as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    run_as_root=(sudo)
  else
    echo "refdex: need root (or sudo) to install: ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
if ! "${run_as_root[@]}" apt-get update -qq || ! "${run_as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
  echo "refdex: apt-get could not install: ${missing[*]} (no network or no package source?)" >&2
  exit 1
fi

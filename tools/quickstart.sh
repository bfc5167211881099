#!/usr/bin/env bash
# Quick start: install what is missing, build, index data/ and run an example
# ranked and faceted query. Safe to run again (re-indexing changes nothing).
set -euo pipefail
cd "$(dirname "$0")/.."

tools/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target refdex-index refdex-query

status=0
build/indexer/refdex-index --db build/demo.db --report build/demo-report.json data || status=$?
# Exit 3 means "finished, but some input was rejected": worth a look, not fatal.
if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then exit "$status"; fi

echo
echo '$ refdex-query --db build/demo.db --facet year --facet journal --limit 3 "integrated care"'
build/query/refdex-query --db build/demo.db --facet year --facet journal --limit 3 "integrated care"
echo
echo '$ refdex-query --db build/demo.db --facet author --facet-limit 5 --limit 3 "depression AND (rat* OR mice)"'
build/query/refdex-query --db build/demo.db --facet author --facet-limit 5 --limit 3 'depression AND (rat* OR mice)'

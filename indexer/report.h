// The ingest report: the one-screen summary on stderr and the --report JSON
// (schema in README.md "Ingest report").
#pragma once

#include <ostream>
#include <string>

#include "ingest.h"

namespace refdex {

// {"files":[{path, format, encoding, records, added, unchanged, duplicates,
//  rejected, repairs, problems:[{line, severity, message}]}], "totals":{...}}
std::string report_json(const IngestReport& report);

// Human summary: one line per file with problems, then the totals.
void print_summary(const IngestReport& report, std::ostream& out, bool dry_run);

}  // namespace refdex

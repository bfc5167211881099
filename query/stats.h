// refdex-query --stats: what is in an index (documents, per-field term
// counts, size on disk, schema version, build time, inputs).
#pragma once

#include <ostream>
#include <string>

#include <xapian.h>

namespace refdex {

void write_stats(const Xapian::Database& db, const std::string& path, bool json, std::ostream& out);

}  // namespace refdex

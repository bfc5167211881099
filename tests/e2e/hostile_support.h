// Helpers for the crash-safety, concurrency and hostile-input tests: a
// deterministic synthetic RIS corpus big enough to be interrupted, a scale
// factor so sanitizer builds can run smaller inputs, and the checks every one
// of these tests makes on an index afterwards (it opens, xapian-check passes,
// no record is there twice).
#pragma once

#include <cstddef>
#include <string>

#include "e2e_support.h"

namespace refdex::e2e {

// REFDEX_TEST_SCALE (a positive number, default 1): multiplies the sizes of
// the generated inputs, e.g. 0.25 under AddressSanitizer.
double test_scale();
// `n` scaled by test_scale(), at least `minimum`.
std::size_t scaled(std::size_t n, std::size_t minimum = 1);

// Writes `records` valid RIS records to `path`. Every 50th record has a twin
// a few records later (same DOI, title, author and year, another note), so
// the clustering pass has real work. Same arguments, same bytes.
void write_synthetic_ris(const std::string& path, std::size_t records, const std::string& topic = "screening");

// A test fails if a tool died of a signal instead of exiting: /bin/sh
// reports that as 128 + signal number (run_command gives -1 if the shell
// itself was killed).
inline bool died_of_signal(const CommandResult& r) { return r.exit_code < 0 || r.exit_code >= 128; }

// `xapian-check DB`; returns its output and REQUIREs exit 0.
std::string require_xapian_check(const std::string& db);

// Number of documents, and the number of distinct Q (refdex id) terms whose
// document frequency is not exactly 1 (a record stored twice, or a stale
// term). Opens the index with Xapian directly.
struct IdCensus {
    std::size_t documents = 0;
    std::size_t id_terms = 0;
    std::size_t ids_not_unique = 0;
};
IdCensus id_census(const std::string& db);

}  // namespace refdex::e2e

// Labels files read from strings, and their rows as one comparable string,
// for the tests of the labels reader (labels_test.cc, screening_test.cc).
#pragma once

#include <sstream>
#include <string>

#include "labels.h"

namespace refdex::test {

inline LabelsFile parse_labels_text(const std::string& csv) {
    std::istringstream in(csv);
    return parse_labels(in, "l.csv");
}

// "LINE:ID=1|0|- ..." for every row. A stream, not string +: GCC 12 gives a
// false -Wrestrict on the chain.
inline std::string row_string(const LabelsFile& f) {
    std::ostringstream out;
    for (const auto& r : f.rows) out << r.line << ':' << r.id << '=' << (r.included ? (*r.included ? "1" : "0") : "-") << ' ';
    return out.str();
}

}  // namespace refdex::test

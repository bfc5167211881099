// A record exactly as the reader found it: every tag in file order, with the
// line each tag started on. This is what refdex stores, so that an export back
// to RIS loses nothing; canonical fields are derived from it (see record_map.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace refdex {

enum class InputFormat { Ris, Medline, Wos };

// "ris", "medline", "wos": the names used on the command line and in reports.
const char* format_name(InputFormat format);
// Parses a format name; returns false for an unknown one.
bool parse_format_name(const std::string& name, InputFormat& out);

struct RawField {
    std::string tag;    // as in the file, upper case, e.g. "AU", "PMID", "TI"
    std::string value;  // UTF-8, continuation lines already joined
    std::uint64_t line = 0;  // 1-based line the tag started on
};

struct RawRecord {
    InputFormat format = InputFormat::Ris;
    std::string source_file;   // path as given on the command line ("-" for stdin)
    std::uint64_t line = 0;    // line the record started on
    std::vector<RawField> fields;

    // All values of `tag`, in order.
    std::vector<std::string> values(const std::string& tag) const;
    // First non-empty value of `tag`, or "".
    std::string first(const std::string& tag) const;
};

}  // namespace refdex

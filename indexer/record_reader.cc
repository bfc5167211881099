#include "record_reader.h"

#include <string_view>

#include "medline_reader.h"
#include "ris_reader.h"
#include "wos_reader.h"

namespace refdex {
namespace {

// Ovid and library-proxy exports put a page of junk first, so look past it.
constexpr std::size_t kLinesToSniff = 50;

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

bool is_blank(std::string_view s) { return s.find_first_not_of(" \t\r\f\v") == std::string_view::npos; }

// RIS `TI  - ` and MEDLINE `TI  - ` are the same bytes, so only lines that
// exist in one format alone decide: TY for RIS, PMID or a 3-4 character tag
// for MEDLINE, FN/VR or `PT J` for Web of Science.
bool decisive(std::string_view line, InputFormat& format) {
    std::string_view tag, value;
    if (parse_ris_tag_line(line, tag, value) && tag == "TY") {
        format = InputFormat::Ris;
        return true;
    }
    if (parse_medline_tag_line(line, tag, value) && tag.size() >= 3) {
        format = InputFormat::Medline;
        return true;
    }
    const bool wos_type = starts_with(line, "PT ") && line.size() > 3 && line[3] != ' ';
    if (starts_with(line, "FN ") || starts_with(line, "VR ") || wos_type) {
        format = InputFormat::Wos;
        return true;
    }
    return false;
}

}  // namespace

InputFormat detect_format(LineSource& lines) {
    std::string line;
    std::size_t significant = 0;
    for (std::size_t i = 0; significant < kLinesToSniff && lines.peek(i, line); ++i) {
        if (is_blank(line)) continue;
        ++significant;
        InputFormat format;
        if (decisive(line, format)) return format;
    }
    return InputFormat::Ris;
}

std::unique_ptr<RecordReader> make_reader(InputFormat format, LineSource& lines, Diagnostics& diagnostics,
                                          const std::string& source_name) {
    switch (format) {
        case InputFormat::Medline: return std::make_unique<MedlineReader>(lines, diagnostics, source_name);
        case InputFormat::Wos: return std::make_unique<WosReader>(lines, diagnostics, source_name);
        case InputFormat::Ris: break;
    }
    return std::make_unique<RisReader>(lines, diagnostics, source_name);
}

}  // namespace refdex

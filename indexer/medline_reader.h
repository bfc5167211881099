// PubMed/MEDLINE (.nbib) reader: `TAG - value` with the tag padded to four
// columns, continuation lines indented (six spaces), records separated by
// blank lines. ERIC exports use the same layout without PMID.
#pragma once

#include <string>
#include <string_view>

#include "reader_text.h"
#include "record_reader.h"

namespace refdex {

// Parses `PMID- 123`, `AU  - Name`, `FAU - Name` (value trimmed right).
// Exposed for format detection.
bool parse_medline_tag_line(std::string_view line, std::string_view& tag, std::string_view& value);

class MedlineReader : public RecordReader {
public:
    MedlineReader(LineSource& lines, Diagnostics& diagnostics, std::string source_name);
    bool next(RawRecord& out) override;

private:
    bool fetch();

    LineSource& lines_;
    Diagnostics& diagnostics_;
    std::string source_name_;
    std::string line_;
    std::uint64_t line_number_ = 0;
    bool held_ = false;  // line_ is to be read again
    reader_text::JunkRun junk_;
};

}  // namespace refdex

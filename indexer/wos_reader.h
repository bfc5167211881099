// Web of Science / ISI tagged text reader: `FN`/`VR` header, records from
// `PT x` to `ER`, `EF` at the end. Tags are two characters followed by a
// space; continuation lines are indented three spaces (BIOSIS exports also
// leave them unindented). In list tags (authors, cited references,
// addresses) each continuation line is a new value.
#pragma once

#include <string>
#include <string_view>

#include "reader_text.h"
#include "record_reader.h"

namespace refdex {

class WosReader : public RecordReader {
public:
    WosReader(LineSource& lines, Diagnostics& diagnostics, std::string source_name);
    bool next(RawRecord& out) override;

private:
    bool fetch();
    void add_line(RawRecord& out, std::string_view line);

    LineSource& lines_;
    Diagnostics& diagnostics_;
    std::string source_name_;
    std::string line_;
    std::uint64_t line_number_ = 0;
    bool held_ = false;  // line_ is to be read again
    reader_text::JunkRun junk_;
};

}  // namespace refdex

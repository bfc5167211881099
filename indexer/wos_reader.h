// Web of Science / ISI tagged text reader: `FN`/`VR` header, records from
// `PT x` to `ER`, `EF` at the end. Tags are two characters followed by a
// space; continuation lines are indented three spaces (BIOSIS exports also
// leave them unindented). In list tags (authors, cited references,
// addresses) each continuation line is a new value.
#pragma once

#include <string>
#include <string_view>

#include "record_reader.h"

namespace refdex {

class WosReader : public RecordReader {
public:
    WosReader(LineSource& lines, Diagnostics& diagnostics, std::string source_name);
    bool next(RawRecord& out) override;

private:
    bool fetch();
    void add_line(RawRecord& out, std::string_view line);
    void note_junk(std::uint64_t line);
    void flush_junk();

    LineSource& lines_;
    Diagnostics& diagnostics_;
    std::string source_name_;
    std::string line_;
    std::uint64_t line_number_ = 0;
    bool held_ = false;  // line_ is to be read again
    std::uint64_t junk_first_ = 0, junk_count_ = 0;
};

}  // namespace refdex

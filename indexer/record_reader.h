// Splits decoded lines into RawRecords for one input format. Readers never
// throw on bad input: they repair what they can, report it to Diagnostics
// with the line number, and go on with the next record.
#pragma once

#include <memory>
#include <string>

#include "diagnostics.h"
#include "line_source.h"
#include "raw_record.h"

namespace refdex {

class RecordReader {
public:
    virtual ~RecordReader() = default;
    // Fills `out` with the next record; false at end of input.
    virtual bool next(RawRecord& out) = 0;
};

// Looks at the first significant lines (peeked, not consumed) and says which
// format they are in. RIS when nothing conclusive is seen.
InputFormat detect_format(LineSource& lines);

// `source_name` is copied into every record's source_file.
std::unique_ptr<RecordReader> make_reader(InputFormat format, LineSource& lines,
                                          Diagnostics& diagnostics,
                                          const std::string& source_name);

}  // namespace refdex

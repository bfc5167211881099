// Turns a byte stream into numbered UTF-8 lines, whatever the export's
// encoding and line endings. Streaming: it holds one buffer of input and the
// current line, never the whole file.
//
// Encoding is decided from the first bytes: a UTF-8 BOM (also after leading
// spaces), a UTF-16 LE/BE BOM, or the NUL-byte pattern of UTF-16 without BOM;
// otherwise UTF-8, where any line that is not valid UTF-8 is decoded as
// windows-1252 and reported as a repair. CRLF, LF and bare CR all end a line;
// U+2028/U+2029 inside a line are replaced by a space (reported).
#pragma once

#include <cstdint>
#include <deque>
#include <istream>
#include <memory>
#include <string>

#include "diagnostics.h"

namespace refdex {

class LineSource {
public:
    LineSource(std::istream& in, Diagnostics& diagnostics);
    ~LineSource();
    LineSource(const LineSource&) = delete;
    LineSource& operator=(const LineSource&) = delete;

    // Next line without its terminator; false at end of input.
    bool next(std::string& line, std::uint64_t& line_number);
    // The n-th line ahead (0 = the one next() returns next) without consuming
    // it; false if the input ends first. Used for format detection.
    bool peek(std::size_t n, std::string& line);

    // "utf-8", "utf-8-bom", "utf-16le", "utf-16be", "windows-1252" (when at
    // least one line needed the fallback). Final once input is exhausted.
    std::string encoding() const;
    // Input bytes consumed so far (for progress in MB/s).
    std::uint64_t bytes_read() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace refdex

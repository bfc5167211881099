// The records a run wrote, kept in a temporary file rather than in memory:
// the duplicate report needs each one's input file and line after the
// clustering pass, and one run may write tens of millions of records.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

namespace refdex {

struct WrittenEntry {
    std::uint64_t sequence = 0;  // ingest order (schema::kSlotSequence)
    std::uint64_t file = 0;      // input file number in the run
    std::uint64_t line = 0;      // the record's first line in that file
    std::string id;              // refdex record id
};

// Append-only, then read back once in append order. Not thread-safe: one
// log per writer thread. Throws std::runtime_error when the temporary file
// cannot be created or written (a full disk).
class WrittenLog {
public:
    WrittenLog();
    ~WrittenLog();
    WrittenLog(const WrittenLog&) = delete;
    WrittenLog& operator=(const WrittenLog&) = delete;

    void append(const WrittenEntry& entry);
    // Starts reading from the first entry; append() after this is an error.
    void rewind();
    // The next entry, false after the last.
    bool next(WrittenEntry& entry);

private:
    std::FILE* file_ = nullptr;
};

}  // namespace refdex

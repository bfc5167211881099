// A one-line progress display on a terminal: records, records/s, MB/s.
// Does nothing when stderr is not a terminal (logs and CI stay clean).
#pragma once

#include <chrono>
#include <cstdint>
#include <ostream>

namespace refdex {

class Progress {
public:
    explicit Progress(std::ostream& out, bool enabled);
    void update(std::uint64_t records, std::uint64_t bytes);
    void finish();

private:
    std::ostream& out_;
    bool enabled_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace refdex

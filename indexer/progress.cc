#include "progress.h"

#include <cstdio>

namespace refdex {

Progress::Progress(std::ostream& out, bool enabled)
    : out_(out), enabled_(enabled), start_(std::chrono::steady_clock::now()), last_(start_) {}

void Progress::update(std::uint64_t records, std::uint64_t bytes) {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    double seconds = std::chrono::duration<double>(now - start_).count();
    char line[160];
    std::snprintf(line, sizeof line, "\r%10llu records  %8.0f records/s  %6.1f MB/s  %6.1f MB read ",
                  static_cast<unsigned long long>(records), records / seconds, bytes / seconds / 1e6, bytes / 1e6);
    out_ << line << std::flush;
    drawn_ = true;
}

void Progress::finish() {
    if (drawn_) out_ << "\r" << std::string(70, ' ') << "\r" << std::flush;
}

}  // namespace refdex

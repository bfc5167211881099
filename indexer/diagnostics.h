// What the reader and mapper noticed about one input file: every repair and
// every rejected record, with the line it happened on. Counts are always
// complete; the list of messages is capped so a pathological file cannot
// exhaust memory (the cap is reported as one more message).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace refdex {

enum class Severity { Info, Warning, Error };
const char* severity_name(Severity severity);  // "info", "warning", "error"

struct Problem {
    std::uint64_t line = 0;
    Severity severity = Severity::Info;
    std::string message;
};

class Diagnostics {
public:
    static constexpr std::size_t kMaxListed = 500;

    // A repair: the input was not as the format says and we fixed it up.
    // Counted in repairs() and listed as a warning.
    void repair(std::uint64_t line, std::string message);
    // Something worth knowing that changes nothing (e.g. junk skipped).
    void info(std::uint64_t line, std::string message);
    // Input that could not be used (rejected record, unreadable bytes).
    void error(std::uint64_t line, std::string message);
    // An error about the whole file (nothing in it could be read): listed
    // first and even past the cap, so a flood of repairs cannot hide it.
    void file_error(std::uint64_t line, std::string message);

    std::size_t repairs() const { return repairs_; }
    std::size_t errors() const { return errors_; }
    const std::vector<Problem>& problems() const { return problems_; }
    std::size_t unlisted() const { return unlisted_; }

private:
    void add(std::uint64_t line, Severity severity, std::string message);
    std::vector<Problem> problems_;
    std::size_t repairs_ = 0;
    std::size_t errors_ = 0;
    std::size_t unlisted_ = 0;
};

}  // namespace refdex

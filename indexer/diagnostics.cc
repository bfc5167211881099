#include "diagnostics.h"

namespace refdex {

const char* severity_name(Severity severity) {
    switch (severity) {
        case Severity::Info: return "info";
        case Severity::Warning: return "warning";
        case Severity::Error: return "error";
    }
    return "info";
}

void Diagnostics::add(std::uint64_t line, Severity severity, std::string message) {
    if (problems_.size() < kMaxListed)
        problems_.push_back({line, severity, std::move(message)});
    else
        ++unlisted_;
}

void Diagnostics::repair(std::uint64_t line, std::string message) {
    ++repairs_;
    add(line, Severity::Warning, std::move(message));
}

void Diagnostics::info(std::uint64_t line, std::string message) {
    add(line, Severity::Info, std::move(message));
}

void Diagnostics::error(std::uint64_t line, std::string message) {
    ++errors_;
    add(line, Severity::Error, std::move(message));
}

void Diagnostics::file_error(std::uint64_t line, std::string message) {
    ++errors_;
    problems_.insert(problems_.begin(), {line, Severity::Error, std::move(message)});
}

}  // namespace refdex

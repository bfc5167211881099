#include "written_log.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace refdex {

namespace {

[[noreturn]] void fail(const char* what) {
    throw std::runtime_error(std::string("the run's list of written records: ") + what + ": " + std::strerror(errno));
}

}  // namespace

WrittenLog::WrittenLog() : file_(std::tmpfile()) {
    // std::tmpfile() is unlinked at once: nothing is left behind, even
    // after SIGKILL.
    if (!file_) fail("cannot create a temporary file");
}

WrittenLog::~WrittenLog() {
    if (file_) std::fclose(file_);
}

void WrittenLog::append(const WrittenEntry& entry) {
    const std::uint64_t header[4] = {entry.sequence, entry.file, entry.line, entry.id.size()};
    if (std::fwrite(header, sizeof header, 1, file_) != 1 ||
        (!entry.id.empty() && std::fwrite(entry.id.data(), entry.id.size(), 1, file_) != 1))
        fail("cannot write to its temporary file");
}

void WrittenLog::rewind() {
    if (std::fflush(file_) != 0) fail("cannot write to its temporary file");
    std::rewind(file_);
}

bool WrittenLog::next(WrittenEntry& entry) {
    std::uint64_t header[4];
    if (std::fread(header, sizeof header, 1, file_) != 1) return false;
    entry.sequence = header[0];
    entry.file = header[1];
    entry.line = header[2];
    entry.id.resize(header[3]);
    if (header[3] != 0 && std::fread(entry.id.data(), header[3], 1, file_) != 1) fail("its temporary file is truncated");
    return true;
}

}  // namespace refdex

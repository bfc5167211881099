#include "directory_swap.h"

#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

namespace refdex {

namespace {

[[noreturn]] void fail(const std::string& what, const std::string& path, const std::string& replacement, int error) {
    throw std::runtime_error(path + ": cannot " + what + " " + replacement + ": " + std::strerror(error));
}

}  // namespace

void exchange_directories(const std::string& path, const std::string& replacement) {
    // The system call directly: glibc only wraps renameat2 from 2.28, and the
    // wrapper adds nothing here.
    if (::syscall(SYS_renameat2, AT_FDCWD, replacement.c_str(), AT_FDCWD, path.c_str(), RENAME_EXCHANGE) == 0) return;
    if (errno != EINVAL && errno != ENOSYS) fail("swap in", path, replacement, errno);
    // No atomic exchange here: move the old one aside, then the new one in.
    const std::string aside = replacement + ".swap";
    if (std::rename(path.c_str(), aside.c_str()) != 0) fail("move aside to swap in", path, replacement, errno);
    if (std::rename(replacement.c_str(), path.c_str()) != 0) {
        const int error = errno;
        std::rename(aside.c_str(), path.c_str());
        fail("swap in", path, replacement, error);
    }
    if (std::rename(aside.c_str(), replacement.c_str()) != 0) fail("move the old index to", path, replacement, errno);
}

}  // namespace refdex

// Helpers shared by the unit and end-to-end tests: temporary directories that
// clean up after themselves, running a command and capturing its output, and
// paths to the test data.
#pragma once

#include <filesystem>
#include <string>

namespace refdex::test {

// A fresh directory under the system temp dir, removed on destruction.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::string operator/(const std::string& name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

struct CommandResult {
    int exit_code = -1;
    std::string out;   // standard output
    std::string err;   // standard error
};
// Runs `command` through /bin/sh, capturing stdout and stderr separately.
CommandResult run_command(const std::string& command);

// Path of a file under tests/data or data/.
std::string test_data(const std::string& name);
std::string repo_data(const std::string& name);

// Whole file as a string (throws if it cannot be read).
std::string read_file(const std::string& path);
// Writes `content` to `path`, replacing it.
void write_file(const std::string& path, const std::string& content);

// Single-quotes `s` for /bin/sh.
std::string shell_quote(const std::string& s);

}  // namespace refdex::test

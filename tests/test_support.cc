#include "test_support.h"

#include <sys/wait.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace refdex::test {

TempDir::TempDir() {
    static std::atomic<int> counter{0};
    std::random_device rd;
    auto name = "refdex-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
                std::to_string(rd());
    path_ = std::filesystem::temp_directory_path() / name;
    std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_file(const std::string& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write " + path);
    out << content;
}

std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') out += "'\\''";
        else out += c;
    }
    return out + "'";
}

CommandResult run_command(const std::string& command) {
    TempDir tmp;
    const std::string err_path = tmp / "stderr";
    const std::string full = "(" + command + ") 2>" + shell_quote(err_path);
    CommandResult result;
    FILE* pipe = ::popen(full.c_str(), "r");
    if (!pipe) throw std::runtime_error("popen failed: " + command);
    char buffer[65536];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, n);
    int status = ::pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.err = read_file(err_path);
    return result;
}

std::string test_data(const std::string& name) { return std::string(REFDEX_TEST_DATA) + "/" + name; }
std::string repo_data(const std::string& name) { return std::string(REFDEX_REPO_DATA) + "/" + name; }

}  // namespace refdex::test

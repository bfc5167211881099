// Replays every file of a folder through one fuzz entry function, in the
// ordinary build (no libFuzzer): the crashers the fuzzers once found stay
// fixed. Usage: refdex_fuzz_replay TARGET FOLDER... ; exit 0 when every
// file went through, 1 when one failed (named on stderr), 2 on bad usage.
// A FOLDER that does not exist counts as empty.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include <xapian.h>

#include "fuzz_entries.h"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: refdex_fuzz_replay TARGET FOLDER...\n";
        return 2;
    }
    const refdex::fuzz::Target* target = refdex::fuzz::find_target(argv[1]);
    if (!target) {
        std::cerr << "unknown fuzz target: " << argv[1] << "\n";
        return 2;
    }
    std::vector<fs::path> files;
    for (int i = 2; i < argc; ++i) {
        // A target without a saved crasher has no regressions folder yet.
        if (!fs::exists(argv[i])) continue;
        if (!fs::is_directory(argv[i])) {
            std::cerr << "not a folder: " << argv[i] << "\n";
            return 2;
        }
        for (const auto& entry : fs::directory_iterator(argv[i]))
            if (entry.is_regular_file() && entry.path().filename().string()[0] != '.') files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    int failed = 0;
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        try {
            target->run(bytes);
        } catch (const std::exception& e) {
            std::cerr << file.string() << ": " << e.what() << "\n";
            ++failed;
        } catch (const Xapian::Error& e) {
            std::cerr << file.string() << ": " << e.get_description() << "\n";
            ++failed;
        }
    }
    std::cout << argv[1] << ": " << files.size() - failed << " of " << files.size() << " inputs replayed cleanly\n";
    return failed == 0 ? 0 : 1;
}

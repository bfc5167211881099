// Toy screening data shared by the model tests: inclusions talk about
// enalapril trials, exclusions about storks, and every record carries one of
// three noise words shared by both classes.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace refdex::test {

using WordCounts = std::vector<std::pair<std::string, double>>;

// `n` records, every `every`-th one an inclusion; `included` gets the labels.
inline std::vector<WordCounts> two_topics(std::size_t n, std::size_t every, std::vector<bool>& included) {
    std::vector<WordCounts> docs;
    const char* noise[] = {"wa", "wb", "wc"};
    for (std::size_t i = 0; i < n; ++i) {
        const bool inc = i % every == 0;
        docs.push_back(inc ? WordCounts{{"enalapril", 2}, {"trial", 1}, {noise[i % 3], 1}}
                           : WordCounts{{"storks", 2}, {"spring", 1}, {noise[i % 3], 1}});
        included.push_back(inc);
    }
    return docs;
}

}  // namespace refdex::test
